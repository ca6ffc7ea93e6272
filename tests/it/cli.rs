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

#[test]
fn indicators_list_names_every_indicator_with_unit_and_source_without_a_config() {
    let ws = Workspace::empty();
    std::fs::remove_file(ws.config_path()).expect("remove");
    let out = ws.jamstat(&["indicators", "--list", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV record")).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    let catalogue: Vec<&str> = jamstat::catalogue::CATALOGUE.iter().map(|i| i.id).collect();
    assert_eq!(ids, catalogue);
    for r in &rows {
        assert!(!r[4].is_empty(), "{} has a definition", &r[0]);
        if let Some(file) = r[2].strip_prefix("queries/") {
            let path = std::path::Path::new(crate::common::REPO).join("queries").join(file);
            assert!(path.exists(), "{}: {} exists", &r[0], path.display());
        }
    }
    let unit = |id: &str| rows.iter().find(|r| &r[0] == id).map(|r| r[1].to_string());
    assert_eq!(unit("claims_paid_amount").as_deref(), Some("rupiah"));
    assert_eq!(unit("days_to_payment_median").as_deref(), Some("hari"));
    let text = ws.jamstat(&["indicators", "--list"]);
    assert!(text.stdout.contains("members_active  [orang]  queries/members.sql"), "{}", text.stdout);
    let both = ws.jamstat(&["indicators", "--list", "--period", "2025-Q4"]);
    assert_eq!(both.code, 1, "--list and --period conflict");
}
