-- registry: the rules of areas, cases, volunteers and contact moments that the database keeps
-- for any client (libbb keeps them too), and the status histories.
-- revision: 4
--
-- The current definition of every function and trigger here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- Two areas of one organisation never share a postcode, so the derivation is unambiguous. An
-- area is compared with the other areas, not with itself (a rename changes NEW.name).
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
CREATE OR REPLACE TRIGGER area_check_overlap BEFORE INSERT OR UPDATE ON area
    FOR EACH ROW EXECUTE FUNCTION area_check_overlap();

-- Whether case p_case may go from p_from to p_to: a step of the workflow (case_transition);
-- voiding, from any status but vervallen (final); or reopening, from afgesloten back to the
-- status the case had before its last closing (the corrections, docs/cases.md).
CREATE OR REPLACE FUNCTION bb_case_step_ok(p_case uuid, p_from text, p_to text)
RETURNS boolean LANGUAGE sql STABLE
RETURN EXISTS (SELECT 1 FROM case_transition WHERE from_status = p_from AND to_status = p_to)
    OR (p_to = 'vervallen' AND p_from <> 'vervallen')
    OR (p_from = 'afgesloten' AND p_to = (SELECT e.from_status FROM case_event e
                                           WHERE e.case_id = p_case AND e.to_status = 'afgesloten'
                                           ORDER BY e.seq DESC LIMIT 1));

-- A report is dated at most a day ahead of the server's date (clients in other time zones);
-- libbb refuses any date after the user's own today. A new case starts as aangemeld, and its
-- status moves only as case_transition allows (the same rows as libbb's workflow table).
CREATE OR REPLACE FUNCTION case_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.reported_on > current_date + 1 THEN
        RAISE EXCEPTION 'reported: % is in the future', NEW.reported_on
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'aangemeld' THEN
        RAISE EXCEPTION 'status: a new case starts as ''aangemeld'', not ''%''', NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status
       AND NOT bb_case_step_ok(NEW.id, OLD.status, NEW.status) THEN
        RAISE EXCEPTION 'status: a case cannot go from ''%'' to ''%''', OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER case_check BEFORE INSERT OR UPDATE ON bb_case
    FOR EACH ROW EXECUTE FUNCTION case_check();

-- Status history: one case_event per transition, so the history and the lead times hold
-- whoever changed the status.
CREATE OR REPLACE FUNCTION case_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO case_event (org_id, case_id, from_status, to_status)
        VALUES (NEW.org_id, NEW.id, NULL, NEW.status);
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO case_event (org_id, case_id, from_status, to_status)
        VALUES (NEW.org_id, NEW.id, OLD.status, NEW.status);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER case_log_event AFTER INSERT OR UPDATE OF status ON bb_case
    FOR EACH ROW EXECUTE FUNCTION case_log_event();

-- A case is closed, voided or reopened with a reason: the event of that step carries an
-- encrypted note (libbb writes it after the update, in the same transaction, so the check
-- waits for the commit). Only the note's presence is checked; what it says is encrypted. A
-- void case's personal data is destroyed: the data key it had is gone at the commit (the note
-- of its voiding is under the new key libbb gives it, so the reason outlives the rest); a case
-- with referrals (which the referral figures count) is not void.
CREATE OR REPLACE FUNCTION case_check_close_reason() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ev uuid;
    step text := CASE NEW.status WHEN 'afgesloten' THEN 'closing'
                                 WHEN 'vervallen' THEN 'voiding' ELSE 'reopening' END;
BEGIN
    SELECT e.id INTO ev FROM case_event e
     WHERE e.case_id = NEW.id AND e.to_status = NEW.status
       AND e.from_status IS NOT DISTINCT FROM OLD.status ORDER BY e.seq DESC LIMIT 1;
    IF NOT EXISTS (SELECT 1 FROM personal_field f
                    WHERE f.owner_table = 'case_event' AND f.owner_id = ev AND f.field = 'note')
    THEN
        RAISE EXCEPTION 'reason: % case BB-%-% needs a reason', step, NEW.year,
            lpad(NEW.seq::text, 4, '0') USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'vervallen' AND EXISTS (SELECT 1 FROM referral r WHERE r.case_id = NEW.id)
    THEN
        RAISE EXCEPTION 'status: case BB-%-% has referrals: a case referred to professional mediation is not void',
            NEW.year, lpad(NEW.seq::text, 4, '0') USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'vervallen' AND (NEW.data_key_id IS NOT DISTINCT FROM OLD.data_key_id
            OR EXISTS (SELECT 1 FROM data_key k WHERE k.id = OLD.data_key_id)) THEN
        RAISE EXCEPTION 'status: void case BB-%-% still has its personal data', NEW.year,
            lpad(NEW.seq::text, 4, '0') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_check_close_reason ON bb_case;
