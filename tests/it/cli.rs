//! The binary as a user meets it: help, exit codes, messages.

use crate::common::Workspace;

#[test]
fn help_exits_zero_and_every_command_has_help() {
    let ws = Workspace::empty();
    for cmd in [
        vec!["--help"],
        vec!["ingest", "--help"],
        vec!["indicators", "--help"],
        vec!["report", "--help"],
        vec!["demo", "--help"],
    ] {
        let out = ws.jamstat(&cmd);
        assert_eq!(out.code, 0, "{cmd:?}: {}", out.stderr);
        assert!(out.stdout.contains("Usage:"), "{cmd:?}");
    }
}

#[test]
fn a_bad_period_is_a_usage_error_with_exit_code_1() {
    let ws = Workspace::empty();
    let out = ws.jamstat(&["indicators", "--period", "2025-13"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("`2025-13` is not a period"), "{}", out.stderr);
}

#[test]
fn indicators_on_an_empty_lake_says_what_to_do() {
    let ws = Workspace::empty();
    let out = ws.jamstat(&["indicators", "--period", "2025-Q4"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("error: the lake"), "{}", out.stderr);
    assert!(out.stderr.contains("run `jamstat ingest`"), "{}", out.stderr);
}

#[test]
fn a_missing_config_is_named() {
    let ws = Workspace::empty();
    std::fs::remove_file(ws.config_path()).expect("remove");
    let out = ws.jamstat(&["indicators", "--period", "2025-Q4"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("failed to read the config"), "{}", out.stderr);
}

#[test]
fn indicators_prints_the_period_and_its_comparison_periods_as_csv() {
    let ws = Workspace::fixture("small");
    assert_eq!(ws.jamstat(&["ingest", ws.path().join("exports").to_str().expect("utf-8")]).code, 0);
    let out = ws.jamstat(&["indicators", "--period", "2025-Q4", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("indicator,period,scope,dimension,category,value,unit,status"));
    for period in ["2025-Q4", "2025-Q3", "2024-Q4"] {
        assert!(out.stdout.contains(&format!("members_active,{period},all,total,total,")), "{period}");
    }
    let json = ws.jamstat(&["indicators", "--period", "2025-Q4", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(out.stdout.lines().count() - 1));
}
