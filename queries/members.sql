-- Membership (stock): read from the snapshot of the period's last month.
-- Tables: members_end (that snapshot, with in_programme), members_before
-- (the snapshot of the month before the period), params (one row: period
-- bounds). Every SELECT names all five output columns.

-- indicators: members_active
-- needs: members_end
-- A participant is one row of the snapshot (`kpj` is unique within a
-- month and never empty: ingest quarantines a second row as
-- DUPLICATE_KPJ), so the members are counted once, in cells of every
-- attribute at once, and each breakdown adds its cells up: one pass over
-- the snapshot instead of a distinct count per breakdown and scope.
WITH aged AS (
    SELECT m.segmen AS segmen, m.kategori AS kategori, m.sumber_iuran AS sumber_iuran,
           m.kode_wilayah AS kode_wilayah, m.jenis_kelamin AS jenis_kelamin, m.in_programme AS in_programme,
           p.end_year - EXTRACT(YEAR FROM m.tgl_lahir)
             - CASE WHEN EXTRACT(MONTH FROM m.tgl_lahir) > p.end_month
                      OR (EXTRACT(MONTH FROM m.tgl_lahir) = p.end_month AND EXTRACT(DAY FROM m.tgl_lahir) > p.end_day)
                    THEN 1 ELSE 0 END AS age
    FROM members_end m CROSS JOIN params p
    WHERE m.status = 'AKTIF'
),
banded AS (
    SELECT segmen, kategori, sumber_iuran, kode_wilayah, jenis_kelamin, in_programme,
           CASE WHEN age BETWEEN 18 AND 24 THEN '18-24'
                WHEN age BETWEEN 25 AND 34 THEN '25-34'
                WHEN age BETWEEN 35 AND 44 THEN '35-44'
                WHEN age BETWEEN 45 AND 54 THEN '45-54'
                WHEN age BETWEEN 55 AND 65 THEN '55-65'
                ELSE 'other' END AS age_band
    FROM aged
),
cells AS (
    SELECT in_programme, segmen, kategori, sumber_iuran, kode_wilayah, jenis_kelamin, age_band, COUNT(*) AS n
    FROM banded GROUP BY in_programme, segmen, kategori, sumber_iuran, kode_wilayah, jenis_kelamin, age_band
),
active AS (
    SELECT 'all' AS scope, segmen, kategori, sumber_iuran, kode_wilayah, SUBSTR(kode_wilayah, 1, 8) AS kecamatan, jenis_kelamin, age_band, n FROM cells
    UNION ALL
    SELECT 'programme' AS scope, segmen, kategori, sumber_iuran, kode_wilayah, SUBSTR(kode_wilayah, 1, 8) AS kecamatan, jenis_kelamin, age_band, n FROM cells WHERE in_programme
),
-- Kelurahan by kategori as a full grid: every kelurahan with members times
-- every kategori of the scope, zeros included, so that a hidden cell's row
-- does not tell that the kategori is there (see README, "Disclosure control").
crossed AS (
    SELECT scope, kode_wilayah, kategori, SUM(n) AS n FROM active GROUP BY scope, kode_wilayah, kategori
),
grid AS (
    SELECT k.scope AS scope, k.kode_wilayah AS kode_wilayah, c.kategori AS kategori
    FROM (SELECT DISTINCT scope, kode_wilayah FROM active) k
    JOIN (SELECT DISTINCT scope, kategori FROM active) c ON k.scope = c.scope
)
SELECT 'members_active' AS indicator, scope, 'total' AS dimension, 'total' AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope
UNION ALL SELECT 'members_active' AS indicator, scope, 'segmen' AS dimension, segmen AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, segmen
UNION ALL SELECT 'members_active' AS indicator, scope, 'kategori' AS dimension, kategori AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, kategori
UNION ALL SELECT 'members_active' AS indicator, scope, 'sumber_iuran' AS dimension, sumber_iuran AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, sumber_iuran
UNION ALL SELECT 'members_active' AS indicator, scope, 'kecamatan' AS dimension, kecamatan AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, kecamatan
UNION ALL SELECT 'members_active' AS indicator, scope, 'kelurahan' AS dimension, kode_wilayah AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, kode_wilayah
UNION ALL SELECT 'members_active' AS indicator, g.scope AS scope, 'kelurahan_kategori' AS dimension, g.kode_wilayah || '/' || g.kategori AS category, CAST(COALESCE(x.n, 0) AS BIGINT) AS value
    FROM grid g LEFT JOIN crossed x ON g.scope = x.scope AND g.kode_wilayah = x.kode_wilayah AND g.kategori = x.kategori
UNION ALL SELECT 'members_active' AS indicator, scope, 'jenis_kelamin' AS dimension, jenis_kelamin AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, jenis_kelamin
UNION ALL SELECT 'members_active' AS indicator, scope, 'age_band' AS dimension, age_band AS category, CAST(SUM(n) AS BIGINT) AS value FROM active GROUP BY scope, age_band;

-- indicators: members_new
-- needs: members_end
WITH fresh AS (
    SELECT m.kpj AS kpj, m.in_programme AS in_programme
    FROM members_end m CROSS JOIN params p
    WHERE m.status = 'AKTIF'
      -- The bounds as one condition, not two: a pair of inequalities against
      -- the one-row params table is planned by polars as a range join (an
      -- IEJoin), four times slower than this filter.
      AND CASE WHEN m.tgl_kepesertaan >= p.period_start AND m.tgl_kepesertaan <= p.period_end THEN TRUE ELSE FALSE END
)
SELECT 'members_new' AS indicator, 'all' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value FROM fresh
UNION ALL
SELECT 'members_new' AS indicator, 'programme' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value FROM fresh WHERE in_programme;

-- indicators: members_lapsed
-- needs: members_end, members_before
-- Active before the period, not active at its end (absent or NONAKTIF); a
-- programme member who leaves the programme scope counts as lapsed from it.
-- `kpj` (11 digits, checked by ingest) is compared as a number: the same
-- participants, found twice as fast as by text.
SELECT 'members_lapsed' AS indicator, 'all' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value
FROM members_before
WHERE status = 'AKTIF' AND CAST(kpj AS BIGINT) NOT IN (SELECT CAST(kpj AS BIGINT) FROM members_end WHERE status = 'AKTIF')
UNION ALL
SELECT 'members_lapsed' AS indicator, 'programme' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value
FROM members_before
WHERE status = 'AKTIF' AND in_programme AND CAST(kpj AS BIGINT) NOT IN (SELECT CAST(kpj AS BIGINT) FROM members_end WHERE status = 'AKTIF' AND in_programme);
