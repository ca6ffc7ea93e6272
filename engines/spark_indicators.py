"""jamstat's indicator queries on Apache Spark.

`jamstat indicators --engine spark` writes a job (JSON) and runs this script
with a Python that has pyspark, in local mode; on a cluster the same script
runs under `spark-submit` (see the README, "Scaling out"). The script does
what jamstat's polars runner does before its own Rust code takes over: for
each period it registers the runner's tables over the lake's Parquet files
the manifest lists (with the same flags and `hari_bayar`), runs every
statement of `queries/*.sql` unchanged, and writes each result row, tagged
with its period and statement, to a CSV. jamstat then adds the rows a
statement leaves out, the derived ratios and the targets, exactly as for
polars, so both engines give the same tidy table.

    python spark_indicators.py JOB.json OUT.csv
"""

import csv
import json
import os
import sys


def sql_list(values):
    """`IN (...)` of a configured list; an empty list matches nothing."""
    if not values:
        return None
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def flag(column, values, name):
    listed = sql_list(values)
    return f"({column} IN {listed}) AS {name}" if listed else f"FALSE AS {name}"


def main(job_path, out_path):
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(job.get("master") or "local[2]")
        .appName("jamstat-indicators")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(job.get("shuffle_partitions", 4)))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    flags = job["flags"]
    flag_sql = ", ".join(
        [
            flag("sumber_iuran", flags["sumber_iuran"], "in_programme"),
            flag("kategori", flags["vulnerable_kategori"], "is_vulnerable"),
            flag("kategori", flags["non_asn_kategori"], "is_non_asn"),
        ]
    )
    root = job["lake"].rstrip("/")
    rows = []
    for period in job["periods"]:
        for name in ("members_end", "members_before", "members_period", "claims_period", "params"):
            spark.catalog.dropTempView(name)
        for table in period["tables"]:
            paths = [root + "/" + f for f in table["files"]]
            extra = ""
            if table["name"] == "claims_period":
                extra = ", CAST(DATEDIFF(tgl_bayar, tgl_kejadian) AS BIGINT) AS hari_bayar"
            spark.read.parquet(*paths).createOrReplaceTempView("_raw")
            spark.sql(f"SELECT *, {flag_sql}{extra} FROM _raw").createOrReplaceTempView(table["name"])
        p = period["params"]
        spark.sql(
            f"SELECT DATE'{p['period_start']}' AS period_start, DATE'{p['period_end']}' AS period_end, "
            f"{int(p['end_year'])} AS end_year, {int(p['end_month'])} AS end_month, {int(p['end_day'])} AS end_day"
        ).createOrReplaceTempView("params")
        for statement in period["statements"]:
            result = spark.sql(statement["sql"]).collect()
            for r in result:
                value = r["value"]
                rows.append(
                    [
                        period["label"],
                        statement["family"],
                        statement["number"],
                        r["indicator"],
                        r["scope"],
                        r["dimension"],
                        "" if r["category"] is None else str(r["category"]),
                        "" if value is None else int(value),
                    ]
                )
    spark.stop()
    tmp = out_path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["period", "family", "number", "indicator", "scope", "dimension", "category", "value"])
        w.writerows(rows)
    os.replace(tmp, out_path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: spark_indicators.py JOB.json OUT.csv")
    main(sys.argv[1], sys.argv[2])
