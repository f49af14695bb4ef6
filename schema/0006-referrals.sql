-- 0006-referrals: professional mediation (practices with a rate history and yearly budgets,
-- referrals of cases with hours and cost), follow-up (nazorg) answers, and what the signals
-- need (working days, indexes).
--
-- Everything here is plain and categorical, so every figure (referrals, hours, cost against
-- budget, outcomes, share improved at follow-up) is computed without a key. A mediator's name
-- is a professional's, not a party's: short plain text. The checks mirror libbb's
-- (lib/registry/referral.c, followup.c); the triggers hold the same rules for any client.

-- Practices of professional mediation an organisation refers to.
CREATE TABLE practice (
    id          uuid PRIMARY KEY,              -- made by the client: a retried add is a no-op
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80 AND bb_plain_text(name)
                                     AND name = btrim(name)),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, name),
    UNIQUE (org_id, id)                        -- target of referral's (org_id, practice_id)
);
CREATE TRIGGER practice_bump_version BEFORE UPDATE ON practice
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- Hourly rates as a history: the rate valid on a day is the one with the latest valid_from on
-- or before it. A referral copies the rate of its date when it is made, so its cost never
-- changes afterwards. Append-only: a wrong rate is corrected by a later one.
CREATE TABLE practice_rate (
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    practice_id uuid NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
    valid_from  date NOT NULL CHECK (valid_from >= DATE '2000-01-01'),
    rate_cents  integer NOT NULL CHECK (rate_cents BETWEEN 0 AND 100000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    db_user     text NOT NULL DEFAULT session_user,
    PRIMARY KEY (practice_id, valid_from)
);

-- What the pilot may spend on a practice in a calendar year.
CREATE TABLE practice_budget (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- row id for row_revision
    org_id       uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    practice_id  uuid NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
    year         smallint NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 0 AND 1000000000),
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (practice_id, year)
);
CREATE TRIGGER practice_budget_bump_version BEFORE UPDATE ON practice_budget
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- A case referred to professional mediation. seq counts a case's referrals (1, 2, ...); at
-- most one is open (aangevraagd or lopend) at a time. cost_cents is computed: hours (in
-- quarters) times the rate copied at the referral's date, rounded to a cent.
CREATE TABLE referral (
    id          uuid PRIMARY KEY,              -- made by the client, as for cases
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    case_id     uuid NOT NULL REFERENCES bb_case (id) ON DELETE CASCADE,
    seq         smallint NOT NULL CHECK (seq >= 1),
    practice_id uuid NOT NULL,
    mediator    text CHECK (length(mediator) BETWEEN 1 AND 60 AND bb_plain_text(mediator)
                            AND mediator = btrim(mediator)),
    reason      text NOT NULL CHECK (reason IN ('escalatie', 'complex', 'vastgelopen',
                    'familie', 'agressie', 'bedreiging', 'criminaliteit', 'verslaving',
                    'psychisch', 'discriminatie', 'overig')),
    referred_on date NOT NULL CHECK (referred_on >= DATE '2000-01-01'),
    status      text NOT NULL DEFAULT 'aangevraagd' CHECK (status IN ('aangevraagd', 'lopend',
                    'afgerond', 'geannuleerd')),
    hours       numeric(5, 2) NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 999.75
                    AND hours * 4 = trunc(hours * 4)),
    rate_cents  integer NOT NULL CHECK (rate_cents BETWEEN 0 AND 100000),
    cost_cents  bigint GENERATED ALWAYS AS (round(hours * rate_cents)::bigint) STORED,
    outcome     text CHECK (outcome IN ('opgelost', 'deels_opgelost', 'niet_opgelost',
                    'niet_bemiddelbaar', 'vanzelf_opgelost', 'verhuisd', 'ingetrokken',
                    'geen_contact')),
    closed_on   date,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, seq),
    FOREIGN KEY (org_id, practice_id) REFERENCES practice (org_id, id),
    CONSTRAINT referral_closed_has_date
        CHECK ((status IN ('afgerond', 'geannuleerd')) = (closed_on IS NOT NULL)),
    CONSTRAINT referral_finished_has_outcome CHECK ((status = 'afgerond') = (outcome IS NOT NULL)),
    CONSTRAINT referral_closed_after_referral CHECK (closed_on >= referred_on)
);
CREATE UNIQUE INDEX referral_one_open ON referral (case_id)
    WHERE status IN ('aangevraagd', 'lopend');
