//! Damaged copies of real exports (bytes flipped, cut, inserted, lines
//! doubled or dropped), thousands of them, are checked without a panic;
//! through the binary, `check` and `ingest` exit 0 or 1, never a panic, and
//! an ingest that refuses a file leaves the lake exactly as it was.

use std::path::Path;

use jamstat::ingest::file::{CheckContext, check_file};
use jamstat::reference::Wilayah;

use crate::common::{REPO, Workspace};

/// A fixed-seed xorshift: the same damage on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One damaged copy of `bytes`: one to four damages of one kind each.
fn damage(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len());
        match rng.below(7) {
            0 if !b.is_empty() => b[at] ^= 1 << rng.below(8),
            1 => b.truncate(at),
            2 => {
                let junk: Vec<u8> = (0..1 + rng.below(8)).map(|_| rng.next() as u8).collect();
                b.splice(at..at, junk);
            }
            3 => {
                let special: &[&[u8]] = &[b",", b";", b"\"", b"\n", b"\r\n", "€".as_bytes(), b"\0", b"\xff", b"=1+1"];
                let s = special[rng.below(special.len())];
                b.splice(at..at, s.iter().copied());
            }
            4 if !b.is_empty() => {
                let end = (at + 1 + rng.below(40)).min(b.len());
                b.drain(at..end);
            }
            5 => {
                // A line doubled.
                let start = b[..at].iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
                let end = b[at..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| at + p + 1);
                let line = b[start..end].to_vec();
                b.splice(end..end, line);
            }
            _ if !b.is_empty() => b[at] = rng.next() as u8,
            _ => {}
        }
    }
    b
}

fn originals() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/small/exports", "tests/fixtures/hostile"] {
        for entry in std::fs::read_dir(Path::new(REPO).join(dir)).expect("a fixture folder") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().expect("a name").to_string_lossy().into_owned();
            let keep = name.ends_with(".csv") || name == "peserta_2025-12.xlsx";
            if keep && (name.starts_with("peserta") || name.starts_with("klaim")) {
                out.push((name, std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn thousands_of_damaged_exports_are_checked_without_a_panic() {
    let wilayah = Wilayah::load(&Path::new(REPO).join("tests/fixtures/small/reference/wilayah.csv")).expect("wilayah");
    let ctx = CheckContext {
        wilayah: &wilayah,
        vulnerable_kategori: &["RENTAN".to_string()],
        release_month: "2026-01".parse().expect("a month"),
        nik_key: "a-test-key-of-some-length",
        // Read in two halves wherever a file allows it.
        split_from: Some(0),
    };
    let mut rng = Rng(0x6A61_6D73_7461_7421);
    let (mut read, mut refused) = (0, 0);
    for (name, bytes) in originals() {
        for _ in 0..400 {
            let damaged = damage(&bytes, &mut rng);
            let mut known = jamstat::ingest::claims::Known::default();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_file(Path::new(&name), &damaged, "0".repeat(64), &ctx, &mut known)
            }));
            match result {
                Ok(Ok(c)) => {
                    assert_eq!(c.rows_read, c.rows_kept() + c.quarantined.len() as u64 + c.skipped, "{name}");
                    read += 1;
                }
                Ok(Err(e)) => {
                    let message = format!("{e:#}");
                    assert!(message.contains(&name), "a refusal names the file: {message}");
                    refused += 1;
                }
                Err(_) => {
                    let kept = std::env::temp_dir().join(format!("jamstat-panic-{name}"));
                    let _ = std::fs::write(&kept, &damaged);
                    panic!("`{name}` damaged panicked (the damaged copy is `{}`)", kept.display());
                }
            }
        }
    }
    assert!(read + refused >= 5000, "{read} read, {refused} refused");
    assert!(read > 1000 && refused > 100, "both outcomes: {read} read, {refused} refused");
}

#[test]
fn check_and_ingest_of_damaged_exports_exit_0_or_1_and_a_refused_file_leaves_the_lake() {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    assert_eq!(ws.jamstat(&["ingest", "--quiet", exports.to_str().expect("UTF-8")]).code, 0);
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let drop = ws.path().join("damaged");
    let originals = originals();
    let (mut ingested, mut refused) = (0, 0);
    for i in 0..60 {
        let (name, bytes) = &originals[i % originals.len()];
        let damaged = damage(bytes, &mut rng);
        std::fs::create_dir_all(&drop).expect("a folder");
        let file = drop.join(name);
        std::fs::write(&file, &damaged).expect("write");
        let file = file.to_str().expect("UTF-8");
        let check = ws.jamstat(&["check", "--quiet", file]);
        assert!(matches!(check.code, 0 | 1), "check of damaged `{name}` exited {}: {}", check.code, check.stderr);
        let lake = ws.files("lake");
        let ingest = ws.jamstat(&["ingest", "--quiet", file]);
        match ingest.code {
            0 => ingested += 1,
            1 => {
                refused += 1;
                assert!(ws.files("lake") == lake, "a refused `{name}` changed the lake: {}", ingest.stderr);
                assert!(ingest.stderr.starts_with("error: "), "{}", ingest.stderr);
            }
            code => panic!("ingest of damaged `{name}` exited {code}: {}", ingest.stderr),
        }
        std::fs::remove_dir_all(&drop).expect("clear");
    }
    assert!(ingested > 0 && refused > 0, "{ingested} ingested, {refused} refused");
}
