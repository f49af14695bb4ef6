-- 0022-acting-person: every act names the bb user who did it (issue 13, docs/security.md "Who
-- acted"). Status changes, contact moments, follow-ups, rates, volunteer statuses and the
-- revisions of edited rows keep the bb user in acted_by (set by the database, never by the
-- client: functions/acts.sql); rows made before this keep NULL and show their database role
-- (db_user) as before. A status change keeps it in case_event.user_id, meant for this since 0003
-- and never filled until now.
--
-- bb_user.act_check: SHA-256 of the proof a user's program gives on a connection that is no
-- person's login role (the embedded database's superuser): a value derived from the user's
-- secret key, which only their passphrase opens. Set at enrolment, or at a user's first unlock
-- after this migration.
ALTER TABLE bb_user ADD COLUMN act_check bytea CHECK (length(act_check) = 32);

ALTER TABLE contact ADD COLUMN acted_by uuid;
ALTER TABLE followup ADD COLUMN acted_by uuid;
ALTER TABLE practice_rate ADD COLUMN acted_by uuid;
ALTER TABLE volunteer_status_event ADD COLUMN acted_by uuid;
ALTER TABLE row_revision ADD COLUMN acted_by uuid;

-- A person of the row's own organisation (0020). Users are revoked, never deleted, so these
-- keys need no index of their own.
ALTER TABLE contact ADD CONSTRAINT contact_org_acted_by_fkey
    FOREIGN KEY (org_id, acted_by) REFERENCES bb_user (org_id, id);
ALTER TABLE followup ADD CONSTRAINT followup_org_acted_by_fkey
    FOREIGN KEY (org_id, acted_by) REFERENCES bb_user (org_id, id);
ALTER TABLE practice_rate ADD CONSTRAINT practice_rate_org_acted_by_fkey
    FOREIGN KEY (org_id, acted_by) REFERENCES bb_user (org_id, id);
ALTER TABLE volunteer_status_event ADD CONSTRAINT volunteer_status_event_org_acted_by_fkey
    FOREIGN KEY (org_id, acted_by) REFERENCES bb_user (org_id, id);
ALTER TABLE row_revision ADD CONSTRAINT row_revision_org_acted_by_fkey
    FOREIGN KEY (org_id, acted_by) REFERENCES bb_user (org_id, id);
