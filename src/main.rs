//! The `throughline` command: parse the command line and hand over to the library.

mod cli;

/// A build allocates millions of small strings (rows, contexts, pages) from several threads:
/// mimalloc does that markedly faster than the system allocator, and returns memory sooner.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
