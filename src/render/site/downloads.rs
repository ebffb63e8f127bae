//! Every table of a page as a CSV file beside it (docs/site.md#tables-you-can-work-with): read
//! from the page as rendered, so a table reads the same in the CSV as on the page, and a theme's
//! own tables get one too. A link to the file is written under each table.
//!
//! A cell's value is its visible text (what a screen reader hears; `aria-hidden` symbols are
//! left out), or its `data-v` attribute where the template gives one. A table marked
//! `data-csv="off"` gets no file; `data-csv="name"` names its file. Otherwise the file is named
//! after the table's caption, or the heading above it.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{ContentType, EndTag, UserData};
use lol_html::{HtmlRewriter, Settings, comments, element, text};

use super::fragments::Fragments;
use crate::view::markdown::escape_html;
use crate::view::slug;

/// A table's rows as CSV, named by its path relative to the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The page `html` at `path` with a download link under each table, and the tables' files,
/// with the parts drawn in Rust (`parts`) written in. A drawn table's cells are taken as drawn,
/// not read back.
pub fn attach(path: &str, html: String, parts: Fragments) -> Result<(String, Vec<Download>), String> {
    if !html.contains("<table") {
        return Ok((parts.splice(&html), vec![]));
    }
    let stem = path.strip_suffix(".html").unwrap_or(path);
    let state = Rc::new(RefCell::new(State { parts, ..State::default() }));
    let mut out = Vec::with_capacity(html.len() + 1024);
    {
        let settings = reader(&state, stem);
        let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
        rewriter.write(html.as_bytes()).map_err(|e| e.to_string())?;
        rewriter.end().map_err(|e| e.to_string())?;
    }
    let (files, parts) = {
        let mut s = state.borrow_mut();
        (std::mem::take(&mut s.files.files), std::mem::take(&mut s.parts))
    };
    let html = String::from_utf8(out).map_err(|e| e.to_string())?;
    Ok((parts.splice(&html), files))
}

/// What reads a page's tables into `state`: the headings that name them, their rows and cells,
/// and at each table's end its file and the link to it.
fn reader<'h>(state: &Rc<RefCell<State>>, stem: &'h str) -> Settings<'h, 'static> {
    let (headings, heading_text, placeholders) = (state.clone(), state.clone(), state.clone());
    let (tables, rows, cells, cell_text) = (state.clone(), state.clone(), state.clone(), state.clone());
    let mut settings = Settings::new();
    settings = settings.append_element_content_handler(element!("h1, h2, h3, h4", move |el| {
        let level = el.tag_name().as_bytes().get(1).copied().unwrap_or(b'1');
        let outline = &mut headings.borrow_mut().outline;
        outline.retain(|(l, _)| *l < level);
        outline.push((level, String::new()));
        Ok(())
    }));
    settings = settings.append_element_content_handler(text!("h1, h2, h3, h4", move |t| {
        if let Some((_, text)) = heading_text.borrow_mut().outline.last_mut() {
            text.push_str(t.as_str());
        }
        Ok(())
    }));
    settings = settings.append_element_content_handler(element!("table", move |el| {
        let name = el.get_attribute("data-csv");
        if name.as_deref() == Some("off") || tables.borrow().table.is_some() {
            return Ok(());
        }
        let mut s = tables.borrow_mut();
        let heading = |n: usize| s.outline.iter().rev().nth(n).map(|(_, text)| decode(text));
        let (name, outer) = (name.or_else(|| heading(0)).unwrap_or_default(), heading(1));
        s.table = Some(Table { name, outer, rows: vec![], drawn: None, cell: None, caption: None });
        drop(s);
        let state = tables.clone();
        let stem = stem.to_string();
        let finish: lol_html::EndTagHandler<'static> = Box::new(move |end: &mut EndTag| {
            let mut s = state.borrow_mut();
            if let Some(table) = s.table.take() {
                let link = s.finish(&stem, table);
                end.after(&link, ContentType::Html);
            }
            Ok(())
        });
        el.on_end_tag(finish)?;
        Ok(())
    }));
    settings = settings.append_element_content_handler(comments!("table", move |c| {
        let mut s = placeholders.borrow_mut();
        if let Some(cells) = s.parts.take_cells(&c.text())
            && let Some(table) = s.table.as_mut()
        {
            // The drawn rows stand for those read so far; rows the template writes after them
            // (a total in a theme's own table) are read and follow them.
            table.drawn = Some(cells);
            table.rows.clear();
            table.cell = None;
        }
        Ok(())
    }));
    settings = settings.append_element_content_handler(element!("table tr", move |_| {
        if let Some(table) = rows.borrow_mut().table.as_mut() {
            table.end_cell();
            table.rows.push(vec![]);
        }
        Ok(())
    }));
    settings = settings.append_element_content_handler(element!("table caption", move |_| {
        if let Some(table) = cells.borrow_mut().table.as_mut() {
            table.caption = Some(String::new());
        }
        Ok(())
    }));
    // Hidden text is marked first, so the cell's own handler below passes it by.
    settings = settings.append_element_content_handler(text!("table [aria-hidden=true]", |t| {
        t.set_user_data(Hidden);
        Ok(())
    }));
    settings = settings.append_element_content_handler(element!("table td, table th", {
        let state = state.clone();
        move |el| {
            if let Some(table) = state.borrow_mut().table.as_mut() {
                table.end_cell();
                let value = el.get_attribute("data-v");
                table.cell = Some(Cell { fixed: value.is_some(), text: value.unwrap_or_default() });
            }
            Ok(())
        }
    }));
    settings =
        settings.append_element_content_handler(text!("table td, table th, table caption", move |t| {
            if t.user_data().is::<Hidden>() {
                return Ok(());
            }
            if let Some(table) = cell_text.borrow_mut().table.as_mut() {
                match (&mut table.cell, &mut table.caption) {
                    (Some(cell), _) if !cell.fixed => cell.text.push_str(t.as_str()),
                    (None, Some(caption)) => caption.push_str(t.as_str()),
                    _ => {}
                }
            }
            Ok(())
        }));
    settings
}

