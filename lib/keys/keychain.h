/* The keys an unlocked handle holds, and the pins that guard them (internal). */
#ifndef BB_KEYCHAIN_H
#define BB_KEYCHAIN_H

#include "crypto/blob.h"
#include "crypto/secret.h"
#include "base/handle.h"
#include "db/db.h"

#include <stdint.h>

#define BB_KEYCHAIN_MAX_VERSIONS 64

typedef struct bb_keychain {
    char user_id[37];
    char login[64];
    unsigned roles;
    int count;                                /* organisation key versions held */
    int versions[BB_KEYCHAIN_MAX_VERSIONS];   /* ascending */
    bb_secret *org[BB_KEYCHAIN_MAX_VERSIONS]; /* the keys, in secret memory */
    int bidx_version;
    bb_secret *bidx_root;
    bb_secret *act_proof; /* that this user acts (crypto/keys.h), from their secret key */
} bb_keychain;

/* The key of one version, or NULL when the handle does not hold it. */
bb_secret *bb_keychain__org_key(const bb_keychain *kc, int version);

/* The newest version held (0 when none). */
int bb_keychain__current(const bb_keychain *kc);

/* The handle's keychain, or BB_EDENIED ("locked: unlock first") on the handle. */
int bb_keychain__get(bb_ctx *ctx, bb_keychain **kc);

/* Like bb_keychain__get, also requiring the admin role. */
int bb_keychain__admin(bb_ctx *ctx, bb_keychain **kc);

void bb_keychain__free(bb_keychain *kc);

/* Hands kc (now the handle's) to ctx, dropping keys held before, and tells the database who
 * acts (kc's user, with its proof). bb_lock and bb_close drop it again. */
int bb_keychain__attach(bb_ctx *ctx, bb_keychain *kc);

/* Tells the database that kc's user acts, with the proof of their keys. */
int bb_keychain__tell_acting(bb_ctx *ctx, const bb_keychain *kc);

/* Makes kc->act_proof from the secret key sk of kc's user and tells the database that they
 * act: for a user whose key pair is being made (init, enrolment, recovery). */
int bb_keychain__act_as_new(bb_ctx *ctx, bb_keychain *kc, bb_secret *sk);

/* Tells the database again who acts on this handle: the unlocked user, or nobody. */
int bb_keychain__act_as_handle(bb_ctx *ctx);

/* Fingerprint commitment of version n+1 under the key of version n. */
int bb_keychain__commitment(bb_secret *prev, const uint8_t fingerprint[32], uint8_t out[32]);

/* Makes a random UUID (version 4) in text form. */
void bb_keychain__uuid(char out[37]);

/* Checks a login's form; BB_EINVAL names it. */
int bb_keys__check_login(bb_ctx *ctx, const char *login);

/* Seals organisation key `version` to pk and records it as the user's grant. */
int bb_keys__grant(bb_ctx *ctx, const char *user_id, int version, bb_secret *key, const uint8_t *pk,
                   const char *granted_by);

/* Stores (or re-wraps) blind-index root key bidx_version under organisation key key_version. */
int bb_keys__store_bidx_root(bb_ctx *ctx, int bidx_version, int key_version, bb_secret *kek,
                             bb_secret *root);

/* Makes organisation key version current+1 in one transaction: first runs first(ctx,
 * first_arg) unless NULL (a revocation: the key is recorded as one), then the new version with
 * its commitment, grants to every active user who holds the current version, the blind-index
 * root re-wrapped. Adds it to the keychain and pins it (keys/grants.c). */
int bb_keys__new_org_key(bb_ctx *ctx, bb_keychain *kc, bb_txn_fn first, void *first_arg);

/* Opens row r of a query of (version, sealed key, fingerprint, commitment or NULL) with sk:
 * *key (the caller's), fp, and com when *has_com. BB_ECRYPTO when it does not open. */
int bb_keys__open_key_row(bb_ctx *ctx, const PGresult *res, int r, bb_secret *sk,
                          bb_secret **key, uint8_t fp[32], uint8_t com[32], int *has_com);

/* Opens the organisation's newest blind-index root key with the keys kc holds (unlock.c). */
int bb_keys__load_bidx_root(bb_ctx *ctx, bb_keychain *kc);

/* Pins: fingerprints of organisation key versions this computer has accepted, in
 * BB_PIN_FILE or $XDG_CONFIG_HOME/bb/pins. pinned gets 1 and fp the pin when one exists. */
int bb_pins__lookup(const char *org_id, int version, int *pinned, uint8_t fp[32]);

/* Records a pin (replacing none: a differing pin is refused before this is called). */
int bb_pins__store(const char *org_id, int version, const uint8_t fp[32]);

/* True when any version of org_id is pinned here. */
int bb_pins__any(const char *org_id);

#endif
