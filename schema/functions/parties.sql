-- parties: the rules of a case's parties and of pairing that the database keeps for any client
-- (libbb keeps them too). The rule "no volunteer living at a party's postcode" needs the keys,
-- so only libbb checks it.
-- revision: 3
--
-- The current definition of every function and trigger here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- Statuses in which the intake has begun: from here on a case has a melder.
CREATE OR REPLACE FUNCTION bb_case_past_intake(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN status IN ('intake', 'lopend', 'nazorg', 'doorverwezen');

-- Whether the case has a melder other than except_party.
CREATE OR REPLACE FUNCTION bb_case_has_melder(case_id uuid, except_party uuid) RETURNS boolean
LANGUAGE sql STABLE
RETURN EXISTS (SELECT 1 FROM party p WHERE p.case_id = bb_case_has_melder.case_id
                AND p.role = 'melder' AND p.id IS DISTINCT FROM except_party);

-- A party belongs to a case of its own organisation that is not void; the last melder of a
-- case past intake stays a melder.
CREATE OR REPLACE FUNCTION party_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    IF TG_OP <> 'DELETE' AND NOT EXISTS (
            SELECT 1 FROM bb_case WHERE id = NEW.case_id AND org_id = NEW.org_id) THEN
        RAISE EXCEPTION 'case: no such case in this organisation'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (
            SELECT 1 FROM bb_case WHERE id = NEW.case_id AND status = 'vervallen') THEN
        RAISE EXCEPTION 'case: the case is void: it gets no parties'
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
        RETURN NEW;
    END IF;
    IF OLD.role = 'melder' AND (TG_OP = 'DELETE' OR NEW.role <> 'melder'
                                OR NEW.case_id <> OLD.case_id) THEN
        SELECT status, intake_suitable INTO c FROM bb_case WHERE id = OLD.case_id;
        IF FOUND AND (bb_case_past_intake(c.status) OR c.intake_suitable IS NOT NULL)
                AND NOT bb_case_has_melder(OLD.case_id, OLD.id) THEN
            RAISE EXCEPTION 'role: the only melder of a case stays one once the intake has begun'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER party_check BEFORE INSERT OR UPDATE OR DELETE ON party
    FOR EACH ROW EXECUTE FUNCTION party_check();

-- A case has at least one melder before the intake: before it moves past 'aangemeld' into
-- the intake or later, and before an intake decision is recorded.
CREATE OR REPLACE FUNCTION case_check_melder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF ((NEW.status IS DISTINCT FROM OLD.status AND bb_case_past_intake(NEW.status))
        OR (NEW.intake_suitable IS NOT NULL AND OLD.intake_suitable IS NULL))
       AND NOT bb_case_has_melder(NEW.id, NULL) THEN
        RAISE EXCEPTION 'party: the case has no melder yet: add the reporting party before the intake'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER case_check_melder BEFORE UPDATE OF status, intake_suitable ON bb_case
    FOR EACH ROW EXECUTE FUNCTION case_check_melder();

-- Pairing: both volunteers of the case's organisation, active, and under their capacity
-- (open cases, this one not counted). The volunteer rows are locked, so two concurrent
-- pairings of one volunteer queue and the second counts the first.
CREATE OR REPLACE FUNCTION case_check_pair() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v record;
    load integer;
BEGIN
    IF NEW.volunteer1_id IS NULL OR (TG_OP = 'UPDATE'
            AND NEW.volunteer1_id IS NOT DISTINCT FROM OLD.volunteer1_id
            AND NEW.volunteer2_id IS NOT DISTINCT FROM OLD.volunteer2_id) THEN
        RETURN NEW;
    END IF;
    IF NEW.status = 'afgesloten' THEN
        RAISE EXCEPTION 'case: a closed case is not paired any more'
            USING ERRCODE = 'check_violation';
    END IF;
    FOR v IN SELECT id, number, org_id, status, capacity FROM volunteer
              WHERE id IN (NEW.volunteer1_id, NEW.volunteer2_id) ORDER BY id FOR UPDATE LOOP
        IF v.org_id <> NEW.org_id THEN
            RAISE EXCEPTION 'volunteer: no such volunteer in this organisation'
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF v.status <> 'actief' THEN
            RAISE EXCEPTION 'volunteer: V-% is ''%'', not ''actief''',
                lpad(v.number::text, 4, '0'), v.status USING ERRCODE = 'check_violation';
        END IF;
        SELECT count(*) INTO load FROM bb_case c
         WHERE c.status <> 'afgesloten' AND c.id <> NEW.id
           AND (c.volunteer1_id = v.id OR c.volunteer2_id = v.id);
        IF load >= v.capacity THEN
            RAISE EXCEPTION 'volunteer: V-% has % open cases, the capacity is %',
                lpad(v.number::text, 4, '0'), load, v.capacity USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER case_check_pair BEFORE INSERT OR UPDATE OF volunteer1_id, volunteer2_id
    ON bb_case FOR EACH ROW EXECUTE FUNCTION case_check_pair();

-- A name's word indexes (0019) go with its name index: clearing a name, moving a party to
-- another case, erasing a person delete the name index, and no word of it may stay behind.
CREATE OR REPLACE FUNCTION word_index_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM word_index WHERE owner_table = OLD.owner_table AND owner_id = OLD.owner_id;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER word_index_follow AFTER DELETE ON blind_index
    FOR EACH ROW WHEN (OLD.index_name = 'name') EXECUTE FUNCTION word_index_follow();
