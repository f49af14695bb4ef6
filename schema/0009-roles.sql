-- 0009-roles: database roles and row-level security (issue 7; docs/admin.md, "Roles").
--
-- bb_owner owns every table, sequence, function and type and runs the migrations after this
-- one (libbb's migrate does SET LOCAL ROLE bb_owner). People connect with their own login
-- role, a member of one or more NOLOGIN group roles: bb_admin, bb_coordinator, bb_mediator,
-- bb_reporter. bb_user.db_role says which bb user a login role is; every policy finds the
-- caller's organisation (and a mediator's practice) from session_user through a small
-- SECURITY DEFINER function over bb_user. Every table has FORCE ROW LEVEL SECURITY, so even
-- the owner sees rows only through a policy (its own: all rows). Superusers bypass RLS: the
-- database administrator's account and the tests' connection.
--
-- Roles are cluster-wide: two bb databases on one server (the tests clone many) share them,
-- so they are made only when missing, and a concurrent maker is not an error.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['bb_owner', 'bb_admin', 'bb_coordinator', 'bb_mediator',
                             'bb_reporter'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                -- The owner makes people's login roles (bb_user_map_role below).
                EXECUTE format('CREATE ROLE %I NOLOGIN%s', r,
                               CASE WHEN r = 'bb_owner' THEN ' CREATEROLE' ELSE '' END);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another database's migration made it meanwhile
            END;
        END IF;
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname IN ('bb_admin', 'bb_coordinator',
               'bb_mediator', 'bb_reporter') AND (rolsuper OR rolbypassrls OR rolcanlogin)) THEN
        RAISE EXCEPTION 'a bb group role is a superuser, has BYPASSRLS or can log in: fix it'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Whoever migrates (a superuser or the database's admin account) may become the owner.
    IF NOT pg_has_role(session_user, 'bb_owner', 'MEMBER') THEN
        EXECUTE format('GRANT bb_owner TO %I', session_user);
    END IF;
END $$;

GRANT USAGE, CREATE ON SCHEMA public TO bb_owner;
GRANT USAGE ON SCHEMA public TO bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- Everything of bb belongs to bb_owner.
DO $$
DECLARE
    o record;
BEGIN
    FOR o IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace
                AND c.relkind IN ('r', 'p', 'v', 'm', 'c')
                AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid
                                   AND d.deptype = 'e') LOOP
        EXECUTE format('ALTER %s %s OWNER TO bb_owner',
                       CASE o.relkind WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END, o.name);
    END LOOP;
    FOR o IN SELECT p.oid::regprocedure AS name FROM pg_proc p
              WHERE p.pronamespace = 'public'::regnamespace
                AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid
                                   AND d.deptype = 'e') LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO bb_owner', o.name);
    END LOOP;
END $$;

-- The rest of this migration, and every later one, runs as the owner: what it makes is the
-- owner's, and SECURITY DEFINER functions run as the owner, never as a superuser.
SET LOCAL ROLE bb_owner;

-- Which database role is which bb user; a mediator's practice (what they may see).
ALTER TABLE bb_user
    ADD COLUMN db_role text UNIQUE CHECK (db_role ~ '^[a-z_][a-z0-9._-]{0,62}$'),
    ADD COLUMN db_role_made boolean NOT NULL DEFAULT false,
    ADD COLUMN practice_id uuid REFERENCES practice (id);

-- The caller: the bb user whose db_role is the session's role (not revoked). SECURITY DEFINER
-- because bb_user has row-level security itself; session_user, not current_user, because
-- inside these functions current_user is the owner.
CREATE FUNCTION bb_caller_org() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT u.org_id FROM public.bb_user u
     WHERE u.db_role = session_user::text AND u.status <> 'revoked'
$$;

-- The practice of a calling mediator (NULL: sees no referral).
CREATE FUNCTION bb_caller_practice() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT u.practice_id FROM public.bb_user u
     WHERE u.db_role = session_user::text AND u.status <> 'revoked'
       AND 'mediator' = ANY (u.roles)
$$;

