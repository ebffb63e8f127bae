//! The integration tests, as one binary so that the library (typst included) is linked once:
//! a module per area, sharing the harness in `common`. Fixtures live in `tests/fixtures/`.
//!
//! Run one area with `cargo test --test testsuite serve::`.

mod board;
mod browser;
mod build;
mod cli;
mod common;
mod docs;
mod feed;
mod githistory;
mod hierarchy;
mod history;
mod pages;
mod props;
mod real_exports;
mod rules;
mod scale;
mod serve;
mod tables;
mod trackers;
mod words;

// The allocator the binary uses (src/allocator.rs), so that what the tests time (the `serve`
// benchmark, which also configures it as the binary does) is what a user gets.
#[global_allocator]
static GLOBAL: throughline::allocator::Allocator = throughline::allocator::Allocator;
