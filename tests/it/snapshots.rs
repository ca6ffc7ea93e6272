//! Golden files (insta) of what must not change by accident: the tidy
//! indicator table of both fixtures, as `jamstat indicators --format csv`
//! prints it, and the exact text of the errors a user reads. A change to
//! any of them shows up as a snapshot diff to accept or fix
//! (`tests/it/snapshots/`).

use std::path::Path;

use crate::common::{REPO, Workspace};

fn ingested(fixture: &str) -> Workspace {
    let ws = Workspace::fixture(fixture);
    let out = ws.jamstat(&["ingest", "--quiet", ws.path().join("exports").to_str().expect("UTF-8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    ws
}

#[test]
fn the_tidy_table_of_the_small_fixture() {
    let ws = ingested("small");
    let out = ws.jamstat(&["indicators", "--period", "2025-Q4", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.lines().count() > 200, "{}", out.stdout.lines().count());
    insta::assert_snapshot!("small_2025_q4", out.stdout);
}

#[test]
fn the_tidy_table_of_the_kabupaten() {
    let ws = ingested("kabupaten");
    let out = ws.jamstat(&["indicators", "--period", "2025-12", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.lines().count() > 200, "{}", out.stdout.lines().count());
    insta::assert_snapshot!("kabupaten_2025_12", out.stdout);
}

/// The error a command prints, with the temporary folder and the
/// repository written as `<ws>` and `<repo>`.
fn error(ws: &Workspace, args: &[&str]) -> String {
    let out = ws.jamstat(args);
    assert_eq!(out.code, 1, "{args:?} must fail: {}", out.stderr);
    out.stderr.replace(ws.path().to_str().expect("UTF-8"), "<ws>").replace(REPO, "<repo>")
}

#[test]
fn the_error_texts_users_read() {
    let ws = ingested("small");
    let hostile = Path::new(REPO).join("tests/fixtures/hostile");
    let mut texts = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&hostile)
        .expect("the hostile fixtures")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".py"))
        .collect();
    files.sort();
    for name in files {
        let out = ws.jamstat(&["check", "--quiet", hostile.join(&name).to_str().expect("UTF-8")]);
        if out.code == 1 {
            texts.push(format!("$ jamstat check {name}\n{}", out.stderr.replace(REPO, "<repo>")));
        }
    }
    for args in [
        &["indicators", "--period", "2025-13"][..],
        &["indicators", "--period", "20€5..2025-01"],
        &["indicators", "--period", "2025-12..2025-01"],
        &["report", "--period", "2023-Q1", "--lang", "fr"],
    ] {
        texts.push(format!("$ jamstat {}\n{}", args.join(" "), error(&ws, args)));
    }
    let empty = Workspace::fixture("small");
    texts.push(format!(
        "$ jamstat indicators --period 2025-Q4 (empty lake)\n{}",
        error(&empty, &["indicators", "--period", "2025-Q4"])
    ));
    let drop = empty.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    let text = std::fs::read_to_string(empty.path().join("exports/klaim_2025-12.csv")).expect("read");
    let doubled: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{l},NOMINAL\n") } else { format!("{l},1\n") })
        .collect();
    std::fs::write(drop.join("klaim_2025-12.csv"), doubled).expect("write");
    texts.push(format!(
        "$ jamstat ingest drop (a column twice)\n{}",
        error(&empty, &["ingest", "--quiet", drop.to_str().expect("UTF-8")])
    ));
    assert!(texts.len() >= 12, "{}", texts.len());
    insta::assert_snapshot!("error_texts", texts.join("\n"));
}
