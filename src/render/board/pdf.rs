//! The board pack as a PDF, typeset by typst used as a library: the layout is a typst template
//! compiled into the binary, the content arrives as a JSON file it reads (so no input text is
//! ever parsed as markup), the charts as SVG files it draws as vectors, and the fonts (DejaVu
//! Sans) are embedded. No browser and no external program.

use typst_as_lib::TypstEngine;

use super::BoardPack;

pub const TEMPLATE: &str = include_str!("../../../themes/default/board/board.typ");

/// The pack as a PDF, with `keyword` in its keywords (the pack's print).
pub fn typeset(pack: &BoardPack, keyword: &str) -> Result<Vec<u8>, String> {
    #[derive(serde::Serialize)]
    struct Data<'a> {
        #[serde(flatten)]
        pack: &'a BoardPack,
        keyword: &'a str,
    }
    let data = serde_json::to_vec(&Data { pack, keyword }).map_err(|e| e.to_string())?;
    let mut files: Vec<(String, Vec<u8>)> = vec![("data.json".into(), data)];
    for bet in &pack.bets {
        for chart in &bet.charts {
            // The charts name a generic family; the typesetter knows the embedded font by name.
            let svg = chart.svg_html.chart.draw()?;
            let svg = svg.replace("font-family=\"sans-serif\"", "font-family=\"DejaVu Sans\"");
            files.push((chart.file.clone(), svg.into_bytes()));
        }
    }
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(super::pdf_fonts())
        .with_static_file_resolver(files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())))
        .build();
    let document: typst_layout::PagedDocument =
        engine.compile().output.map_err(|e| format!("typesetting the board pack: {e:?}"))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| format!("writing the board pack PDF: {e:?}"))
}
