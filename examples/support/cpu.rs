//! CPU clocks for the benchmark examples (included with `#[path]`): the machine is shared,
//! and wall time would count the other processes' turns.

use std::time::{Duration, Instant};

static START: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);

/// CPU time of this thread (Linux: `/proc/thread-self/schedstat`); wall time where the
/// kernel does not say.
pub fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| START.elapsed())
}

/// CPU time of the whole process (user + system, every thread; `/proc/self/stat`), in clock
/// ticks of 10 ms.
#[allow(dead_code)]
pub fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in brackets and may hold spaces: the state
    // is field 3 of the line, utime and stime fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let field = |k: usize| -> u64 {
        rest.split_whitespace()
            .nth(k - 3)
            .and_then(|x| x.parse().ok())
            .unwrap_or(0)
    };
    Duration::from_millis((field(14) + field(15)) * 10)
}

/// The least time of `runs` runs of `f` by `clock`, and the last run's result.
#[allow(dead_code)]
pub fn best_by<T>(runs: usize, clock: fn() -> Duration, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = clock();
        let v = f();
        best = best.min(clock() - start);
        out = Some(v);
    }
    (best, out.expect("at least one run"))
}

/// [`best_by`] this thread's CPU time.
#[allow(dead_code)]
pub fn best<T>(runs: usize, f: impl FnMut() -> T) -> (Duration, T) {
    best_by(runs, thread_cpu, f)
}
