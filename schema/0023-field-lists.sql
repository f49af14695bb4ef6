-- 0023-field-lists: what an owner of personal fields should have (issue 13, docs/security.md
-- "Missing fields"). ad_version 3: the binding of 2 (table, field, row, and the case or
-- volunteer that owns the row), written by a bb that keeps, per owner, a sealed list of its
-- fields (field '@fields') and, per case, a sealed list of the rows that have any ('@owners'),
-- so that a field deleted behind bb's back reads as missing instead of not recorded. A field
-- of version 3 says these lists exist; versions 1 and 2 keep opening as before until
-- `bb_key_rebind` brings them to 3, lists and all.
ALTER TABLE personal_field DROP CONSTRAINT personal_field_ad_version_check;
ALTER TABLE personal_field ADD CONSTRAINT personal_field_ad_version_check
    CHECK (ad_version IN (1, 2, 3));
-- What the rebinding still has to do: now every field below version 3.
DROP INDEX personal_field_unbound;
CREATE INDEX personal_field_unbound ON personal_field (org_id, data_key_id) WHERE ad_version < 3;
