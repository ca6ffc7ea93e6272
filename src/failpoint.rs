//! Crash injection for the atomicity test: with `JAMSTAT_CRASH_AT=N` in
//! the environment, the process aborts (as a `kill -9` would stop it, with
//! no clean-up) at the N-th step that writes or moves a lake file. Without
//! the variable every call is a no-op. `JAMSTAT_CRASH_AT=list` prints each
//! step to stderr instead, so a test can count them.

use std::sync::atomic::{AtomicU64, Ordering};

static STEPS: AtomicU64 = AtomicU64::new(0);

pub fn hit(step: &str) {
    let Ok(at) = std::env::var("JAMSTAT_CRASH_AT") else { return };
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if at == "list" {
        eprintln!("crash point {n}: {step}");
    } else if at.parse::<u64>() == Ok(n) {
        eprintln!("crash point {n}: {step}: aborting");
        std::process::abort();
    }
}
