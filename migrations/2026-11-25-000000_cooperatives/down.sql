DROP TABLE cooperatives;
DROP FUNCTION search_key(text);
DROP FUNCTION immutable_unaccent(text);
