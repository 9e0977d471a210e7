//! Whether work grows linearly with its input, measured so that a loaded machine cannot fail a
//! test: the same process does the work at two sizes, on the calling thread, and the ratio of
//! the two CPU times (not wall times) is compared. A linear path grows about 4x when its input
//! grows 4x; a quadratic one 16x. The test fails above 8x, so noise has a factor of 2 either way.

#![allow(dead_code)]

use std::time::Duration;

/// CPU time the calling thread has used so far.
pub fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the kernel knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The least CPU time `work` took over `runs` runs: the run least disturbed by the machine.
pub fn best_of(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = thread_cpu();
            work();
            thread_cpu() - t
        })
        .min()
        .expect("at least one run")
}

/// How much more work the input built by `make(4 * n)` takes than `make(n)`, for `work` on it.
/// Building the input is not measured.
pub fn growth<T>(n: usize, make: impl Fn(usize) -> T, mut work: impl FnMut(&T)) -> f64 {
    let small = make(n);
    let large = make(4 * n);
    work(&small); // warm up: lazy tables, allocator
    let a = best_of(3, || work(&small));
    let b = best_of(3, || work(&large));
    // A floor keeps a very fast small run from making the ratio meaningless.
    let a = a.max(Duration::from_micros(200));
    b.as_secs_f64() / a.as_secs_f64()
}

/// Fails unless `work` grows about linearly from `make(n)` to `make(4 * n)`.
pub fn assert_linear<T>(what: &str, n: usize, make: impl Fn(usize) -> T, work: impl FnMut(&T)) {
    let g = growth(n, make, work);
    assert!(
        g < 8.0,
        "{what}: 4x the input took {g:.1}x the CPU time (linear: ~4x, quadratic: ~16x)"
    );
}