CREATE INDEX referral_by_date ON referral (org_id, referred_on);
CREATE INDEX referral_by_practice ON referral (practice_id, referred_on);

-- The referral's case belongs to its organisation and was reported before it; its status only
-- moves forward (aangevraagd -> lopend -> afgerond | geannuleerd) and a closed one is final.
CREATE FUNCTION referral_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reported date;
BEGIN
    SELECT reported_on INTO reported FROM bb_case WHERE id = NEW.case_id AND org_id = NEW.org_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case: no such case in this organisation'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.referred_on < reported OR NEW.referred_on > current_date + 1 THEN
        RAISE EXCEPTION 'date: % is before the report (%) or in the future',
            NEW.referred_on, reported USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.status IN ('afgerond', 'geannuleerd')
            OR (OLD.status = 'lopend' AND NEW.status = 'aangevraagd')
            OR NEW.case_id <> OLD.case_id OR NEW.seq <> OLD.seq
            OR NEW.referred_on <> OLD.referred_on OR NEW.rate_cents <> OLD.rate_cents) THEN
        RAISE EXCEPTION 'status: a % referral cannot be changed this way', OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER referral_check BEFORE INSERT OR UPDATE ON referral
    FOR EACH ROW EXECUTE FUNCTION referral_check();
CREATE TRIGGER referral_bump_version BEFORE UPDATE ON referral
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- Follow-up (nazorg): per party role, whether the agreements hold and whether the situation
-- improved. NULL: that party was not asked or not reached; at least one answer is given.
CREATE TABLE followup (
    id                     uuid PRIMARY KEY,   -- made by the client, as for cases
    org_id                 uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    case_id                uuid NOT NULL REFERENCES bb_case (id) ON DELETE CASCADE,
    followup_on            date NOT NULL CHECK (followup_on >= DATE '2000-01-01'),
    melder_agreements      text CHECK (melder_agreements IN ('ja', 'deels', 'nee')),
    melder_improved        text CHECK (melder_improved IN ('ja', 'deels', 'nee')),
    wederpartij_agreements text CHECK (wederpartij_agreements IN ('ja', 'deels', 'nee')),
    wederpartij_improved   text CHECK (wederpartij_improved IN ('ja', 'deels', 'nee')),
    created_at             timestamptz NOT NULL DEFAULT now(),
    db_user                text NOT NULL DEFAULT session_user,
    CONSTRAINT followup_has_an_answer CHECK (num_nonnulls(melder_agreements, melder_improved,
        wederpartij_agreements, wederpartij_improved) >= 1)
);
CREATE INDEX followup_by_case ON followup (case_id, followup_on);
CREATE INDEX followup_by_date ON followup (org_id, followup_on);

-- Follow-up belongs to cases that reached agreements: the case went through 'nazorg'.
CREATE FUNCTION followup_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reported date;
BEGIN
    SELECT reported_on INTO reported FROM bb_case WHERE id = NEW.case_id AND org_id = NEW.org_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case: no such case in this organisation'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM case_event
                    WHERE case_id = NEW.case_id AND to_status = 'nazorg') THEN
        RAISE EXCEPTION 'case: follow-up needs a case that reached nazorg'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.followup_on < reported OR NEW.followup_on > current_date + 1 THEN
        RAISE EXCEPTION 'date: % is before the report (%) or in the future',
            NEW.followup_on, reported USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER followup_check BEFORE INSERT OR UPDATE ON followup
    FOR EACH ROW EXECUTE FUNCTION followup_check();

-- Working days (Monday to Friday; public holidays are not known) d with d1 < d <= d2.
CREATE FUNCTION bb_workdays(d1 date, d2 date) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN d2 <= d1 THEN 0 ELSE ((d2 - d1) / 7) * 5
    + (SELECT count(*)::integer FROM generate_series(1, (d2 - d1) % 7) AS i
        WHERE extract(isodow FROM d1 + i) < 6) END;

-- The signals page through these in case-number order (lib/registry/signals.c): the cases
-- being worked on, and the closed ones whose outcome the referrer has not heard (few, once
-- reported). The other signals follow case_by_status.
CREATE INDEX case_active ON bb_case (org_id, year, seq)
    WHERE status IN ('aangemeld', 'intake', 'lopend');
CREATE INDEX case_not_reported_back ON bb_case (org_id, year, seq)
    WHERE status = 'afgesloten' AND reported_back_on IS NULL AND source <> 'zelfmelder';
