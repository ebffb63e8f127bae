//! Reading a CSV file as people and Excel leave it (docs/files.md#bad-input): byte-order marks, CRLF, `;` or tab
//! delimiters, UTF-16 and Windows-1252. Every row keeps the physical line it starts on, so that a
//! diagnostic can point at it.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::cell;
use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};

#[derive(Debug, Clone)]
pub struct Row {
    /// The physical line the record starts on (1-based).
    pub line: usize,
    /// The cells, in one buffer: a large export has millions of them.
    pub cells: csv::StringRecord,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub header_line: usize,
    pub rows: Vec<Row>,
    pub delimiter: u8,
    /// The encoding the file was converted from, when it was not UTF-8.
    pub converted_from: Option<&'static str>,
    /// Records with no cells at all (Excel's trailing `,,,` rows), skipped silently (docs/files.md#bad-input).
    pub blank_rows: usize,
}

impl Table {
    /// Reads a CSV file. `None` when it cannot be read at all (the diagnostic says why).
    pub fn read(path: &Path, file: &str, diags: &mut Diagnostics) -> Option<Table> {
        match std::fs::read(path) {
            Ok(bytes) => Table::parse(&bytes, file, diags),
            Err(e) => {
                diags.error(Location::file(file), format!("cannot read the file: {e}"));
                None
            }
        }
    }

    pub fn parse(bytes: &[u8], file: &str, diags: &mut Diagnostics) -> Option<Table> {
        let (text, converted_from) = decode(bytes, file, diags)?;
        let empty = |delimiter| Table {
            file: file.into(),
            headers: vec![],
            header_line: 1,
            rows: vec![],
            delimiter,
            converted_from,
            blank_rows: 0,
        };
        if text.trim().is_empty() {
            return Some(empty(b','));
        }
        let delimiter = detect_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut records = Vec::new();
        let mut record = csv::StringRecord::new();
        // The csv crate's own line count lags behind a record's first byte, so lines are counted
        // here, incrementally, from the byte offsets.
        let (mut counted_to, mut line) = (0usize, 1usize);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let byte = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
                    let rest = &text[byte..];
                    let start = byte + rest.len() - rest.trim_start_matches(['\r', '\n']).len();
                    line += text.as_bytes()[counted_to..start].iter().filter(|&&b| b == b'\n').count();
                    counted_to = start;
                    records.push((line, start, record.clone()));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    diags.error(
                        Location::at(file, line.max(1), None),
                        format!("cannot read this CSV row: {e}"),
                    );
                    return None;
                }
            }
        }
        // The csv crate reads an unclosed quote to the end of the file; docs/files.md#bad-input wants it reported
        // where it opened.
        if let Some((_, byte, _)) = records.last()
            && let Some(offset) = unclosed_quote(&text[*byte..], delimiter)
        {
            let line = text[..byte + offset].matches('\n').count() + 1;
            diags.error(Location::at(file, line, None), "a quoted cell opens here and is never closed");
            return None;
        }
        let total = records.len();
        let mut records =
            records.into_iter().filter(|(_, _, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let Some((header_line, _, headers)) = records.next() else {
            return Some(Table { blank_rows: total, ..empty(delimiter) });
        };
        let headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let rows: Vec<Row> = records.map(|(line, _, cells)| Row { line, cells }).collect();
        let blank_rows = total - rows.len() - 1;
        Some(Table { headers, header_line, rows, blank_rows, ..empty(delimiter) })
    }

    /// Index of the first column with this header, compared without case or surrounding blanks.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| same_header(h, name))
    }

    /// Every column with this header, in order: trackers repeat headers (Jira's several
    /// `Labels`, `Sprint` or `Comment` columns), and each repetition is a column of its own.
    pub fn columns(&self, name: &str) -> Vec<usize> {
        (0..self.headers.len()).filter(|&i| same_header(&self.headers[i], name)).collect()
    }

    /// Makes the row at `index` the header, for exports with lines of their own above it (a
    /// title, a date, a filter). Returns the lines it passed over, the old header's among them.
    pub fn use_header_at(&mut self, index: usize) -> Vec<usize> {
        let Some(header) = self.rows.get(index) else { return vec![] };
        let mut passed = vec![self.header_line];
        self.headers = header.cells.iter().map(|h| h.trim().to_string()).collect();
        self.header_line = header.line;
        passed.extend(self.rows.drain(..=index).take(index).map(|r| r.line));
        passed
    }

    /// Resolves the columns a loader reads; a missing required one is an error.
    pub fn schema(
        &self,
        required: &[&str],
        optional: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Schema<'_>> {
        let mut columns = HashMap::new();
        let mut ok = true;
        for name in required {
            match self.column(name) {
                Some(i) => {
                    columns.insert(name.to_string(), i);
                }
                None => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            Location::at(&self.file, self.header_line, None),
                            format!("the required column `{name}` is missing"),
                        )
                        .with_hint_opt(did_you_mean(name, self.headers.iter().map(String::as_str))),
                    );
                }
            }
        }
        for name in optional {
            if let Some(i) = self.column(name) {
                columns.insert(name.to_string(), i);
            }
        }
        ok.then_some(Schema { table: self, columns })
    }

    /// Rows whose number of cells differs from the header's are errors (docs/files.md#bad-input).
    pub fn check_widths(&self, diags: &mut Diagnostics) -> Vec<&Row> {
        self.fitting_rows(false, diags).0
    }

    /// The rows whose cells fit under the header, and the lines of those that do not (each an
    /// error). With `padded`, as trackers and Excel write them, empty cells past the last named
    /// header are accepted: they hold no data, so nothing is lost by ignoring them. A row with
    /// fewer cells, or with a value past the last named header, is refused.
    pub fn fitting_rows(&self, padded: bool, diags: &mut Diagnostics) -> (Vec<&Row>, Vec<usize>) {
        let width = self.headers.len();
        let named = if padded {
            self.headers.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1)
        } else {
            width
        };
        let mut good = Vec::with_capacity(self.rows.len());
        let mut refused = Vec::new();
        for row in &self.rows {
            let stray = row.cells.iter().enumerate().skip(named).find(|(_, c)| !c.trim().is_empty());
            let fits =
                if padded { row.cells.len() >= named && stray.is_none() } else { row.cells.len() == width };
            if fits {
                good.push(row);
                continue;
            }
            refused.push(row.line);
            let diagnostic = match stray {
                Some((i, cell)) if padded && row.cells.len() >= named => Diagnostic::error(
                    Location::at(&self.file, row.line, Some(i + 1)),
                    format!(
                        "the cell `{}` is past the last named column ({named}): the row's cells do not line up with the header",
                        preview(cell)
                    ),
                ),
                _ => Diagnostic::error(
                    Location::at(&self.file, row.line, None),
                    format!("this row has {} cells but the header has {width}", row.cells.len()),
                ),
            }
            .with_hint("a cell with an unquoted delimiter or line break shifts the cells after it");
            diags.push(diagnostic);
        }
        (good, refused)
    }
}

