//! Each stage of the benchmark is a child process, measured the same way:
//! wall time from spawn to exit and the child's peak resident memory
//! (`wait4`, Unix only).

use std::fs::{self, File};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[cfg(unix)]
use anyhow::ensure;
use anyhow::{Context, Result, bail};

/// One child process: its wall time and peak resident memory.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Measure {
    pub wall: Duration,
    pub peak_kib: u64,
}

impl Measure {
    /// Two stages run one after the other: times add, the peak is the larger.
    pub fn then(self, other: Measure) -> Measure {
        Measure { wall: self.wall + other.wall, peak_kib: self.peak_kib.max(other.peak_kib) }
    }
}

/// Spawns `cmd` with its stdout in `out` (stderr beside it, `.err`), waits
/// for it and measures it; a failing child is an error naming its output.
pub(super) fn measured(mut cmd: Command, out: &Path) -> Result<Measure> {
    let err = out.with_extension("err");
    cmd.stdout(File::create(out)?).stderr(File::create(&err)?);
    let started = Instant::now();
    let child = cmd.spawn().with_context(|| format!("failed to start {cmd:?}"))?;
    let (succeeded, peak_kib) = wait(child).with_context(|| format!("failed to wait for {cmd:?}"))?;
    let wall = started.elapsed();
    if !succeeded {
        let tail = fs::read_to_string(&err).unwrap_or_default();
        let tail: Vec<&str> = tail.lines().rev().take(10).collect();
        bail!(
            "{cmd:?} failed; its last messages (all in `{}`):\n{}",
            err.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    Ok(Measure { wall, peak_kib })
}

/// Waits for `child`: whether it succeeded, and its peak memory in KiB,
/// read from the kernel with `wait4`.
#[cfg(unix)]
fn wait(child: std::process::Child) -> Result<(bool, u64)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, valid when zeroed; `pid` is our own
    // child, not yet waited for (std's `Child` only waits when asked), and
    // both pointers are valid for the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    ensure!(reaped == pid, "{}", std::io::Error::last_os_error());
    let succeeded = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports ru_maxrss in KiB.
    Ok((succeeded, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}

/// Elsewhere (Windows) the child is only waited for: its peak memory is
/// reported as 0, unknown.
#[cfg(not(unix))]
fn wait(mut child: std::process::Child) -> Result<(bool, u64)> {
    Ok((child.wait()?.success(), 0))
}
