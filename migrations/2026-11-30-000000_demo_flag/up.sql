-- Synthetic demonstration data (`coopsante seed --demo`) is marked at its roots: co-ops and
-- agreements. Everything else it creates hangs from those (counts and enrolments of demo
-- co-ops, transitions of demo agreements), so
-- `coopsante seed --remove-demo` finds all of it and nothing else.
ALTER TABLE cooperatives ADD COLUMN demo boolean NOT NULL DEFAULT false;
ALTER TABLE service_agreements ADD COLUMN demo boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN cooperatives.demo IS 'synthetic demonstration record, never real (coopsante seed --demo)';
COMMENT ON COLUMN service_agreements.demo IS 'synthetic demonstration record, never real (coopsante seed --demo)';
