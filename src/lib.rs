//! Throughline: from the exports a company already has to one linked model of its strategy, and
//! a static site that shows where execution drifts from it.
//!
//! The build is one pipeline: `ingest` (load) -> `graph` (link) -> `analysis` (pure functions) ->
//! `site` (plan and render pages) -> `output` (write atomically).

pub mod analysis;
pub mod board;
pub mod build;
pub mod config;
pub mod diag;
pub mod graph;
pub mod history;
pub mod ingest;
pub mod init;
pub mod model;
pub mod output;
pub mod serve;
pub mod site;
pub mod snapshot;
pub mod words;

pub use build::{BuildOptions, BuildReport, build, check};
