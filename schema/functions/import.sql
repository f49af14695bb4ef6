-- import: what `bbctl import cases` asks of the database (lib/import/write.c): the imported
-- cases with their dated history and their parties, in one statement.
-- revision: 1
--
-- The current definition of every function here (schema/README.md): to change one, edit it
-- here and raise the revision; `bbctl db migrate` then runs this file again.

-- Inserts the cases of organisation p_org (the caller's) in the status they have, their status
-- history p_ev_* (in order: per case the creation, aangemeld, then each move, dated as the old
-- register says) and their parties p_party_*. A case written by a client goes in as
-- 'aangemeld' and moves one UPDATE at a time, each move logged by case_log_event as an event
-- of now() (and recorded by the audit triggers once per statement, so once per move): 10,000
-- imported cases would take tens of thousands of statements and carry today's date. So for
-- this statement case_check and case_log_event rest (ALTER TABLE ... DISABLE TRIGGER, which
-- needs the owner: SECURITY DEFINER; it holds other writers of bb_case off until the commit),
-- and what they check is checked here for every row before they are on again: the report not
-- in the future, a history that starts with the creation as 'aangemeld', moves only as
-- case_transition allows and ends in the case's status; as parties.sql asks, a melder in every
-- case past the intake or with an intake decision; as registry.sql asks, the closing reason
-- (the note of the closing event, written before this call); and that each data key is a new
-- one of the organisation. Any refusal rolls everything back, the triggers' state too.
-- Constraints, foreign keys and the other triggers (audit, figures, pairing, parties) work as
-- for any insert.
CREATE OR REPLACE FUNCTION bb_import_rows(p_org uuid,
    p_id uuid[], p_year int[], p_seq int[], p_reported date[], p_source text[], p_types text[],
    p_area text[], p_suitable boolean[], p_intake_on date[], p_intake_reason text[],
    p_status text[], p_outcome text[], p_closed_on date[], p_key uuid[], p_import_key text[],
    p_ev_id uuid[], p_ev_case uuid[], p_ev_at timestamptz[], p_ev_from text[], p_ev_to text[],
    p_party_id uuid[], p_party_case uuid[], p_party_seq int[], p_party_role text[],
    p_party_tenure text[], p_party_household text[], p_party_age text[],
    p_party_interpreter text[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    bad record;
    last_case uuid[];
    last_status text[];
BEGIN
    PERFORM bb_require_org(p_org);
    IF NOT (bb_caller_is_owner() OR bb_caller_has('coordinator') OR bb_caller_has('admin')) THEN
        RAISE EXCEPTION 'import: only a coordinator or an administrator imports cases'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT s.r INTO bad FROM unnest(p_reported) AS s(r) WHERE s.r > current_date + 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'reported: % is in the future', bad.r USING ERRCODE = 'check_violation';
    END IF;
    -- Every move of the history is one the workflow allows, and each case's history begins
    -- with its creation and ends in its status.
    SELECT e.f, e.t INTO bad
      FROM (SELECT x.c, x.f, x.t, lag(x.c) OVER w AS pc, lag(x.t) OVER w AS pt
              FROM unnest(p_ev_case, p_ev_from, p_ev_to) WITH ORDINALITY AS x(c, f, t, n)
            WINDOW w AS (ORDER BY x.n)) e
     WHERE CASE WHEN e.f IS NULL THEN e.t <> 'aangemeld'
                ELSE NOT EXISTS (SELECT FROM case_transition ct
                                  WHERE ct.from_status = e.f AND ct.to_status = e.t) END
        OR (e.f IS NULL) <> (e.pc IS DISTINCT FROM e.c)
        OR (e.f IS NOT NULL AND e.f IS DISTINCT FROM e.pt)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'status: a case cannot go from ''%'' to ''%''', bad.f, bad.t
            USING ERRCODE = 'check_violation';
    END IF;
    -- The last event of each case, in the cases' order (the history comes grouped by case, in
    -- that order): as arrays, compared whole (a join of two unnests would be planned blind).
    SELECT array_agg(x.c ORDER BY x.n), array_agg(x.t ORDER BY x.n) INTO last_case, last_status
      FROM (SELECT e.c, e.t, e.n, lead(e.c) OVER (ORDER BY e.n) AS next_case
              FROM unnest(p_ev_case, p_ev_to) WITH ORDINALITY AS e(c, t, n)) x
     WHERE x.next_case IS DISTINCT FROM x.c;
    IF last_case IS DISTINCT FROM p_id OR last_status IS DISTINCT FROM p_status THEN
        RAISE EXCEPTION 'status: the history of a case does not end in its status'
            USING ERRCODE = 'check_violation';
    END IF;
    -- The data keys are the organisation's own, made for these cases (the function runs as
    -- the owner, who sees every organisation's rows; the foreign key does not name one).
    SELECT k.id INTO bad FROM unnest(p_key) AS k(id)
     WHERE NOT EXISTS (SELECT FROM data_key d WHERE d.id = k.id AND d.org_id = p_org)
        OR EXISTS (SELECT FROM bb_case c WHERE c.data_key_id = k.id)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'import: data key % is not a new key of this organisation', bad.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    ALTER TABLE bb_case DISABLE TRIGGER case_check, DISABLE TRIGGER case_log_event;
    INSERT INTO bb_case (id, org_id, year, seq, reported_on, source, conflict_types, area,
                         intake_suitable, intake_on, intake_reason, status, outcome, closed_on,
                         data_key_id, import_key)
    SELECT c.id, p_org, c.year, c.seq, c.reported, c.source, c.types::text[], c.area,
           c.suitable, c.intake_on, c.intake_reason, c.status, c.outcome, c.closed_on, c.key,
           c.import_key
      FROM unnest(p_id, p_year, p_seq, p_reported, p_source, p_types, p_area, p_suitable,
                  p_intake_on, p_intake_reason, p_status, p_outcome, p_closed_on, p_key,
                  p_import_key)
           AS c(id, year, seq, reported, source, types, area, suitable, intake_on,
                intake_reason, status, outcome, closed_on, key, import_key);
    INSERT INTO case_event (id, org_id, case_id, at, from_status, to_status)
    SELECT e.id, p_org, e.c, e.at, e.f, e.t
      FROM unnest(p_ev_id, p_ev_case, p_ev_at, p_ev_from, p_ev_to) WITH ORDINALITY
           AS e(id, c, at, f, t, n)
     ORDER BY e.n;
    ALTER TABLE bb_case ENABLE TRIGGER case_check, ENABLE TRIGGER case_log_event;
    INSERT INTO party (id, org_id, case_id, seq, role, tenure, household, age_band, interpreter)
    SELECT p.id, p_org, p.c, p.seq, p.role, p.tenure, p.household, p.age, p.interpreter
      FROM unnest(p_party_id, p_party_case, p_party_seq, p_party_role, p_party_tenure,
                  p_party_household, p_party_age, p_party_interpreter)
           AS p(id, c, seq, role, tenure, household, age, interpreter);
    -- Joins, not c.id = ANY (p_id): that would compare every row with the whole array.
    SELECT c.year, c.seq INTO bad FROM unnest(p_id) AS i(id) JOIN bb_case c ON c.id = i.id
     WHERE (bb_case_past_intake(c.status) OR c.intake_suitable IS NOT NULL)
       AND NOT bb_case_has_melder(c.id, NULL)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'party: case BB-%-% has no melder: a case past the intake has one',
            bad.year, lpad(bad.seq::text, 4, '0') USING ERRCODE = 'check_violation';
    END IF;
    SELECT e.id INTO bad FROM unnest(p_ev_id, p_ev_to) AS e(id, t)
     WHERE e.t = 'afgesloten'
       AND NOT EXISTS (SELECT FROM personal_field f WHERE f.owner_table = 'case_event'
                          AND f.owner_id = e.id AND f.field = 'note')
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'reason: closing needs a reason (event %)', bad.id
            USING ERRCODE = 'check_violation';
    END IF;
END $$;
REVOKE ALL ON FUNCTION bb_import_rows(uuid, uuid[], int[], int[], date[], text[], text[],
    text[], boolean[], date[], text[], text[], text[], date[], uuid[], text[], uuid[], uuid[],
    timestamptz[], text[], text[], uuid[], uuid[], int[], text[], text[], text[], text[], text[])
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_import_rows(uuid, uuid[], int[], int[], date[], text[], text[],
    text[], boolean[], date[], text[], text[], text[], date[], uuid[], text[], uuid[], uuid[],
    timestamptz[], text[], text[], uuid[], uuid[], int[], text[], text[], text[], text[], text[])
    TO bb_admin, bb_coordinator;
