//! Commands run at the same time, and writes that fail. An ingest is
//! paused at every step that writes (`JAMSTAT_PAUSE_AT`) while readers and
//! a second writer run: readers wait (or, with `--no-wait`, refuse naming
//! the writer), the second writer queues, and the lake ends as the one
//! built by the two ingests one after the other. A write that fails as a
//! full disk would (`JAMSTAT_FAIL_AT`) at any step leaves the lake, the
//! quarantine and the published folder as they were, with a message that
//! says so; a success is only reported when it is true.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Workspace, files_under};

/// The small fixture, ingested, plus two drops: one corrects December
/// (fewer rows), the other November.
fn before() -> Workspace {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    assert_eq!(ws.jamstat(&["ingest", "--quiet", exports.to_str().expect("UTF-8")]).code, 0);
    for (drop, names) in [("drop", &["peserta_2025-12", "klaim_2025-12"][..]), ("drop2", &["peserta_2025-11"][..])] {
        let dir = ws.path().join(drop);
        std::fs::create_dir_all(&dir).expect("a folder");
        for name in names {
            let text = std::fs::read_to_string(exports.join(format!("{name}.csv"))).expect("read");
            let fewer: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
            std::fs::write(dir.join(format!("{name}_revisi.csv")), fewer).expect("write");
        }
    }
    ws
}

fn command(ws: &Workspace, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jamstat"));
    c.arg("--config").arg(ws.config_path()).args(args).env_remove("JAMSTAT_NIK_KEY");
    c
}

fn path(ws: &Workspace, sub: &str) -> String {
    ws.path().join(sub).to_str().expect("UTF-8").to_string()
}

/// Starts `args` with its stdout and stderr in files of `log`.
fn spawn(ws: &Workspace, args: &[&str], log: &Path, env: &[(&str, String)]) -> Child {
    let mut c = command(ws, args);
    c.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    c.stdout(Stdio::from(std::fs::File::create(log.with_extension("out")).expect("a log")));
    c.stderr(Stdio::from(std::fs::File::create(log.with_extension("err")).expect("a log")));
    c.spawn().expect("the binary starts")
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(120), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn steps(ws: &Workspace, args: &[&str]) -> usize {
    let out = command(ws, args).env("JAMSTAT_CRASH_AT", "list").output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.starts_with("crash point")).count()
}

