ALTER TABLE objectives DROP CONSTRAINT objectives_indicator_source_check;
ALTER TABLE objectives ADD CONSTRAINT objectives_indicator_source_check
  CHECK (indicator_source IN ('member_cooperatives'));
