//! The board pack as a PDF, typeset by typst used as a library: the layout is a typst template
//! compiled into the binary, the content arrives as a JSON file it reads (so no input text is
//! ever parsed as markup), the charts as SVG files it draws as vectors, and the fonts (DejaVu
//! Sans) are embedded. No browser and no external program.

use typst_as_lib::TypstEngine;

use super::BoardPack;

const TEMPLATE: &str = include_str!("../../../themes/default/board/board.typ");

/// What typst makes the PDF from, besides its template and fonts: the pack as JSON, and its
/// charts as SVG files.
pub struct Sources(Vec<(String, Vec<u8>)>);

/// The file the template reads its keyword from (`keyword`).
const KEYWORD_FILE: &str = "keyword.txt";

/// How a PDF carries its print: in its keywords, `throughline-pack-`, the print in 16 hex
/// digits, `-`, and the PDF's own length in 10 digits.
fn keyword(print: u64, length: u64) -> String {
    format!("throughline-pack-{print:016x}-{length:010}")
}

/// Where the keyword is, in the PDF's information dictionary.
const KEYWORDS: &[u8] = b"/Keywords(throughline-pack-";

/// The largest file taken for an earlier PDF: a large company's is a few megabytes.
const LARGEST: u64 = 256 << 20;

/// The print an earlier build's PDF at `path` carries, and its bytes. `None` unless it is a
/// plain file of the length its keyword says: a PDF cut short, or changed by another program
/// since (a PDF viewer appends what it saves), is typeset anew.
pub fn earlier(path: &std::path::Path) -> Option<(u64, Vec<u8>)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > LARGEST {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    // The last one: the information dictionary comes after the pages, whose text is the pack's.
    let at = memchr::memmem::rfind(&bytes, KEYWORDS)? + KEYWORDS.len();
    let (print, length) = std::str::from_utf8(bytes.get(at..at + 27)?).ok()?.split_once('-')?;
    let print = u64::from_str_radix(print, 16).ok()?;
    (length.parse::<u64>().ok()? == bytes.len() as u64).then_some((print, bytes))
}

pub fn sources(pack: &BoardPack) -> Result<Sources, String> {
    let data = serde_json::to_vec(pack).map_err(|e| e.to_string())?;
    let mut files: Vec<(String, Vec<u8>)> = vec![("data.json".into(), data)];
    for bet in &pack.bets {
        for chart in &bet.charts {
            // The charts name a generic family; the typesetter knows the embedded font by name.
            let svg = chart.svg_html.chart.draw()?;
            let svg = svg.replace("font-family=\"sans-serif\"", "font-family=\"DejaVu Sans\"");
            files.push((chart.file.clone(), svg.into_bytes()));
        }
    }
    Ok(Sources(files))
}

impl Sources {
    /// A print of everything the PDF is made from: the sources, the template, the fonts, and
    /// the versions of Throughline and typst. The same print makes the same bytes. A development
    /// build that changes how the PDF is made, under the same version numbers, should build into
    /// an empty folder.
    pub fn print(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let versions = (env!("CARGO_PKG_VERSION"), typst_utils::version().raw());
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        (versions, TEMPLATE, super::pdf_fonts(), &self.0).hash(&mut hasher);
        hasher.finish()
    }

    /// The PDF, with its print (`print`) and its length in its keywords.
    pub fn typeset(mut self, print: u64) -> Result<Vec<u8>, String> {
        let zeros = keyword(print, 0);
        self.0.push((KEYWORD_FILE.into(), zeros.as_bytes().to_vec()));
        let engine = TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts(super::pdf_fonts())
            .with_static_file_resolver(self.0.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())))
            .build();
        let document: typst_layout::PagedDocument =
            engine.compile().output.map_err(|e| format!("typesetting the board pack: {e:?}"))?;
        let mut pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
            .map_err(|e| format!("writing the board pack PDF: {e:?}"))?;
        // The length is known only now. Written over the zeros, in as many digits, it moves no
        // byte of the file: its cross-references stay true.
        let sized = keyword(print, pdf.len() as u64);
        let places: Vec<usize> = memchr::memmem::find_iter(&pdf, zeros.as_bytes()).collect();
        for at in places {
            pdf[at..at + sized.len()].copy_from_slice(sized.as_bytes());
        }
        Ok(pdf)
    }
}
