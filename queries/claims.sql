-- Claims (flow): claim decisions of the months in the period. A claim
-- belongs to the programme by its own `sumber_iuran`. Counts are distinct
-- `no_klaim`. A claim is decided in one month (`no_klaim` is unique across
-- all months), so the counts and sums of a period are those of its months
-- added up (`-- per month: sum`); a median is not.

-- indicators: claims_paid_count, claims_paid_amount
-- needs: claims_period
-- per month: sum
WITH paid AS (
    SELECT 'all' AS scope, no_klaim, nominal, program, jenis_manfaat, kode_wilayah, SUBSTR(kode_wilayah, 1, 8) AS kecamatan, kategori
    FROM claims_period WHERE status = 'DIBAYAR'
    UNION ALL
    SELECT 'programme' AS scope, no_klaim, nominal, program, jenis_manfaat, kode_wilayah, SUBSTR(kode_wilayah, 1, 8) AS kecamatan, kategori
    FROM claims_period WHERE status = 'DIBAYAR' AND in_programme
),
counted AS (
    SELECT scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS n, CAST(SUM(nominal) AS BIGINT) AS amount FROM paid GROUP BY scope
    UNION ALL SELECT scope, 'program' AS dimension, program AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS n, CAST(SUM(nominal) AS BIGINT) AS amount FROM paid GROUP BY scope, program
    UNION ALL SELECT scope, 'jenis_manfaat' AS dimension, jenis_manfaat AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS n, CAST(SUM(nominal) AS BIGINT) AS amount FROM paid GROUP BY scope, jenis_manfaat
    UNION ALL SELECT scope, 'kecamatan' AS dimension, kecamatan AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS n, CAST(SUM(nominal) AS BIGINT) AS amount FROM paid GROUP BY scope, kecamatan
    UNION ALL SELECT scope, 'kelurahan' AS dimension, kode_wilayah AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS n, CAST(SUM(nominal) AS BIGINT) AS amount FROM paid GROUP BY scope, kode_wilayah
    UNION ALL SELECT scope, 'kategori' AS dimension, kategori AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS n, CAST(SUM(nominal) AS BIGINT) AS amount FROM paid GROUP BY scope, kategori
)
SELECT 'claims_paid_count' AS indicator, scope, dimension, category, n AS value FROM counted
UNION ALL
SELECT 'claims_paid_amount' AS indicator, scope, dimension, category, amount AS value FROM counted;

-- indicators: claims_rejected_count
-- needs: claims_period
-- per month: sum
SELECT 'claims_rejected_count' AS indicator, 'all' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS value
FROM claims_period WHERE status = 'DITOLAK'
UNION ALL
SELECT 'claims_rejected_count' AS indicator, 'programme' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS value
FROM claims_period WHERE status = 'DITOLAK' AND in_programme;

-- indicators: death_claims_count
-- needs: claims_period
-- per month: sum
-- A paid SANTUNAN_KEMATIAN row is one death, whatever its program.
WITH deaths AS (
    SELECT 'all' AS scope, no_klaim, program FROM claims_period WHERE status = 'DIBAYAR' AND jenis_manfaat = 'SANTUNAN_KEMATIAN'
    UNION ALL
    SELECT 'programme' AS scope, no_klaim, program FROM claims_period WHERE status = 'DIBAYAR' AND jenis_manfaat = 'SANTUNAN_KEMATIAN' AND in_programme
)
SELECT 'death_claims_count' AS indicator, scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS value FROM deaths GROUP BY scope
UNION ALL
SELECT 'death_claims_count' AS indicator, scope, 'program' AS dimension, program AS category, CAST(COUNT(DISTINCT no_klaim) AS BIGINT) AS value FROM deaths GROUP BY scope, program;

-- indicators: scholarship_recipients, scholarship_amount
-- needs: claims_period
-- per month: sum
WITH beasiswa AS (
    SELECT 'all' AS scope, jumlah_penerima, nominal FROM claims_period WHERE status = 'DIBAYAR' AND jenis_manfaat = 'BEASISWA'
    UNION ALL
    SELECT 'programme' AS scope, jumlah_penerima, nominal FROM claims_period WHERE status = 'DIBAYAR' AND jenis_manfaat = 'BEASISWA' AND in_programme
)
SELECT 'scholarship_recipients' AS indicator, scope, 'total' AS dimension, 'total' AS category, CAST(SUM(jumlah_penerima) AS BIGINT) AS value FROM beasiswa GROUP BY scope
UNION ALL
SELECT 'scholarship_amount' AS indicator, scope, 'total' AS dimension, 'total' AS category, CAST(SUM(nominal) AS BIGINT) AS value FROM beasiswa GROUP BY scope;

-- indicators: _claim_ratio_numerator
-- needs: claims_period
-- per month: sum
-- Internal (not published): numerators of claim_ratio_pct by program, JKK
-- and JKM without scholarships, BEASISWA apart.
WITH paid AS (
    SELECT 'all' AS scope, nominal,
           CASE WHEN jenis_manfaat = 'BEASISWA' THEN 'BEASISWA' ELSE program END AS basis
    FROM claims_period WHERE status = 'DIBAYAR'
    UNION ALL
    SELECT 'programme' AS scope, nominal,
           CASE WHEN jenis_manfaat = 'BEASISWA' THEN 'BEASISWA' ELSE program END AS basis
    FROM claims_period WHERE status = 'DIBAYAR' AND in_programme
)
SELECT '_claim_ratio_numerator' AS indicator, scope, 'program' AS dimension, basis AS category, CAST(SUM(nominal) AS BIGINT) AS value
FROM paid WHERE basis IN ('JKK', 'JKM', 'BEASISWA') GROUP BY scope, basis;

-- indicators: _days_to_payment_median_x2
-- needs: claims_period
-- Internal: twice the median of `hari_bayar` (days from tgl_kejadian to
-- tgl_bayar, set by the runner), so that a median of an even count (the
-- mean of the middle two, possibly a half day) stays an exact integer.
WITH paid AS (
    SELECT 'all' AS scope, hari_bayar FROM claims_period WHERE status = 'DIBAYAR'
    UNION ALL
    SELECT 'programme' AS scope, hari_bayar FROM claims_period WHERE status = 'DIBAYAR' AND in_programme
)
SELECT '_days_to_payment_median_x2' AS indicator, scope, 'total' AS dimension, 'total' AS category, CAST(MEDIAN(hari_bayar) * 2 AS BIGINT) AS value FROM paid GROUP BY scope;
