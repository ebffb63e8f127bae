//! Diagnostics: what a user must fix in their inputs, each with the file, line and column it
//! points at. They are collected rather than thrown, so that `check` can list every one of them.

use std::fmt::{self, Write as _};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where in the inputs a diagnostic points. Lines and columns count from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: file.into(), line: None, column: None }
    }

    pub fn at(file: impl Into<String>, line: usize, column: Option<usize>) -> Self {
        Location { file: file.into(), line: Some(line), column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line, shown under the location as rustc does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Box<Excerpt>>,
    /// The whole file could not be read or parsed: the cause of anything else that is missing,
    /// so it is listed first.
    #[serde(skip)]
    pub whole_file: bool,
}

/// A line of an input file and the part of it to underline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub text: String,
    /// The first character to underline, counting from 1, and how many.
    pub column: usize,
    pub width: usize,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, location, message.into())
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, location, message.into())
    }

    fn new(severity: Severity, location: Location, message: String) -> Self {
        Diagnostic { severity, location, message, hint: None, excerpt: None, whole_file: false }
    }

    /// Points at `span`, byte offsets into `text` (the content of the diagnostic's file): its
    /// line and column, and the line itself, to show with the span underlined.
    pub fn spanning(mut self, text: &str, span: std::ops::Range<usize>) -> Self {
        let (line, column) = line_column(text, span.start);
        self.location.line = Some(line);
        self.location.column = Some(column);
        let start =
            text[..text.floor_char_boundary(span.start.min(text.len()))].rfind('\n').map_or(0, |n| n + 1);
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let line_text = text[start..end].trim_end_matches('\r');
        let from = span.start.min(end);
        let underlined =
            text.get(from..span.end.clamp(from, end)).map_or(0, |s| s.trim_end_matches('\r').chars().count());
        self.excerpt =
            Some(Box::new(Excerpt { text: line_text.replace('\t', " "), column, width: underlined.max(1) }));
        self
    }

    /// Marks the diagnostic as the reason a whole file could not be read or parsed.
    pub fn whole_file(mut self) -> Self {
        self.whole_file = true;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The rustc-like rendering used on the terminal.
    pub fn render(&self) -> String {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{word}: {}\n  --> {}\n", self.message, self.location);
        if let (Some(excerpt), Some(line)) = (&self.excerpt, self.location.line) {
            let number = line.to_string();
            let gutter = " ".repeat(number.len().max(2));
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number:>width$} | {}", excerpt.text, width = gutter.len());
            let _ = writeln!(
                out,
                "{gutter} | {}{}",
                " ".repeat(excerpt.column.saturating_sub(1)),
                "^".repeat(excerpt.width)
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "   = hint: {hint}");
        }
        out
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(Diagnostic::error(location, message));
    }

    pub fn warning(&mut self, location: Location, message: impl Into<String>) {
        self.push(Diagnostic::warning(location, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Marks the errors as the reasons a whole file could not be read.
    pub fn whole_file(mut self) -> Self {
        for d in self.items.iter_mut().filter(|d| d.is_error()) {
            d.whole_file = true;
        }
        self
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Files that could not be read or parsed first (they are the cause of what else is wrong),
    /// then by file and position, so that output is stable whatever order the loaders ran in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (!a.whole_file, &a.location, a.severity).cmp(&(!b.whole_file, &b.location, b.severity))
        });
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}

/// `line_column` for many offsets into one text: the lines' starts are found once, so placing
/// every entity of a large strategy file costs a search each rather than a scan from the top.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let newlines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
        let starts = std::iter::once(0).chain(newlines.map(|(n, _)| n + 1)).collect();
        LineIndex { text, starts }
    }

    /// The same as `line_column(text, offset)`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let column = self.text[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
}

/// "Did you mean" for a misspelled name: the closest candidate, if it is close enough.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_index_places_offsets_by_line_and_character() {
        let text = "ab\ncé\n\nlast line\r\nend";
        let index = LineIndex::new(text);
        let placed: Vec<_> =
            [0, 2, 3, 4, 5, 6, 7, 8, 9, 17, 18, 19, 21, 99].map(|n| index.line_column(n)).into();
        // é is two bytes and one character; an offset inside it counts from its start.
        let expected = [
            (1, 1),
            (1, 3),
            (2, 1),
            (2, 2),
            (2, 2),
            (2, 3),
            (3, 1),
            (4, 1),
            (4, 2),
            (4, 10),
            (4, 11),
            (5, 1),
            (5, 3),
            (5, 4),
        ];
        assert_eq!(placed, expected);
    }

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(did_you_mean("KR1.2x", ["KR1.1", "KR1.2", "B1"]), Some("did you mean `KR1.2`?".into()));
        assert_eq!(did_you_mean("zzzz", ["KR1.1", "B1"]), None);
    }

    #[test]
    fn renders_file_line_and_column() {
        let d = Diagnostic::error(Location::at("data/work.csv", 4, Some(3)), "bad date")
            .with_hint("use YYYY-MM-DD");
        assert_eq!(d.render(), "error: bad date\n  --> data/work.csv:4:3\n   = hint: use YYYY-MM-DD\n");
    }
}
