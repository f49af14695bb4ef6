-- 0016-import-source: a case brought in by `bbctl import cases` keeps its source key: its
-- number in the old register, or the file's checksum and row. Importing the same rows again
-- finds them by it and adds nothing twice (docs/import.md). Not personal data: a number of
-- the organisation's own register.
ALTER TABLE bb_case ADD COLUMN import_key text
    CHECK (import_key IS NULL OR length(import_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX case_by_import_key ON bb_case (org_id, import_key)
    WHERE import_key IS NOT NULL;
