-- keys: the only ways to change the organisation's keys (docs/security.md, "Who may change
-- the keys"). Administrators and coordinators read org_key, org_key_grant, org_secret and
-- data_key but write none of them directly (roles.sql); these functions run as the owner and
-- check the caller's organisation and role first:
-- - administrators: new organisation key versions, grants, the blind-index root, re-wrapping
--   data keys under a new version (rotation);
-- - administrators and coordinators: a new data key of their own organisation (registering a
--   case or volunteer, importing), fresh material for a data key a revoked user may have
--   copied, and destroying a data key no case or volunteer refers to any more (a void case's
--   old key) or that of a volunteer being erased.
-- Retention destroys data keys in retention.sql, for the database's administrators.
-- The owner (migrations, `bbctl init`, the superuser) passes the role check, not the
-- organisation check of the rows.
-- revision: 3
--
-- The current definition of every function here (schema/README.md): to change one, edit it
-- here and raise the revision; `bbctl db migrate` then runs this file again.

-- Refuses a caller who is not of p_org or holds none of p_roles there; p_what names the act.
CREATE OR REPLACE FUNCTION bb_require_key_role(p_org uuid, p_roles text[], p_what text)
RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM bb_require_org(p_org);
    IF NOT bb_caller_is_owner() AND NOT EXISTS (
        SELECT FROM public.bb_user u
         WHERE u.db_role = session_user::text AND u.status <> 'revoked'
           AND u.org_id = p_org AND u.roles && p_roles) THEN
        RAISE EXCEPTION '%: only % may do this', p_what,
            CASE WHEN p_roles = ARRAY['admin'] THEN 'an administrator'
                 ELSE 'an administrator or coordinator' END
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