-- Whether the caller holds a role of bb in their organisation.
CREATE FUNCTION bb_caller_has(p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (SELECT FROM public.bb_user u
                    WHERE u.db_role = session_user::text AND u.status <> 'revoked'
                      AND p_role = ANY (u.roles))
$$;

-- The database's administrators and migrations: superusers and members of bb_owner.
CREATE FUNCTION bb_caller_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
RETURN pg_has_role(session_user, 'bb_owner', 'MEMBER');

-- Refuses an organisation that is not the caller's. Called first by every SECURITY DEFINER
-- entry point that takes p_org (they run as the owner, who sees every organisation).
CREATE FUNCTION bb_require_org(p_org uuid) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT bb_caller_is_owner() AND p_org IS DISTINCT FROM bb_caller_org() THEN
        RAISE EXCEPTION 'organisation %: not yours', p_org USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

-- The organisations the caller may choose (lib/org.c): by name, or all when p_name is NULL;
-- for anyone but the owner at most their own.
CREATE FUNCTION bb_org_visible(p_name text) RETURNS TABLE (id uuid, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT o.id, o.name FROM public.organisation o
     WHERE (p_name IS NULL OR o.name = p_name)
       AND (bb_caller_is_owner() OR o.id = bb_caller_org())
     ORDER BY o.name
$$;

-- Gives bb user p_user the login role p_role in the group roles of their bb roles: makes the
-- role (LOGIN, no password: pg_hba decides how it authenticates) when it does not exist, or
-- maps an existing one that is no superuser, has no BYPASSRLS or CREATEROLE and is not the
-- owner. For administrators of the user's organisation and the owner. p_strict false (bbctl
-- init, whose first user is often the database administrator's own superuser account): a
-- role bb may not use is left unmapped instead of refused.
CREATE FUNCTION bb_user_map_role(p_user uuid, p_role text, p_strict boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    u     public.bb_user;
    made  boolean := false;
    g     text;
BEGIN
    SELECT * INTO u FROM public.bb_user WHERE id = p_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user: no such user' USING ERRCODE = 'no_data_found';
    END IF;
    IF NOT bb_caller_is_owner()
       AND NOT (u.org_id = bb_caller_org() AND bb_caller_has('admin')) THEN
        RAISE EXCEPTION 'user: only an administrator of the organisation maps login roles'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_role !~ '^[a-z_][a-z0-9._-]{0,62}$' OR p_role LIKE 'pg\_%' OR p_role LIKE 'bb\_%' THEN
        IF NOT p_strict THEN
            RETURN;
        END IF;
        RAISE EXCEPTION 'db-role: ''%'' is not a name bb gives a login role (lower case; not pg_* or bb_*)',
            p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A role mapped before: the same one keeps what bb made; another one leaves the groups.
    IF u.db_role = p_role THEN
        made := u.db_role_made;
    ELSIF u.db_role IS NOT NULL THEN
        PERFORM bb_user_unmap_role(p_user);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_role) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN', p_role);
            made := true;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_role
                  AND (rolsuper OR rolbypassrls OR rolcreaterole))
       OR pg_has_role(p_role, 'bb_owner', 'MEMBER') THEN
        IF NOT p_strict THEN
            RETURN;
        END IF;
        RAISE EXCEPTION 'db-role: ''%'' is a superuser, has BYPASSRLS or CREATEROLE, or is the owner', p_role
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE public.bb_user SET db_role = p_role, db_role_made = made WHERE id = p_user;
    FOREACH g IN ARRAY u.roles LOOP
        BEGIN
            EXECUTE format('GRANT %I TO %I', 'bb_' || g, p_role);
        EXCEPTION WHEN unique_violation THEN
            NULL; -- granted meanwhile by another database's bb
        END;
    END LOOP;
END $$;

-- Takes a revoked user's login role out of every group (and its LOGIN, when bb made it).
CREATE FUNCTION bb_user_unmap_role(p_user uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    u public.bb_user;
    g text;
BEGIN
    SELECT * INTO u FROM public.bb_user WHERE id = p_user;
    IF NOT FOUND OR u.db_role IS NULL THEN
        RETURN;
    END IF;
    IF NOT bb_caller_is_owner()
       AND NOT (u.org_id = bb_caller_org() AND bb_caller_has('admin')) THEN
        RAISE EXCEPTION 'user: only an administrator of the organisation revokes'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = u.db_role) THEN
        RETURN;
    END IF;
    FOREACH g IN ARRAY ARRAY['admin', 'coordinator', 'mediator', 'reporter'] LOOP
        EXECUTE format('REVOKE %I FROM %I', 'bb_' || g, u.db_role);
    END LOOP;
    IF u.db_role_made THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', u.db_role);
    END IF;
END $$;

-- The audit log's head and its first break, over every organisation's records (the chain is
-- one), for administrators who may read only their own records.
CREATE FUNCTION bb_audit_summary() RETURNS TABLE (records bigint, head_seq bigint, head text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT (SELECT count(*) FROM public.audit_log), l.seq, encode(l.hash, 'hex')
      FROM (SELECT NULL) AS one
      LEFT JOIN LATERAL (SELECT a.seq, a.hash FROM public.audit_log a
                          ORDER BY a.seq DESC LIMIT 1) l ON true
$$;

CREATE FUNCTION bb_audit_first_break()
RETURNS TABLE (seq bigint, changed boolean, unlinked boolean, gap boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT c.seq, NOT c.intact, NOT c.linked, NOT c.contiguous FROM (
        SELECT a.seq, a.hash = sha256(a.prev_hash || bb_audit_content(a)) AS intact,
               a.prev_hash = coalesce(lag(a.hash) OVER w, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS linked,
               a.seq = coalesce(lag(a.seq) OVER w, 0) + 1 AS contiguous
          FROM public.audit_log a WINDOW w AS (ORDER BY a.seq)) c
     WHERE NOT (c.intact AND c.linked AND c.contiguous) ORDER BY c.seq LIMIT 1
$$;

-- Appending reads the newest record of every organisation (the chain is one): as the owner.
-- Who acts: for a person's login role the bb user it is, whatever the session claims in
-- bb.actor (which anyone can set); otherwise (the owner, a superuser) as in 0008.
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
    -- One appender at a time, until commit: the chain has exactly one head.
    PERFORM pg_advisory_xact_lock(7089066773040537973);
    SELECT * INTO last FROM audit_log ORDER BY seq DESC LIMIT 1;
    r.seq := coalesce(last.seq, 0) + 1;
    r.at := clock_timestamp();
    r.org_id := p_org;
    r.actor := coalesce((SELECT u.login FROM bb_user u WHERE u.db_role = session_user::text),
                        nullif(current_setting('bb.actor', true), ''), session_user::text);
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

-- The statistics entry points libbb calls (lib/stats/compute.c): as the owner, so a reporter
-- needs no SELECT on any table, and each refuses another organisation first. The bodies are
-- 0007's, behind the one check.
CREATE OR REPLACE FUNCTION bb_stat_parameters(p_org uuid, p_k integer DEFAULT NULL)
RETURNS TABLE (key text, value integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT bb_require_org(p_org);
    SELECT 'export.k', bb_stat_k(p_org, p_k)
    UNION ALL SELECT 'min_base', bb_stat_min_base()
    UNION ALL SELECT 'stats.hours_avoided.' || h.partner, h.hours
                FROM bb_stat_hours_avoided(p_org) h
$$;

CREATE OR REPLACE FUNCTION bb_stat_first_report(p_org uuid) RETURNS date
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT bb_require_org(p_org);
    SELECT min(c.reported_on) FROM stat_case c WHERE c.org_id = p_org
$$;

ALTER FUNCTION bb_stat_report(uuid, date, date, integer)
    SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION bb_stat_reports_by_quarter(uuid, date, date, integer)
    SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp;

CREATE OR REPLACE FUNCTION bb_stat_reports_by_quarter(p_org uuid, p_from date, p_to date,
                                                      p_k integer DEFAULT NULL)
RETURNS TABLE (quarter text, value numeric, suppressed boolean, small boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET jit = off AS $$
    SELECT bb_require_org(p_org);
    WITH q AS (
        SELECT d::date AS q0
          FROM generate_series(date_trunc('quarter', p_from), p_to, interval '3 months') AS d
    ), g AS (
        SELECT date_trunc('quarter', c.reported_on)::date AS q0, count(*) AS n
          FROM stat_case c
         WHERE c.org_id = p_org AND c.reported_on BETWEEN p_from AND p_to
         GROUP BY 1
    )
    SELECT p.category, p.value, p.suppressed, p.small
      FROM bb_stat_protect(
           ARRAY(SELECT bb_stat_cell('reports_new', 'quarter', to_char(q.q0, 'YYYY-"Q"Q'),
                                     coalesce(g.n, 0), coalesce(g.n, 0))
                   FROM q LEFT JOIN g ON g.q0 = q.q0 ORDER BY q.q0),
           bb_stat_k(p_org, p_k)) AS p
     ORDER BY p.ord
$$;

CREATE OR REPLACE FUNCTION bb_stat_report(p_org uuid, p_from date, p_to date,
                                          p_k integer DEFAULT NULL)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET jit = off SET work_mem = '64MB' AS $$
    SELECT bb_require_org(p_org);
    SELECT b.metric, b.dimension, b.category, b.value, b.suppressed, b.small FROM (
        SELECT * FROM bb_stat_block_reported(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_closed(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_intake(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_open(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_referrals(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_volunteers(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_followup(p_org, p_from, p_to, p_k)
    ) AS b
    ORDER BY array_position('{reports_new,cases_closed,share_resolved,step_reached,'
        'lead_time_intake_days,lead_time_close_days,open_at_end,waiting_intake,referrals,'
        'referral_hours,referral_cost,volunteers,followup_improved,workload_avoided_hours}'
        ::text[], b.metric), b.ord
$$;

-- Functions and their callers. Nothing for PUBLIC; the groups that read and write tables run
-- the plain (SECURITY INVOKER) functions, which can do no more than the caller may; the
-- SECURITY DEFINER ones go to exactly who needs them. The same for what later migrations make.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = 'bb_owner'::regrole
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = f) THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO bb_admin, bb_coordinator, bb_mediator', f);
        END IF;
    END LOOP;
END $$;
ALTER DEFAULT PRIVILEGES FOR ROLE bb_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE bb_owner IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO bb_admin, bb_coordinator, bb_mediator;

GRANT EXECUTE ON FUNCTION bb_caller_org(), bb_caller_practice(), bb_caller_has(text)
    TO bb_admin, bb_coordinator, bb_mediator;
GRANT EXECUTE ON FUNCTION bb_org_visible(text)
    TO bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_audit_append(uuid, text, uuid, jsonb)
    TO bb_admin, bb_coordinator, bb_mediator, bb_reporter;  -- a reporter's exports are logged
GRANT EXECUTE ON FUNCTION bb_user_map_role(uuid, text, boolean), bb_user_unmap_role(uuid),
    bb_audit_summary(), bb_audit_first_break() TO bb_admin;
GRANT EXECUTE ON FUNCTION bb_stat_report(uuid, date, date, integer),
    bb_stat_reports_by_quarter(uuid, date, date, integer), bb_stat_first_report(uuid),
    bb_stat_parameters(uuid, integer) TO bb_admin, bb_coordinator, bb_reporter;

-- Row-level security on every table, forced (the owner too goes through a policy), with the
-- owner's policy that sees everything (migrations and the SECURITY DEFINER functions).
-- Later migrations call bb_rls_attach for their new tables, as they call bb_audit_attach.
-- The policies call the caller functions as (SELECT f()): evaluated once per statement, not
-- once per row of a sequential scan.
CREATE FUNCTION bb_rls_attach(tname text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass := to_regclass(tname);
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY bb_owner_all ON %s TO bb_owner USING (true) WITH CHECK (true)', t);
    -- Tables of an organisation: its administrators and coordinators read and write them.
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = t AND attname = 'org_id'
                  AND NOT attisdropped) AND t <> 'audit_log'::regclass THEN
        EXECUTE format('CREATE POLICY bb_org ON %s TO bb_admin, bb_coordinator'
                       ' USING (org_id = (SELECT bb_caller_org())) WITH CHECK (org_id = (SELECT bb_caller_org()))', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO bb_admin, bb_coordinator', t);
    END IF;
END $$;
REVOKE ALL ON FUNCTION bb_rls_attach(text) FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator;

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
              ORDER BY c.relname LOOP
        PERFORM bb_rls_attach(t::text);
    END LOOP;
END $$;

-- The organisation itself: its own row only (bbctl init, run by the owner, makes it).
CREATE POLICY bb_org ON organisation TO bb_admin, bb_coordinator, bb_mediator
    USING (id = (SELECT bb_caller_org()));
GRANT SELECT ON organisation TO bb_admin, bb_coordinator, bb_mediator;

-- Rules and the migration ledger: no organisation's data.
CREATE POLICY bb_read ON case_transition TO bb_admin, bb_coordinator, bb_mediator USING (true);
GRANT SELECT ON case_transition TO bb_admin, bb_coordinator, bb_mediator;
CREATE POLICY bb_read ON bb_schema_migration TO bb_admin, bb_coordinator, bb_mediator
    USING (true);
GRANT SELECT ON bb_schema_migration TO bb_admin, bb_coordinator, bb_mediator;

-- Pending figures: a transaction sees and writes only its own marks (the statement triggers
-- of 0007 write them as whoever writes a case).
CREATE POLICY bb_own_xact ON stat_dirty TO bb_admin, bb_coordinator
    USING (xid = pg_current_xact_id()) WITH CHECK (xid = pg_current_xact_id());
CREATE POLICY bb_own_xact ON stat_pending TO bb_admin, bb_coordinator
    USING (xid = pg_current_xact_id()) WITH CHECK (xid = pg_current_xact_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON stat_dirty, stat_pending TO bb_admin, bb_coordinator;

-- The audit log: appended only through bb_audit_append (as the owner); administrators read
-- their organisation's records. Nobody but the owner is granted UPDATE, DELETE or TRUNCATE,
-- and a trigger refuses those anyway (0008).
CREATE POLICY bb_org_read ON audit_log TO bb_admin USING (org_id = (SELECT bb_caller_org()));
GRANT SELECT ON audit_log TO bb_admin;

-- Users: administrators manage their organisation's; coordinators read them; everyone else
-- sees only their own row, and anyone but an administrator changes only the key columns of
-- their own row (enrolling, a new passphrase): never their roles or login role.
DROP POLICY bb_org ON bb_user;
REVOKE INSERT, UPDATE, DELETE ON bb_user FROM bb_coordinator;
CREATE POLICY bb_org ON bb_user TO bb_admin
    USING (org_id = (SELECT bb_caller_org())) WITH CHECK (org_id = (SELECT bb_caller_org()));
CREATE POLICY bb_org_read ON bb_user FOR SELECT TO bb_coordinator USING (org_id = (SELECT bb_caller_org()));
CREATE POLICY bb_self_read ON bb_user FOR SELECT TO bb_mediator
    USING (db_role = session_user::text);
CREATE POLICY bb_self ON bb_user FOR UPDATE TO bb_coordinator, bb_mediator
    USING (db_role = session_user::text) WITH CHECK (db_role = session_user::text);
GRANT SELECT ON bb_user TO bb_mediator;
GRANT UPDATE (public_key, secret_key, pwhash_alg, pwhash_opslimit, pwhash_memlimit, pwhash_salt,
              status, version) ON bb_user TO bb_coordinator, bb_mediator;

-- A mediator: the referrals to their practice, and what they need to record hours and the
-- outcome there. Of a case only its number, status and dates, and only of referred cases.
CREATE POLICY bb_mediator ON referral TO bb_mediator
    USING (org_id = (SELECT bb_caller_org()) AND practice_id = (SELECT bb_caller_practice()))
    WITH CHECK (org_id = (SELECT bb_caller_org()) AND practice_id = (SELECT bb_caller_practice()));
GRANT SELECT, UPDATE (status, hours, mediator, outcome, closed_on) ON referral TO bb_mediator;
CREATE POLICY bb_mediator ON bb_case TO bb_mediator
    USING (EXISTS (SELECT FROM referral r WHERE r.case_id = bb_case.id));
GRANT SELECT (id, org_id, year, seq, status, reported_on, closed_on, version) ON bb_case
    TO bb_mediator;
CREATE POLICY bb_mediator ON practice TO bb_mediator USING (id = (SELECT bb_caller_practice()));
GRANT SELECT ON practice TO bb_mediator;
CREATE POLICY bb_mediator ON practice_rate TO bb_mediator
    USING (practice_id = (SELECT bb_caller_practice()));
GRANT SELECT ON practice_rate TO bb_mediator;
-- Their edits bump the referral's version, which records a row revision.
CREATE POLICY bb_mediator ON row_revision FOR INSERT TO bb_mediator
    WITH CHECK (org_id = (SELECT bb_caller_org()) AND tbl = 'referral');
GRANT INSERT ON row_revision TO bb_mediator;

-- Identity columns' sequences (case_event, volunteer_status_event).
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO bb_admin, bb_coordinator;
ALTER DEFAULT PRIVILEGES FOR ROLE bb_owner IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO bb_admin, bb_coordinator;