#[test]
fn readers_wait_for_a_paused_ingest_a_second_writer_queues_and_the_lake_is_the_sequential_one() {
    // The lake as two ingests one after the other leave it, and the table after each.
    let seq = before();
    let table = |ws: &Workspace| ws.jamstat(&["indicators", "--period", "2025-Q4", "--format", "csv"]).stdout;
    assert_eq!(seq.jamstat(&["ingest", "--quiet", &path(&seq, "drop")]).code, 0);
    let after_first = table(&seq);
    assert_eq!(seq.jamstat(&["ingest", "--quiet", &path(&seq, "drop2")]).code, 0);
    let after_both = table(&seq);
    assert_ne!(after_first, after_both, "the second drop changes the table");
    let sequential = seq.files("lake");

    let n_steps = steps(&before(), &["ingest", "--quiet", &path(&before(), "drop")]);
    assert!(n_steps >= 8, "partitions, candidates, quarantine, manifest and archive moves: {n_steps}");
    for n in 1..=n_steps {
        let ws = before();
        let logs = ws.path().join("logs");
        let pause = ws.path().join("pause");
        std::fs::create_dir_all(&logs).expect("a folder");
        std::fs::create_dir_all(&pause).expect("a folder");
        let env = [("JAMSTAT_PAUSE_AT", n.to_string()), ("JAMSTAT_PAUSE_DIR", pause.to_str().expect("UTF-8").into())];
        let mut first = spawn(&ws, &["ingest", "--quiet", &path(&ws, "drop")], &logs.join("first"), &env);
        wait_until(&format!("the ingest to pause at step {n}"), || pause.join("paused").exists());

        // With --no-wait a reader and a writer refuse at once, naming the writer.
        let pid = format!("process {}", first.id());
        for args in [
            vec!["--no-wait", "indicators", "--period", "2025-Q4"],
            vec!["--no-wait", "check", "--quiet", &path(&ws, "drop2")],
            vec!["--no-wait", "ingest", "--quiet", &path(&ws, "drop2")],
            vec!["--no-wait", "report", "--period", "2025-Q4"],
            vec!["--no-wait", "publish", "--period", "2025-Q4"],
        ] {
            let out = command(&ws, &args).output().expect("runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "step {n}, {args:?}: {stderr}");
            assert!(
                stderr.contains("is in use by another jamstat command writing it") && stderr.contains(&pid),
                "{stderr}"
            );
        }
        // Without it they wait.
        let mut reader =
            spawn(&ws, &["indicators", "--period", "2025-Q4", "--format", "csv"], &logs.join("reader"), &[]);
        let mut second = spawn(&ws, &["ingest", "--quiet", &path(&ws, "drop2")], &logs.join("second"), &[]);
        for log in ["reader", "second"] {
            wait_until(&format!("{log} to say it waits"), || {
                read(logs.join(format!("{log}.err"))).contains("waiting: the lake")
            });
        }
        std::fs::write(pause.join("resume"), "").expect("resume");
        for (name, child) in [("first", &mut first), ("reader", &mut reader), ("second", &mut second)] {
            let status = child.wait().expect("it ends");
            assert!(status.success(), "step {n}: {name} failed: {}", read(logs.join(format!("{name}.err"))));
        }
        let seen = read(logs.join("reader.out"));
        assert!(seen == after_first || seen == after_both, "step {n}: the reader saw a lake between two commits");
        assert!(
            ws.files("lake") == sequential,
            "step {n}: the lake is not the one two ingests one after the other write"
        );
    }
}

#[test]
fn a_full_disk_at_any_step_of_an_ingest_leaves_the_lake_and_the_quarantine_as_they_were() {
    let done = before();
    let drop = path(&done, "drop");
    assert_eq!(done.jamstat(&["ingest", "--quiet", &drop]).code, 0);
    let after = (done.files("lake"), done.files("quarantine"));
    let untouched = before();
    let as_before = (untouched.files("lake"), untouched.files("quarantine"));
    assert_ne!(as_before.0, after.0);
    let n_steps = steps(&before(), &["ingest", "--quiet", &path(&untouched, "drop")]);
    let (mut refused, mut committed) = (0, 0);
    for n in 1..=n_steps {
        let ws = before();
        let out = command(&ws, &["ingest", "--quiet", &path(&ws, "drop")])
            .env("JAMSTAT_FAIL_AT", n.to_string())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(1) => {
                refused += 1;
                assert!(stderr.contains("no space left on device"), "step {n}: {stderr}");
                assert!(
                    stderr.contains("nothing was ingested: the lake is unchanged, and so is the quarantine"),
                    "{stderr}"
                );
                assert!((ws.files("lake"), ws.files("quarantine")) == as_before, "step {n}: something changed");
            }
            Some(0) => {
                // Only tidying after the commit failed: said, and finished by the next writer.
                committed += 1;
                assert!(stderr.contains("the ingest is committed, but tidying"), "step {n}: {stderr}");
                assert_eq!(ws.jamstat(&["ingest", "--quiet", &path(&ws, "drop")]).code, 0);
                assert!((ws.files("lake"), ws.files("quarantine")) == after, "step {n}: not the committed lake");
            }
            other => panic!("step {n}: exit {other:?}: {stderr}"),
        }
    }
    assert!(refused >= 6 && committed >= 1, "{refused} refused, {committed} committed");
}

#[test]
fn a_full_disk_at_any_step_of_a_report_or_a_publish_leaves_the_published_folder_as_it_was() {
    let ws = Workspace::fixture("small");
    assert_eq!(ws.jamstat(&["ingest", "--quiet", &path(&ws, "exports")]).code, 0);
    assert_eq!(ws.publish_report(&["--period", "2025-Q3"]).code, 0);
    let published = ws.files("output");
    // The draft writes its two folders in the staging folder, then the
    // audit, then swaps the draft in (two steps); publish copies the draft
    // to the staging folder, swaps it in, keeps the table, writes the
    // register and the landing page.
    for (args, at_least) in [(["report", "--period", "2025-Q3"], 10), (["publish", "--period", "2025-Q3"], 6)] {
        let n_steps = steps(&ws, &args);
        assert!(ws.files("output") == published, "the same release again is the same folder, byte for byte");
        assert!(n_steps >= at_least, "{args:?}: {n_steps}");
        let mut failed = 0;
        for n in (1..=n_steps).filter(|n| n % 4 == 1 || *n + 8 > n_steps) {
            let out = command(&ws, &args).env("JAMSTAT_FAIL_AT", n.to_string()).output().expect("runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?} step {n}: {stderr}");
            assert!(stderr.contains("no space left on device"), "step {n}: {stderr}");
            let told = [
                "but the landing page could not be updated",
                "nothing was published",
                "no draft was written",
                "could not be recorded in the register",
            ];
            assert!(told.iter().any(|t| stderr.contains(t)), "{args:?} step {n}: {stderr}");
            assert!(ws.files("output") == published, "{args:?} step {n}: the published folder changed");
            let left: Vec<String> = ws.files("data/private/staging").into_iter().map(|f| f.0).collect();
            assert_eq!(left, Vec::<String>::new(), "{args:?} step {n}: staging left behind");
            failed += 1;
        }
        assert!(failed >= 3, "{args:?}");
    }
}

