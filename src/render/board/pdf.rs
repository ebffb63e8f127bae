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

/// The file the template reads its keyword from (the sources' print, `super::typeset`).
const KEYWORD_FILE: &str = "keyword.txt";

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
    /// this version of Throughline (its typesetter). The same print makes the same bytes. A
    /// development build that changes the typesetter under the same version number should build
    /// into an empty folder.
    pub fn print(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        (env!("CARGO_PKG_VERSION"), TEMPLATE, super::pdf_fonts(), &self.0).hash(&mut hasher);
        hasher.finish()
    }

    /// The PDF, with `keyword` in its keywords.
    pub fn typeset(mut self, keyword: &str) -> Result<Vec<u8>, String> {
        self.0.push((KEYWORD_FILE.into(), keyword.as_bytes().to_vec()));
        let engine = TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts(super::pdf_fonts())
            .with_static_file_resolver(self.0.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())))
            .build();
        let document: typst_layout::PagedDocument =
            engine.compile().output.map_err(|e| format!("typesetting the board pack: {e:?}"))?;
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
            .map_err(|e| format!("writing the board pack PDF: {e:?}"))
    }
}
