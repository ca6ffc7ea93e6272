//! The query files: `queries/*.sql`, one indicator family per file, the
//! file stem its name. A file holds statements separated by `;`; the
//! comment lines before each statement declare what it computes and what
//! it reads:
//!
//! ```sql
//! -- indicators: members_lapsed
//! -- needs: members_end, members_before
//! SELECT 'members_lapsed' AS indicator, 'all' AS scope, ... AS value ...
//! ```
//!
//! Every statement returns the columns `indicator, scope, dimension,
//! category, value` (value a BIGINT). When a table it needs is missing for
//! a period (a month not delivered), the runner writes `n/a` rows instead.

use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// One statement of a query file.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The file stem: `members`.
    pub family: String,
    /// 1-based position in the file, for messages.
    pub number: usize,
    pub indicators: Vec<String>,
    pub needs: Vec<String>,
    pub sql: String,
}

/// A query file with the hash of its text (for provenance).
#[derive(Debug, Clone)]
pub struct QueryFile {
    pub family: String,
    pub sha256: String,
    pub statements: Vec<Statement>,
}

/// The tables the runner can provide.
pub const TABLES: [&str; 5] = ["members_end", "members_before", "members_period", "claims_period", "params"];

/// Reads every `*.sql` in `dir`, sorted by name.
pub fn load(dir: &Path) -> Result<Vec<QueryFile>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read the query folder `{}`", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("no .sql files in `{}`", dir.display());
    }
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).with_context(|| format!("failed to read `{}`", p.display()))?;
            let family = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let statements = parse(&family, &text).with_context(|| format!("in `{}`", p.display()))?;
            Ok(QueryFile { family, sha256: crate::ingest::file::hex(&Sha256::digest(text.as_bytes())), statements })
        })
        .collect()
}

/// Splits a file into statements and reads their header comments.
pub fn parse(family: &str, text: &str) -> Result<Vec<Statement>> {
    let mut out = Vec::new();
    for chunk in split_statements(text) {
        let mut indicators = Vec::new();
        let mut needs = Vec::new();
        let mut code = false;
        for line in chunk.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("-- indicators:") {
                indicators.extend(list(rest));
            } else if let Some(rest) = t.strip_prefix("-- needs:") {
                needs.extend(list(rest));
            } else if !t.is_empty() && !t.starts_with("--") {
                code = true;
            }
        }
        if !code {
            continue;
        }
        let number = out.len() + 1;
        if indicators.is_empty() {
            bail!("statement {number} has no `-- indicators:` line");
        }
        if let Some(unknown) = needs.iter().find(|n| !TABLES.contains(&n.as_str())) {
            bail!("statement {number} needs `{unknown}`: the tables are {}", TABLES.join(", "));
        }
        out.push(Statement { family: family.to_string(), number, indicators, needs, sql: chunk.trim().to_string() });
    }
    Ok(out)
}

/// Statements end with a `;` that ends a line outside a comment.
fn split_statements(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for line in text.lines() {
        let current = out.last_mut().expect("never empty");
        let t = line.trim_end();
        if !t.trim_start().starts_with("--") && t.ends_with(';') {
            current.push_str(&t[..t.len() - 1]);
            out.push(String::new());
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    out
}

fn list(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_carry_their_headers() {
        let text = "-- family comment; with a semicolon\n\n-- indicators: a, b\n-- needs: members_end\nSELECT 1;\n\n-- indicators: c\nSELECT 2;\n";
        let s = parse("f", text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].indicators, vec!["a", "b"]);
        assert_eq!(s[0].needs, vec!["members_end"]);
        assert_eq!(s[1].indicators, vec!["c"]);
        assert!(s[1].needs.is_empty());
    }

    #[test]
    fn a_statement_without_header_or_with_an_unknown_table_is_refused() {
        assert!(parse("f", "SELECT 1;").is_err());
        assert!(parse("f", "-- indicators: a\n-- needs: nope\nSELECT 1;").is_err());
    }
}
