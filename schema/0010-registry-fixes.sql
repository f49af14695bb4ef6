-- 0010-registry-fixes: registry fixes (issue 4).

-- An area is compared with the other areas, not with itself: a rename changes NEW.name, and
-- 0003 compared by the new name, so a renamed area overlapped with its own old row.
CREATE OR REPLACE FUNCTION area_check_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other text;
    old_name text; -- NULL on INSERT
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_name := OLD.name;
    END IF;
    -- One area writer per organisation at a time, so two concurrent sets cannot overlap.
    PERFORM pg_advisory_xact_lock(hashtext('bb.area:' || NEW.org_id::text));
    SELECT name INTO other FROM area
     WHERE org_id = NEW.org_id AND name <> NEW.name
       AND name IS DISTINCT FROM old_name
       AND postcodes && NEW.postcodes LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'postcodes: % overlaps with area ''%''', NEW.postcodes, other
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END $$;