-- A new organisation key version: the next one, committed to by the one before.
CREATE OR REPLACE FUNCTION bb_key_org_add(p_org uuid, p_version integer, p_fingerprint bytea,
                                          p_commitment bytea, p_created_by uuid,
                                          p_revocation boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin'], 'organisation key');
    IF p_version IS DISTINCT FROM
       (SELECT coalesce(max(version), 0) + 1 FROM public.org_key WHERE org_id = p_org) THEN
        RAISE EXCEPTION 'organisation key: version % is not the next one', p_version
            USING ERRCODE = 'unique_violation';
    END IF;
    INSERT INTO public.org_key (org_id, version, fingerprint, commitment, created_by, revocation)
    VALUES (p_org, p_version, p_fingerprint, p_commitment, p_created_by, p_revocation);
END $$;
REVOKE ALL ON FUNCTION bb_key_org_add(uuid, integer, bytea, bytea, uuid, boolean)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_org_add(uuid, integer, bytea, bytea, uuid, boolean) TO bb_admin;

-- The organisation key version sealed to a user of the organisation (new or replaced).
CREATE OR REPLACE FUNCTION bb_key_grant_put(p_org uuid, p_version integer, p_user uuid,
                                            p_sealed bytea, p_granted_by uuid)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin'], 'grant');
    IF NOT EXISTS (SELECT FROM public.bb_user WHERE id = p_user AND org_id = p_org)
       OR (p_granted_by IS NOT NULL AND NOT EXISTS (
               SELECT FROM public.bb_user WHERE id = p_granted_by AND org_id = p_org)) THEN
        RAISE EXCEPTION 'grant: user % is not of organisation %', p_user, p_org
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO public.org_key_grant (org_id, key_version, user_id, sealed, granted_by)
    VALUES (p_org, p_version, p_user, p_sealed, p_granted_by)
    ON CONFLICT (org_id, key_version, user_id)
    DO UPDATE SET sealed = EXCLUDED.sealed, granted_by = EXCLUDED.granted_by, granted_at = now();
END $$;
REVOKE ALL ON FUNCTION bb_key_grant_put(uuid, integer, uuid, bytea, uuid)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_grant_put(uuid, integer, uuid, bytea, uuid) TO bb_admin;

-- Every grant of a user of the organisation goes (revoking them).
CREATE OR REPLACE FUNCTION bb_key_grant_drop(p_org uuid, p_user uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin'], 'grant');
    DELETE FROM public.org_key_grant WHERE org_id = p_org AND user_id = p_user;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION bb_key_grant_drop(uuid, uuid)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_grant_drop(uuid, uuid) TO bb_admin;

-- The blind-index root of version p_version, wrapped by organisation key version p_key_version.
CREATE OR REPLACE FUNCTION bb_key_bidx_put(p_org uuid, p_version integer, p_key_version integer,
                                           p_wrapped bytea)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin'], 'blind-index key');
    INSERT INTO public.org_secret (org_id, name, version, key_version, wrapped)
    VALUES (p_org, 'bidx_root', p_version, p_key_version, p_wrapped)
    ON CONFLICT (org_id, name, version)
    DO UPDATE SET key_version = EXCLUDED.key_version, wrapped = EXCLUDED.wrapped;
END $$;
REVOKE ALL ON FUNCTION bb_key_bidx_put(uuid, integer, integer, bytea)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_bidx_put(uuid, integer, integer, bytea) TO bb_admin;

-- The blind-index roots before p_version go, once that version is there: the newest stays.
CREATE OR REPLACE FUNCTION bb_key_bidx_prune(p_org uuid, p_version integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin'], 'blind-index key');
    IF NOT EXISTS (SELECT FROM public.org_secret WHERE org_id = p_org AND name = 'bidx_root'
                      AND version >= p_version) THEN
        RAISE EXCEPTION 'blind-index key: version % is not there; the older ones stay', p_version
            USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM public.org_secret WHERE org_id = p_org AND name = 'bidx_root'
       AND version < p_version;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION bb_key_bidx_prune(uuid, integer)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_bidx_prune(uuid, integer) TO bb_admin;

-- New data keys of the caller's organisation (registering a case or volunteer; an import
-- sends many at once), wrapped by organisation key version p_key_version.
CREATE OR REPLACE FUNCTION bb_key_data_add(p_org uuid, p_key_version integer, p_ids uuid[],
                                           p_wrapped bytea[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin', 'coordinator'], 'data key');
    INSERT INTO public.data_key (id, org_id, key_version, wrapped)
    SELECT k.id, p_org, p_key_version, k.w FROM unnest(p_ids, p_wrapped) AS k(id, w);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION bb_key_data_add(uuid, integer, uuid[], bytea[])
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_data_add(uuid, integer, uuid[], bytea[])
    TO bb_admin, bb_coordinator;

-- Locks a data key of the organisation for re-keying and says whether it is due: made before
-- the newest organisation key version that a revocation made.
CREATE OR REPLACE FUNCTION bb_key_data_stale(p_org uuid, p_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    stale boolean;
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin', 'coordinator'], 'data key');
    SELECT d.keyed_at < coalesce((SELECT max(k.created_at) FROM public.org_key k
                                   WHERE k.org_id = d.org_id AND k.revocation), '-infinity')
      INTO stale FROM public.data_key d WHERE d.id = p_id AND d.org_id = p_org FOR UPDATE;
    RETURN coalesce(stale, false);
END $$;
REVOKE ALL ON FUNCTION bb_key_data_stale(uuid, uuid)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_data_stale(uuid, uuid) TO bb_admin, bb_coordinator;

-- Fresh material for a data key that is due (bb_key_data_stale), wrapped by the newest
-- organisation key version. A key that is not due is refused: nobody overwrites a key in use.
CREATE OR REPLACE FUNCTION bb_key_data_rekey(p_org uuid, p_id uuid, p_key_version integer,
                                             p_wrapped bytea)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT bb_key_data_stale(p_org, p_id) THEN
        RAISE EXCEPTION 'data key %: not made before a revocation, so not re-keyed', p_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_key_version IS DISTINCT FROM
       (SELECT max(version) FROM public.org_key WHERE org_id = p_org) THEN
        RAISE EXCEPTION 'data key %: re-keyed only under the newest organisation key', p_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE public.data_key SET key_version = p_key_version, wrapped = p_wrapped, keyed_at = now()
     WHERE id = p_id AND org_id = p_org;
END $$;
REVOKE ALL ON FUNCTION bb_key_data_rekey(uuid, uuid, integer, bytea)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_data_rekey(uuid, uuid, integer, bytea)
    TO bb_admin, bb_coordinator;

-- Rotation: a data key wrapped by version p_from re-wrapped by p_to (the same key material).
-- Guarded by p_from, so a concurrent rotation's work is not overwritten: 0 when it was.
CREATE OR REPLACE FUNCTION bb_key_data_rewrap(p_org uuid, p_id uuid, p_from integer,
                                              p_to integer, p_wrapped bytea)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin'], 'key rotation');
    UPDATE public.data_key SET key_version = p_to, wrapped = p_wrapped
     WHERE id = p_id AND org_id = p_org AND key_version = p_from;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION bb_key_data_rewrap(uuid, uuid, integer, integer, bytea)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_data_rewrap(uuid, uuid, integer, integer, bytea) TO bb_admin;

-- What a personal field of (p_table, p_id) belongs to, bound into its associated data
-- (ad_version 2, migration 0021): the case of a party, contact moment or case event, the case
-- or volunteer itself. NULL when the row is not there.
CREATE OR REPLACE FUNCTION bb_field_container(p_table text, p_id uuid) RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    c uuid;
BEGIN
    IF p_table IN ('bb_case', 'volunteer') THEN
        RETURN p_id;
    END IF;
    IF p_table IN ('party', 'contact', 'case_event') THEN
        EXECUTE format('SELECT case_id FROM public.%I WHERE id = $1', p_table) INTO c USING p_id;
    END IF;
    RETURN c;
END $$;

-- Erasure that holds against old copies (bb_vault__renew): after the fields under p_from were
-- re-encrypted under p_to, every other row of the organisation that refers to p_from (its
-- case or volunteer, blind indexes, ...: every table with a data_key_id) refers to p_to.
-- Runs with the caller's rights. Says how many rows moved.
CREATE OR REPLACE FUNCTION bb_key_data_repoint(p_org uuid, p_from uuid, p_to uuid)
RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t regclass;
    n integer;
    total integer := 0;
BEGIN
    IF NOT EXISTS (SELECT FROM public.data_key WHERE id = p_to AND org_id = p_org) THEN
        RAISE EXCEPTION 'data key %: not a key of organisation %', p_to, p_org
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    FOR t IN SELECT a.attrelid::regclass FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                AND a.attname = 'data_key_id' AND NOT a.attisdropped
              ORDER BY c.relname LOOP
        EXECUTE format('UPDATE %s SET data_key_id = $1 WHERE org_id = $2 AND data_key_id = $3', t)
            USING p_to, p_org, p_from;
        GET DIAGNOSTICS n = ROW_COUNT;
        total := total + n;
    END LOOP;
    RETURN total;
END $$;

-- Destroys a data key of the organisation that no case or volunteer refers to any more (a
-- void case's old key, a key replaced by re-keying), and with it what is under it.
CREATE OR REPLACE FUNCTION bb_key_data_shred(p_org uuid, p_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin', 'coordinator'], 'data key');
    IF NOT EXISTS (SELECT FROM public.data_key WHERE id = p_id AND org_id = p_org) THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT FROM public.bb_case WHERE data_key_id = p_id)
       OR EXISTS (SELECT FROM public.volunteer WHERE data_key_id = p_id) THEN
        RAISE EXCEPTION 'data key %: still in use; only retention and erasure destroy it', p_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM public.data_key WHERE id = p_id AND org_id = p_org;
    RETURN true;
END $$;
REVOKE ALL ON FUNCTION bb_key_data_shred(uuid, uuid)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_data_shred(uuid, uuid) TO bb_admin, bb_coordinator;

-- Erasure of a volunteer (`bbctl person erase`): their data key goes, and everything under it,
-- with the audit record. Says how many keys went (0: the volunteer had none left).
CREATE OR REPLACE FUNCTION bb_key_erase_volunteer(p_org uuid, p_volunteer uuid, p_reason text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM bb_require_key_role(p_org, ARRAY['admin', 'coordinator'], 'erase');
    IF p_reason IS NULL OR btrim(p_reason) = '' THEN
        RAISE EXCEPTION 'reason: required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM public.data_key k USING public.volunteer v
     WHERE v.id = p_volunteer AND v.org_id = p_org AND k.id = v.data_key_id AND k.org_id = p_org;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM bb_audit_append(p_org, 'person_erase', NULL, jsonb_build_object(
        'kind', 'volunteer', 'ids', jsonb_build_array(p_volunteer::text), 'reason', p_reason));
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION bb_key_erase_volunteer(uuid, uuid, text)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_key_erase_volunteer(uuid, uuid, text) TO bb_admin, bb_coordinator;
