//! Throughline: from the exports a company already has to one linked model of its strategy, and
//! a static site that shows where execution drifts from it.
//!
//! The build is one pipeline, a module per stage: `load` (read the files) -> `link` (resolve every
//! reference) -> `analyse` (the rules, pure functions) -> `view` (what each page shows) ->
//! `render` (the site and the board pack, through the theme) -> `write` (atomically). `build`
//! runs it; `serve` runs it again after each save.

pub mod allocator;
pub mod analyse;
pub mod build;
pub mod config;
pub mod diag;
pub mod history;
pub mod init;
pub mod link;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod snapshot;
pub mod view;
pub mod words;
pub mod write;

pub use build::{BuildOptions, BuildReport, build, check};