CREATE CONSTRAINT TRIGGER case_check_close_reason AFTER UPDATE OF status ON bb_case
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status
          AND (NEW.status IN ('afgesloten', 'vervallen') OR OLD.status = 'afgesloten'))
    EXECUTE FUNCTION case_check_close_reason();

-- The recruitment pipeline (the same rows as libbb's step table, lib/volunteers/pipeline.c):
-- aangemeld -> in_opleiding -> gecertificeerd -> actief, and gestopt from any of them. From
-- gestopt a volunteer goes back to where they left off (to = NULL): actief when they had been
-- gecertificeerd or actief, else the status they had.
CREATE OR REPLACE FUNCTION volunteer_step_ok(p_from text, p_to text, p_resume text)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM (VALUES ('aangemeld', 'in_opleiding'),
        ('in_opleiding', 'gecertificeerd'), ('gecertificeerd', 'actief'),
        ('aangemeld', 'gestopt'), ('in_opleiding', 'gestopt'), ('gecertificeerd', 'gestopt'),
        ('actief', 'gestopt'), ('gestopt', NULL)) AS s (f, t)
    WHERE s.f = p_from AND coalesce(s.t, p_resume) = p_to);

-- Where a stopped volunteer goes back to: the last status they entered before stopping
-- (gecertificeerd and actief give actief); aangemeld when no such status was recorded.
CREATE OR REPLACE FUNCTION volunteer_resume_status(p_id uuid) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce((SELECT CASE WHEN e.status IN ('gecertificeerd', 'actief') THEN 'actief'
                             ELSE e.status END
                   FROM volunteer_status_event e
                  WHERE e.volunteer_id = p_id AND e.status <> 'gestopt'
                  ORDER BY e.id DESC LIMIT 1), 'aangemeld');

-- The recruitment pipeline's dates: one volunteer_status_event per status a volunteer entered.
-- A new volunteer starts as aangemeld (libbb records a later start as the steps before it, each
-- with its date, in the same transaction); each change of status is a step of the pipeline, on
-- or after the day the status before began. Histories recorded before these checks stay.
CREATE OR REPLACE FUNCTION volunteer_log_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.status <> 'aangemeld' THEN
        RAISE EXCEPTION 'status: a new volunteer starts as ''aangemeld'', not ''%''', NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT volunteer_step_ok(OLD.status, NEW.status, volunteer_resume_status(NEW.id)) THEN
            RAISE EXCEPTION 'status: volunteer V-% cannot go from ''%'' to ''%''',
                lpad(NEW.number::text, 4, '0'), OLD.status, NEW.status
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.status_since < OLD.status_since THEN
            RAISE EXCEPTION 'since: % is before the current status began (%)',
                NEW.status_since, OLD.status_since USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO volunteer_status_event (org_id, volunteer_id, status, since)
        VALUES (NEW.org_id, NEW.id, NEW.status, NEW.status_since);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER volunteer_log_status AFTER INSERT OR UPDATE OF status ON volunteer
    FOR EACH ROW EXECUTE FUNCTION volunteer_log_status();

-- A contact moment belongs to a case of its own organisation that is not void, on a day from
-- the report on.
CREATE OR REPLACE FUNCTION contact_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reported date;
    st text;
BEGIN
    SELECT reported_on, status INTO reported, st FROM bb_case
     WHERE id = NEW.case_id AND org_id = NEW.org_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case: no such case in this organisation'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF st = 'vervallen' THEN
        RAISE EXCEPTION 'case: the case is void: its contact moments stay as they are'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.contact_on < reported OR NEW.contact_on > current_date + 1 THEN
        RAISE EXCEPTION 'date: % is before the report (%) or in the future',
            NEW.contact_on, reported USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER contact_check BEFORE INSERT OR UPDATE ON contact
    FOR EACH ROW EXECUTE FUNCTION contact_check();
-- Corrected contact moments carry a row version (0017); its trigger is here with their rules.
CREATE OR REPLACE TRIGGER contact_bump_version BEFORE UPDATE ON contact
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- Working days (Monday to Friday; public holidays are not known) d with d1 < d <= d2: what
-- the signals count.
CREATE OR REPLACE FUNCTION bb_workdays(d1 date, d2 date) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN d2 <= d1 THEN 0 ELSE ((d2 - d1) / 7) * 5
    + (SELECT count(*)::integer FROM generate_series(1, (d2 - d1) % 7) AS i
        WHERE extract(isodow FROM d1 + i) < 6) END;
