//! The `minutes` binary: the allocator, then the command line (`minutes::cli`).

use std::process::ExitCode;

// Page rendering allocates many small strings across threads; mimalloc measurably beats
// the system allocator there (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    minutes::cli::main()
}
