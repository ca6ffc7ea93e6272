-- Coverage numerators that need the configured categories (stock, from the
-- snapshot of the period's last month). `is_vulnerable` and `is_non_asn`
-- are set by the runner from `programme.vulnerable_kategori` and
-- `programme.non_asn_kategori`. Internal rows (ids starting with `_`): the
-- ratios against `penyebut` are derived exactly in src/indicators/derived.rs.

-- indicators: _vulnerable_members
-- needs: members_end
WITH rentan AS (
    SELECT kpj, kode_wilayah FROM members_end WHERE status = 'AKTIF' AND in_programme AND is_vulnerable
)
SELECT '_vulnerable_members' AS indicator, 'programme' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value FROM rentan
UNION ALL
SELECT '_vulnerable_members' AS indicator, 'programme' AS scope, 'kelurahan' AS dimension, kode_wilayah AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value FROM rentan GROUP BY kode_wilayah;

-- indicators: _non_asn_members
-- needs: members_end
SELECT '_non_asn_members' AS indicator, 'programme' AS scope, 'total' AS dimension, 'total' AS category, CAST(COUNT(DISTINCT kpj) AS BIGINT) AS value
FROM members_end WHERE status = 'AKTIF' AND in_programme AND is_non_asn;
