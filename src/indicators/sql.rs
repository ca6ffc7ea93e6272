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
//!
//! A statement over the months of a period (`members_period`,
//! `claims_period`) whose rows for several months are the sums of its rows
//! month by month (a `SUM`, or a `COUNT` of things never counted in two
//! months: a claim belongs to one month) says so with `-- per month: sum`.
//! The runner then reads each month once and adds the months up, so a
//! quarter, its months and its year share the months' pieces; it may not
//! read a snapshot (`members_end`, `members_before`) or `params`, and a
//! `MEDIAN` or a count of members (in every month) must not say it.

use std::collections::BTreeSet;
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
    /// `-- per month: sum`: over several months, the sums of its rows
    /// month by month.
    pub per_month: bool,
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

/// The tables that cover every month of a period, which a `per month`
/// statement may read.
pub const MONTHLY_TABLES: [&str; 2] = ["members_period", "claims_period"];

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
        let mut per_month = false;
        let mut code = false;
        for line in chunk.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("-- indicators:") {
                indicators.extend(list(rest));
            } else if let Some(rest) = t.strip_prefix("-- needs:") {
                needs.extend(list(rest));
            } else if let Some(rest) = t.strip_prefix("-- per month:") {
                if rest.trim() != "sum" {
                    bail!("`-- per month:{rest}`: the only way of adding months up is `-- per month: sum`");
                }
                per_month = true;
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
        let code: Vec<&str> = chunk.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
        let named = words(&code.join("\n"));
        if per_month
            && let Some(other) = TABLES
                .iter()
                .find(|t| !MONTHLY_TABLES.contains(t) && (named.contains(**t) || needs.iter().any(|n| n == *t)))
        {
            bail!(
                "statement {number} is `-- per month: sum` but reads `{other}`: a statement added up month by month \
                 may read only {}",
                MONTHLY_TABLES.join(" and ")
            );
        }
        if per_month && named.contains("median") {
            bail!("statement {number} is `-- per month: sum` but takes a MEDIAN, which months do not add up to");
        }
        let sql = chunk.trim().to_string();
        out.push(Statement { family: family.to_string(), number, indicators, needs, per_month, sql });
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

/// The identifiers a statement's text names (tables, columns), lower case.
pub fn words(sql: &str) -> BTreeSet<String> {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
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
    fn a_statement_added_up_by_month_reads_only_the_months_of_its_period() {
        let head = "-- indicators: a\n-- needs: claims_period\n-- per month: sum\n";
        let ok = format!(
            "{head}-- not members_end, a comment\nSELECT CAST(SUM(nominal) AS BIGINT) AS value FROM claims_period;"
        );
        let s = parse("f", &ok).unwrap();
        assert!(s[0].per_month);
        assert!(!parse("f", "-- indicators: a\nSELECT 1;").unwrap()[0].per_month);
        for (sql, why) in [
            ("SELECT COUNT(kpj) FROM members_end", "reads `members_end`"),
            ("SELECT m.kpj FROM claims_period m CROSS JOIN params p", "reads `params`"),
            ("SELECT MEDIAN(hari_bayar) FROM claims_period", "MEDIAN"),
        ] {
            let err = parse("f", &format!("{head}{sql};")).unwrap_err().to_string();
            assert!(err.contains(why), "{err}");
        }
        let err = parse("f", "-- indicators: a\n-- per month: max\nSELECT 1;").unwrap_err().to_string();
        assert!(err.contains("`-- per month: sum`"), "{err}");
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
