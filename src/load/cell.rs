//! Parsing one cell: native dates, finite numbers, `;`-separated lists.

use chrono::NaiveDate;

/// A native date: `YYYY-MM-DD`, and a day that exists.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(format!("expected a date like 2026-11-20 (YYYY-MM-DD), found `{text}`"));
    }
    // The shape holds digits where numbers go, so only the day itself can fail.
    let number = |range: std::ops::Range<usize>| text[range].parse().unwrap_or(0);
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or_else(|| format!("`{text}` is not a day that exists"))
}

/// A finite number; `non_negative` for estimates and capacities.
pub fn parse_number(text: &str, non_negative: bool) -> Result<f64, String> {
    let text = text.trim();
    let value: f64 = text.parse().map_err(|_| format!("expected a number, found `{text}`"))?;
    if !value.is_finite() {
        return Err(format!("expected a finite number, found `{text}`"));
    }
    if non_negative && value < 0.0 {
        return Err(format!("expected a number not below 0, found `{text}`"));
    }
    Ok(value)
}

/// `1.20863E+15`: a long number (an Asana task id) that a spreadsheet has rewritten in
/// scientific notation, losing its last digits.
pub fn is_scientific_notation(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.trim().split_once(['E', 'e']) else { return false };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && digits(exponent)
}

/// A list inside a cell: items separated by `;`, blanks dropped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_must_exist_and_be_shaped() {
        assert!(parse_iso_date("2026-11-20").is_ok());
        assert!(parse_iso_date("2026-02-29").unwrap_err().contains("not a day"));
        assert!(parse_iso_date("20/11/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_iso_date("2026-1-2").is_err());
    }

    #[test]
    fn numbers_are_finite() {
        assert_eq!(parse_number(" 3.5 ", true), Ok(3.5));
        assert!(parse_number("NaN", false).is_err());
        assert!(parse_number("inf", false).is_err());
        assert!(parse_number("-1", true).is_err());
        assert_eq!(parse_number("-1", false), Ok(-1.0));
    }

    #[test]
    fn spreadsheet_scientific_notation_is_recognised() {
        assert!(is_scientific_notation("1.20863E+15"));
        assert!(is_scientific_notation("1,20863E+15"));
        assert!(is_scientific_notation("2e15"));
        assert!(!is_scientific_notation("1208630000000001"));
        assert!(!is_scientific_notation("ABC-12"));
        assert!(!is_scientific_notation("E+15"));
    }

    #[test]
    fn lists_split_on_semicolons() {
        assert_eq!(parse_list("a; b;;c "), vec!["a", "b", "c"]);
        assert!(parse_list("").is_empty());
    }
}
