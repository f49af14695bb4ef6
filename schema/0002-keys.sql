-- 0002-keys: users and their keys, the organisation key and what it wraps, and the encrypted
-- personal fields with their blind indexes. docs/security.md explains the hierarchy.

-- People who use bb. A person may hold several roles. The X25519 key pair is made by the user
-- at enrolment; the secret key is stored only encrypted under an Argon2id key from their
-- passphrase, with the parameters it was made with.
CREATE TABLE bb_user (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL REFERENCES organisation (id),
    login           text NOT NULL CHECK (login ~ '^[a-z][a-z0-9._-]{0,62}$'),
    roles           text[] NOT NULL
                    CHECK (cardinality(roles) >= 1
                           AND roles <@ ARRAY['admin', 'coordinator', 'mediator', 'reporter']),
    status          text NOT NULL DEFAULT 'invited'
                    CHECK (status IN ('invited', 'active', 'revoked')),
    public_key      bytea CHECK (length(public_key) = 32),
    secret_key      bytea,
    pwhash_alg      integer,
    pwhash_opslimit bigint,
    pwhash_memlimit bigint,
    pwhash_salt     bytea CHECK (length(pwhash_salt) = 16),
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (org_id, login),
    CHECK ((public_key IS NULL) = (secret_key IS NULL)),
    CHECK ((secret_key IS NULL) = (pwhash_salt IS NULL)),
    -- Reporters see aggregates only and never hold keys.
    CHECK (status <> 'active' OR public_key IS NOT NULL OR roles = ARRAY['reporter'])
);

-- Versions of the organisation key. The key itself is never stored, only sealed to users.
-- fingerprint lets a client pin a version; commitment (a keyed hash of this version's
-- fingerprint under the previous version's key) lets a client that trusts version n-1 accept
-- version n, which someone without the old key cannot forge.
CREATE TABLE org_key (
    org_id      uuid NOT NULL REFERENCES organisation (id),
    version     integer NOT NULL CHECK (version >= 1),
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    commitment  bytea CHECK (length(commitment) = 32),
    created_by  uuid REFERENCES bb_user (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, version),
    CHECK ((version = 1) = (commitment IS NULL))
);

-- The organisation key, sealed (crypto_box_seal) to each authorised user's public key.
CREATE TABLE org_key_grant (
    org_id      uuid NOT NULL,
    key_version integer NOT NULL,
    user_id     uuid NOT NULL REFERENCES bb_user (id) ON DELETE CASCADE,
    sealed      bytea NOT NULL CHECK (length(sealed) = 80),
    granted_by  uuid REFERENCES bb_user (id),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key_version, user_id),
    FOREIGN KEY (org_id, key_version) REFERENCES org_key (org_id, version)
);
CREATE INDEX org_key_grant_user ON org_key_grant (user_id);

-- Keys the organisation key wraps: the blind-index root key (per version, so indexes can be
-- recomputed under a new one).
CREATE TABLE org_secret (
    org_id       uuid NOT NULL REFERENCES organisation (id),
    name         text NOT NULL CHECK (name IN ('bidx_root')),
    version      integer NOT NULL CHECK (version >= 1),
    key_version  integer NOT NULL,
    wrapped      bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, name, version),
    FOREIGN KEY (org_id, key_version) REFERENCES org_key (org_id, version)
);

-- One data key per case and per volunteer, wrapped by a version of the organisation key.
-- Deleting the row shreds everything under it: its fields and indexes cascade away, and the
-- copies in old backups can no longer be opened once the wrapped key is gone from them too.
CREATE TABLE data_key (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organisation (id),
    key_version integer NOT NULL,
    wrapped     bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, key_version) REFERENCES org_key (org_id, version)
);
-- Rotation walks the keys still wrapped by an old version.
CREATE INDEX data_key_rewrap ON data_key (org_id, key_version, id);

-- Encrypted personal fields (names, addresses, phone numbers, e-mail, notes) of any row:
-- XChaCha20-Poly1305 blobs bound to (key version, owner table, field, owner id).
CREATE TABLE personal_field (
    owner_table text NOT NULL,
    owner_id    uuid NOT NULL,
    field       text NOT NULL,
    org_id      uuid NOT NULL REFERENCES organisation (id),
    data_key_id uuid NOT NULL REFERENCES data_key (id) ON DELETE CASCADE,
    blob        bytea NOT NULL,
    PRIMARY KEY (owner_table, owner_id, field)
);
CREATE INDEX personal_field_key ON personal_field (data_key_id);

-- Blind indexes: truncated keyed hashes of normalised values, for exact lookups. A match is a
-- candidate to decrypt and compare.
CREATE TABLE blind_index (
    owner_table  text NOT NULL,
    owner_id     uuid NOT NULL,
    index_name   text NOT NULL,
    org_id       uuid NOT NULL REFERENCES organisation (id),
    data_key_id  uuid NOT NULL REFERENCES data_key (id) ON DELETE CASCADE,
    bidx_version integer NOT NULL,
    value        integer NOT NULL,
    PRIMARY KEY (owner_table, owner_id, index_name)
);
CREATE INDEX blind_index_lookup ON blind_index (org_id, index_name, value);
CREATE INDEX blind_index_key ON blind_index (data_key_id);
