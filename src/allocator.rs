//! The allocator the `throughline` binary runs with, and how the process uses memory: mimalloc,
//! told to keep the memory it frees, in a process that asks for no transparent huge pages. The
//! test suite uses the same, so that what its `serve` benchmark times is what a user gets.
//!
//! A build allocates millions of small strings (rows, contexts, pages) from several threads, and
//! mimalloc does that markedly faster than the system allocator. Two defaults cost more than
//! they give here (BENCHMARKS.md has the figures), for every command alike:
//! - mimalloc hands memory back to the system a second after it is freed. A build frees and
//!   allocates again all the way through, and `serve` does on every save, so a page handed back
//!   is faulted in and zeroed by the kernel again a moment later: a fifth of a build's system
//!   time. Kept, freed memory is used again instead; the resident size stays at the peak, which
//!   the process reached anyway.
//! - The kernel backs memory with 2 MiB huge pages where it can, zeroing each in full on its
//!   first touch, and where it must first compact memory to find one (or a virtual machine's
//!   host must back it), the fault stalls: `serve`'s first build of the enterprise took 8 to 12 s
//!   instead of 3 s, at random, and a one-off build 2 s more. Nothing here gains measurably from
//!   fewer page-table misses.

/// The allocator, for `#[global_allocator]`.
pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (mimalloc.h), which libmimalloc-sys
/// does not name: how long freed memory is kept before it is handed back, in ms; -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Whether huge pages were off for the process before `configure`, as its parent left them: what
/// programs it starts get back (`for_another_program`).
#[cfg(target_os = "linux")]
static HUGE_PAGES_WERE_OFF: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Sets the process up as above. Call it first thing in `main`.
///
/// This overrides `MIMALLOC_PURGE_DELAY` from the environment.
pub fn configure() {
    // SAFETY: mi_option_set only stores the value, and an option index in range is all it needs.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
    // The kernel looks at this flag on every fault, so memory the allocator mapped before `main`
    // is covered too. Failing to set it costs only time, so its error is not reported.
    #[cfg(target_os = "linux")]
    {
        HUGE_PAGES_WERE_OFF
            .get_or_init(|| rustix::thread::transparent_huge_pages_are_disabled().unwrap_or(false));
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// Runs `spawn`, which starts another program (the browser `serve --open` opens), with huge
/// pages as the process found them: the kernel hands the setting down to child processes, and
/// keeps it across the program they run.
pub fn for_another_program<T>(spawn: impl FnOnce() -> T) -> T {
    #[cfg(target_os = "linux")]
    if let Some(&false) = HUGE_PAGES_WERE_OFF.get() {
        let _ = rustix::thread::disable_transparent_huge_pages(false);
        let spawned = spawn();
        let _ = rustix::thread::disable_transparent_huge_pages(true);
        return spawned;
    }
    spawn()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_freed_is_kept_and_huge_pages_are_off_but_for_programs_started() {
        // Its default in mimalloc 3 (options.c) is 1000 ms: another number means the index names
        // another option (a new mimalloc moved the enum), and the call would set that one.
        // SAFETY: reading an option is always sound.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert!(default == 1000 || default == -1, "option {PURGE_DELAY} is {default}, not purge_delay");
        configure();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
        #[cfg(target_os = "linux")]
        {
            assert_eq!(rustix::thread::transparent_huge_pages_are_disabled().ok(), Some(true));
            // What a program started from here sees (Linux 5.0 and later say it).
            let seen = || {
                let out =
                    std::process::Command::new("grep").args(["THP_enabled", "/proc/self/status"]).output();
                out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default()
            };
            assert_eq!(seen(), "THP_enabled:\t0", "a child inherits the setting");
            if HUGE_PAGES_WERE_OFF.get() == Some(&false) {
                assert_eq!(
                    for_another_program(seen),
                    "THP_enabled:\t1",
                    "but not a program started for the user"
                );
            }
            assert_eq!(rustix::thread::transparent_huge_pages_are_disabled().ok(), Some(true));
        }
    }
}
