-- 0008-audit-retention: the audit log, and the retention period setting. The audit log is
-- append-only and hash-chained: every record holds the hash of the one
-- before it and of its own canonical content; records are appended one at a time under a lock,
-- so the chain cannot fork. `bbctl audit verify` recomputes it; `bbctl audit head` gives the
-- newest hash to keep outside the database (whoever can write the table could rebuild the
-- whole chain, but not one that matches a head kept elsewhere). docs/admin.md.

CREATE TABLE audit_log (
    seq       bigint PRIMARY KEY CHECK (seq >= 1),
    at        timestamptz NOT NULL,
    org_id    uuid,
    actor     text NOT NULL,  -- bb login when known, else the database role
    program   text NOT NULL,  -- bbctl, bbtui, or 'sql' for anything else
    action    text NOT NULL,  -- view, login, login_failed, export, insert:<table>, ...
    case_id   uuid,
    detail    jsonb NOT NULL DEFAULT '{}',  -- ids, tables, fields, counts: never a personal value
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash      bytea NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX audit_log_case ON audit_log (case_id, seq) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The bytes a record's hash covers, besides the previous hash. jsonb prints canonically (keys
-- sorted), and times are printed in UTC with microseconds, so the same record always gives
-- the same bytes.
CREATE FUNCTION bb_audit_content(r audit_log) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(concat_ws(E'\x1f', r.seq::text,
                                to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                                coalesce(r.org_id::text, ''), r.actor, r.program, r.action,
                                coalesce(r.case_id::text, ''), r.detail::text), 'UTF8')
$$;

-- Appends one record. Who and which program come from the session settings libbb sets
-- (bb.actor, bb.program); anything else (psql) is logged as its database role and 'sql'.
CREATE FUNCTION bb_audit_append(p_org uuid, p_action text, p_case uuid, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    last audit_log;
    r    audit_log;
BEGIN
    -- One appender at a time, until commit: the chain has exactly one head.
    PERFORM pg_advisory_xact_lock(7089066773040537973);
    SELECT * INTO last FROM audit_log ORDER BY seq DESC LIMIT 1;
    r.seq := coalesce(last.seq, 0) + 1;
    r.at := clock_timestamp();
    r.org_id := p_org;
    r.actor := coalesce(nullif(current_setting('bb.actor', true), ''), session_user::text);
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

-- Nobody changes history: not even the owner without switching this trigger off first.
CREATE FUNCTION bb_audit_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION bb_audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION bb_audit_refuse();

-- Every change to an audited table, one record per statement (a bulk COPY of 100,000 cases is
-- one record, not 100,000). Trigger arguments: the column holding the case id ('' if none) and
-- the row id column ('' if none). Up to 20 row ids are listed.
CREATE FUNCTION bb_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    case_col text := TG_ARGV[0];
    id_col   text := TG_ARGV[1];
    n        bigint;
    cases    uuid[];
    ids      jsonb := '[]';
    org      uuid;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM bb_audit_append(NULL, 'truncate:' || TG_TABLE_NAME, NULL, '{}');
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT count(*) FROM changed' INTO n;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF case_col <> '' THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM changed', case_col) INTO cases;
    END IF;
    IF id_col <> '' THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(%I), ''[]'') FROM (SELECT %I FROM changed LIMIT 20) s',
                       id_col, id_col) INTO ids;
    END IF;
    BEGIN
        EXECUTE 'SELECT min(org_id::text)::uuid FROM changed' INTO org;
    EXCEPTION WHEN undefined_column THEN
        org := NULL;
    END;
    PERFORM bb_audit_append(org, lower(TG_OP) || ':' || TG_TABLE_NAME,
                            CASE WHEN cardinality(cases) = 1 THEN cases[1] END,
                            jsonb_build_object('rows', n, 'ids', ids));
    RETURN NULL;
END
$$;

-- Attaches the change triggers to a table; later migrations call it for their new tables
-- (tests/db/test-audit.c fails for a table without them). A table that does not exist is
-- skipped, so the list below can name every table of bb.
CREATE FUNCTION bb_audit_attach(tname text, case_col text, id_col text) RETURNS void
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

SELECT bb_audit_attach('organisation', '', 'id');
SELECT bb_audit_attach('setting', '', 'key');
SELECT bb_audit_attach('bb_user', '', 'login');
SELECT bb_audit_attach('org_key', '', 'version');
SELECT bb_audit_attach('org_key_grant', '', 'key_version');
SELECT bb_audit_attach('org_secret', '', 'version');
SELECT bb_audit_attach('data_key', '', 'id');
SELECT bb_audit_attach('personal_field', '', 'owner_id');
SELECT bb_audit_attach('blind_index', '', 'owner_id');
SELECT bb_audit_attach('area', '', 'name');
SELECT bb_audit_attach('bb_case', 'id', 'id');
SELECT bb_audit_attach('case_event', 'case_id', 'to_status');
SELECT bb_audit_attach('volunteer', '', 'number');
SELECT bb_audit_attach('volunteer_status_event', '', 'status');
SELECT bb_audit_attach('contact', 'case_id', 'id');
SELECT bb_audit_attach('contact_volunteer', '', 'volunteer_id');
SELECT bb_audit_attach('party', 'case_id', 'id');
SELECT bb_audit_attach('practice', '', 'name');
SELECT bb_audit_attach('practice_rate', '', 'practice_id');
SELECT bb_audit_attach('practice_budget', '', 'year');
SELECT bb_audit_attach('referral', 'case_id', 'id');
SELECT bb_audit_attach('followup', 'case_id', 'id');

-- The case a data key belongs to, for views of personal data.
CREATE FUNCTION bb_audit_case_of_key(k uuid) RETURNS uuid
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

-- Retention (bbctl retention run): months after closing (or stopping, for volunteers) that
-- personal data is kept before it is crypto-shredded; 24 unless set.
ALTER TABLE setting ADD CONSTRAINT setting_retention_check CHECK (
    key <> 'retention.months' OR (value ~ '^[0-9]{1,3}$' AND value::int BETWEEN 1 AND 240));
