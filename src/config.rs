//! `jamstat.toml`: the region, the programme, the denominators, the paths and
//! the publication settings. `Config::parse` validates everything from text;
//! `Config::from_file` adds the I/O and resolves paths against the file's
//! folder, so a config works from wherever jamstat is started.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::catalogue;
use crate::period::Period;
use crate::table::parse_fixed4;

mod release;
pub use release::{DEFAULT_TIME, Postponement, ReleaseSettings, Scheduled};

/// The environment variable that holds the NIK pseudonymisation key.
pub const NIK_KEY_ENV: &str = "JAMSTAT_NIK_KEY";

#[derive(Debug, Clone)]
pub struct Config {
    pub region: Region,
    pub programme: Programme,
    pub coverage: Coverage,
    pub paths: Paths,
    pub publication: Publication,
    /// Targets of the quarterly performance table.
    pub targets: Vec<Target>,
    pub paritrana: Paritrana,
    pub open_data: OpenData,
    /// Who publishes, the release series and the release calendar.
    pub release: ReleaseSettings,
    /// Key for the keyed hash of `nik` in the lake (never stored in the lake).
    pub nik_key: String,
    /// SHA-256 of the config text, for provenance.
    pub sha256: String,
    /// Whether a command waits while another holds the lake or the output
    /// folder (the default) or refuses at once (`--no-wait`); not in the file.
    pub wait: crate::lock::Wait,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// "Kota Madiun"
    pub name: String,
    /// Kemendagri code of the city or regency, "35.77".
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct Programme {
    /// "Pro JKK-JKM"
    pub name: String,
    /// `sumber_iuran` values that make a row part of the programme.
    pub sumber_iuran: Vec<String>,
    pub non_asn_kategori: Vec<String>,
    pub vulnerable_kategori: Vec<String>,
    /// Yearly quota of programme members.
    pub quota: BTreeMap<i32, i64>,
    /// Yearly APBD budget for the programme's contributions, in Rupiah.
    pub budget: BTreeMap<i32, i64>,
}

/// A target of the performance table: `[targets.<scope>] <indicator> = { <key> = <value> }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub indicator: String,
    pub scope: crate::table::Scope,
    /// Keyed by a year (`2025`: every period ending in that year) or a period
    /// label (`2025-Q4`: that period only, which wins); exact ten-thousandths.
    pub values: BTreeMap<String, i64>,
}

impl Target {
    /// The target for `period` (its label, else its year), in ten-thousandths.
    pub fn for_period(&self, period: &Period) -> Option<i64> {
        self.values.get(&period.to_string()).or_else(|| self.values.get(&period.year().to_string())).copied()
    }
}

/// The Paritrana panel's text from the config.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paritrana {
    /// Regulations in force, with the year each was issued.
    #[serde(default)]
    pub regulations: Vec<Regulation>,
    /// Innovations, one sentence each.
    #[serde(default)]
    pub innovation: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    pub title: String,
    pub year: i32,
}

/// Licence and source of the open-data package.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenData {
    /// SPDX id of the licence, `CC-BY-4.0`.
    #[serde(default = "default_licence")]
    pub licence: String,
    #[serde(default = "default_licence_url")]
    pub licence_url: String,
    /// Who publishes the figures and where they come from.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Coverage {
    /// The `jenis` of `penyebut` used for the headline coverage and the gap.
    pub headline: String,
    /// UCJ target in percent, per year, as written (exact decimal text).
    pub ucj_target_pct: BTreeMap<i32, String>,
}

