-- 0021-field-binding: a personal field's associated data names what owns it (issue 13,
-- docs/security.md "Blob format"). ad_version 1: the table, field and row, as bb wrote until
-- now; 2: also the case or volunteer the row belongs to, so a party, note or contact moment
-- moved to another case behind bb's back no longer opens there. Rows of version 1 still open
-- until `bb_key_rebind` (an administrator) re-encrypts them; every write from now on is 2.
ALTER TABLE personal_field ADD COLUMN ad_version smallint NOT NULL DEFAULT 1
    CHECK (ad_version IN (1, 2));
-- What the rebinding still has to do.
CREATE INDEX personal_field_unbound ON personal_field (org_id, data_key_id) WHERE ad_version = 1;
