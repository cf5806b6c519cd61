-- Synthetic data for benchmarks: 10,000 co-ops and 100 membership counts each (1,000,000
-- rows). Names say "Synthetic" so that nobody mistakes them for real co-ops. Deterministic.
BEGIN;
-- Bulk synthetic data is not audited: without this, each row would be recorded in the change
-- log (and refused, since no actor is named). Triggers stay off for this transaction only.
SET LOCAL session_replication_role = replica;
TRUNCATE membership_counts, cooperatives;

INSERT INTO cooperatives (id, name, legal_form, municipality, province, region,
                          federation_status, member_since, left_on, founded_on)
SELECT gen_random_uuid(),
       'Synthetic co-op ' || lpad(i::text, 5, '0'),
       (ARRAY['solidarity', 'solidarity', 'consumer', 'worker'])[1 + i % 4],
       'Synthville ' || (i % 250),
       CASE WHEN i % 25 = 0 THEN 'ON' ELSE 'QC' END,
       CASE WHEN i % 25 = 0 THEN NULL ELSE lpad((1 + i % 17)::text, 2, '0') END,
       CASE WHEN i % 10 = 0 THEN 'former' WHEN i % 10 = 1 THEN 'prospect' ELSE 'member' END,
       CASE WHEN i % 10 = 1 THEN NULL ELSE date '2000-01-01' + (i * 37 % 8000) END,
       CASE WHEN i % 10 = 0 THEN date '2000-01-01' + (i * 37 % 8000) + 500 + (i % 3000) END,
       date '1995-01-01'
  FROM generate_series(1, 10000) AS i;

-- 100 counts per co-op, one every 91 days from 2000 on (to the end of 2024).
INSERT INTO membership_counts (id, cooperative_id, as_of, users, workers, supporting, source)
SELECT gen_random_uuid(), c.id, date '2000-01-01' + k * 91,
       300 + (k * 17 + c.n) % 2500,
       CASE WHEN c.legal_form = 'consumer' THEN 0 ELSE (k + c.n) % 40 END,
       CASE WHEN c.legal_form = 'consumer' THEN 0 ELSE (k * 3 + c.n) % 90 END,
       'estimate'
  FROM (SELECT id, legal_form, row_number() OVER (ORDER BY name) AS n FROM cooperatives) c
 CROSS JOIN generate_series(0, 99) AS k;
COMMIT;
VACUUM ANALYZE cooperatives;
VACUUM ANALYZE membership_counts;