#[derive(Debug, Clone)]
pub struct Paths {
    pub exports: PathBuf,
    pub reference: PathBuf,
    pub lake: PathBuf,
    pub quarantine: PathBuf,
    /// What may be published, and nothing else: one folder per report.
    pub output: PathBuf,
    /// What is for the office only: the disclosure audits, `--no-disclosure`
    /// reports, the output folder's lock. Never inside `output`.
    pub private: PathBuf,
    pub templates: PathBuf,
    pub queries: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Publication {
    /// The release date printed on reports; months after it are refused.
    pub release_date: NaiveDate,
    pub disclosure_threshold: i64,
    pub language: String,
}

// ---- the file as written -------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    region: Region,
    programme: RawProgramme,
    #[serde(default)]
    coverage: RawCoverage,
    #[serde(default)]
    paths: RawPaths,
    publication: RawPublication,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    targets: BTreeMap<String, BTreeMap<String, BTreeMap<String, toml::Value>>>,
    #[serde(default)]
    paritrana: Paritrana,
    open_data: Option<OpenData>,
    #[serde(default)]
    release: release::RawRelease,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgramme {
    name: String,
    #[serde(default = "default_scope")]
    sumber_iuran: Vec<String>,
    #[serde(default = "default_non_asn")]
    non_asn_kategori: Vec<String>,
    #[serde(default = "default_vulnerable")]
    vulnerable_kategori: Vec<String>,
    #[serde(default)]
    quota: BTreeMap<String, i64>,
    #[serde(default)]
    budget: BTreeMap<String, i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCoverage {
    headline: Option<String>,
    #[serde(default)]
    ucj_target_pct: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    exports: Option<PathBuf>,
    reference: Option<PathBuf>,
    lake: Option<PathBuf>,
    quarantine: Option<PathBuf>,
    output: Option<PathBuf>,
    private: Option<PathBuf>,
    templates: Option<PathBuf>,
    queries: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublication {
    release_date: String,
    #[serde(default = "default_threshold")]
    disclosure_threshold: i64,
    #[serde(default = "default_language")]
    language: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    nik_key: Option<String>,
}

fn default_scope() -> Vec<String> {
    vec!["APBD".into()]
}
fn default_non_asn() -> Vec<String> {
    vec!["NON_ASN".into()]
}
fn default_vulnerable() -> Vec<String> {
    vec!["RENTAN".into()]
}
fn default_threshold() -> i64 {
    5
}
fn default_language() -> String {
    "id".into()
}
fn default_licence() -> String {
    "CC-BY-4.0".into()
}
fn default_licence_url() -> String {
    "https://creativecommons.org/licenses/by/4.0/".into()
}

const HEADLINE_JENIS: [&str; 3] = ["potensi_kepesertaan", "bekerja", "angkatan_kerja"];

impl Config {
    /// Reads and validates `path`; relative paths inside are relative to its folder.
    pub fn from_file(path: &Path) -> Result<Config> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("failed to read the config `{}`", path.display()))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let env_key = std::env::var(NIK_KEY_ENV).ok();
        Config::parse(&text, &base, env_key.as_deref()).with_context(|| format!("invalid config `{}`", path.display()))
    }

    /// Validates a config text; `base` anchors relative paths; `env_key`
    /// (from `JAMSTAT_NIK_KEY`) wins over the file's `privacy.nik_key`.
    pub fn parse(text: &str, base: &Path, env_key: Option<&str>) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text)?;
        let years = |what: &str, map: BTreeMap<String, i64>| -> Result<BTreeMap<i32, i64>> {
            map.into_iter()
                .map(|(k, v)| {
                    let year: i32 = k.parse().with_context(|| format!("`{what}` key `{k}` is not a year"))?;
                    if v < 0 {
                        bail!("`{what}` for {year} is negative");
                    }
                    Ok((year, v))
                })
                .collect()
        };
        let upper = |v: Vec<String>| v.into_iter().map(|s| s.trim().to_uppercase()).collect::<Vec<_>>();

        let programme = Programme {
            name: raw.programme.name,
            sumber_iuran: upper(raw.programme.sumber_iuran),
            non_asn_kategori: upper(raw.programme.non_asn_kategori),
            vulnerable_kategori: upper(raw.programme.vulnerable_kategori),
            quota: years("programme.quota", raw.programme.quota)?,
            budget: years("programme.budget", raw.programme.budget)?,
        };
        if programme.sumber_iuran.is_empty() {
            bail!("`programme.sumber_iuran` is empty: name who pays for programme members, for example [\"APBD\"]");
        }

