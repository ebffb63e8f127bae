//! Rendering the view: the static site (`site`) and the board pack (`board`), through the theme's
//! templates (`theme`), with the charts drawn as SVG (`charts`). Nothing here touches the disk.

pub mod board;
pub mod charts;
pub mod site;
pub mod theme;

/// What stops a page or the board pack from being rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("rendering {page} with the template {template}: {message}")]
    Template { page: String, template: String, message: String },
    #[error("drawing the chart of {page}: {message}")]
    Chart { page: String, message: String },
    #[error("making {file}: {message}")]
    Board { file: &'static str, message: String },
    #[error(transparent)]
    Output(#[from] crate::write::OutputError),
}