/// The same on a real full disk, where one can be made: `.ci/run` mounts a
/// small tmpfs and names it in `JAMSTAT_TMPFS` (mounting needs root). The
/// lake and the quarantine live on it, the rest of the disk is filled to
/// leave less and less room, and each ingest must either refuse with the
/// system's message and leave both as they were, or succeed whole.
#[test]
fn on_a_real_full_disk_an_ingest_refuses_and_leaves_the_lake_or_succeeds_whole() {
    let Some(tmpfs) = std::env::var_os("JAMSTAT_TMPFS").map(PathBuf::from) else {
        eprintln!("SKIPPED: no tmpfs to fill (`.ci/run` mounts one and sets JAMSTAT_TMPFS when it can)");
        return;
    };
    let reference = before();
    assert_eq!(reference.jamstat(&["ingest", "--quiet", &path(&reference, "drop")]).code, 0);
    let after = (reference.files("lake"), reference.files("quarantine"));
    let (mut refused, mut room) = (0, 0u64);
    loop {
        let ws = Workspace::fixture("small");
        let _ = std::fs::remove_dir_all(tmpfs.join("ws"));
        let on_disk = tmpfs.join("ws");
        std::fs::create_dir_all(&on_disk).expect("a folder on the tmpfs");
        let config = std::fs::read_to_string(ws.config_path()).expect("config");
        let moved = config
            .replace("lake = \"lake\"", &format!("lake = \"{}/lake\"", on_disk.display()))
            .replace("quarantine = \"quarantine\"", &format!("quarantine = \"{}/quarantine\"", on_disk.display()));
        assert_ne!(moved, config);
        std::fs::write(ws.config_path(), moved).expect("write");
        let exports = path(&ws, "exports");
        assert_eq!(ws.jamstat(&["ingest", "--quiet", &exports]).code, 0, "the fixture fits");
        let fresh = before();
        std::fs::rename(fresh.path().join("drop"), ws.path().join("drop")).expect("the drop");
        let lake_before = (files_under(&on_disk.join("lake")), files_under(&on_disk.join("quarantine")));
        // Fill the disk, then give back `room` bytes.
        let filler = on_disk.join("filler");
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&filler).expect("a filler");
            let block = vec![0u8; 4096];
            while f.write_all(&block).is_ok() {}
            let _ = f.sync_all();
            let len = f.metadata().expect("its size").len();
            f.set_len(len.saturating_sub(room)).expect("make room");
        }
        let out = ws.jamstat(&["ingest", "--quiet", &path(&ws, "drop")]);
        let stderr = out.stderr.clone();
        let now = (files_under(&on_disk.join("lake")), files_under(&on_disk.join("quarantine")));
        std::fs::remove_file(&filler).expect("free the disk");
        if out.code == 0 {
            // Committed: whole, once the next writer has tidied.
            assert_eq!(ws.jamstat(&["ingest", "--quiet", &path(&ws, "drop")]).code, 0);
            let done = (files_under(&on_disk.join("lake")), files_under(&on_disk.join("quarantine")));
            assert!(done == after, "with {room} bytes free the ingest succeeded but the lake is not whole");
            break;
        }
        assert_eq!(out.code, 1, "{stderr}");
        assert!(stderr.contains("No space left on device"), "{room} bytes free: {stderr}");
        assert!(stderr.contains("nothing was ingested: the lake is unchanged"), "{stderr}");
        assert!(now == lake_before, "with {room} bytes free a refused ingest changed the lake");
        refused += 1;
        room += 2048;
        assert!(room < 4 << 20, "the drop never fitted");
    }
    assert!(refused >= 3, "{refused} refusals before the drop fitted");
}