        let headline = raw.coverage.headline.unwrap_or_else(|| "potensi_kepesertaan".into());
        if !HEADLINE_JENIS.contains(&headline.as_str()) {
            bail!("`coverage.headline` is `{headline}`: use one of {}", HEADLINE_JENIS.join(", "));
        }
        let mut ucj_target_pct = BTreeMap::new();
        for (k, v) in raw.coverage.ucj_target_pct {
            let year: i32 = k.parse().with_context(|| format!("`coverage.ucj_target_pct` key `{k}` is not a year"))?;
            let what = format!("coverage.ucj_target_pct.{k}");
            let text = decimal_text(&what, v)?;
            if parse_fixed4(&text).is_none_or(|t| t > 1_000_000) {
                bail!("`{what}` is `{text}`: write a percentage between 0 and 100");
            }
            ucj_target_pct.insert(year, text);
        }
        let targets = targets(raw.targets)?;

        let p = raw.paths;
        let at = |given: Option<PathBuf>, default: &str| base.join(given.unwrap_or_else(|| PathBuf::from(default)));
        let paths = Paths {
            exports: at(p.exports, "data/exports"),
            reference: at(p.reference, "data/reference"),
            lake: at(p.lake, "data/lake"),
            quarantine: at(p.quarantine, "data/quarantine"),
            output: at(p.output, "output"),
            private: at(p.private, "data/private"),
            templates: at(p.templates, "report_templates"),
            queries: at(p.queries, "queries"),
        };
        if paths.private.starts_with(&paths.output) {
            bail!(
                "`paths.private` (`{}`) is inside `paths.output` (`{}`): the output folder holds only what may be \
                 published, so put the private folder beside it (the default is `data/private`)",
                paths.private.display(),
                paths.output.display()
            );
        }

        let release_date = NaiveDate::parse_from_str(&raw.publication.release_date, "%Y-%m-%d").with_context(|| {
            format!("`publication.release_date` is `{}`: write it as YYYY-MM-DD", raw.publication.release_date)
        })?;
        if raw.publication.disclosure_threshold < 1 {
            bail!("`publication.disclosure_threshold` must be at least 1");
        }
        if !["id", "en"].contains(&raw.publication.language.as_str()) {
            bail!("`publication.language` is `{}`: use `id` or `en`", raw.publication.language);
        }

        let nik_key = env_key
            .map(str::to_string)
            .or(raw.privacy.nik_key)
            .filter(|k| !k.trim().is_empty())
            .with_context(|| {
                format!("no NIK key: set {NIK_KEY_ENV} or `privacy.nik_key` (the lake stores a keyed hash of each NIK)")
            })?;
        if nik_key.len() < 16 {
            bail!("the NIK key is shorter than 16 characters: use a long random secret");
        }

        let release = release::parse(raw.release, &raw.region.name)?;
        Ok(Config {
            release,
            region: raw.region,
            programme,
            coverage: Coverage { headline, ucj_target_pct },
            paths,
            publication: Publication {
                release_date,
                disclosure_threshold: raw.publication.disclosure_threshold,
                language: raw.publication.language,
            },
            targets,
            paritrana: raw.paritrana,
            open_data: raw.open_data.unwrap_or_else(|| OpenData {
                licence: default_licence(),
                licence_url: default_licence_url(),
                source: "BPJS Ketenagakerjaan, ekspor bulanan; diolah dengan jamstat".into(),
            }),
            nik_key,
            sha256: crate::files::sha256(text.as_bytes()),
            wait: crate::lock::Wait::Yes,
        })
    }

    /// The programme quota for a year, if configured.
    pub fn quota(&self, year: i32) -> Option<i64> {
        self.programme.quota.get(&year).copied()
    }
}

/// A number written as TOML text, integer or float (`"40.1"`, `60`).
fn decimal_text(what: &str, v: toml::Value) -> Result<String> {
    Ok(match v {
        toml::Value::String(s) => s,
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        other => bail!("`{what}` is `{other}`: write a number like \"40.1\""),
    })
}

