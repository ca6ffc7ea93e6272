"""The benchmark's peer: the work of `jamstat ingest` and `jamstat indicators`
done by DuckDB, on the same export files, the same lake and the same
`queries/*.sql`. `jamstat bench` (src/bench.rs) runs it as a child process, one stage per
run, and measures its wall time and peak memory exactly as it measures
jamstat's own stages.

    python duckdb_peer.py ingest SPEC.json
    python duckdb_peer.py indicators SPEC.json
    python duckdb_peer.py floor-duckdb SPEC.json
    python duckdb_peer.py floor-polars SPEC.json

ingest: every export file of `spec["inputs"]` (peserta_*.csv, klaim_*.csv)
is read as text, every contract column checked (digits of kpj and NIK,
dates, codes in their lists, kode_wilayah in the reference, whole Rupiah),
refused rows written to a quarantine CSV, NIK and name replaced by a
SHA-256 with the key, exact duplicate rows dropped, claims already held by
another month of the peer's lake left out, and each month written as one
zstd Parquet file `dataset=<d>/periode=<YYYY-MM>/part.parquet`.

indicators: for each period of `spec["periods"]`, the runner's tables
(members_end, members_before, members_period, claims_period, params) are
views over the partitions jamstat's manifest lists, with the same flags,
and every statement of every query file is executed and fetched. Its rows
are written to `spec["out"]` as CSV (indicator, period, scope, dimension,
category, value), for the benchmark to compare with jamstat's table.

floor-duckdb, floor-polars: the floor any validating ingest pays: every CSV
of `spec["inputs"]` converted to one zstd Parquet file in `spec["out"]`,
types as the engine detects them, with no check at all.
"""

import csv
import json
import os
import re
import sys

import duckdb

SEGMEN = ["PU", "BPU", "JAKON", "PMI"]
SUMBER = ["APBD", "APBDES", "CSR", "PEMBERI_KERJA", "MANDIRI"]
PROGRAM_KLAIM = ["JKK", "JKM", "JHT", "JP", "JKP"]
MANFAAT = ["SANTUNAN_KEMATIAN", "BIAYA_PEMAKAMAN", "SANTUNAN_BERKALA", "PENGOBATAN", "STMB", "CACAT", "BEASISWA", "LAINNYA"]


def sql_list(values):
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def date(col):
    return f"TRY_CAST(trim({col}) AS DATE)"


def rupiah(col):
    # Indonesian (1.234.567) or plain notation, whole and never negative.
    return f"TRY_CAST(replace(trim({col}), '.', '') AS BIGINT)"


def checks(dataset):
    """(column, SQL that is true when the cell is acceptable, typed value)."""
    common = [
        ("kpj", "regexp_full_match(trim(kpj), '[0-9]{11}')", "trim(kpj)"),
        ("nik", "regexp_full_match(trim(nik), '[0-9]{16}')", None),
        ("kode_wilayah", "w.kode_wilayah IS NOT NULL", "trim(t.kode_wilayah)"),
        ("segmen", f"upper(trim(segmen)) IN {sql_list(SEGMEN)}", "upper(trim(segmen))"),
        ("kategori", "trim(kategori) <> ''", "upper(trim(kategori))"),
        ("sumber_iuran", f"upper(trim(sumber_iuran)) IN {sql_list(SUMBER)}", "upper(trim(sumber_iuran))"),
        ("kecamatan", "trim(t.kecamatan) <> ''", "trim(t.kecamatan)"),
        ("kelurahan", "trim(t.kelurahan) <> ''", "trim(t.kelurahan)"),
    ]
    if dataset == "peserta":
        return common + [
            ("tgl_lahir", f"{date('tgl_lahir')} IS NOT NULL", date("tgl_lahir")),
            ("jenis_kelamin", "upper(trim(jenis_kelamin)) IN ('L', 'P')", "upper(trim(jenis_kelamin))"),
            ("program", "trim(program) <> ''", "upper(trim(program))"),
            ("pekerjaan", "true", "nullif(trim(pekerjaan), '')"),
            ("tgl_kepesertaan", f"{date('tgl_kepesertaan')} IS NOT NULL", date("tgl_kepesertaan")),
            ("status", "upper(trim(status)) IN ('AKTIF', 'NONAKTIF')", "upper(trim(status))"),
            ("iuran", f"{rupiah('iuran')} >= 0", rupiah("iuran")),
        ]
    return common + [
        ("no_klaim", "trim(no_klaim) <> ''", "upper(trim(no_klaim))"),
        ("program", f"upper(trim(program)) IN {sql_list(PROGRAM_KLAIM)}", "upper(trim(program))"),
        ("jenis_manfaat", f"upper(trim(jenis_manfaat)) IN {sql_list(MANFAAT)}", "upper(trim(jenis_manfaat))"),
        ("tgl_kejadian", f"{date('tgl_kejadian')} IS NOT NULL", date("tgl_kejadian")),
        ("tgl_bayar", f"trim(tgl_bayar) = '' OR {date('tgl_bayar')} IS NOT NULL", date("nullif(trim(tgl_bayar), '')")),
        ("status", "upper(trim(status)) IN ('DIBAYAR', 'DITOLAK')", "upper(trim(status))"),
        ("nominal", f"{rupiah('nominal')} >= 0", rupiah("nominal")),
        ("jumlah_penerima", "TRY_CAST(trim(jumlah_penerima) AS BIGINT) >= 1", "TRY_CAST(trim(jumlah_penerima) AS BIGINT)"),
    ]


