/* Recovery shares and the recovery key derived from their secret (internal; the public side
 * is bb/recovery.h). */
#ifndef BB_KEYS_RECOVERY_H
#define BB_KEYS_RECOVERY_H

#include "keys/keychain.h"

#include <stdint.h>

#define BB_SHARE_BYTES 32 /* the secret's length, and so each share's */

/* One share as a file holds it: what it belongs to, and its point of the polynomial. */
typedef struct bb_share {
    char org_id[37];
    int generation;
    int number;    /* 1..255, the point's x */
    int shares;    /* how many were made */
    int threshold; /* how many are needed */
    uint8_t y[BB_SHARE_BYTES];
} bb_share;

/* Splits secret into shares[0..n-1] (numbers 1..n) of which k are needed; the caller fills
 * the other fields. */
int bb_share__split(bb_secret *secret, int n, int k, bb_share *shares);

/* Combines n shares (already checked to be of one generation) into *out. */
int bb_share__combine(const bb_share *shares, int n, bb_secret **out);

/* The share's text: a header saying what it belongs to, and its code in groups of four hex
 * digits with a checksum. *out is the caller's (free()). */
int bb_share__format(const bb_share *s, const char *org_name, const char *made, char **out);

/* Reads and checks a share file; BB_EINVAL names the file and what is wrong with it. */
int bb_share__read(bb_ctx *ctx, const char *path, bb_share *out);

/* The recovery key pair of a secret: X25519, from the secret as seed. */
int bb_recovery__keypair(bb_secret *secret, uint8_t pk[32], bb_secret **sk);

/* Seals organisation key version `version` to the organisation's current recovery generation,
 * when it has one (in the caller's transaction). */
int bb_recovery__seal_current(bb_ctx *ctx, int version, bb_secret *key);

/* Refuses (BB_EDENIED, the message names the login role and `what`, a command) a connection
 * that may not read the recovery records: only the database administrator (a superuser or a
 * member of bb_owner) and an administrator of the organisation with their own login role may
 * use its shares. */
int bb_recovery__may_use(bb_ctx *ctx, const char *what);

/* The database login role of user_id into out (cap bytes), "" when they have none. */
int bb_recovery__login_role(bb_ctx *ctx, const char *user_id, char *out, size_t cap);

#endif
