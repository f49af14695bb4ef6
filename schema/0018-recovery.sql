-- 0018-recovery: organisation recovery (docs/admin.md, "Organisation recovery"). A random
-- recovery secret is split into N shares of which K are needed (Shamir, libgfshare); the
-- database keeps only the public key derived from that secret, and every organisation key
-- version sealed to it, so nothing here opens without K shares. One generation is current;
-- `bbctl recovery rotate` makes the next and voids the one before (its sealed keys go).
CREATE TABLE org_recovery (
    org_id      uuid NOT NULL REFERENCES organisation (id),
    generation  integer NOT NULL CHECK (generation >= 1),
    public_key  bytea NOT NULL CHECK (length(public_key) = 32),
    shares      integer NOT NULL CHECK (shares BETWEEN 2 AND 255),
    threshold   integer NOT NULL CHECK (threshold >= 2 AND threshold <= shares),
    created_by  uuid REFERENCES bb_user (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    voided_at   timestamptz,
    PRIMARY KEY (org_id, generation)
);
-- At most one generation of an organisation is not voided.
CREATE UNIQUE INDEX org_recovery_current ON org_recovery (org_id) WHERE voided_at IS NULL;

-- Each organisation key version sealed (crypto_box_seal) to a generation's public key; a new
-- key version is sealed to the current generation when it is made.
CREATE TABLE org_recovery_key (
    org_id      uuid NOT NULL,
    generation  integer NOT NULL,
    key_version integer NOT NULL,
    sealed      bytea NOT NULL CHECK (length(sealed) = 80),
    PRIMARY KEY (org_id, generation, key_version),
    FOREIGN KEY (org_id, generation) REFERENCES org_recovery (org_id, generation)
        ON DELETE CASCADE,
    FOREIGN KEY (org_id, key_version) REFERENCES org_key (org_id, version)
);
