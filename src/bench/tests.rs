//! The benchmark's own logic: the comparison with DuckDB, the folder it empties, numbers.
use super::*;

#[test]
fn duckdb_rows_must_equal_jamstat_rows_and_internal_rows_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("jamstat.csv");
    fs::write(
        &ours,
        "indicator,period,scope,dimension,category,value,unit,status\n\
         members_active,2025-Q4,all,total,total,17484,orang,ok\n\
         members_active,2025-Q4,all,segmen,PU,9000,orang,ok\n\
         coverage_pct,2025-Q4,all,total,total,53.4,persen,ok\n",
    )
    .unwrap();
    let peer = dir.path().join("duckdb.csv");
    let same = "indicator,period,scope,dimension,category,value\n\
                _vulnerable_members,2025-Q4,programme,total,total,1\n\
                members_active,2025-Q4,all,segmen,PU,9000\n\
                members_active,2025-Q4,all,total,total,17484\n";
    fs::write(&peer, same).unwrap();
    assert_eq!(same_rows(&ours, &peer).unwrap(), 2);
    fs::write(&peer, same.replace("9000", "9001")).unwrap();
    let err = same_rows(&ours, &peer).unwrap_err().to_string();
    assert!(err.contains("disagree on 1 of 2 rows") && err.contains("DuckDB 9001, jamstat 9000"), "{err}");
    fs::write(&peer, format!("{same}members_new,2025-Q4,all,total,total,5\n")).unwrap();
    assert!(same_rows(&ours, &peer).unwrap_err().to_string().contains("DuckDB 5, jamstat absent"));
}

#[test]
fn only_an_empty_or_benchmark_folder_is_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("keep.txt"), "mine").unwrap();
    assert!(prepare_dir(&other).unwrap_err().to_string().contains("not a benchmark folder"));
    assert!(other.join("keep.txt").exists());
    let bench = dir.path().join("bench");
    prepare_dir(&bench).unwrap();
    fs::write(bench.join("logs/old.txt"), "old run").unwrap();
    prepare_dir(&bench).unwrap();
    assert!(!bench.join("logs/old.txt").exists() && bench.join(".jamstat-bench").exists());
}

#[test]
fn thousands_are_grouped_in_english() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(24_615_432), "24,615,432");
}
