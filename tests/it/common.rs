//! A workspace: a fixture copied to a temp dir with a config that points at
//! the repository's queries and templates.

use std::path::{Path, PathBuf};
use std::process::Command;

use jamstat::config::Config;

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// `tests/fixtures/<name>` copied, plus `jamstat.toml`: the fixture's own
    /// `jamstat.toml.in` (with `{repo}` filled in) when it has one, else the
    /// Kota Madiun test config.
    pub fn fixture(name: &str) -> Workspace {
        let ws = Workspace::empty();
        copy_dir(&Path::new(REPO).join("tests/fixtures").join(name), ws.path());
        let own = ws.path().join("jamstat.toml.in");
        if let Ok(text) = std::fs::read_to_string(&own) {
            std::fs::write(ws.config_path(), text.replace("{repo}", REPO)).expect("write the config");
        }
        ws
    }

    /// A temp dir with only the config (for the sample).
    pub fn empty() -> Workspace {
        let dir = tempfile::tempdir().expect("a temp dir");
        let config = format!(
            r#"
[region]
name = "Kota Madiun"
code = "35.77"
[programme]
name = "Pro JKK-JKM"
quota = {{ 2024 = 17152, 2025 = 4 }}
budget = {{ 2025 = 400000 }}
[coverage]
ucj_target_pct = {{ 2025 = "70.5" }}
[targets.programme]
members_active = {{ 2025 = 4, "2025-Q4" = 5 }}
non_asn_covered_pct = {{ 2025 = "55.5" }}
[targets.all]
coverage_pct = {{ 2025 = 50 }}
[paritrana]
regulations = [{{ title = "Peraturan Daerah Uji Nomor 1 Tahun 2020", year = 2020 }}]
innovation = ["Pendaftaran lewat kelurahan"]
[open_data]
source = "Uji: data sintetis"
[paths]
exports = "exports"
reference = "reference"
lake = "lake"
quarantine = "quarantine"
output = "output"
templates = "{repo}/report_templates"
queries = "{repo}/queries"
[publication]
release_date = "2026-01-15"
[privacy]
nik_key = "a-test-key-of-some-length"
"#,
            repo = REPO
        );
        std::fs::write(dir.path().join("jamstat.toml"), config).expect("write the config");
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_path(&self) -> PathBuf {
        self.path().join("jamstat.toml")
    }

    pub fn config(&self) -> Config {
        Config::from_file(&self.config_path()).expect("the test config is valid")
    }

    /// Runs the real binary in this workspace.
    pub fn jamstat(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_jamstat"))
            .arg("--config")
            .arg(self.config_path())
            .args(args)
            .env_remove("JAMSTAT_NIK_KEY")
            .output()
            .expect("the binary runs");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `jamstat report` then `jamstat publish` with the same `--period` (and
    /// `--lang`): the draft, then the published report. The first failure's
    /// output, else publish's (stdout: the published `index.html`).
    pub fn publish_report(&self, args: &[&str]) -> Output {
        let drafted = self.jamstat(&[&["report"], args].concat());
        if drafted.code != 0 {
            return drafted;
        }
        self.jamstat(&[&["publish"], args].concat())
    }

    /// Every file below `sub`, relative path -> bytes, sorted; the lake's
    /// lock files are left out (they hold no data, and a killed writer's
    /// line naming itself stays behind).
    pub fn files(&self, sub: &str) -> Vec<(String, Vec<u8>)> {
        files_under(&self.path().join(sub))
    }
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read the fixture") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a fixture file");
        }
    }
}

/// Every file below `dir` (none when it does not exist), relative path with
/// `/` -> bytes, sorted; the lake's lock files are left out.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.expect("an entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            walk(root, &path, out);
        } else if !name.starts_with(jamstat::lake::LOCK) {
            let rel = path.strip_prefix(root).expect("below the root").to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read(&path).expect("read a file")));
        }
    }
}

/// Hand-written rows without their period (`indicator,scope,...`), with
/// `period` put in, sorted: the lines `kpi.csv` should hold.
pub fn expected(text: &str, period: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (indicator, rest) = l.split_once(',').expect("indicator,rest");
            format!("{indicator},{period},{rest}")
        })
        .collect();
    v.sort();
    v
}

/// Asserts that each of `rows` is a line of the table's `kpi.csv`.
pub fn assert_has_rows(t: &jamstat::indicators::KpiTable, rows: &[String]) {
    let csv = t.to_csv();
    for want in rows {
        assert!(csv.lines().any(|l| l == want), "missing or different: {want}");
    }
}

/// A Python that can run Spark (pyspark importable, Java on the PATH):
/// `$JAMSTAT_SPARK_PYTHON` (set by `tools/test`, which installs pyspark),
/// else `python3`. None, with the reason printed, when either is missing;
/// with `JAMSTAT_REQUIRE_SPARK=1` (CI) a missing one fails the test instead.
pub fn spark_python() -> Option<PathBuf> {
    let python = std::env::var_os("JAMSTAT_SPARK_PYTHON").map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let works = |cmd: &mut Command| cmd.output().is_ok_and(|o| o.status.success());
    let missing = if !works(Command::new(&python).args(["-c", "import pyspark"])) {
        Some(format!("`{}` cannot import pyspark (tools/test installs it)", python.display()))
    } else if !works(Command::new("java").arg("-version")) {
        Some("no `java` on the PATH (Debian: apt-get install default-jre-headless)".to_string())
    } else {
        None
    };
    match missing {
        None => Some(python),
        Some(why) if std::env::var("JAMSTAT_REQUIRE_SPARK").as_deref() == Ok("1") => {
            panic!("Spark is required here (JAMSTAT_REQUIRE_SPARK=1) but {why}")
        }
        Some(why) => {
            eprintln!("SKIPPED: the Spark comparison needs pyspark and Java: {why}");
            None
        }
    }
}
