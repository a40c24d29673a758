//! The `minutes` binary: the allocator, then the command line (`minutes::cli`).

use std::process::ExitCode;

// Page rendering allocates many small strings across threads; mimalloc measurably beats
// the system allocator there (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: its place in `mi_option_t` in the mimalloc that
/// libmimalloc-sys 0.1.49 builds (`c_src/mimalloc/v3/include/mimalloc.h`), which the Rust
/// bindings do not name. Cargo.toml pins that version; check the header when moving it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 gives freed memory back to the system a second after it is freed (ten
/// seconds for arenas). A build frees large structures stage after stage (sources, HTML,
/// references, section texts), and with that delay their pages stayed resident while the
/// next stage allocated: 2 ms cuts a 10,000-note build's peak from ~400 to ~350 MiB for no
/// measurable time (0 ms costs two seconds of system time). BENCHMARKS.md has the runs.
#[allow(unsafe_code)]
fn return_freed_memory_promptly() {
    // SAFETY: sets one integer option of the allocator, which mimalloc allows at any time;
    // called first thing in `main`, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 2) };
}

fn main() -> ExitCode {
    return_freed_memory_promptly();
    minutes::cli::main()
}
