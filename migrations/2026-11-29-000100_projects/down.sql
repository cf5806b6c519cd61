ALTER TABLE event_presentations DROP CONSTRAINT event_presentations_project_id_fkey;
DROP TABLE project_funders;
DROP TABLE project_transitions;
DROP TABLE projects;
ALTER TABLE partners DROP CONSTRAINT partners_kind_check;
ALTER TABLE partners ADD CONSTRAINT partners_kind_check
  CHECK (kind IN ('insurance_broker', 'insurer', 'telemedicine', 'nutrition', 'sponsor', 'other'));
