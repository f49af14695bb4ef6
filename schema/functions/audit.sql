-- audit: the audit log (docs/admin.md, "Audit log"). It is append-only and hash-chained: every
-- record holds the hash of the one before it and of its own canonical content; records are
-- appended one at a time under a lock, so the chain cannot fork. `bbctl audit verify`
-- recomputes it; `bbctl audit head` gives the newest hash to keep outside the database.
-- revision: 5
--
-- The current definition of every function, trigger and grant here (schema/README.md): to
-- change one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- The bytes a record's hash covers, besides the previous hash. jsonb prints canonically (keys
-- sorted), and times are printed in UTC with microseconds, so the same record always gives
-- the same bytes.
CREATE OR REPLACE FUNCTION bb_audit_content(r audit_log) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(concat_ws(E'\x1f', r.seq::text,
                                to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                                coalesce(r.org_id::text, ''), r.actor, r.program, r.action,
                                coalesce(r.case_id::text, ''), r.detail::text), 'UTF8')
$$;

-- Appends one record, as the owner: appending reads the newest record of every organisation
-- (the chain is one). Who acts: the person bb_act_person (acts.sql) finds - a person's login
-- role, or the bb user proven on an owner's connection - else the session's database role.
-- What a session merely claims is never written as the actor. Which program: bb.program, or
-- 'sql' (psql).
CREATE OR REPLACE FUNCTION bb_audit_append(p_org uuid, p_action text, p_case uuid, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    last audit_log;
    r    audit_log;
BEGIN
    IF p_org IS NOT NULL THEN
        PERFORM bb_require_org(p_org);  -- records only in one's own organisation's name
    END IF;
    r.actor := coalesce((SELECT p.login FROM bb_act_person(p_org, false) p), session_user::text);
    -- One appender at a time, until commit: the chain has exactly one head.
    PERFORM pg_advisory_xact_lock(7089066773040537973);
    SELECT * INTO last FROM audit_log ORDER BY seq DESC LIMIT 1;
    r.seq := coalesce(last.seq, 0) + 1;
    r.at := clock_timestamp();
    r.org_id := p_org;
    r.program := coalesce(nullif(current_setting('bb.program', true), ''), 'sql');
    r.action := p_action;
    r.case_id := p_case;
    r.detail := coalesce(p_detail, '{}');
    r.prev_hash := coalesce(last.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    r.hash := sha256(r.prev_hash || bb_audit_content(r));
    INSERT INTO audit_log SELECT r.*;
    RETURN r.seq;
END
$$;
REVOKE ALL ON FUNCTION bb_audit_append(uuid, text, uuid, jsonb)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_audit_append(uuid, text, uuid, jsonb)
    TO bb_admin, bb_coordinator, bb_mediator, bb_reporter;  -- a reporter's exports are logged

-- Nobody changes history: not even the owner without switching these triggers off first.
CREATE OR REPLACE FUNCTION bb_audit_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = '42501';
END
$$;
CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION bb_audit_refuse();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION bb_audit_refuse();

-- Every change to an audited table, one record per statement (a bulk COPY of 100,000 cases is
-- one record, not 100,000), from one pass over its rows: the number of rows, the case when
-- they all have the same one, the organisation, and the first 20 ids (LIMIT: a pass over those
-- only). Trigger arguments: the column holding the case id ('' if none) and the row id column
-- ('' if none).
CREATE OR REPLACE FUNCTION bb_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    case_col text := TG_ARGV[0];
    id_col   text := TG_ARGV[1];
    n        bigint;
    one_case uuid;
    ids      jsonb := '[]';
    org      uuid;
    orgs     bigint;
    has_org  boolean;
    person   uuid;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM bb_audit_append(NULL, 'truncate:' || TG_TABLE_NAME, NULL, '{}');
        RETURN NULL;
    END IF;
    has_org := EXISTS (SELECT FROM pg_attribute WHERE attrelid = TG_RELID
                          AND attname = 'org_id' AND NOT attisdropped);
    -- The case: the one every row names (none when a row has none or two rows differ).
    EXECUTE format('SELECT count(*), %s, %s FROM changed',
                   CASE WHEN case_col = '' THEN 'NULL::uuid'
                        ELSE format('CASE WHEN count(%1$I) = count(*) AND min(%1$I::text)'
                                    ' = max(%1$I::text) THEN min(%1$I::text)::uuid END',
                                    case_col) END,
                   CASE WHEN has_org THEN 'min(org_id::text)::uuid, CASE WHEN min(org_id::text)'
                                           ' = max(org_id::text) THEN 1 ELSE 2 END'
                        ELSE 'NULL::uuid, 0' END)
        INTO n, one_case, org, orgs;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    -- A change to an organisation's rows needs a person of that organisation (acts.sql); one
    -- statement over several organisations' rows is the owner's alone.
    person := (bb_act_person(org, true)).id;
    IF orgs > 1 AND person IS NOT NULL THEN
        RAISE EXCEPTION 'one change over several organisations'' rows' USING ERRCODE = 'BBA02';
    END IF;
    IF id_col <> '' THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(%I), ''[]'') FROM (SELECT %I FROM changed LIMIT 20) s',
                       id_col, id_col) INTO ids;
    END IF;
    PERFORM bb_audit_append(org, lower(TG_OP) || ':' || TG_TABLE_NAME, one_case,
                            jsonb_build_object('rows', n, 'ids', ids));
    RETURN NULL;
END
$$;

