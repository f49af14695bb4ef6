-- 0005-parties: what is personal about cases and volunteers, and pairing.
--
-- Personal values (names, addresses, phone numbers, e-mail, notes) never get a column here:
-- they live encrypted in personal_field and blind_index (0002-keys) under the data key of
-- their case or volunteer. What stays plain are the categorical columns the figures need.
-- Rules the database keeps as well as libbb (lib/registry/): a case has a melder before
-- intake; a pair is two different active volunteers under their capacity. The rule "no
-- volunteer living at a party's postcode" needs the keys, so only libbb can check it.

-- Each case and each volunteer has its own data key. Shredding deletes the key (and with it
-- every field and index under it); the row and its plain figures stay.
ALTER TABLE bb_case ADD COLUMN data_key_id uuid REFERENCES data_key (id) ON DELETE SET NULL;
ALTER TABLE volunteer ADD COLUMN data_key_id uuid REFERENCES data_key (id) ON DELETE SET NULL;
CREATE INDEX case_by_data_key ON bb_case (data_key_id);
CREATE INDEX volunteer_by_data_key ON volunteer (data_key_id);

-- The intake decision: suitable or not, and why not (a code; free text goes in a note).
ALTER TABLE bb_case
    ADD COLUMN intake_reason text CHECK (intake_reason IN ('familieconflict',
        'ernstige_agressie', 'criminaliteit', 'verslaving', 'psychische_kwetsbaarheid',
        'discriminatie', 'bedreiging', 'anders')),
    ADD CONSTRAINT case_intake_decided CHECK (
        (intake_suitable IS NULL) = (intake_on IS NULL)
        AND (intake_suitable IS NULL OR intake_suitable = (intake_reason IS NULL))
        AND (intake_suitable IS NOT NULL OR intake_reason IS NULL));

-- The two paired volunteers: both or neither, never the same one twice.
ALTER TABLE bb_case
    ADD COLUMN volunteer1_id uuid REFERENCES volunteer (id),
    ADD COLUMN volunteer2_id uuid REFERENCES volunteer (id),
    ADD CONSTRAINT case_pair_complete CHECK ((volunteer1_id IS NULL) = (volunteer2_id IS NULL)),
    ADD CONSTRAINT case_pair_different CHECK (volunteer1_id <> volunteer2_id);
-- A volunteer's load: their open cases.
CREATE INDEX case_by_volunteer1 ON bb_case (volunteer1_id) WHERE status <> 'afgesloten';
CREATE INDEX case_by_volunteer2 ON bb_case (volunteer2_id) WHERE status <> 'afgesloten';

-- Parties of a case. Name, address, phone and e-mail are personal_field rows owned by
-- ("party", id); the columns are the non-identifying attributes for the figures.
CREATE TABLE party (
    id          uuid PRIMARY KEY,              -- made by the client: a retried add is a no-op
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    case_id     uuid NOT NULL REFERENCES bb_case (id) ON DELETE CASCADE,
    seq         smallint NOT NULL CHECK (seq BETWEEN 1 AND 99), -- 1, 2, ... within the case
    role        text NOT NULL CHECK (role IN ('melder', 'wederpartij', 'betrokkene')),
    tenure      text NOT NULL DEFAULT 'onbekend' CHECK (tenure IN ('huur_corporatie',
                    'huur_particulier', 'koop', 'onbekend')),
    household   text NOT NULL DEFAULT 'onbekend' CHECK (household IN ('alleenstaand',
                    'paar_zonder_kinderen', 'gezin_met_kinderen', 'eenoudergezin', 'anders',
                    'onbekend')),
    age_band    text NOT NULL DEFAULT 'onbekend' CHECK (age_band IN ('onder_18', '18_29',
                    '30_44', '45_64', '65_plus', 'onbekend')),
    interpreter text NOT NULL DEFAULT 'onbekend' CHECK (interpreter IN ('ja', 'nee',
                    'onbekend')),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, seq)
);
CREATE INDEX party_by_case_role ON party (case_id, role);
CREATE TRIGGER party_bump_version BEFORE UPDATE ON party
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- Statuses in which the intake has begun: from here on a case has a melder.
CREATE FUNCTION bb_case_past_intake(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN status IN ('intake', 'lopend', 'nazorg', 'doorverwezen');

CREATE FUNCTION bb_case_has_melder(case_id uuid, except_party uuid) RETURNS boolean
LANGUAGE sql STABLE
RETURN EXISTS (SELECT 1 FROM party p WHERE p.case_id = bb_case_has_melder.case_id
                AND p.role = 'melder' AND p.id IS DISTINCT FROM except_party);

-- A party belongs to a case of its own organisation; the last melder of a case past intake
-- stays a melder.
CREATE FUNCTION party_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    IF TG_OP <> 'DELETE' AND NOT EXISTS (
            SELECT 1 FROM bb_case WHERE id = NEW.case_id AND org_id = NEW.org_id) THEN
        RAISE EXCEPTION 'case: no such case in this organisation'
            USING ERRCODE = 'foreign_key_violation';
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
CREATE TRIGGER party_check BEFORE INSERT OR UPDATE OR DELETE ON party
    FOR EACH ROW EXECUTE FUNCTION party_check();

-- A case has at least one melder before the intake: before it moves past 'aangemeld' into
-- the intake or later, and before an intake decision is recorded.
CREATE FUNCTION case_check_melder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF ((NEW.status IS DISTINCT FROM OLD.status AND bb_case_past_intake(NEW.status))
        OR (NEW.intake_suitable IS NOT NULL AND OLD.intake_suitable IS NULL))
       AND NOT bb_case_has_melder(NEW.id, NULL) THEN
        RAISE EXCEPTION 'party: the case has no melder yet: add the reporting party before the intake'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_check_melder BEFORE UPDATE OF status, intake_suitable ON bb_case
    FOR EACH ROW EXECUTE FUNCTION case_check_melder();

-- Pairing: both volunteers of the case's organisation, active, and under their capacity
-- (open cases, this one not counted). The volunteer rows are locked, so two concurrent
-- pairings of one volunteer queue and the second counts the first.
CREATE FUNCTION case_check_pair() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER case_check_pair BEFORE INSERT OR UPDATE OF volunteer1_id, volunteer2_id
    ON bb_case FOR EACH ROW EXECUTE FUNCTION case_check_pair();