/// Marks a text chunk a screen reader does not hear.
struct Hidden;

#[derive(Default)]
struct State {
    /// The headings above this point, by level (h1 to h4): the last names the tables under it.
    outline: Vec<(u8, String)>,
    table: Option<Table>,
    /// The parts drawn in Rust, until they are written in.
    parts: Fragments,
    files: Files,
}

struct Table {
    name: String,
    /// The heading above the one that names it, to tell apart two tables of the same name.
    outer: Option<String>,
    caption: Option<String>,
    rows: Vec<Vec<String>>,
    /// Its cells as drawn in Rust, when it was: `rows` are then those after them.
    drawn: Option<Cells>,
    cell: Option<Cell>,
}

struct Cell {
    text: String,
    /// Its value was given (`data-v`): its text is not read.
    fixed: bool,
}

impl Table {
    fn end_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            let text = decode(&cell.text);
            match self.rows.last_mut() {
                Some(row) => row.push(text),
                None => self.rows.push(vec![text]),
            }
        }
    }
}

impl State {
    /// The table's file, kept, and the link to it that goes under the table.
    fn finish(&mut self, stem: &str, mut table: Table) -> String {
        table.end_cell();
        table.rows.retain(|row| !row.is_empty());
        let name = match table.caption.as_deref().map(decode).filter(|c| !c.is_empty()) {
            Some(caption) => caption,
            None => table.name,
        };
        let cells = match table.drawn {
            Some(mut drawn) => {
                for row in &table.rows {
                    drawn.row(row.iter().map(String::as_str));
                }
                drawn
            }
            None => Cells::of_rows(&table.rows),
        };
        self.files.add(stem, &name, table.outer.as_deref(), cells)
    }
}

/// The tables' files of one page, by their names, and the names taken. The read-back fills it;
/// a page drawn in Rust (`compiled`), whose tables are known as data, fills it the same way.
#[derive(Default)]
pub struct Files {
    taken: Vec<String>,
    pub files: Vec<Download>,
}

impl Files {
    /// A table named `name` (its caption, or the text of the heading above it, decoded; `outer`,
    /// the heading above that one, tells apart two tables of one name), with its cells `rows`
    /// (the header first): its file, kept, and the link to it that goes after its `</table>`.
    pub fn add(&mut self, stem: &str, name: &str, outer: Option<&str>, cells: Cells) -> String {
        let mut base = file_name(name);
        if self.taken.contains(&base)
            && let Some(outer) = outer
        {
            base = file_name(&format!("{outer} {name}"));
        }
        let mut file = base.clone();
        let mut n = 1;
        while self.taken.contains(&file) {
            n += 1;
            file = format!("{base}-{n}");
        }
        self.taken.push(file.clone());
        let path = format!("{stem}.{file}.csv");
        let href = path.rsplit('/').next().unwrap_or(&path).to_string();
        let count = cells.count();
        // The rows are counted beside the link: a count in the name would say it twice.
        let name = without_brackets(name).split_whitespace().collect::<Vec<_>>().join(" ");
        let label = if name.is_empty() { String::new() } else { format!(" “{}”", escape_html(&name)) };
        let link = format!(
            "<p class=\"download\"><a href=\"{}\" download>Download{label} as CSV</a> <span class=\"muted\">({})</span></p>",
            escape_html(&href),
            crate::words::count(count, "row"),
        );
        self.files.push(Download { path, bytes: cells.into_bytes() });
        link
    }
}

