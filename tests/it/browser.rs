//! The report as a reader's browser meets it: headless Chromium loads the
//! period page and the landing page from disk (Indonesian and English), makes no network request,
//! logs no console error, and axe-core (run inside that page) finds no
//! accessibility violation. `tests/browser/check.mjs` drives the browser.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{REPO, Workspace};

/// `$JAMSTAT_CHROMIUM`, else the first Chromium or Chrome on the PATH, as a full path.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("JAMSTAT_CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new("sh").args(["-c", &format!("command -v {name}")]).output();
        if let Ok(out) = found
            && out.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        }
    }
    panic!("no Chromium found: install it (Debian: apt-get install chromium) or set JAMSTAT_CHROMIUM");
}

/// The npm packages `tools/test` installs (axe-core, puppeteer-core).
fn node_modules() -> PathBuf {
    let dir = std::env::var_os("JAMSTAT_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(REPO).join("target/tools/node/node_modules"));
    assert!(dir.join("axe-core/axe.min.js").is_file(), "axe-core is missing: run the tests with `tools/test`");
    dir
}

/// Runs the check on one page; returns its JSON report.
fn check(page: &Path) -> serde_json::Value {
    let modules = node_modules();
    // ES modules resolve packages from the script's folder: run a copy beside node_modules.
    let script = modules.parent().expect("node_modules has a parent").join("check.mjs");
    std::fs::copy(Path::new(REPO).join("tests/browser/check.mjs"), &script).expect("copy the script");
    let out = Command::new("node")
        .arg(&script)
        .arg(chromium())
        .arg(page)
        .arg(modules.join("axe-core/axe.min.js"))
        .output()
        .expect("node runs (install Node.js)");
    assert!(out.status.success(), "the browser check failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn the_pages_load_offline_without_errors_and_pass_axe() {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    assert_eq!(ws.jamstat(&["ingest", exports.to_str().expect("UTF-8"), "--quiet"]).code, 0);
    // With the kelurahan boundaries: the maps are on the page axe checks.
    let batas = ws.path().join("reference/batas");
    std::fs::create_dir_all(&batas).expect("a folder");
    let geojson = std::path::Path::new(crate::common::REPO).join("data/reference/batas/kelurahan-35.77.geojson");
    std::fs::copy(geojson, batas.join("kelurahan-35.77.geojson")).expect("copy the boundaries");
    for lang in ["id", "en"] {
        let out = ws.publish_report(&["--period", "2025-Q4", "--lang", lang]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    for page in
        ["output/2025-Q4/index.html", "output/index.html", "output/en/2025-Q4/index.html", "output/en/index.html"]
    {
        let report = check(&ws.path().join(page));
        assert_eq!(report["requests"], serde_json::json!([]), "{page} reached the network");
        assert_eq!(report["console_errors"], serde_json::json!([]), "{page}");
        // Not only serious and critical: every axe violation fails the test.
        assert_eq!(report["violations"], serde_json::json!([]), "{page}");
    }
}

#[test]
fn the_check_does_see_a_violation_and_a_network_request() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let page = dir.path().join("bad.html");
    let html = "<!DOCTYPE html><html><head><title>x</title></head><body>\
                <img src=\"https://example.invalid/logo.png\"><main><p>no alt, no lang</p></main></body></html>";
    std::fs::write(&page, html).expect("write");
    let report = check(&page);
    assert_eq!(report["requests"], serde_json::json!(["https://example.invalid/logo.png"]));
    let ids: Vec<&str> =
        report["violations"].as_array().expect("a list").iter().filter_map(|v| v["id"].as_str()).collect();
    assert!(ids.contains(&"image-alt") && ids.contains(&"html-has-lang"), "{ids:?}");
}
