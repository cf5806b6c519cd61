DROP TABLE measurements;
DROP TABLE objectives;
DROP TABLE orientations;
DROP TABLE strategic_plans;
