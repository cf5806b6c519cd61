DROP TABLE event_presentations;
DROP TABLE event_participations;
DROP TABLE events;
