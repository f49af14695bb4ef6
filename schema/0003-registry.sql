-- 0003-registry: the plain (non-personal) core of the case registry: areas, cases with their
-- status workflow and events, volunteers, contact moments, signal settings.
--
-- Every category column is checked against the keys of docs/registry.md (the same lists as
-- lib/registry/vocab.c); the allowed status transitions live in case_transition, filled here
-- from the same table as libbb's, and a trigger refuses any other change, whoever makes it.
-- No personal data here: names, contact details, postcodes and notes of cases, events,
-- volunteers and contacts go encrypted into personal_field (0002-keys), owned by these rows'
-- uuid ids, once libbb writes them through the key layer.

-- True when every element of keys is one of allowed and none repeats.
CREATE FUNCTION bb_keys_ok(keys text[], allowed text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN keys <@ allowed
   AND cardinality(keys) = (SELECT count(DISTINCT k) FROM unnest(keys) AS k);

-- True when s holds no control characters (C0, DEL, C1): no terminal escapes from the database.
CREATE FUNCTION bb_plain_text(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN s !~ '[\u0001-\u001f\u007f-\u009f]';

-- Gap-free numbers: one counter row per (organisation, series); taking a number updates the
-- row, so concurrent creators queue on its lock and a rolled-back create returns its number.
CREATE TABLE number_counter (
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    series      text NOT NULL CHECK (series ~ '^(case:[0-9]{4}|volunteer)$'),
    last        integer NOT NULL CHECK (last >= 1),
    PRIMARY KEY (org_id, series)
);

-- Villages and neighbourhoods, with the postcode ranges (4-digit part) that belong to them.
CREATE TABLE area (
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60 AND bb_plain_text(name)
                                     AND name = btrim(name)),
    postcodes   int4multirange NOT NULL DEFAULT '{}'
                CHECK (postcodes <@ '{[1000,10000)}'::int4multirange),
    version     integer NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, name)
);
CREATE INDEX area_postcodes ON area USING gist (postcodes);

-- Two areas of one organisation never share a postcode, so the derivation is unambiguous.
CREATE FUNCTION area_check_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other text;
BEGIN
    -- One area writer per organisation at a time, so two concurrent sets cannot overlap.
    PERFORM pg_advisory_xact_lock(hashtext('bb.area:' || NEW.org_id::text));
    SELECT name INTO other FROM area
     WHERE org_id = NEW.org_id AND name <> NEW.name AND postcodes && NEW.postcodes LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'postcodes: % overlaps with area ''%''', NEW.postcodes, other
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER area_check_overlap BEFORE INSERT OR UPDATE ON area
    FOR EACH ROW EXECUTE FUNCTION area_check_overlap();

-- Every update of a versioned row bumps its version, whoever writes it, and records which
-- columns changed, so a refused stale edit can say what changed in between.
CREATE TABLE row_revision (
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    tbl         text NOT NULL,
    row_id      uuid NOT NULL,
    version     integer NOT NULL,
    columns     text[] NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    db_user     text NOT NULL DEFAULT session_user,
    PRIMARY KEY (tbl, row_id, version)
);

CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text[];
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO changed
      FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
     WHERE n.value IS DISTINCT FROM o.value AND n.key NOT IN ('version', 'updated_at');
    INSERT INTO row_revision (org_id, tbl, row_id, version, columns)
    VALUES (NEW.org_id, TG_TABLE_NAME, NEW.id, NEW.version, changed);
    RETURN NEW;
END $$;