/// Headers are compared without case or surrounding blanks.
pub fn same_header(header: &str, name: &str) -> bool {
    header.trim().to_lowercase() == name.trim().to_lowercase()
}

/// The start of a cell, for a diagnostic: cells can be megabytes long.
pub fn preview(cell: &str) -> String {
    let cell = cell.trim();
    match cell.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &cell[..end]),
        None => cell.to_string(),
    }
}

/// Named access to the cells of a table's rows, with diagnostics that point at the cell.
pub struct Schema<'t> {
    pub table: &'t Table,
    columns: HashMap<String, usize>,
}

impl<'t> Schema<'t> {
    pub fn has(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }

    /// The trimmed cell, `None` when the column is absent or the cell blank.
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> Option<&'r str> {
        let i = *self.columns.get(name)?;
        row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
    }

    pub fn text(&self, row: &Row, name: &str) -> Option<String> {
        self.get(row, name).map(str::to_string)
    }

    pub fn location(&self, row: &Row, name: &str) -> Location {
        Location::at(&self.table.file, row.line, self.columns.get(name).map(|i| i + 1))
    }

    pub fn row_location(&self, row: &Row) -> Location {
        Location::at(&self.table.file, row.line, None)
    }

    /// A cell that must be there.
    pub fn required(&self, row: &Row, name: &str, diags: &mut Diagnostics) -> Option<String> {
        let value = self.text(row, name);
        if value.is_none() {
            diags.error(self.location(row, name), format!("the `{name}` cell is empty"));
        }
        value
    }

    pub fn date(&self, row: &Row, name: &str, diags: &mut Diagnostics) -> Option<NaiveDate> {
        let text = self.get(row, name)?;
        cell::parse_iso_date(text)
            .map_err(|message| diags.error(self.location(row, name), format!("{name}: {message}")))
            .ok()
    }

    pub fn number(&self, row: &Row, name: &str, non_negative: bool, diags: &mut Diagnostics) -> Option<f64> {
        let text = self.get(row, name)?;
        cell::parse_number(text, non_negative)
            .map_err(|message| diags.error(self.location(row, name), format!("{name}: {message}")))
            .ok()
    }

    pub fn list(&self, row: &Row, name: &str) -> Vec<String> {
        self.get(row, name).map(cell::parse_list).unwrap_or_default()
    }
}

