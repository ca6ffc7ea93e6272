//! The module graph stays a graph without cycles: between the top-level
//! modules of `src/`, and between the files of each stage folder. Read
//! from the source text (`crate::x` and `super::x` paths, and `mod`
//! declarations do not count); test code (after `#[cfg(test)]`) is left
//! out, since a test may reach for anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::REPO;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The source of a file without its test code.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file");
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end].lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The names `prefix` is followed by in `text` (`crate::lake::Lake` -> `lake`).
fn after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .filter(|(i, _)| !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'))
        .map(|(i, _)| {
            text[i + prefix.len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// A cycle of `graph`, if it has one, as the list of its nodes.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(n: &str, g: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut c = path[at..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

/// The modules of a folder declared for tests only (`#[cfg(test)] mod x;`
/// in its `mod.rs` or the file beside it).
fn test_modules(dir: &Path) -> BTreeSet<String> {
    let parent = dir.with_extension("rs");
    let text =
        std::fs::read_to_string(dir.join("mod.rs")).or_else(|_| std::fs::read_to_string(parent)).unwrap_or_default();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut out = BTreeSet::new();
    for (i, line) in lines.iter().enumerate() {
        if *line == "#[cfg(test)]"
            && let Some(next) = lines.get(i + 1)
            && let Some(name) = next.strip_prefix("mod ").and_then(|n| n.strip_suffix(';'))
        {
            out.insert(name.to_string());
        }
    }
    out
}

/// Every `.rs` file of a folder, recursively.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_top_level_modules_import_each_other_without_a_cycle() {
    let src = Path::new(REPO).join("src");
    let mut graph = Graph::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("an entry").path();
        let name = path.file_stem().expect("a name").to_string_lossy().into_owned();
        if ["lib", "main"].contains(&name.as_str()) {
            continue;
        }
        let mut files = Vec::new();
        if path.is_dir() {
            sources(&path, &mut files);
        } else {
            files.push(path.clone());
        }
        let uses = graph.entry(name.clone()).or_default();
        for f in &files {
            uses.extend(after(&code(f), "crate::").into_iter().filter(|m| *m != name));
        }
    }
    assert!(graph.len() > 20, "{:?}", graph.keys());
    assert!(graph["files"].is_empty() || graph["files"] == BTreeSet::from(["failpoint".to_string()]));
    if let Some(c) = cycle(&graph) {
        panic!("an import cycle between top-level modules: {}", c.join(" -> "));
    }
}

#[test]
fn the_files_of_each_stage_folder_import_each_other_without_a_cycle() {
    let src = Path::new(REPO).join("src");
    let mut folders = 0;
    for entry in std::fs::read_dir(&src).expect("src") {
        let dir = entry.expect("an entry").path();
        if !dir.is_dir() {
            continue;
        }
        let stage = dir.file_name().expect("a name").to_string_lossy().into_owned();
        let mut graph = Graph::new();
        let test_only = test_modules(&dir);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .expect("a folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .filter(|p| !test_only.contains(&p.file_stem().expect("a name").to_string_lossy().into_owned()))
            .collect();
        let names: BTreeSet<String> =
            files.iter().map(|p| p.file_stem().expect("a name").to_string_lossy().into_owned()).collect();
        for f in &files {
            let name = f.file_stem().expect("a name").to_string_lossy().into_owned();
            let text = code(f);
            let mut uses = after(&text, &format!("crate::{stage}::"));
            // `use super::{a, b::C}` names siblings too.
            for (i, _) in text.match_indices("super::{") {
                let inside = &text[i + 8..text[i..].find('}').map_or(text.len(), |e| i + e)];
                uses.extend(inside.split(',').filter_map(|p| p.trim().split("::").next()).map(str::to_string));
            }
            // `super::x` from a file of the folder names a sibling (`mod.rs` has no super inside).
            if name != "mod" {
                uses.extend(after(&text, "super::"));
            }
            let uses: BTreeSet<String> =
                uses.into_iter().map(|u| if names.contains(&u) { u } else { "mod".to_string() }).collect();
            graph.entry(name.clone()).or_default().extend(uses.into_iter().filter(|u| *u != name));
        }
        // `mod.rs` declares its files: that edge is ownership, not an import.
        if let Some(c) = cycle(&graph) {
            panic!("an import cycle inside `src/{stage}/`: {}", c.join(" -> "));
        }
        folders += 1;
    }
    assert!(folders >= 5, "{folders}");
}
