//! The small file helpers every stage uses: SHA-256 of bytes (manifest,
//! provenance, config), lower-case hex, atomic writes, and the files of a
//! folder. Nothing here knows what the files hold.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

/// A file and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Hashed {
    pub file: String,
    pub sha256: String,
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex; runs twice per ingested row (the NIK and name hashes).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

/// Writes `path` so that readers see the old or the new content, never a
/// part: a new version beside the old, then one rename. On failure the
/// new version is removed and the old one is as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let written = (|| -> std::io::Result<()> {
        crate::failpoint::hit("before writing a new version beside the old")?;
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        crate::failpoint::hit("a new version written beside the old, not yet renamed")?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("failed to write `{}`", path.display()));
    }
    if let Some(dir) = path.parent()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all(); // directories cannot be synced on every platform
    }
    Ok(())
}

/// Removes `dir` and everything in it, if it exists.
pub fn clear(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("failed to clear `{}`", dir.display()))?;
    }
    Ok(())
}

/// Every file below `dir`, as a `/`-separated path relative to `root`
/// (the same on Windows), added to `out` in folder order.
pub fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
        }
    }
    Ok(())
}

/// Every file below `dir` (relative, `/`-separated, sorted) with its SHA-256.
pub fn hashed_files(dir: &Path) -> Result<Vec<Hashed>> {
    let mut files = Vec::new();
    list_files(dir, dir, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let path = dir.join(&file);
            let bytes = fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
            Ok(Hashed { sha256: sha256(&bytes), file })
        })
        .collect()
}

/// Copies the files of `from` into `to` (created), folders included.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(from, from, &mut files)?;
    for file in files {
        let (src, dst) = (from.join(&file), to.join(&file));
        if let Some(parent) = dst.parent() {
            fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        crate::failpoint::hit("a file to copy")
            .and_then(|()| fs::copy(&src, &dst))
            .with_context(|| format!("failed to copy `{}` to `{}`", src.display(), dst.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lower_case_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn an_atomic_write_replaces_the_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("a.json");
        write_atomic(&path, b"old").expect("write");
        write_atomic(&path, b"new content").expect("replace");
        assert_eq!(fs::read(&path).expect("read"), b"new content");
        let mut names = Vec::new();
        list_files(dir.path(), dir.path(), &mut names).expect("list");
        assert_eq!(names, vec!["a.json".to_string()]);
    }
}