/// Bytes to text: UTF-16 (with a byte-order mark, or evidently so) and Windows-1252 are converted
/// with a warning; a UTF-8 byte-order mark is dropped; a NUL byte in a file that is not UTF-16 is
/// an error.
fn decode(bytes: &[u8], file: &str, diags: &mut Diagnostics) -> Option<(String, Option<&'static str>)> {
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (Some(encoding), &bytes[bom_len..]),
        None => (utf16_without_bom(bytes), bytes),
    };
    match encoding {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            let (text, _) = encoding.decode_without_bom_handling(body);
            diags.warning(
                Location::file(file),
                format!("the file is {}; it was converted to UTF-8", encoding.name()),
            );
            Some((text.into_owned(), Some(encoding.name())))
        }
        _ => decode_utf8(body, file, diags),
    }
}

fn decode_utf8(bytes: &[u8], file: &str, diags: &mut Diagnostics) -> Option<(String, Option<&'static str>)> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        diags.push(
            Diagnostic::error(
                Location::at(file, line, None),
                "the file holds a NUL byte, so it is not a text CSV",
            )
            .with_hint("save it from the spreadsheet as CSV UTF-8"),
        );
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some((text.to_string(), None)),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            diags.warning(
                Location::at(file, line, None),
                "bytes that are not valid UTF-8 start on this line; the file was read as Windows-1252",
            );
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Some((text.into_owned(), Some(encoding_rs::WINDOWS_1252.name())))
        }
    }
}

/// Excel's "Unicode text" without a byte-order mark: every other byte of ASCII text is zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).all(|&b| b == 0);
    if zeros_at(1) {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The delimiter is the one of `,`, `;` and tab that the header line (outside quotes) uses most.
/// Lines above the header that use none of them (a title an export or a person put there) are
/// passed over.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    let mut lines = 0;
    for b in text.trim_start_matches(['\r', '\n']).bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                lines += 1;
                if counts.iter().any(|&(_, n)| n > 0) || lines == 50 {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts.iter().fold((b',', 0), |best, &(d, n)| if n > best.1 { (d, n) } else { best }).0
}

/// The byte offset of a quote that opens a cell and is never closed, in the text of one record.
fn unclosed_quote(record: &str, delimiter: u8) -> Option<usize> {
    let bytes = record.as_bytes();
    let mut at_cell_start = true;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match open {
            Some(_) if b == b'"' => {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
            Some(_) => {}
            None if b == b'"' && at_cell_start => open = Some(i),
            None if b == b'\n' => return None,
            None => at_cell_start = b == delimiter,
        }
        if open.is_some() {
            at_cell_start = false;
        }
        i += 1;
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> (Option<Table>, Diagnostics) {
        let mut diags = Diagnostics::default();
        (Table::parse(text, "t.csv", &mut diags), diags)
    }

    #[test]
    fn keeps_physical_lines_across_quoted_line_breaks() {
        let (table, diags) = parse(b"id,note\r\na,\"two\r\nlines\"\r\nb,x\r\n");
        let table = table.unwrap();
        assert!(diags.is_empty());
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4);
        assert_eq!(&table.rows[0].cells[1], "two\r\nlines");
    }

    #[test]
    fn detects_semicolons_and_tabs_and_strips_the_bom() {
        let (table, _) = parse("\u{feff}id;title\n1;a,b\n".as_bytes());
        let table = table.unwrap();
        assert_eq!(table.headers, vec!["id", "title"]);
        assert_eq!(&table.rows[0].cells[1], "a,b");
        let (table, _) = parse(b"id\ttitle\n1\ta\n");
        assert_eq!(table.unwrap().delimiter, b'\t');
    }

    #[test]
    fn converts_utf16_and_windows_1252_with_a_warning() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("id,t\n1,é\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let (table, diags) = parse(&utf16);
        assert_eq!(&table.unwrap().rows[0].cells[1], "é");
        assert_eq!(diags.warning_count(), 1);
        let (table, diags) = parse(b"id,t\n1,caf\xe9\n");
        assert_eq!(&table.unwrap().rows[0].cells[1], "café");
        assert_eq!(diags.iter().next().unwrap().location.line, Some(2));
    }

    #[test]
    fn refuses_nul_bytes_and_unclosed_quotes_at_their_line() {
        let (table, diags) = parse(b"id,t\n1,a\x00b\n");
        assert!(table.is_none());
        assert_eq!(diags.iter().next().unwrap().location.line, Some(2));
        let (table, diags) = parse(b"id,t\n1,a\n2,\"open\n3,c\n");
        assert!(table.is_none());
        assert_eq!(diags.iter().next().unwrap().location.line, Some(3));
    }

    #[test]
    fn skips_rows_with_no_cells_and_reads_empty_files() {
        let (table, _) = parse(b"id,t\n,,\n1,a\n,\n");
        assert_eq!(table.unwrap().rows.len(), 1);
        let (table, diags) = parse(b"");
        assert!(table.unwrap().headers.is_empty() && diags.is_empty());
        let (table, _) = parse(b"id,t\n");
        assert!(table.unwrap().rows.is_empty());
    }
}