def ingest(spec):
    con = duckdb.connect()
    lake, key = spec["lake"], spec["key"]
    con.execute(f"CREATE TABLE wilayah AS SELECT * FROM read_csv({lit(spec['wilayah'])}, all_varchar = true)")
    os.makedirs(spec["quarantine"], exist_ok=True)
    files = sorted(
        os.path.join(folder, f) for folder in spec["inputs"] for f in os.listdir(folder) if f.endswith(".csv")
    )
    for path in files:
        name = os.path.basename(path)
        dataset = "peserta" if name.startswith("peserta") else "klaim"
        month = re.search(r"(\d{4}-\d{2})", name).group(1)
        rules = checks(dataset)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE raw AS SELECT row_number() OVER () + 1 AS baris, * "
            f"FROM read_csv({lit(path)}, all_varchar = true, header = true)"
        )
        ok = " AND ".join(f"coalesce({rule}, false)" for _, rule, _ in rules)
        first_fault = "CASE " + " ".join(f"WHEN NOT coalesce({rule}, false) THEN {lit(c)}" for c, rule, _ in rules) + " END"
        joined = "raw t LEFT JOIN wilayah w ON w.kode_wilayah = trim(t.kode_wilayah)"
        con.execute(
            f"COPY (SELECT t.baris, {first_fault} AS kolom FROM {joined} WHERE NOT ({ok}) ORDER BY t.baris) "
            f"TO {lit(os.path.join(spec['quarantine'], name))} (HEADER)"
        )
        columns = [f"{expr} AS {c}" for c, _, expr in rules if expr is not None]
        columns.append(f"sha256({lit(key)} || trim(nik)) AS nik_hash")
        if dataset == "peserta":
            columns.append(f"sha256({lit(key)} || upper(trim(nama))) AS nama_hash")
        kept = f"SELECT DISTINCT {', '.join(columns)} FROM {joined} WHERE {ok}"
        if dataset == "klaim":
            held = [
                os.path.join(root, f)
                for root, _, fs in os.walk(os.path.join(lake, "dataset=klaim"))
                for f in fs
                if f.endswith(".parquet") and f"periode={month}" not in root
            ]
            if held:
                listed = "[" + ", ".join(lit(h) for h in held) + "]"
                kept = f"SELECT * FROM ({kept}) k WHERE k.no_klaim NOT IN (SELECT no_klaim FROM read_parquet({listed}))"
        folder = os.path.join(lake, f"dataset={dataset}", f"periode={month}")
        os.makedirs(folder, exist_ok=True)
        con.execute(f"COPY ({kept}) TO {lit(os.path.join(folder, 'part.parquet'))} (FORMAT parquet, COMPRESSION zstd)")