/// A table's file name from its name. Counts in brackets ("Work items (77)") are left out, so a
/// file keeps its name from one week to the next; a long name is cut at a word
/// (`weekly-throughput-samples-points-done`, not `…-the-7-d`).
fn file_name(name: &str) -> String {
    let base = Some(slug::plain(&without_brackets(name)))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "table".into());
    match base.char_indices().nth(40) {
        Some((cut, _)) => base[..cut].rsplit_once('-').map_or(&base[..cut], |(kept, _)| kept).to_string(),
        None => base,
    }
}

/// `text` without its parts in brackets.
fn without_brackets(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// The text of HTML source: entities decoded, runs of white space as one space.
pub fn decode(html: &str) -> String {
    html_escape::decode_html_entities(html).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table's cells as a reader sees them (each one's text with its runs of white space as one
/// space), written straight into its CSV file as they are given, the header first: the file is
/// safe to open in a spreadsheet, with a UTF-8 byte order mark (so Excel reads the accents right)
/// and every cell that a spreadsheet would take for a formula made text. A large site's tables
/// have millions of cells; none is kept as a string of its own.
pub struct Cells {
    writer: csv::Writer<Vec<u8>>,
    rows: usize,
    /// The cell being seen, kept for the next.
    text: String,
}

impl Default for Cells {
    fn default() -> Self {
        Cells {
            writer: csv::WriterBuilder::new().flexible(true).from_writer(b"\xEF\xBB\xBF".to_vec()),
            rows: 0,
            text: String::new(),
        }
    }
}

impl std::fmt::Debug for Cells {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Cells({} rows)", self.rows)
    }
}

impl Cells {
    /// The cells of `rows`, each a row of cells, the header first.
    pub fn of_rows<S: AsRef<str>>(rows: &[Vec<S>]) -> Cells {
        let mut cells = Cells::default();
        for row in rows {
            cells.row(row.iter().map(AsRef::as_ref));
        }
        cells
    }

    /// A row of cells, each one's text as it is.
    pub fn row<'c>(&mut self, row: impl IntoIterator<Item = &'c str>) {
        for cell in row {
            self.cell(&[cell]);
        }
        self.end_row();
    }

    /// The next cell of this row: its parts joined, as a reader sees them.
    pub fn cell(&mut self, parts: &[&str]) {
        let mut text = std::mem::take(&mut self.text);
        seen_into(&mut text, parts);
        // Writing to memory cannot fail.
        let _ = self.writer.write_field(neutralised(&text).as_bytes());
        self.text = text;
    }

    pub fn end_row(&mut self) {
        let _ = self.writer.write_record(None::<&[u8]>);
        self.rows += 1;
    }

    /// How many rows there are after the header.
    pub fn count(&self) -> usize {
        self.rows.saturating_sub(1)
    }

    /// The CSV file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

/// A cell's text as a reader sees it, into `text` (cleared first): its parts joined, runs of
/// white space as one space, none at either end (as `split_whitespace` would give it).
fn seen_into(text: &mut String, parts: &[&str]) {
    text.clear();
    for part in parts {
        text.push_str(part);
    }
    // Most cells (ids, numbers, dates, plain titles) are seen as they are: one pass over them
    // tells, and only the others are made again.
    if seen_as_written(text) {
        return;
    }
    let joined = std::mem::take(text);
    for word in joined.split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
}

/// No white space but single spaces between words.
fn seen_as_written(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        match c {
            ' ' if after_space => return false,
            ' ' => after_space = true,
            c if c.is_whitespace() => return false,
            _ => after_space = false,
        }
    }
    !after_space || text.is_empty()
}

/// A cell's text as a reader sees it (`Cells::cell`), as a string of its own.
pub fn seen(parts: &[&str]) -> String {
    let mut text = String::new();
    seen_into(&mut text, parts);
    text
}

