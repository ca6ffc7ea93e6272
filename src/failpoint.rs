//! Fault injection for the tests of the lake and the published folder.
//! Every step that writes or moves a file of the lake, the quarantine or a
//! report calls [`hit`]; without the variables below each call is a no-op.
//!
//! - `JAMSTAT_CRASH_AT=N`: the process aborts at the N-th step (as a
//!   `kill -9` would stop it, with no clean-up);
//! - `JAMSTAT_CRASH_AT=list`: each step is printed to stderr, so a test can
//!   count them;
//! - `JAMSTAT_FAIL_AT=N`: the N-th step fails as a full disk would
//!   (`StorageFull`), and the command goes on as it would then;
//! - `JAMSTAT_PAUSE_AT=N` with `JAMSTAT_PAUSE_DIR=<dir>`: at the N-th step
//!   the process creates `<dir>/paused` and waits until `<dir>/resume`
//!   exists, so a test can run other commands in the middle of a write.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

static STEPS: AtomicU64 = AtomicU64::new(0);

/// One step that writes; `Err` only when `JAMSTAT_FAIL_AT` names it.
pub fn hit(step: &str) -> io::Result<()> {
    let crash = std::env::var("JAMSTAT_CRASH_AT").ok();
    let fail = std::env::var("JAMSTAT_FAIL_AT").ok();
    let pause = std::env::var("JAMSTAT_PAUSE_AT").ok();
    if crash.is_none() && fail.is_none() && pause.is_none() {
        return Ok(());
    }
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    let is = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<u64>().ok()) == Some(n);
    if crash.as_deref() == Some("list") {
        eprintln!("crash point {n}: {step}");
    }
    if is(&crash) {
        eprintln!("crash point {n}: {step}: aborting");
        std::process::abort();
    }
    if is(&pause) {
        let dir = std::env::var_os("JAMSTAT_PAUSE_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        std::fs::write(dir.join("paused"), format!("{n}: {step}\n"))?;
        while !dir.join("resume").exists() {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    if is(&fail) {
        return Err(io::Error::new(
            io::ErrorKind::StorageFull,
            format!("no space left on device (injected at step {n}: {step})"),
        ));
    }
    Ok(())
}