def statements(text):
    """The runner's rule: a statement ends with a `;` ending a line outside a comment."""
    out, current = [], []
    for line in text.splitlines():
        stripped = line.rstrip()
        if not stripped.lstrip().startswith("--") and stripped.endswith(";"):
            current.append(stripped[:-1])
            out.append("\n".join(current))
            current = []
        else:
            current.append(line)
    out.append("\n".join(current))
    parsed = []
    for chunk in out:
        needs, code = [], False
        for line in chunk.splitlines():
            t = line.strip()
            if t.startswith("-- needs:"):
                needs += [n.strip() for n in t[len("-- needs:"):].split(",") if n.strip()]
            elif t and not t.startswith("--"):
                code = True
        if code:
            parsed.append((needs, chunk))
    return parsed


def indicators(spec):
    con = duckdb.connect()
    manifest = json.load(open(os.path.join(spec["lake"], "manifest.json")))
    files = {(p["dataset"], p["periode"]): os.path.join(spec["lake"], p["file"]) for p in manifest["partitions"]}
    flags = spec["flags"]
    flag_sql = (
        f"sumber_iuran IN {sql_list(flags['sumber_iuran'])} AS in_programme, "
        f"kategori IN {sql_list(flags['vulnerable_kategori'])} AS is_vulnerable, "
        f"kategori IN {sql_list(flags['non_asn_kategori'])} AS is_non_asn"
    )
    queries = []
    for name in sorted(os.listdir(spec["queries"])):
        if name.endswith(".sql"):
            queries += statements(open(os.path.join(spec["queries"], name)).read())
    rows = []
    for period in spec["periods"]:
        available = set()

        def view(name, dataset, months, extra=""):
            parts = [files.get((dataset, m)) for m in months]
            con.execute(f"DROP VIEW IF EXISTS {name}")
            if not months or any(p is None for p in parts):
                return
            union = " UNION ALL ".join(
                f"SELECT *, {lit(m)} AS periode FROM read_parquet({lit(p)})" for m, p in zip(months, parts)
            )
            con.execute(f"CREATE VIEW {name} AS SELECT *, {flag_sql}{extra} FROM ({union})")
            available.add(name)

        view("members_end", "peserta", [period["months"][-1]])
        view("members_before", "peserta", [period["before"]])
        view("members_period", "peserta", period["months"])
        view("claims_period", "klaim", period["months"], ", CAST(tgl_bayar - tgl_kejadian AS BIGINT) AS hari_bayar")
        p = period["params"]
        con.execute(
            f"CREATE OR REPLACE VIEW params AS SELECT DATE {lit(p['period_start'])} AS period_start, "
            f"DATE {lit(p['period_end'])} AS period_end, {int(p['end_year'])} AS end_year, "
            f"{int(p['end_month'])} AS end_month, {int(p['end_day'])} AS end_day"
        )
        available.add("params")
        for needs, sql in queries:
            if any(n not in available for n in needs):
                continue
            for indicator, scope, dimension, category, value in con.execute(sql).fetchall():
                rows.append((indicator, period["label"], scope, dimension, category, 0 if value is None else value))
    rows.sort()
    with open(spec["out"], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["indicator", "period", "scope", "dimension", "category", "value"])
        w.writerows(rows)


def csv_files(spec):
    for folder in spec["inputs"]:
        for name in sorted(os.listdir(folder)):
            if name.endswith(".csv"):
                yield os.path.join(folder, name), name[: -len(".csv")]


def floor_duckdb(spec):
    """The floor: each CSV converted to one zstd Parquet file, types as
    DuckDB detects them, no check of any kind."""
    os.makedirs(spec["out"], exist_ok=True)
    con = duckdb.connect()
    for path, stem in csv_files(spec):
        target = os.path.join(spec["out"], stem + ".parquet")
        con.execute(f"COPY (SELECT * FROM read_csv({lit(path)})) TO {lit(target)} (FORMAT parquet, COMPRESSION zstd)")


def floor_polars(spec):
    """The same conversion by polars (the engine jamstat's indicators run on)."""
    import polars as pl

    os.makedirs(spec["out"], exist_ok=True)
    for path, stem in csv_files(spec):
        pl.scan_csv(path, try_parse_dates=True).sink_parquet(os.path.join(spec["out"], stem + ".parquet"), compression="zstd")


if __name__ == "__main__":
    stage, spec_path = sys.argv[1], sys.argv[2]
    spec = json.load(open(spec_path))
    stages = {"ingest": ingest, "indicators": indicators, "floor-duckdb": floor_duckdb, "floor-polars": floor_polars}
    stages[stage](spec)
