/* Unlocking: from a passphrase to the organisation keys, checked against pins and the chain
 * of key versions. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "bb/users.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bb_secret *bb_keychain__org_key(const bb_keychain *kc, int version)
{
    for (int i = 0; kc != NULL && i < kc->count; i++)
        if (kc->versions[i] == version)
            return kc->org[i];
    return NULL;
}

int bb_keychain__current(const bb_keychain *kc)
{
    return kc != NULL && kc->count > 0 ? kc->versions[kc->count - 1] : 0;
}

int bb_keychain__get(bb_ctx *ctx, bb_keychain **kc)
{
    *kc = ctx->keys;
    if (ctx->keys != NULL)
        return BB_OK;
    return bb_ctx__fail(ctx, BB_EDENIED, "%s",
                        _("the keys are locked: unlock with your passphrase first"));
}

int bb_keychain__admin(bb_ctx *ctx, bb_keychain **kc)
{
    int rc = bb_keychain__get(ctx, kc);
    if (rc == BB_OK && !((*kc)->roles & BB_ROLE_ADMIN))
        rc = bb_ctx__fail(ctx, BB_EDENIED, _("%s is not an administrator"), (*kc)->login);
    return rc;
}

void bb_keychain__free(bb_keychain *kc)
{
    if (kc == NULL)
        return;
    for (int i = 0; i < kc->count; i++)
        bb_secret__free(kc->org[i]);
    bb_secret__free(kc->bidx_root);
    bb_secret__free(kc->act_proof);
    sodium_memzero(kc, sizeof *kc);
    free(kc);
}

int bb_keychain__commitment(bb_secret *prev, const uint8_t fingerprint[32], uint8_t out[32])
{
    const uint8_t *k = bb_secret__read(prev);
    int rc = k && crypto_generichash(out, 32, fingerprint, 32, k, bb_secret__len(prev)) == 0
                 ? BB_OK
                 : BB_ECRYPTO;
    bb_secret__release(prev);
    return rc;
}

void bb_keychain__uuid(char out[37])
{
    uint8_t b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

void bb_lock(bb_ctx *ctx)
{
    if (ctx == NULL)
        return;
    bb_keychain__free(ctx->keys);
    ctx->keys = NULL;
    bb_db__set_acting(ctx, NULL, NULL, 0); /* nobody acts any more */
}

static void forget_keys(bb_ctx *ctx)
{
    bb_lock(ctx);
}

int bb_keychain__attach(bb_ctx *ctx, bb_keychain *kc)
{
    bb_keychain__free(ctx->keys);
    ctx->keys = kc;
    ctx->forget_keys = forget_keys;
    return bb_keychain__tell_acting(ctx, kc);
}

int bb_keychain__act_as_new(bb_ctx *ctx, bb_keychain *kc, bb_secret *sk)
{
    bb_secret__free(kc->act_proof);
    kc->act_proof = NULL;
    if (bb_keys__act_proof(sk, kc->user_id, &kc->act_proof) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make the proof of the keys"));
    return bb_keychain__tell_acting(ctx, kc);
}

int bb_keychain__act_as_handle(bb_ctx *ctx)
{
    return ctx->keys != NULL ? bb_keychain__tell_acting(ctx, ctx->keys)
                             : bb_db__set_acting(ctx, NULL, NULL, 0);
}

int bb_keychain__tell_acting(bb_ctx *ctx, const bb_keychain *kc)
{
    const uint8_t *proof = kc->act_proof ? bb_secret__read(kc->act_proof) : NULL;
    int rc;

    if (proof == NULL)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("the proof of the keys is missing"));
    rc = bb_db__set_acting(ctx, kc->user_id, proof, bb_secret__len(kc->act_proof));
    bb_secret__release(kc->act_proof);
    return rc;
}

int bb_is_unlocked(const bb_ctx *ctx)
{
    return ctx != NULL && ctx->keys != NULL;
}

int bb_write_needs_unlock(bb_ctx *ctx)
{
    PGresult *res = NULL;
    int needs = 1;

    if (bb_db__exec(ctx, &res, "SELECT bb_act_login_role()", 0, NULL) == BB_OK)
        needs = strcmp(PQgetvalue(res, 0, 0), "t") != 0;
    PQclear(res);
    return needs;
}

const char *bb_current_login(const bb_ctx *ctx)
{
    return ctx != NULL && ctx->keys != NULL ? ctx->keys->login : NULL;
}

int bb_protect_process(void)
{
    return bb_crypto__disable_core_dumps();
}
