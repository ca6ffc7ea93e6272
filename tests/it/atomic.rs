//! A kill at any moment of an ingest leaves the lake as before or as after.
//! The binary is stopped (`abort`, as `kill -9` would, no clean-up) at each
//! step that writes or moves a lake file in turn; the lake is then opened
//! (which finishes or undoes the interrupted commit) and compared byte for
//! byte with a lake that never crashed.

use jamstat::ingest::Options;
use jamstat::lake::Lake;

use crate::common::Workspace;

const COMMIT: Options = Options { commit: true, progress: false };

/// The small fixture, ingested, plus a drop that corrects December.
fn before() -> Workspace {
    let ws = Workspace::fixture("small");
    jamstat::ingest::run(&ws.config(), &[ws.path().join("exports")], COMMIT).expect("the fixture ingests");
    let drop = ws.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    for name in ["peserta_2025-12", "klaim_2025-12"] {
        let text = std::fs::read_to_string(ws.path().join(format!("exports/{name}.csv"))).expect("read");
        let fewer: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
        std::fs::write(drop.join(format!("{name}_revisi.csv")), fewer).expect("write");
    }
    ws
}

fn ingest_drop(ws: &Workspace, crash_at: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jamstat"))
        .arg("--config")
        .arg(ws.config_path())
        .args(["ingest", "--quiet"])
        .arg(ws.path().join("drop"))
        .env("JAMSTAT_CRASH_AT", crash_at)
        .env_remove("JAMSTAT_NIK_KEY")
        .output()
        .expect("the binary runs")
}

#[test]
fn a_kill_at_any_step_of_an_ingest_leaves_the_lake_as_before_or_as_after() {
    let untouched = before();
    let before_files = untouched.files("lake");
    let done = before();
    let listed = ingest_drop(&done, "list");
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let after_files = done.files("lake");
    assert_ne!(before_files, after_files);
    let steps = String::from_utf8_lossy(&listed.stderr).lines().filter(|l| l.starts_with("crash point")).count();
    assert!(steps >= 6, "partition files, candidates, manifest and archive moves are all crash points: {steps}");

    let (mut as_before, mut as_after) = (0, 0);
    for n in 1..=steps {
        let ws = before();
        let out = ingest_drop(&ws, &n.to_string());
        assert!(!out.status.success(), "step {n}: the process was stopped");
        Lake::open(&ws.path().join("lake")).expect("the lake opens after a crash");
        let files = ws.files("lake");
        if files == before_files {
            as_before += 1;
        } else if files == after_files {
            as_after += 1;
        } else {
            panic!(
                "crash at step {n} left the lake half-written: {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            );
        }
    }
    assert!(as_before > 0 && as_after > 0, "both outcomes are reached: {as_before} before, {as_after} after");
}