-- The workflow: which status may follow which (the same rows as libbb's table in
-- lib/registry/vocab.c; a test compares them). Rules, not data: no org_id.
CREATE TABLE case_transition (
    from_status text NOT NULL,
    to_status   text NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO case_transition (from_status, to_status) VALUES
    ('aangemeld', 'intake'), ('aangemeld', 'in_de_wacht'), ('aangemeld', 'afgesloten'),
    ('intake', 'lopend'), ('intake', 'doorverwezen'), ('intake', 'in_de_wacht'),
    ('intake', 'afgesloten'),
    ('lopend', 'nazorg'), ('lopend', 'doorverwezen'), ('lopend', 'in_de_wacht'),
    ('lopend', 'afgesloten'),
    ('nazorg', 'lopend'), ('nazorg', 'afgesloten'),
    ('in_de_wacht', 'aangemeld'), ('in_de_wacht', 'intake'), ('in_de_wacht', 'lopend'),
    ('in_de_wacht', 'nazorg'), ('in_de_wacht', 'afgesloten'),
    ('doorverwezen', 'lopend'), ('doorverwezen', 'afgesloten');

CREATE TABLE bb_case (
    id              uuid PRIMARY KEY,          -- made by the client: a retried create is a no-op
    org_id          uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    year            smallint NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    seq             integer NOT NULL CHECK (seq >= 1),
    reported_on     date NOT NULL CHECK (reported_on >= DATE '2000-01-01'),
    source          text NOT NULL CHECK (source IN ('zelfmelder', 'politie', 'woningcorporatie',
                        'gemeente', 'welzijn', 'zorg', 'anders')),
    conflict_types  text[] NOT NULL CHECK (cardinality(conflict_types) >= 1 AND bb_keys_ok(
                        conflict_types, '{geluid_personen,geluid_apparatuur,huisdieren,kinderen,'
                        'tuin_erfgrens,bomen_beplanting,parkeren,rommel_vuilnis,stank_rook,'
                        'pesten,intimidatie,roddel_communicatie,leefgewoonten,vernielingen,'
                        'overig}')),
    area            text,
    intake_suitable boolean,                   -- NULL until the intake decided
    intake_on       date,
    status          text NOT NULL DEFAULT 'aangemeld' CHECK (status IN ('aangemeld', 'intake',
                        'lopend', 'nazorg', 'afgesloten', 'in_de_wacht', 'doorverwezen')),
    outcome         text CHECK (outcome IN ('opgelost', 'deels_opgelost', 'niet_opgelost',
                        'niet_bemiddelbaar', 'vanzelf_opgelost', 'verhuisd', 'ingetrokken',
                        'geen_contact')),
    closed_on       date,
    reported_back_on date,                     -- outcome reported back to the referrer
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, year, seq),
    FOREIGN KEY (org_id, area) REFERENCES area (org_id, name) ON UPDATE CASCADE,
    -- Closed exactly when it has an outcome and a closing date, never before the report.
    CONSTRAINT case_closed_has_outcome CHECK ((status = 'afgesloten') = (outcome IS NOT NULL)),
    CONSTRAINT case_closed_has_date CHECK ((status = 'afgesloten') = (closed_on IS NOT NULL)),
    CONSTRAINT case_closed_after_report CHECK (closed_on >= reported_on),
    CONSTRAINT case_intake_after_report CHECK (intake_on >= reported_on),
    CONSTRAINT case_reported_back_after_close CHECK (reported_back_on >= closed_on)
);
-- Keyset-paged lists, newest number first, per filter the list offers.
CREATE INDEX case_by_status ON bb_case (org_id, status, year DESC, seq DESC);
CREATE INDEX case_by_area ON bb_case (org_id, area, year DESC, seq DESC);
CREATE INDEX case_by_source ON bb_case (org_id, source, year DESC, seq DESC);
CREATE INDEX case_by_reported ON bb_case (org_id, reported_on);

-- Status history: one row per transition, written by the trigger below, so the history and the
-- lead times hold whoever changed the status. db_user is the database login; user_id (the bb
-- user) stays NULL until libbb knows the unlocked user.
CREATE TABLE case_event (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- owner of its note, later
    seq         bigint GENERATED ALWAYS AS IDENTITY,        -- order of the events
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    case_id     uuid NOT NULL REFERENCES bb_case (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    db_user     text NOT NULL DEFAULT session_user,
    user_id     uuid REFERENCES bb_user (id),  -- the bb user, once libbb passes it on
    from_status text,                          -- NULL: the case was created
    to_status   text NOT NULL
);
CREATE INDEX case_event_by_case ON case_event (case_id, seq);

-- A report is dated at most a day ahead of the server's date (clients in other time zones);
-- libbb refuses any date after the user's own today.
CREATE FUNCTION case_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.reported_on > current_date + 1 THEN
        RAISE EXCEPTION 'reported: % is in the future', NEW.reported_on
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'aangemeld' THEN
        RAISE EXCEPTION 'status: a new case starts as ''aangemeld'', not ''%''', NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
            SELECT 1 FROM case_transition
             WHERE from_status = OLD.status AND to_status = NEW.status) THEN
        RAISE EXCEPTION 'status: a case cannot go from ''%'' to ''%''', OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_check BEFORE INSERT OR UPDATE ON bb_case
    FOR EACH ROW EXECUTE FUNCTION case_check();
CREATE TRIGGER case_bump_version BEFORE UPDATE ON bb_case
    FOR EACH ROW EXECUTE FUNCTION bump_version();

CREATE FUNCTION case_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER case_log_event AFTER INSERT OR UPDATE OF status ON bb_case
    FOR EACH ROW EXECUTE FUNCTION case_log_event();

