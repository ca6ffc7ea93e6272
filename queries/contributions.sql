-- Contributions (flow): the sum of `iuran` over every snapshot of the
-- period, all rows (a NONAKTIF row carries what was paid, usually 0):
-- the sum of the months' sums.

-- indicators: contributions_paid
-- needs: members_period
-- per month: sum
SELECT 'contributions_paid' AS indicator, 'all' AS scope, 'total' AS dimension, 'total' AS category, CAST(SUM(iuran) AS BIGINT) AS value FROM members_period
UNION ALL
SELECT 'contributions_paid' AS indicator, 'programme' AS scope, 'total' AS dimension, 'total' AS category, CAST(SUM(iuran) AS BIGINT) AS value FROM members_period WHERE in_programme;
