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

impl Statement {
    /// How messages name it: `query `queries/members.sql`, statement 2 (members_new)`.
    pub fn describe(&self) -> String {
        format!("query `queries/{}.sql`, statement {} ({})", self.family, self.number, self.indicators.join(", "))
    }
}

/// A query file with the hash of its text (for provenance).
#[derive(Debug, Clone)]
pub struct QueryFile {
    pub family: String,
    pub sha256: String,
    pub statements: Vec<Statement>,
}

/// The functions a query may call: those polars and Spark SQL both run,
/// with the same result (checked by the Spark test on the sample). Anything
/// else is refused when the queries are read, so a query never works on one
/// engine only. `AVG` (a fraction), `ROUND` (rounding rules) and date
/// formatting (different pattern languages) are left out on purpose.
pub const PORTABLE_FUNCTIONS: [&str; 12] =
    ["ABS", "CAST", "COALESCE", "COUNT", "EXTRACT", "LOWER", "MAX", "MEDIAN", "MIN", "SUBSTR", "SUM", "UPPER"];

/// Words that may stand before `(` without being a call.
const NOT_CALLS: [&str; 10] = ["AS", "IN", "FROM", "JOIN", "ON", "AND", "OR", "NOT", "EXISTS", "WHERE"];

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
            Ok(QueryFile { family, sha256: crate::files::sha256(text.as_bytes()), statements })
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
        if let Some(call) = calls(&chunk).find(|c| !PORTABLE_FUNCTIONS.contains(&c.to_ascii_uppercase().as_str())) {
            bail!(
                "statement {number} calls `{call}`, which jamstat does not allow: queries run on polars and on Spark \
                 alike, so they may call only {} (README, \"Queries on polars and on Spark\")",
                PORTABLE_FUNCTIONS.join(", ")
            );
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

/// The names called in a statement: a word followed by `(`, outside
/// comments and string literals, that is not a keyword.
fn calls(sql: &str) -> impl Iterator<Item = String> + '_ {
    let code: String = sql
        .lines()
        .map(|l| l.find("--").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
        .split('\'')
        .step_by(2) // outside '...' (a '' inside a literal splits it into two, both skipped)
        .collect::<Vec<_>>()
        .join(" ");
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() || chars[i] == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if chars.get(j) == Some(&'(') && !NOT_CALLS.contains(&word.to_ascii_uppercase().as_str()) {
                out.push(word);
            }
        } else {
            i += 1;
        }
    }
    out.into_iter()
}

fn list(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_indicator_is_catalogued_with_its_file() {
        let files =
            load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries")).expect("the repository's queries");
        let mut seen = 0;
        for file in &files {
            for id in file.statements.iter().flat_map(|s| &s.indicators).filter(|i| !i.starts_with('_')) {
                let entry = crate::catalogue::get(id)
                    .unwrap_or_else(|| panic!("`{id}` of queries/{}.sql is not catalogued", file.family));
                assert_eq!(entry.source, file.family, "{id}");
                seen += 1;
            }
        }
        assert!(seen >= 10, "only {seen} query indicators found");
        for i in crate::catalogue::CATALOGUE.iter().filter(|i| !["derived", "config"].contains(&i.source)) {
            assert!(files.iter().any(|f| f.family == i.source), "{}: no queries/{}.sql", i.id, i.source);
        }
        let mut ids: Vec<_> = crate::catalogue::CATALOGUE.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), crate::catalogue::CATALOGUE.len(), "an id is catalogued twice");
    }

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
    fn only_functions_both_engines_run_are_allowed() {
        let ok = "-- indicators: a\n-- needs: members_end\nWITH x AS (SELECT kpj FROM members_end WHERE kpj IN ('strftime(')) \
                  SELECT CAST(COUNT(DISTINCT kpj) AS BIGINT), substr (k, 1, 8) FROM x -- round(\n;";
        assert_eq!(calls(ok).collect::<Vec<_>>(), vec!["CAST", "COUNT", "substr"]);
        assert!(parse("f", ok).is_ok());
        let err = parse("f", "-- indicators: a\nSELECT STRFTIME(d, '%Y') FROM x;").unwrap_err().to_string();
        assert!(err.contains("statement 1 calls `STRFTIME`") && err.contains("MEDIAN"), "{err}");
        assert!(parse("f", "-- indicators: a\nSELECT AVG (x) FROM x;").is_err());
        // Every shipped query passes.
        let shipped = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("queries")).unwrap();
        assert!(shipped.iter().map(|q| q.statements.len()).sum::<usize>() >= 10);
    }

    #[test]
    fn a_statement_without_header_or_with_an_unknown_table_is_refused() {
        assert!(parse("f", "SELECT 1;").is_err());
        assert!(parse("f", "-- indicators: a\n-- needs: nope\nSELECT 1;").is_err());
    }
}
