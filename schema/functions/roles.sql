-- roles: who may see and change what (docs/admin.md, "Roles"): the caller's organisation and
-- roles, the login roles of bb users, row-level security's policies on every table, and the
-- grants on tables and sequences and the default ones on functions. A function's own grants
-- stand next to it, in its file, when they are not the default given here.
-- revision: 5
--
-- bb_owner owns every table, sequence, function and type. People connect with their own login
-- role, a member of one or more NOLOGIN group roles: bb_admin, bb_coordinator, bb_mediator,
-- bb_reporter. bb_user.db_role says which bb user a login role is; every policy finds the
-- caller's organisation (and a mediator's practice) from session_user through a small
-- SECURITY DEFINER function over bb_user. Every table has FORCE ROW LEVEL SECURITY, so even
-- the owner sees rows only through a policy (its own: all rows). Superusers bypass RLS: the
-- database administrator's account and the tests' connection. The roles themselves, and the
-- group roles' use of schema public, are made by migration 0009-roles.
--
-- The current definition of every function, policy and grant here (schema/README.md): to
-- change one, edit it here and raise the revision; `bbctl db migrate` then runs this file
-- again. It drops every policy and the groups' grants on tables first and makes them again,
-- so what it lists is all there is.

-- The caller: the bb user whose db_role is the session's role (not revoked). SECURITY DEFINER
-- because bb_user has row-level security itself; session_user, not current_user, because
-- inside these functions current_user is the owner.
CREATE OR REPLACE FUNCTION bb_caller_org() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT u.org_id FROM public.bb_user u
     WHERE u.db_role = session_user::text AND u.status <> 'revoked'
$$;
REVOKE ALL ON FUNCTION bb_caller_org()
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_caller_org() TO bb_admin, bb_coordinator, bb_mediator;

-- The practice of a calling mediator (NULL: sees no referral).
CREATE OR REPLACE FUNCTION bb_caller_practice() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT u.practice_id FROM public.bb_user u
     WHERE u.db_role = session_user::text AND u.status <> 'revoked'
       AND 'mediator' = ANY (u.roles)
$$;
REVOKE ALL ON FUNCTION bb_caller_practice()
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_caller_practice() TO bb_admin, bb_coordinator, bb_mediator;

