DROP TABLE enrollments;
DROP TABLE agreement_transitions;
DROP TABLE service_agreements;
DROP TABLE partners;
