/* Users and their keys: invite, enrol, grant, change passphrase. */
#include "users/users.h"
#include "bb/error.h"
#include "bb/users.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void roles_array(unsigned roles, char *buf, size_t len)
{
    static const char *const names[] = {"admin", "coordinator", "mediator", "reporter"};
    size_t n = (size_t)snprintf(buf, len, "{");
    for (unsigned i = 0; i < 4; i++)
        if (roles & (1u << i))
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 1 ? "," : "", names[i]);
    snprintf(buf + n, len - n, "}");
}

#define INSERT_USER                                                                                \
    "INSERT INTO bb_user (id, org_id, login, roles, public_key, secret_key, pwhash_alg,"           \
    " pwhash_opslimit, pwhash_memlimit, pwhash_salt, act_check, status)"                           \
    " VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11,"                               \
    " CASE WHEN $5::bytea IS NULL AND $4::text[] <> '{reporter}' THEN 'invited' ELSE 'active' END)"

int bb_usr__act_check(bb_ctx *ctx, const char *user_id, bb_secret *sk, uint8_t check[32])
{
    bb_secret *proof = NULL;
    int rc = bb_keys__act_proof(sk, user_id, &proof);

    if (rc == BB_OK)
        rc = bb_keys__act_check(proof, check);
    bb_secret__free(proof);
    return rc == BB_OK ? BB_OK
                       : bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make the proof of the keys"));
}

int bb_usr__insert(bb_ctx *ctx, const char *user_id, const char *login, unsigned roles,
                   const uint8_t *pk, bb_secret *sk, const char *passphrase, size_t passlen,
                   const char *new_org)
{
    bb_pwhash_params params;
    uint8_t *blob = NULL, check[32];
    size_t bloblen = 0;
    char roles_text[64], ops[32], mem[32], alg[8];
    int rc = BB_OK;

    roles_array(roles, roles_text, sizeof roles_text);
    if (pk != NULL &&
        ((rc = bb_keys__pwhash_params_new(BB_PWHASH_MODERATE, &params)) != BB_OK ||
         (rc = bb_keys__protect(passphrase, passlen, &params, user_id, sk, &blob, &bloblen)) !=
             BB_OK)) {
        bb_ctx__fail(ctx, rc, "%s", _("passphrase: cannot protect the key with it"));
        goto done;
    }
    if (pk != NULL && (rc = bb_usr__act_check(ctx, user_id, sk, check)) != BB_OK)
        goto done;
    snprintf(alg, sizeof alg, "%d", pk ? params.alg : 0);
    snprintf(ops, sizeof ops, "%llu", pk ? (unsigned long long)params.opslimit : 0ULL);
    snprintf(mem, sizeof mem, "%llu", pk ? (unsigned long long)params.memlimit : 0ULL);
    const char *p[9] = {user_id, ctx->org_id, login, roles_text,
                        (const char *)pk, (const char *)blob, pk ? alg : NULL,
                        pk ? ops : NULL, pk ? mem : NULL};
    const char *all[12] = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8],
                           pk ? (const char *)params.salt : NULL, pk ? (const char *)check : NULL,
                           new_org};
    int len[12] = {0, 0, 0, 0, BB_PUBLIC_KEY_BYTES, (int)bloblen, 0, 0, 0, BB_PWHASH_SALT_BYTES,
                   sizeof check, 0};
    int fmt[12] = {0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0};
    /* A new organisation and its first user in one statement: its audit records are written
     * when both rows exist, so the organisation's own names the user who made it. */
    rc = bb_db__exec_bin(ctx, NULL,
                         new_org ? "WITH o AS (INSERT INTO organisation (id, name) VALUES ($2, $12))"
                                   " " INSERT_USER
                                 : INSERT_USER,
                         new_org ? 12 : 11, all, len, fmt);
    if (rc == BB_EEXISTS && new_org != NULL)
        bb_ctx__fail(ctx, rc, _("organisation: '%s' already exists"), new_org);
    else if (rc == BB_EEXISTS)
        bb_ctx__fail(ctx, rc, _("login: a user called '%s' already exists"), login);
done:
    free(blob);
    return rc;
}

int bb_user_add(bb_ctx *ctx, const char *login, unsigned roles)
{
    bb_user_new in = {.login = login, .roles = roles};

    return bb_user_add_with(ctx, &in);
}
