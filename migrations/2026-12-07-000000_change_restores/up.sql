-- A restore from a backup rewinds the commit clock: the commits made after the backup are
-- lost, and their numbers would be given again to other changes, so a follower's saved cursor
-- would silently read other changes under old numbers. `scripts/restore` calls
-- `mark_restore()` instead, which moves the clock far ahead and records the numbers that now
-- mean nothing: a cursor among them is told to take a new snapshot (410).
CREATE TABLE change_restores (
    -- The clock as the backup left it: cursors up to it are still good.
    backup_head bigint PRIMARY KEY,
    -- The clock after the restore: cursors above the backup's head and below this were made
    -- by the lost commits.
    resumed_at bigint NOT NULL,
    restored_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT change_restores_ahead CHECK (resumed_at > backup_head)
);

CREATE FUNCTION mark_restore() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    head bigint;
BEGIN
    SELECT sequence INTO head FROM change_clock FOR UPDATE;
    -- 10^12 commits: more than any lost timeline made after its backup (a thousand commits a
    -- second for thirty years), and cursors keep fitting in 18 digits after a million restores.
    INSERT INTO change_restores (backup_head, resumed_at) VALUES (head, head + 1000000000000);
    UPDATE change_clock SET sequence = head + 1000000000000;
    RETURN head + 1000000000000;
END
$$;