-- Whether the caller holds a role of bb in their organisation.
CREATE OR REPLACE FUNCTION bb_caller_has(p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (SELECT FROM public.bb_user u
                    WHERE u.db_role = session_user::text AND u.status <> 'revoked'
                      AND p_role = ANY (u.roles))
$$;
REVOKE ALL ON FUNCTION bb_caller_has(text)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_caller_has(text) TO bb_admin, bb_coordinator, bb_mediator;

-- The database's administrators and migrations: superusers and members of bb_owner.
CREATE OR REPLACE FUNCTION bb_caller_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
RETURN pg_has_role(session_user, 'bb_owner', 'MEMBER');

-- Refuses an organisation that is not the caller's. Called first by every SECURITY DEFINER
-- entry point that takes p_org (they run as the owner, who sees every organisation).
CREATE OR REPLACE FUNCTION bb_require_org(p_org uuid) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT bb_caller_is_owner() AND p_org IS DISTINCT FROM bb_caller_org() THEN
        RAISE EXCEPTION 'organisation %: not yours', p_org USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

-- The organisations the caller may choose: by name, or all when p_name is NULL; for anyone
-- but the owner at most their own.
CREATE OR REPLACE FUNCTION bb_org_visible(p_name text) RETURNS TABLE (id uuid, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT o.id, o.name FROM public.organisation o
     WHERE (p_name IS NULL OR o.name = p_name)
       AND (bb_caller_is_owner() OR o.id = bb_caller_org())
     ORDER BY o.name
$$;
REVOKE ALL ON FUNCTION bb_org_visible(text)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_org_visible(text)
    TO bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- Gives bb user p_user the login role p_role in the group roles of their bb roles: makes the
-- role (LOGIN, no password: pg_hba decides how it authenticates) when it does not exist, or
-- maps an existing one that is no superuser, has no BYPASSRLS or CREATEROLE and is not the
-- owner. For administrators of the user's organisation and the owner. p_strict false (bbctl
-- init, whose first user is often the database administrator's own superuser account): a
-- role bb may not use is left unmapped instead of refused.
CREATE OR REPLACE FUNCTION bb_user_map_role(p_user uuid, p_role text, p_strict boolean DEFAULT true)
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
REVOKE ALL ON FUNCTION bb_user_map_role(uuid, text, boolean)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_user_map_role(uuid, text, boolean) TO bb_admin;

-- Takes a revoked user's login role out of every group (and its LOGIN, when bb made it).
CREATE OR REPLACE FUNCTION bb_user_unmap_role(p_user uuid) RETURNS void
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
REVOKE ALL ON FUNCTION bb_user_unmap_role(uuid)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_user_unmap_role(uuid) TO bb_admin;

-- Row-level security on a table, forced (the owner too goes through a policy), with the
-- owner's policy that sees everything (migrations and the SECURITY DEFINER functions); for a
-- table of an organisation (one with org_id), its administrators and coordinators read and
-- write its rows. The policies call the caller functions as (SELECT f()): evaluated once per
-- statement, not once per row of a sequential scan.
CREATE OR REPLACE FUNCTION bb_rls_attach(tname text) RETURNS void
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
REVOKE ALL ON FUNCTION bb_rls_attach(text)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- A table of an organisation that only its administrators read and write.
CREATE OR REPLACE FUNCTION bb_rls_admin_only(tname text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass := to_regclass(tname);
BEGIN
    EXECUTE format('DROP POLICY bb_org ON %s', t);
    EXECUTE format('REVOKE ALL ON %s FROM bb_coordinator', t);
    EXECUTE format('CREATE POLICY bb_org ON %s TO bb_admin'
                   ' USING (org_id = (SELECT bb_caller_org())) WITH CHECK (org_id = (SELECT bb_caller_org()))', t);
END $$;
REVOKE ALL ON FUNCTION bb_rls_admin_only(text)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- A table of an organisation that its administrators and coordinators read but change only
-- through the SECURITY DEFINER functions of keys.sql, which check who may do what.
CREATE OR REPLACE FUNCTION bb_rls_read_only(tname text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass := to_regclass(tname);
BEGIN
    EXECUTE format('DROP POLICY bb_org ON %s', t);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM bb_admin, bb_coordinator', t);
    EXECUTE format('CREATE POLICY bb_org ON %s FOR SELECT TO bb_admin, bb_coordinator'
                   ' USING (org_id = (SELECT bb_caller_org()))', t);
END $$;
REVOKE ALL ON FUNCTION bb_rls_read_only(text)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- Functions: nothing for PUBLIC; the groups that read and write tables run the functions
-- made from now on, which is right for the plain (SECURITY INVOKER) ones: they can do no
-- more than the caller may. A SECURITY DEFINER function states its grants next to it.
ALTER DEFAULT PRIVILEGES FOR ROLE bb_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE bb_owner IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO bb_admin, bb_coordinator, bb_mediator;
-- Identity columns' sequences (case_event, volunteer_status_event).
ALTER DEFAULT PRIVILEGES FOR ROLE bb_owner IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO bb_admin, bb_coordinator;

-- From here on the policies and the grants on tables: all of them, made again.
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT pol.polname, pol.polrelid::regclass AS tbl
               FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
              WHERE c.relnamespace = 'public'::regnamespace LOOP
        EXECUTE format('DROP POLICY %I ON %s', p.polname, p.tbl);
    END LOOP;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- Every table of bb (a new one goes into this list; tests/db/test-roles.c fails for a table
-- without forced row-level security).
SELECT bb_rls_attach(t) FROM unnest(ARRAY[
    'area', 'audit_log', 'bb_case', 'bb_schema_migration', 'bb_schema_source', 'bb_user',
    'blind_index', 'case_event', 'case_transition', 'contact', 'contact_volunteer', 'data_key',
    'followup', 'number_counter', 'org_key', 'org_key_grant', 'org_recovery', 'org_recovery_key',
    'org_secret', 'organisation',
    'party', 'personal_field', 'practice', 'practice_budget', 'practice_rate', 'referral',
    'row_revision', 'setting', 'stat_case', 'stat_day', 'stat_dirty', 'stat_pair_day',
    'stat_pair_sum', 'stat_participation', 'stat_pending', 'volunteer',
    'volunteer_status_event', 'word_index']) AS t;

-- The organisation itself: its own row only (bbctl init, run by the owner, makes it).
CREATE POLICY bb_org ON organisation TO bb_admin, bb_coordinator, bb_mediator
    USING (id = (SELECT bb_caller_org()));
GRANT SELECT ON organisation TO bb_admin, bb_coordinator, bb_mediator;

-- Rules and the schema's ledgers (what `bbctl db status` reads): no organisation's data.
CREATE POLICY bb_read ON case_transition TO bb_admin, bb_coordinator, bb_mediator USING (true);
GRANT SELECT ON case_transition TO bb_admin, bb_coordinator, bb_mediator;
CREATE POLICY bb_read ON bb_schema_migration TO bb_admin, bb_coordinator, bb_mediator
    USING (true);
GRANT SELECT ON bb_schema_migration TO bb_admin, bb_coordinator, bb_mediator;
CREATE POLICY bb_read ON bb_schema_source TO bb_admin, bb_coordinator, bb_mediator
    USING (true);
GRANT SELECT ON bb_schema_source TO bb_admin, bb_coordinator, bb_mediator;

-- Pending figures: a transaction sees and writes only its own marks (the statement triggers
-- of stats-upkeep.sql write them as whoever writes a case).
CREATE POLICY bb_own_xact ON stat_dirty TO bb_admin, bb_coordinator
    USING (xid = pg_current_xact_id()) WITH CHECK (xid = pg_current_xact_id());
CREATE POLICY bb_own_xact ON stat_pending TO bb_admin, bb_coordinator
    USING (xid = pg_current_xact_id()) WITH CHECK (xid = pg_current_xact_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON stat_dirty, stat_pending TO bb_admin, bb_coordinator;

-- The audit log: appended only through bb_audit_append (as the owner); administrators read
-- their organisation's records. Nobody but the owner is granted UPDATE, DELETE or TRUNCATE,
-- and a trigger refuses those anyway (audit.sql).
CREATE POLICY bb_org_read ON audit_log TO bb_admin USING (org_id = (SELECT bb_caller_org()));
GRANT SELECT ON audit_log TO bb_admin;

-- Users: administrators manage their organisation's; coordinators read them; everyone else
-- sees only their own row, and anyone but an administrator changes only the key columns of
-- their own row (enrolling, a new passphrase, the check of their proof: acts.sql): never
-- their roles or login role.
DROP POLICY bb_org ON bb_user;
REVOKE INSERT, UPDATE, DELETE ON bb_user FROM bb_coordinator;
CREATE POLICY bb_org ON bb_user TO bb_admin
    USING (org_id = (SELECT bb_caller_org())) WITH CHECK (org_id = (SELECT bb_caller_org()));
CREATE POLICY bb_org_read ON bb_user FOR SELECT TO bb_coordinator
    USING (org_id = (SELECT bb_caller_org()));
CREATE POLICY bb_self_read ON bb_user FOR SELECT TO bb_mediator
    USING (db_role = session_user::text);
CREATE POLICY bb_self ON bb_user FOR UPDATE TO bb_coordinator, bb_mediator
    USING (db_role = session_user::text) WITH CHECK (db_role = session_user::text);
GRANT SELECT ON bb_user TO bb_mediator;
GRANT UPDATE (public_key, secret_key, pwhash_alg, pwhash_opslimit, pwhash_memlimit, pwhash_salt,
              act_check, status, version) ON bb_user TO bb_coordinator, bb_mediator;

-- Organisation recovery (0018): administrators only, like the keys they hold; a coordinator
-- neither reads nor changes it.
SELECT bb_rls_admin_only(t) FROM unnest(ARRAY['org_recovery', 'org_recovery_key']) AS t;

-- The keys (issue 13): read by administrators and coordinators, who unlock with them, and
-- changed only through the functions of keys.sql (an administrator for organisation keys,
-- grants and the blind-index root; a coordinator only a new data key of their organisation,
-- a revoked user's re-keying and a key nothing refers to any more).
SELECT bb_rls_read_only(t) FROM unnest(ARRAY['data_key', 'org_key', 'org_key_grant',
                                             'org_secret']) AS t;

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
