-- referrals: the rules of referrals to professional mediation and of follow-up (nazorg) that
-- the database keeps for any client (libbb keeps them too).
-- revision: 1
--
-- The current definition of every function and trigger here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- The referral's case belongs to its organisation and was reported before it; its status only
-- moves forward (aangevraagd -> lopend -> afgerond | geannuleerd) and a closed one is final.
CREATE OR REPLACE FUNCTION referral_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE TRIGGER referral_check BEFORE INSERT OR UPDATE ON referral
    FOR EACH ROW EXECUTE FUNCTION referral_check();

-- Follow-up belongs to cases that reached agreements: the case went through 'nazorg'.
CREATE OR REPLACE FUNCTION followup_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE TRIGGER followup_check BEFORE INSERT OR UPDATE ON followup
    FOR EACH ROW EXECUTE FUNCTION followup_check();
