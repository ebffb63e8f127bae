//! The `throughline` command: parse the command line and hand over to the library.

mod cli;

/// A build allocates millions of small strings (rows, contexts, pages) from several threads:
/// mimalloc does that markedly faster than the system allocator, and returns memory sooner.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // The allocator asks for transparent huge pages, and the kernel zeroes each 2 MiB page in
    // full on its first touch: on a large project that was a fifth of a build's CPU time. Off,
    // a build of the enterprise takes about 2 s less (BENCHMARKS.md). Failing to set it is
    // harmless, so its error is not reported.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    cli::run()
}
