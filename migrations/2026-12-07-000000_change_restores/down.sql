DROP FUNCTION mark_restore();
DROP TABLE change_restores;