-- Volunteers: the plain parts. Name, contact details and postcode arrive encrypted later
-- (personal_field, and blind_index for the "not next to a party" pairing rule).
CREATE TABLE volunteer (
    id              uuid PRIMARY KEY,          -- made by the client, as for cases
    org_id          uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    number          integer NOT NULL CHECK (number >= 1),
    area            text,
    status          text NOT NULL DEFAULT 'aangemeld' CHECK (status IN ('aangemeld',
                        'in_opleiding', 'gecertificeerd', 'actief', 'gestopt')),
    status_since    date NOT NULL DEFAULT current_date CHECK (status_since >= '2000-01-01'),
    capacity        smallint NOT NULL DEFAULT 2 CHECK (capacity BETWEEN 0 AND 20),
    preferred_types text[] NOT NULL DEFAULT '{}' CHECK (bb_keys_ok(preferred_types,
                        '{geluid_personen,geluid_apparatuur,huisdieren,kinderen,'
                        'tuin_erfgrens,bomen_beplanting,parkeren,rommel_vuilnis,stank_rook,'
                        'pesten,intimidatie,roddel_communicatie,leefgewoonten,vernielingen,'
                        'overig}')),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, number),
    FOREIGN KEY (org_id, area) REFERENCES area (org_id, name) ON UPDATE CASCADE
);
CREATE INDEX volunteer_by_status ON volunteer (org_id, status, number);
CREATE TRIGGER volunteer_bump_version BEFORE UPDATE ON volunteer
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- The recruitment pipeline's dates: one row per status a volunteer entered.
CREATE TABLE volunteer_status_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    volunteer_id uuid NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    status       text NOT NULL,
    since        date NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    db_user      text NOT NULL DEFAULT session_user
);
CREATE INDEX volunteer_status_event_by_volunteer ON volunteer_status_event (volunteer_id, id);

CREATE FUNCTION volunteer_log_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO volunteer_status_event (org_id, volunteer_id, status, since)
        VALUES (NEW.org_id, NEW.id, NEW.status, NEW.status_since);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER volunteer_log_status AFTER INSERT OR UPDATE OF status ON volunteer
    FOR EACH ROW EXECUTE FUNCTION volunteer_log_status();

-- Contact moments; who took part is the join table below. The note arrives encrypted later.
CREATE TABLE contact (
    id          uuid PRIMARY KEY,              -- made by the client, as for cases
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    case_id     uuid NOT NULL REFERENCES bb_case (id) ON DELETE CASCADE,
    contact_on  date NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('telefoon', 'huisbezoek_a', 'huisbezoek_b',
                    'bemiddelingsgesprek', 'pendelgesprek', 'nazorgcontact',
                    'overleg_verwijzer', 'overig')),
    minutes     integer CHECK (minutes BETWEEN 0 AND 1440),
    created_at  timestamptz NOT NULL DEFAULT now(),
    db_user     text NOT NULL DEFAULT session_user
);
CREATE INDEX contact_by_case ON contact (case_id, contact_on, created_at);

CREATE FUNCTION contact_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reported date;
BEGIN
    SELECT reported_on INTO reported FROM bb_case WHERE id = NEW.case_id AND org_id = NEW.org_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case: no such case in this organisation'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.contact_on < reported OR NEW.contact_on > current_date + 1 THEN
        RAISE EXCEPTION 'date: % is before the report (%) or in the future',
            NEW.contact_on, reported USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER contact_check BEFORE INSERT OR UPDATE ON contact
    FOR EACH ROW EXECUTE FUNCTION contact_check();

CREATE TABLE contact_volunteer (
    org_id       uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    contact_id   uuid NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    volunteer_id uuid NOT NULL REFERENCES volunteer (id),
    PRIMARY KEY (contact_id, volunteer_id)
);
CREATE INDEX contact_volunteer_by_volunteer ON contact_volunteer (volunteer_id);

-- The signal thresholds (bbctl config set) are whole numbers in a sane range.
ALTER TABLE setting ADD CONSTRAINT setting_signals_check CHECK (
    key NOT LIKE 'signals.%' OR CASE
        WHEN value !~ '^[0-9]{1,3}$' THEN false
        WHEN key = 'signals.no_contact_days' THEN value::int BETWEEN 1 AND 365
        WHEN key = 'signals.intake_workdays' THEN value::int BETWEEN 1 AND 60
        WHEN key = 'signals.followup_weeks' THEN value::int BETWEEN 1 AND 52
        ELSE false END);
