//! Parts of a page drawn in Rust rather than by its template: the default theme's work tables
//! (`tables`) and every chart. The template is given a marker, an HTML comment, where the part
//! goes; the part is written in its place once the page has been read back for its tables'
//! CSV files (`downloads`). So neither tera nor the read-back goes through their bytes: on a
//! large site they are most of the HTML (hundreds of thousands of rows, thousands of charts).
//!
//! A marker cannot come from the inputs: their text is escaped, and notes are sanitised, which
//! removes comments. Each part is written in once, at the first marker that names it.

use super::downloads::Cells;

/// How a marker begins: the part's number and `-->` follow.
const OPEN: &str = "<!--throughline-part-";

/// A page's parts, in the order the markers were handed out.
#[derive(Debug, Default)]
pub struct Fragments {
    parts: Vec<Option<Fragment>>,
    /// What the parts add to the page, to size it once.
    len: usize,
}

#[derive(Debug)]
struct Fragment {
    html: String,
    /// For a table: its cells as a reader sees them (its CSV file, the header first).
    cells: Option<Cells>,
}

impl Fragments {
    /// Keeps `html` for the page, and returns the marker its template writes in its place.
    pub fn add(&mut self, html: String) -> String {
        self.push(Fragment { html, cells: None })
    }

    /// Keeps a table's rows (`html`, which goes inside its `<table>`) and its cells.
    pub fn add_table(&mut self, html: String, cells: Cells) -> String {
        self.push(Fragment { html, cells: Some(cells) })
    }

    fn push(&mut self, fragment: Fragment) -> String {
        self.len += fragment.html.len();
        self.parts.push(Some(fragment));
        format!("{OPEN}{}-->", self.parts.len() - 1)
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The cells of the table whose marker is the comment `comment` (its text, without `<!--`
    /// and `-->`), taken: the read-back uses them rather than reading the rows.
    pub fn take_cells(&mut self, comment: &str) -> Option<Cells> {
        let n: usize = comment.strip_prefix(&OPEN[4..])?.parse().ok()?;
        self.parts.get_mut(n)?.as_mut()?.cells.take()
    }

    /// `page` with each part written in place of its marker.
    pub fn splice(mut self, page: &str) -> String {
        if self.parts.is_empty() {
            return page.to_string();
        }
        let mut out = String::with_capacity(page.len() + self.len);
        let mut rest = page;
        while let Some(at) = rest.find(OPEN) {
            let after = &rest[at + OPEN.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let part = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after[digits..].starts_with("-->"))
                .and_then(|n| self.parts.get_mut(n)?.take());
            match part {
                Some(part) => {
                    out.push_str(&rest[..at]);
                    out.push_str(&part.html);
                    rest = &after[digits + 3..];
                }
                None => {
                    out.push_str(&rest[..at + OPEN.len()]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_goes_where_its_marker_is_once() {
        let mut parts = Fragments::default();
        let a = parts.add("<svg>a</svg>".into());
        let b = parts.add_table("<tr><td>b</td></tr>".into(), Cells::of_rows(&[vec!["b"]]));
        let page = format!("<p>{a}</p><table>{b}</table>{a}<!--throughline-part-9--><!--throughline-part-x");
        let taken = parts.take_cells(&b[4..b.len() - 3]).map(Cells::into_bytes);
        assert_eq!(taken, Some(Cells::of_rows(&[vec!["b"]]).into_bytes()));
        assert!(parts.take_cells(&b[4..b.len() - 3]).is_none(), "the cells are taken once");
        assert_eq!(
            parts.splice(&page),
            "<p><svg>a</svg></p><table><tr><td>b</td></tr></table><!--throughline-part-0-->\
             <!--throughline-part-9--><!--throughline-part-x"
        );
    }
}