/// `[targets.<scope>] <indicator> = { <year or period> = <value> }`, checked
/// against the catalogue: a count or Rupiah target is whole.
fn targets(raw: BTreeMap<String, BTreeMap<String, BTreeMap<String, toml::Value>>>) -> Result<Vec<Target>> {
    let mut out = Vec::new();
    for (scope, indicators) in raw {
        let Some(parsed_scope) = crate::table::Scope::parse(&scope) else {
            bail!("`targets.{scope}`: the scope is `all` or `programme`");
        };
        for (indicator, values) in indicators {
            let Some(entry) = catalogue::get(&indicator) else {
                bail!("`targets.{scope}.{indicator}`: no such indicator (see `jamstat indicators --list`)");
            };
            let mut parsed = BTreeMap::new();
            for (key, v) in values {
                let what = format!("targets.{scope}.{indicator}.{key}");
                let period: Period =
                    key.parse().map_err(|e| anyhow::anyhow!("`{what}`: `{key}` is not a year or a period: {e}"))?;
                let text = decimal_text(&what, v)?;
                let Some(value) = parse_fixed4(&text) else {
                    bail!("`{what}` is `{text}`: write a number with at most 4 decimals");
                };
                if !entry.unit.is_fractional() && value % 10_000 != 0 {
                    bail!("`{what}` is `{text}`: a target in {} is a whole number", entry.unit);
                }
                parsed.insert(period.to_string(), value);
            }
            out.push(Target { indicator, scope: parsed_scope, values: parsed });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [region]
        name = "Kota Madiun"
        code = "35.77"
        [programme]
        name = "Pro JKK-JKM"
        quota = { 2024 = 17152 }
        [publication]
        release_date = "2026-01-15"
        [privacy]
        nik_key = "0123456789abcdef-demo"
    "#;

    #[test]
    fn minimal_config_gets_the_defaults() {
        let c = Config::parse(MINIMAL, Path::new("/x"), None).unwrap();
        assert_eq!(c.programme.sumber_iuran, vec!["APBD"]);
        assert_eq!(c.quota(2024), Some(17_152));
        assert_eq!(c.quota(2025), None);
        assert_eq!(c.coverage.headline, "potensi_kepesertaan");
        assert_eq!(c.paths.lake, PathBuf::from("/x/data/lake"));
        assert_eq!(c.publication.disclosure_threshold, 5);
    }

    #[test]
    fn the_environment_key_wins() {
        let c = Config::parse(MINIMAL, Path::new("."), Some("from-the-environment-123")).unwrap();
        assert_eq!(c.nik_key, "from-the-environment-123");
    }

    #[test]
    fn mistakes_are_named() {
        let bad_date = MINIMAL.replace("2026-01-15", "15/01/2026");
        let err = format!("{:#}", Config::parse(&bad_date, Path::new("."), None).unwrap_err());
        assert!(err.contains("release_date"), "{err}");
        let unknown = MINIMAL.replace("[publication]", "[publication]\nrelase = 1");
        assert!(Config::parse(&unknown, Path::new("."), None).is_err());
        let no_key = MINIMAL.replace("nik_key = \"0123456789abcdef-demo\"", "");
        let err = format!("{:#}", Config::parse(&no_key, Path::new("."), None).unwrap_err());
        assert!(err.contains("JAMSTAT_NIK_KEY"), "{err}");
    }

    #[test]
    fn targets_are_checked_against_the_catalogue() {
        let with = |targets: &str| {
            Config::parse(&format!("{MINIMAL}\n{targets}"), Path::new("."), None).map_err(|e| format!("{e:#}"))
        };
        let c = with("[targets.all]\ncoverage_pct = { 2025 = \"40.1\", \"2025-Q4\" = 42 }").unwrap();
        let t = &c.targets[0];
        assert_eq!((t.indicator.as_str(), t.scope.as_str()), ("coverage_pct", "all"));
        assert_eq!(t.for_period(&"2025-Q4".parse().unwrap()), Some(420_000), "the period key wins");
        assert_eq!(t.for_period(&"2025-Q3".parse().unwrap()), Some(401_000), "else the year");
        assert_eq!(t.for_period(&"2024-Q4".parse().unwrap()), None);
        let err = with("[targets.semua]\ncoverage_pct = { 2025 = 1 }").unwrap_err();
        assert!(err.contains("`all` or `programme`"), "{err}");
        let err = with("[targets.all]\ncoverage = { 2025 = 1 }").unwrap_err();
        assert!(err.contains("no such indicator"), "{err}");
        let err = with("[targets.programme]\nmembers_active = { 2025 = \"10.5\" }").unwrap_err();
        assert!(err.contains("whole number"), "{err}");
        let err = with("[targets.programme]\nmembers_active = { Q4 = 10 }").unwrap_err();
        assert!(err.contains("not a year or a period"), "{err}");
    }
}