/// A cell a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return), made text with a leading `'`, as OWASP's guidance on CSV injection says. A
/// plain number such as `-12.5` is left as it is: it is no formula, and stays a number.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() { format!("'{cell}").into() } else { cell.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes).unwrap().strip_prefix('\u{feff}').unwrap();
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
    }

    #[test]
    fn a_cell_is_seen_with_its_white_space_runs_as_one_space() {
        let cases = [
            &["  a \t", "b", " c\n"][..],
            &["x", "y"],
            &[" ", " "],
            &[],
            &["é\u{a0}ü", " "],
            &["SYN-1", " ", "Plain title"],
            &["two", "  ", "spaces"],
            &["a", " "],
            &[" ", "a"],
            &["no\u{2003}break"],
            &["x\u{b}y\u{c}z\rw"],
            &["—"],
            &["7 Dec 2026", " overdue"],
            &["Łódź — ", "\u{3000}"],
        ];
        for parts in cases {
            let joined = parts.concat().split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(seen(parts), joined, "{parts:?}");
        }
    }

    /// The fast path writes exactly what the theme's macro writes, hostile text included.
    #[test]
    fn a_table_becomes_a_file_beside_its_page_and_a_link_under_it() {
        let html = r#"<h2>Orphaned work <small>(2)</small></h2><div class="table-wrap"><table>
<thead><tr><th scope="col">Item</th><th scope="col">Status</th><th>Weight</th></tr></thead>
<tbody><tr><td><a href="x">W-1</a> Cart &amp; checkout</td><td><span aria-hidden="true">⚠</span> At risk</td><td data-v="3">3 <abbr>est.</abbr></td></tr>
<tr><td>=HYPERLINK("http://evil.example","click")</td><td>-12.5</td><td>@SUM(A1)</td></tr></tbody></table></div>
<h2>Second</h2><table data-csv="off"><tr><td>x</td></tr></table>
<table><caption>People &lt;3</caption><tr><th>Name</th></tr><tr><td>María</td></tr></table>"#;
        let (page, files) = attach("trace.html", html.to_string(), Fragments::default()).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, "trace.orphaned-work.csv");
        assert_eq!(
            read(&files[0].bytes),
            [
                vec!["Item", "Status", "Weight"],
                vec!["W-1 Cart & checkout", "At risk", "3"],
                vec!["'=HYPERLINK(\"http://evil.example\",\"click\")", "-12.5", "'@SUM(A1)"],
            ]
        );
        assert_eq!(files[1].path, "trace.people-3.csv");
        assert_eq!(read(&files[1].bytes), [vec!["Name"], vec!["María"]]);
        assert!(page.contains(
            "</table><p class=\"download\"><a href=\"trace.orphaned-work.csv\" download>Download “Orphaned work” as CSV</a> <span class=\"muted\">(2 rows)</span></p></div>"
        ));
        assert!(page.contains("<a href=\"trace.people-3.csv\" download>Download “People &lt;3” as CSV</a>"));
        assert_eq!(page.matches("class=\"download\"").count(), 2, "the table marked off has no link");
    }

    /// A theme's own table around drawn rows: rows its template writes before them are the
    /// drawn ones' (already in them), and rows after them (a total) follow them in the file.
    #[test]
    fn rows_a_template_writes_after_drawn_ones_follow_them() {
        let mut parts = Fragments::default();
        let drawn = Cells::of_rows(&[vec!["Person", "Open"], vec!["Ana", "3"], vec!["Bo", "=2"]]);
        let marker =
            parts.add_table("<tr><td>Ana</td><td>3</td></tr><tr><td>Bo</td><td>=2</td></tr>".into(), drawn);
        let html = format!(
            "<table><caption>People</caption><thead><tr><th>Person</th><th>Open</th></tr></thead>{marker}\
             <tfoot><tr><td>Total</td><td>5</td></tr></tfoot></table>"
        );
        let (page, files) = attach("capacity.html", html, parts).unwrap();
        assert_eq!(
            read(&files[0].bytes),
            [vec!["Person", "Open"], vec!["Ana", "3"], vec!["Bo", "'=2"], vec!["Total", "5"]]
        );
        assert!(page.contains("<span class=\"muted\">(3 rows)</span>"), "{page}");
        assert!(
            page.contains("<td>Bo</td>") && !page.contains("throughline-part"),
            "the rows are written in"
        );
    }

    #[test]
    fn a_page_in_a_folder_links_its_files_by_their_own_name_and_names_never_repeat() {
        let html = "<h2>Work</h2><table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>\
            <h2>Jira</h2><h3>Statuses</h3><table><tr><td>c</td></tr></table>\
            <h2>Linear</h2><h3>Statuses</h3><table><tr><td>d</td></tr></table>";
        let (page, files) = attach("initiatives/i-1.html", html.to_string(), Fragments::default()).unwrap();
        let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "initiatives/i-1.work.csv",
                "initiatives/i-1.work-2.csv",
                "initiatives/i-1.statuses.csv",
                "initiatives/i-1.linear-statuses.csv"
            ]
        );
        assert!(page.contains("href=\"i-1.work.csv\"") && page.contains("href=\"i-1.work-2.csv\""));
    }

    #[test]
    fn formulas_are_made_text_and_numbers_are_left_alone() {
        for (cell, out) in [
            ("=1+1", "'=1+1"),
            ("+1 555", "'+1 555"),
            ("-", "'-"),
            ("@me", "'@me"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-3", "-3"),
            ("+2.5", "+2.5"),
            ("Plain", "Plain"),
        ] {
            assert_eq!(neutralised(cell), out);
        }
    }
}
