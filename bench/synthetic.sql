-- Synthetic data for benchmarks, at scale :scale (psql -v scale=N; 1 is the default set):
-- 10,000 co-ops with 100 membership counts each (1,000,000 rows), 20 partners with 10
-- agreements each (200), and 5 enrolments for each of 10,000 co-ops (50,000), all × scale.
-- Names say "Synthetic" so that nobody mistakes them for real co-ops. Deterministic.
-- Generated inside PostgreSQL (INSERT … SELECT): nothing crosses the wire, which is faster
-- than COPY from a client.
BEGIN;
-- Bulk synthetic data is not audited: without this, each row would be recorded in the change
-- log (and refused, since no actor is named). Triggers stay off for this transaction only.
SET LOCAL session_replication_role = replica;
TRUNCATE enrollments, agreement_transitions, service_agreements, membership_counts, cooperatives,
         partners CASCADE;

INSERT INTO cooperatives (id, name, legal_form, municipality, province, region,
                          federation_status, member_since, left_on, founded_on)
SELECT gen_random_uuid(),
       'Synthetic co-op ' || lpad(i::text, 6, '0'),
       (ARRAY['solidarity', 'solidarity', 'consumer', 'worker'])[1 + i % 4],
       'Synthville ' || (i % 250),
       CASE WHEN i % 25 = 0 THEN 'ON' ELSE 'QC' END,
       CASE WHEN i % 25 = 0 THEN NULL ELSE lpad((1 + i % 17)::text, 2, '0') END,
       CASE WHEN i % 10 = 0 THEN 'former' WHEN i % 10 = 1 THEN 'prospect' ELSE 'member' END,
       CASE WHEN i % 10 = 1 THEN NULL ELSE date '2000-01-01' + (i * 37 % 8000) END,
       CASE WHEN i % 10 = 0 THEN date '2000-01-01' + (i * 37 % 8000) + 500 + (i % 3000) END,
       date '1995-01-01'
  FROM generate_series(1, 10000 * :scale) AS i;

-- 100 counts per co-op, one every 91 days from 2000 on (to the end of 2024).
-- A bulk load: the spans the statistics read are rebuilt once at the end rather than kept
-- row by row by their trigger.
ALTER TABLE membership_counts DISABLE TRIGGER membership_counts_spans_insert;
INSERT INTO membership_counts (id, cooperative_id, as_of, users, workers, supporting, source)
SELECT gen_random_uuid(), c.id, date '2000-01-01' + k * 91,
       300 + (k * 17 + c.n) % 2500,
       CASE WHEN c.legal_form = 'consumer' THEN 0 ELSE (k + c.n) % 40 END,
       CASE WHEN c.legal_form = 'consumer' THEN 0 ELSE (k * 3 + c.n) % 90 END,
       'estimate'
  FROM (SELECT id, legal_form, row_number() OVER (ORDER BY name) AS n FROM cooperatives) c
 CROSS JOIN generate_series(0, 99) AS k;
ALTER TABLE membership_counts ENABLE TRIGGER membership_counts_spans_insert;
SELECT membership_spans_rebuild();

INSERT INTO partners (id, name, kind)
SELECT gen_random_uuid(), 'Synthetic partner ' || lpad(i::text, 4, '0'),
       (ARRAY['insurer', 'telemedicine', 'nutrition', 'other'])[1 + i % 4]
  FROM generate_series(1, 20 * :scale) AS i;

INSERT INTO service_agreements (id, partner_id, title, category, beneficiaries, status,
                                signed_on, starts_on)
SELECT gen_random_uuid(), p.id, 'Synthetic agreement ' || k,
       (ARRAY['group_insurance', 'telemedicine', 'nutrition', 'other'])[1 + k % 4],
       'both', 'active', date '2015-01-01', date '2015-01-01'
  FROM partners p CROSS JOIN generate_series(1, 10) AS k;

-- Each co-op of the first 10,000 × scale in 5 agreements, from the day it joined.
INSERT INTO enrollments (id, agreement_id, cooperative_id, starts_on, people_covered)
SELECT gen_random_uuid(), a.id, c.id, greatest(c.member_since, date '2015-01-01'), 10 + c.n % 90
  FROM (SELECT id, member_since, row_number() OVER (ORDER BY name) AS n
          FROM cooperatives WHERE member_since IS NOT NULL) c
  JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS m FROM service_agreements) a
    ON a.m IN ((c.n * 5) % (200 * :scale), (c.n * 5 + 1) % (200 * :scale), (c.n * 5 + 2) % (200 * :scale),
               (c.n * 5 + 3) % (200 * :scale), (c.n * 5 + 4) % (200 * :scale))
 WHERE c.n <= 10000 * :scale;
COMMIT;
VACUUM ANALYZE;
