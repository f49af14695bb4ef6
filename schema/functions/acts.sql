-- acts: who acts (docs/security.md, "Who acted"). Every change to an organisation's rows needs
-- a bb user of that organisation, and the rows that record acts (status changes, contact
-- moments, follow-ups, rates, volunteer statuses, revisions of edits) keep that user in
-- acted_by, as the audit log keeps their login.
-- revision: 1
--
-- Who the person is: on a person's own login role, the bb user it is (bb_user.db_role),
-- whatever the session claims. On any other connection of an owner (a superuser: the embedded
-- database) the bb user libbb names in the setting bb.act_user once that user has unlocked,
-- proven by bb.act_proof: a value derived from the user's secret key, which only their
-- passphrase opens, whose SHA-256 bb_user.act_check keeps. An owner who changes rows on
-- purpose without a person (migrations; a database administrator repairing by hand) says so
-- with bb.act_as_owner = on, and the audit log names their database role. Nothing here stops
-- a superuser from switching the triggers off: docs/security.md says what that leaves.
--
-- The current definition of every function and trigger here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- The person the session claims, unchecked: stamped on each row (cheap, per row); the
-- statement's audit trigger then checks the claim once (bb_act_person).
CREATE OR REPLACE FUNCTION bb_act_claimed() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(
        (SELECT u.id FROM public.bb_user u
          WHERE u.db_role = session_user::text AND u.status <> 'revoked'),
        CASE WHEN pg_has_role(session_user, 'bb_owner', 'MEMBER')
             THEN nullif(current_setting('bb.act_user', true), '')::uuid END)
$$;
REVOKE ALL ON FUNCTION bb_act_claimed()
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_act_claimed() TO bb_admin, bb_coordinator, bb_mediator;

-- The person who acts, checked: id and login, or NULLs when nobody acts. Refuses a claimed
-- user whose proof does not match (or who is not active), a user of another organisation
-- than p_org, and, when p_required, a change to p_org's rows by nobody (unless an owner acts
-- on purpose). SQLSTATEs of its own, so that libbb can say it in the user's words: BBA01
-- nobody proven acts, BBA02 a person of another organisation.
CREATE OR REPLACE FUNCTION bb_act_person(p_org uuid, p_required boolean,
                                         OUT id uuid, OUT login text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    u       public.bb_user;
    owner   boolean := pg_has_role(session_user, 'bb_owner', 'MEMBER');
    claimed text := nullif(current_setting('bb.act_user', true), '');
BEGIN
    SELECT * INTO u FROM public.bb_user x
     WHERE x.db_role = session_user::text AND x.status <> 'revoked';
    IF NOT FOUND AND owner AND claimed IS NOT NULL THEN
        SELECT * INTO u FROM public.bb_user x
         WHERE x.id::text = claimed AND x.status = 'active' AND x.act_check =
               sha256(decode(coalesce(current_setting('bb.act_proof', true), ''), 'hex'));
        IF NOT FOUND THEN
            RAISE EXCEPTION 'bb user % has not proven who they are on this connection', claimed
                USING ERRCODE = 'BBA01';
        END IF;
    END IF;
    IF u.id IS NOT NULL THEN
        IF p_org IS NOT NULL AND u.org_id <> p_org THEN
            RAISE EXCEPTION 'bb user % is not of organisation %', u.login, p_org
                USING ERRCODE = 'BBA02';
        END IF;
        id := u.id;
        login := u.login;
    ELSIF p_required AND p_org IS NOT NULL
          AND NOT (owner AND coalesce(current_setting('bb.act_as_owner', true), '') = 'on') THEN
        RAISE EXCEPTION 'nobody acts: a change to organisation %''s data needs a bb user of it '
                        'who has unlocked', p_org USING ERRCODE = 'BBA01';
    END IF;
END $$;
REVOKE ALL ON FUNCTION bb_act_person(uuid, boolean)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_act_person(uuid, boolean) TO bb_admin, bb_coordinator, bb_mediator;

-- Whether the session is a person's own login role: they act as themselves, unlocked or not
-- (libbb's bb_write_needs_unlock).
CREATE OR REPLACE FUNCTION bb_act_login_role() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (SELECT FROM public.bb_user u
                    WHERE u.db_role = session_user::text AND u.status <> 'revoked')
$$;
REVOKE ALL ON FUNCTION bb_act_login_role()
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_act_login_role() TO bb_admin, bb_coordinator, bb_mediator;

-- Stores a user's proof check where none is yet: at enrolment, and at a user's first unlock
-- after migration 0022 (their program alone can derive it). Only for the user themselves
-- (their login role) or an owner's connection; a check once set is never replaced here.
CREATE OR REPLACE FUNCTION bb_act_check_set(p_user uuid, p_check bytea) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'bb_owner', 'MEMBER')
       AND NOT EXISTS (SELECT FROM public.bb_user u
                        WHERE u.id = p_user AND u.db_role = session_user::text) THEN
        RAISE EXCEPTION 'only the user themselves sets their proof' USING ERRCODE = '42501';
    END IF;
    UPDATE public.bb_user SET act_check = p_check WHERE id = p_user AND act_check IS NULL;
END $$;
REVOKE ALL ON FUNCTION bb_act_check_set(uuid, bytea)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_act_check_set(uuid, bytea)
    TO bb_admin, bb_coordinator, bb_mediator;

-- acted_by of a new row is the person who acts, whatever the client wrote; an update keeps
-- the person who recorded it (the editor is in row_revision). case_event names the column
-- user_id (0003).
CREATE OR REPLACE FUNCTION bb_act_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.acted_by := bb_act_claimed();
    ELSE
        NEW.acted_by := OLD.acted_by;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION bb_act_stamp_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.user_id := bb_act_claimed();
    ELSE
        NEW.user_id := OLD.user_id;
    END IF;
    RETURN NEW;
END $$;

-- On the tables that record acts. Not under session_replication_role = replica, which only a
-- superuser sets: the demo generator's bulk load (millions of rows) writes no person on its
-- rows, and its audit records name the user who loaded it.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_event', 'contact', 'followup', 'practice_rate',
                             'volunteer_status_event', 'row_revision'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER act_stamp BEFORE INSERT OR UPDATE ON %I'
                       ' FOR EACH ROW EXECUTE FUNCTION %I()', t,
                       CASE t WHEN 'case_event' THEN 'bb_act_stamp_event' ELSE 'bb_act_stamp' END);
    END LOOP;
END $$;
