ALTER TABLE service_agreements DROP COLUMN demo;
ALTER TABLE cooperatives DROP COLUMN demo;
