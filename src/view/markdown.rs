//! Markdown notes to safe HTML: pulldown-cmark renders, ammonia sanitises, so a note can format
//! text but never run a script or load anything from outside the site.

use pulldown_cmark::{Options, Parser, html};

/// Deeper nesting than this is flattened before rendering: no note needs it, and it keeps a
/// hostile file from exhausting the stack of the HTML sanitiser.
const MAX_NESTING: usize = 64;

pub fn to_html(markdown: &str) -> String {
    let markdown = limit_nesting(markdown);
    let parser = Parser::new_ext(&markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// Caps the run of block-nesting markers (`>`, list bullets, indentation) at the start of a line.
fn limit_nesting(markdown: &str) -> std::borrow::Cow<'_, str> {
    let deep = |line: &str| {
        line.chars().take_while(|c| matches!(c, '>' | ' ' | '\t' | '-' | '*' | '+')).count() > MAX_NESTING
    };
    if !markdown.lines().any(deep) {
        return markdown.into();
    }
    markdown
        .lines()
        .map(|line| {
            if deep(line) {
                let cut = line
                    .char_indices()
                    .take_while(|(_, c)| matches!(c, '>' | ' ' | '\t' | '-' | '*' | '+'))
                    .count();
                let prefix: String = line.chars().take(MAX_NESTING).collect();
                format!("{prefix}{}", line.chars().skip(cut).collect::<String>())
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into()
}

/// HTML escaping for text and attribute values. Unlike tera's default, `/` is left alone: it is
/// harmless in both places, and relative URLs stay readable.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    escape_html_into(&mut out, input);
    out
}

/// `input` escaped as `escape_html` does, written onto `out`: the runs between the five
/// characters that need escaping are copied whole.
pub fn escape_html_into(out: &mut String, input: &str) {
    let mut rest = input;
    // A byte scan: the five are ASCII, so where one is found is a character's boundary.
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    while let Some(at) = rest.as_bytes().iter().position(special) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_strips_scripts() {
        let html = to_html("# Hi\n\n<script>alert(1)</script>\n[x](javascript:alert(1)) **bold**");
        assert!(html.contains("<h1>Hi</h1>"));
        assert!(html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn survives_ten_thousand_levels_of_nesting() {
        let deep = format!("{}x\n", ">".repeat(10_000));
        assert!(to_html(&deep).contains('x'));
        let list: String = (0..10_000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect();
        assert!(!to_html(&list).is_empty());
    }
}
