//! Who may use the lake and the published folder at the same time: one
//! writer, or any number of readers. A lock is an OS file lock
//! (`File::lock`, `flock` on Unix, `LockFileEx` on Windows) on a file that
//! holds nothing; the OS releases it when the process ends, however it
//! ends, so a killed command never leaves a lock behind. Beside it the
//! writer leaves a line naming itself (`<lock>.owner`), so that a command
//! that must wait can say for whom.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// What a command does with the locked thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Shared with other readers; excludes a writer.
    Read,
    /// Alone.
    Write,
}

/// Whether a command waits for the lock or refuses at once (`--no-wait`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Yes,
    No,
}

/// A held lock, released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    owner: Option<PathBuf>,
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some(owner) = &self.owner {
            let _ = std::fs::remove_file(owner); // a stale line is harmless: it is read only while the lock is held
        }
    }
}

/// Takes the lock at `path` for `access`; `what` names the locked thing in
/// messages (``the lake `data/lake` ``). `None` for a reader when the lock
/// file cannot be made (a read-only folder: nobody can write there either).
pub fn acquire(path: &Path, what: &str, access: Access, wait: Wait) -> Result<Option<Lock>> {
    let file = match OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path) {
        Ok(f) => f,
        Err(e) if access == Access::Read => match File::open(path) {
            Ok(f) => f,
            Err(_)
                if e.kind() == std::io::ErrorKind::PermissionDenied
                    || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem =>
            {
                return Ok(None);
            }
            Err(_) => return Err(e).with_context(|| format!("failed to open the lock `{}`", path.display())),
        },
        Err(e) => {
            return Err(e).with_context(|| {
                format!(
                    "failed to create the lock `{}`: {what} must be on a writable disk to be written",
                    path.display()
                )
            });
        }
    };
    let tried = match access {
        Access::Read => file.try_lock_shared(),
        Access::Write => file.try_lock(),
    };
    match tried {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = holder(path, &file);
            if wait == Wait::No {
                bail!(
                    "{what} is in use by {holder}: try again when it has finished, or leave out `--no-wait` to wait for it"
                );
            }
            eprintln!("waiting: {what} is in use by {holder}");
            match access {
                Access::Read => file.lock_shared(),
                Access::Write => file.lock(),
            }
            .with_context(|| format!("failed to lock `{}`", path.display()))?;
        }
        Err(TryLockError::Error(e)) => return Err(e).with_context(|| format!("failed to lock `{}`", path.display())),
    }
    let owner = match access {
        Access::Read => None,
        Access::Write => {
            let owner = owner_path(path);
            let args: Vec<String> = std::env::args().collect();
            // Only for the messages of others: a failure here changes nothing.
            let _ = std::fs::write(&owner, format!("process {} (`{}`)\n", std::process::id(), args.join(" ")));
            Some(owner)
        }
    };
    Ok(Some(Lock { _file: file, owner }))
}

fn owner_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".owner");
    path.with_file_name(name)
}

/// Who holds the lock: the writer's own line, or readers.
fn holder(path: &Path, file: &File) -> String {
    // Shared access is free when only readers hold the lock.
    let readers = match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            true
        }
        Err(_) => false,
    };
    if readers {
        return "another jamstat command that is reading it".to_string();
    }
    match std::fs::read_to_string(owner_path(path)) {
        Ok(line) if !line.trim().is_empty() => format!("another jamstat command writing it, {}", line.trim()),
        _ => "another jamstat command writing it".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_and_a_writer_is_alone() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join(".lock");
        let r1 = acquire(&path, "the thing", Access::Read, Wait::No).expect("a reader");
        let r2 = acquire(&path, "the thing", Access::Read, Wait::No).expect("a second reader");
        let refused = acquire(&path, "the thing", Access::Write, Wait::No).expect_err("a writer must wait for readers");
        assert!(
            refused.to_string().contains("the thing is in use by another jamstat command that is reading it"),
            "{refused}"
        );
        drop((r1, r2));
        let w = acquire(&path, "the thing", Access::Write, Wait::No).expect("the writer, alone");
        let refused =
            acquire(&path, "the thing", Access::Read, Wait::No).expect_err("a reader must wait for the writer");
        let message = refused.to_string();
        assert!(message.contains(&format!("process {}", std::process::id())), "names the writer: {message}");
        assert!(message.contains("--no-wait"), "{message}");
        drop(w);
        assert!(!owner_path(&path).exists(), "the writer's line goes with it");
        acquire(&path, "the thing", Access::Write, Wait::No).expect("free again");
    }
}