-- Attaches the change triggers to a table (the list at the end of this file). A table that
-- does not exist is skipped.
CREATE OR REPLACE FUNCTION bb_audit_attach(tname text, case_col text, id_col text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass := to_regclass(tname);
BEGIN
    IF t IS NULL THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS changed'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION bb_audit_change(%L, %L)', t, case_col, id_col);
    EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON %s REFERENCING NEW TABLE AS changed'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION bb_audit_change(%L, %L)', t, case_col, id_col);
    EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS changed'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION bb_audit_change(%L, %L)', t, case_col, id_col);
    EXECUTE format('CREATE TRIGGER audit_truncate AFTER TRUNCATE ON %s'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION bb_audit_change(%L, %L)', t, case_col, id_col);
    -- Also under session_replication_role = replica (the demo generator's fast path): a bulk
    -- load is one record per statement, but never none.
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER audit_insert, ENABLE ALWAYS TRIGGER'
                   ' audit_update, ENABLE ALWAYS TRIGGER audit_delete, ENABLE ALWAYS TRIGGER'
                   ' audit_truncate', t);
END
$$;

-- The case a data key belongs to, for views of personal data.
CREATE OR REPLACE FUNCTION bb_audit_case_of_key(k uuid) RETURNS uuid
LANGUAGE plpgsql STABLE AS $$
DECLARE
    c uuid;
BEGIN
    EXECUTE 'SELECT id FROM bb_case WHERE data_key_id = $1' INTO c USING k;
    RETURN c;
EXCEPTION WHEN undefined_column THEN
    RETURN NULL; -- before cases had data keys
END
$$;

-- The audit log's head and its first break, over every organisation's records (the chain is
-- one), for administrators who may read only their own records.
CREATE OR REPLACE FUNCTION bb_audit_summary()
RETURNS TABLE (records bigint, head_seq bigint, head text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT (SELECT count(*) FROM public.audit_log), l.seq, encode(l.hash, 'hex')
      FROM (SELECT NULL) AS one
      LEFT JOIN LATERAL (SELECT a.seq, a.hash FROM public.audit_log a
                          ORDER BY a.seq DESC LIMIT 1) l ON true
$$;
REVOKE ALL ON FUNCTION bb_audit_summary()
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_audit_summary() TO bb_admin;

CREATE OR REPLACE FUNCTION bb_audit_first_break()
RETURNS TABLE (seq bigint, changed boolean, unlinked boolean, gap boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT c.seq, NOT c.intact, NOT c.linked, NOT c.contiguous FROM (
        SELECT a.seq, a.hash = sha256(a.prev_hash || bb_audit_content(a)) AS intact,
               a.prev_hash = coalesce(lag(a.hash) OVER w, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS linked,
               a.seq = coalesce(lag(a.seq) OVER w, 0) + 1 AS contiguous
          FROM public.audit_log a WINDOW w AS (ORDER BY a.seq)) c
     WHERE NOT (c.intact AND c.linked AND c.contiguous) ORDER BY c.seq LIMIT 1
$$;
REVOKE ALL ON FUNCTION bb_audit_first_break()
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_audit_first_break() TO bb_admin;

-- An anchor kept outside the database (`bbctl audit anchor`): the hash of record p_seq, hex,
-- and how many records follow it; no row when there is no such record. As the owner, like
-- bb_audit_summary: the chain is one over every organisation, and a hash and a count reveal
-- nothing of a record.
CREATE OR REPLACE FUNCTION bb_audit_anchor_at(p_seq bigint)
RETURNS TABLE (hash text, after bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT encode(a.hash, 'hex'), (SELECT count(*) FROM public.audit_log b WHERE b.seq > a.seq)
      FROM public.audit_log a WHERE a.seq = p_seq
$$;
REVOKE ALL ON FUNCTION bb_audit_anchor_at(bigint)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_audit_anchor_at(bigint) TO bb_admin;

-- The audited tables: every table of bb but the log itself, the migration ledgers, counters and
-- revisions kept by triggers of audited tables, the fixed workflow table, and the figures'
-- derived tables (stat_*), which are rebuilt from audited tables. Each with the column holding
-- its case's id and the column of the row ids a record lists ('' for none). A new table goes
-- into this list (tests/db/test-audit.c fails for a table without the triggers).
DO $$
DECLARE
    t record;
    trg text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('organisation', '', 'id'), ('setting', '', 'key'), ('bb_user', '', 'login'),
            ('org_key', '', 'version'), ('org_key_grant', '', 'key_version'),
            ('org_secret', '', 'version'), ('data_key', '', 'id'),
            ('org_recovery', '', 'generation'), ('org_recovery_key', '', 'key_version'),
            ('personal_field', '', 'owner_id'), ('blind_index', '', 'owner_id'),
            ('area', '', 'name'), ('bb_case', 'id', 'id'), ('case_event', 'case_id', 'to_status'),
            ('volunteer', '', 'number'), ('volunteer_status_event', '', 'status'),
            ('contact', 'case_id', 'id'), ('contact_volunteer', '', 'volunteer_id'),
            ('party', 'case_id', 'id'), ('practice', '', 'name'),
            ('practice_rate', '', 'practice_id'), ('practice_budget', '', 'year'),
            ('referral', 'case_id', 'id'), ('followup', 'case_id', 'id'),
            ('word_index', '', 'owner_id'))
            AS l(tbl, case_col, id_col) LOOP
        FOREACH trg IN ARRAY ARRAY['audit_insert', 'audit_update', 'audit_delete',
                                   'audit_truncate'] LOOP
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', trg, t.tbl);
        END LOOP;
        PERFORM bb_audit_attach(t.tbl, t.case_col, t.id_col);
    END LOOP;
END $$;
