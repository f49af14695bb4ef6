-- 0019-word-index: search as people remember (docs/security.md, "Blind indexes").
-- Every word of a party's normalised name gets a blind index of its own, so that "Bruijn",
-- "de Bruijn" and "Elsa" all find Elsa de Bruijn; a candidate is decrypted and compared as
-- with every blind index. word is the word's place in the name (0..15).
CREATE TABLE word_index (
    owner_table  text NOT NULL,
    owner_id     uuid NOT NULL,
    word         smallint NOT NULL CHECK (word BETWEEN 0 AND 15),
    org_id       uuid NOT NULL REFERENCES organisation (id),
    data_key_id  uuid NOT NULL REFERENCES data_key (id) ON DELETE CASCADE,
    bidx_version integer NOT NULL,
    value        integer NOT NULL,
    PRIMARY KEY (owner_table, owner_id, word)
);
CREATE INDEX word_index_lookup ON word_index (org_id, owner_table, value, owner_id);
CREATE INDEX word_index_key ON word_index (data_key_id);

-- Which normalisation made a blind index: 1 the table of Latin letters bb had before, 2
-- utf8proc (NFKC, full case folding, marks removed). The rows already there keep 1 until
-- `bbctl key reindex` recomputes them; rows inserted from now on are 2 (a name index written
-- over in place keeps its 1, and the re-index then makes it once more: harmless).
ALTER TABLE blind_index ADD COLUMN norm_version smallint NOT NULL DEFAULT 1
    CHECK (norm_version BETWEEN 1 AND 2);
ALTER TABLE blind_index ALTER COLUMN norm_version SET DEFAULT 2;
-- What `bbctl key reindex` still has to do: the parties' name indexes of an older version.
CREATE INDEX blind_index_norm ON blind_index (org_id, owner_table, owner_id)
    WHERE index_name = 'name' AND norm_version < 2;
