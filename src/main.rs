//! The `throughline` command: parse the command line and hand over to the library.

mod cli;

/// mimalloc, set up by `allocator::configure` (src/allocator.rs).
#[global_allocator]
static GLOBAL: throughline::allocator::Allocator = throughline::allocator::Allocator;

fn main() -> std::process::ExitCode {
    throughline::allocator::configure();
    cli::run()
}
