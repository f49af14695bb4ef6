/* bb_unlock: passphrase -> the user's secret key -> the organisation keys sealed to them. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/users.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "audit/audit.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* "{admin,coordinator}" from PostgreSQL into a role set. */
static unsigned roles_from_array(bb_ctx *ctx, const char *array)
{
    char buf[128];
    unsigned roles = 0;
    size_t n = strlen(array);

    if (n >= 2 && n < sizeof buf) {
        memcpy(buf, array + 1, n - 2);
        buf[n - 2] = '\0';
        if (bb_roles_parse(ctx, buf, &roles) != BB_OK)
            roles = 0;
    }
    return roles;
}

/* The user's record and secret key; *no_check when the database keeps no check of their
 * proof yet (users enrolled before migration 0022). */
static int load_user(bb_ctx *ctx, const char *login, const char *passphrase, size_t passlen,
                     bb_keychain *kc, bb_secret **sk, int *no_check)
{
    const char *p[1] = {login};
    PGresult *res = NULL;
    bb_pwhash_params params = {0};
    uint8_t *blob = NULL, *pk = NULL, *salt = NULL;
    size_t bloblen = 0, pklen = 0, saltlen = 0;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT id, org_id, status, roles, public_key, secret_key, pwhash_alg,"
                         " pwhash_opslimit, pwhash_memlimit, pwhash_salt, act_check IS NULL"
                         " FROM bb_user WHERE login = $1",
                         1, p);

    if (rc != BB_OK)
        goto done;
    if (PQntuples(res) != 1) {
        rc = bb_ctx__fail(ctx, PQntuples(res) ? BB_EINVAL : BB_ENOTFOUND,
                          _("user: no single user called '%s'"), login);
        goto done;
    }
    if (strcmp(PQgetvalue(res, 0, 2), "active") != 0 || PQgetisnull(res, 0, 5)) {
        rc = bb_ctx__fail(ctx, BB_EDENIED, _("user '%s' is %s and cannot unlock"), login,
                          PQgetvalue(res, 0, 2));
        goto done;
    }
    snprintf(kc->user_id, sizeof kc->user_id, "%s", PQgetvalue(res, 0, 0));
    snprintf(kc->login, sizeof kc->login, "%s", login);
    snprintf(ctx->org_id, sizeof ctx->org_id, "%s", PQgetvalue(res, 0, 1));
    kc->roles = roles_from_array(ctx, PQgetvalue(res, 0, 3));
    *no_check = strcmp(PQgetvalue(res, 0, 10), "t") == 0;
    params.alg = atoi(PQgetvalue(res, 0, 6));
    params.opslimit = strtoull(PQgetvalue(res, 0, 7), NULL, 10);
    params.memlimit = strtoull(PQgetvalue(res, 0, 8), NULL, 10);
    if ((rc = bb_db__bytea(ctx, res, 0, 4, &pk, &pklen)) != BB_OK ||
        (rc = bb_db__bytea(ctx, res, 0, 5, &blob, &bloblen)) != BB_OK ||
        (rc = bb_db__bytea(ctx, res, 0, 9, &salt, &saltlen)) != BB_OK)
        goto done;
    if (saltlen != sizeof params.salt || pklen != BB_PUBLIC_KEY_BYTES) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("the key record of '%s' is damaged"), login);
        goto done;
    }
    memcpy(params.salt, salt, saltlen);
    rc = bb_keys__unprotect(passphrase, passlen, &params, kc->user_id, blob, bloblen, pk, sk);
    if (rc != BB_OK)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("wrong passphrase for '%s'"), login);
done:
    free(blob);
    free(pk);
    free(salt);
    PQclear(res);
    return rc;
}

/* A version is trusted when its pin matches, or (no pin yet) when the version before it is
 * held and its commitment verifies, or when it is the first version this computer sees of
 * this organisation (trust on first use). */
static int check_version(bb_ctx *ctx, bb_keychain *kc, int version, bb_secret *key,
                         const uint8_t *db_fp, const uint8_t *commitment, int first_use)
{
    uint8_t fp[32], pin[32], expect[32];
    bb_secret *prev = bb_keychain__org_key(kc, version - 1);
    int pinned = 0;

    if (bb_keys__fingerprint(key, fp) != BB_OK || sodium_memcmp(fp, db_fp, 32) != 0)
        goto refused;
    bb_pins__lookup(ctx->org_id, version, &pinned, pin);
    if (pinned)
        return sodium_memcmp(fp, pin, 32) == 0 ? BB_OK : bb_ctx__fail(
            ctx, BB_ECRYPTO,
            _("organisation key version %d differs from the one this computer accepted "
              "before: the key record may have been replaced; nothing was unlocked"),
            version);
    if (prev != NULL && commitment != NULL) {
        if (bb_keychain__commitment(prev, fp, expect) != BB_OK ||
            sodium_memcmp(expect, commitment, 32) != 0)
            goto refused;
    } else if (!first_use) {
        goto refused;
    }
    return bb_pins__store(ctx->org_id, version, fp);
refused:
    return bb_ctx__fail(ctx, BB_ECRYPTO,
                        _("organisation key version %d does not match its record: the key "
                          "record may have been replaced; nothing was unlocked"),
                        version);
}

int bb_keys__open_key_row(bb_ctx *ctx, const PGresult *res, int r, bb_secret *sk,
                          bb_secret **key, uint8_t fp[32], uint8_t com[32], int *has_com)
{
    uint8_t *sealed = NULL, *f = NULL, *c = NULL;
    size_t sl = 0, fl = 0, cl = 0;
    int version = atoi(PQgetvalue(res, r, 0));
    int rc;

    *key = NULL;
    *has_com = 0;
    if ((rc = bb_db__bytea(ctx, res, r, 1, &sealed, &sl)) == BB_OK &&
        (rc = bb_db__bytea(ctx, res, r, 2, &f, &fl)) == BB_OK &&
        (PQgetisnull(res, r, 3) || (rc = bb_db__bytea(ctx, res, r, 3, &c, &cl)) == BB_OK)) {
        if (fl != 32 || bb_keys__open_sealed(sk, sealed, sl, key) != BB_OK)
            rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("organisation key version %d cannot be opened"),
                              version);
        else
            memcpy(fp, f, 32);
        if (cl == 32) {
            memcpy(com, c, 32);
            *has_com = 1;
        }
    }
    free(sealed);
    free(f);
    free(c);
    return rc;
}

static int load_org_keys(bb_ctx *ctx, bb_keychain *kc, bb_secret *sk)
{
    const char *p[1] = {kc->user_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT g.key_version, g.sealed, k.fingerprint, k.commitment"
                         " FROM org_key_grant g JOIN org_key k"
                         " ON k.org_id = g.org_id AND k.version = g.key_version"
                         " WHERE g.user_id = $1 ORDER BY g.key_version",
                         1, p);
    int first_use = rc == BB_OK && !bb_pins__any(ctx->org_id);

    for (int r = 0; rc == BB_OK && r < PQntuples(res) && r < BB_KEYCHAIN_MAX_VERSIONS; r++) {
        uint8_t fp[32], com[32];
        int version = atoi(PQgetvalue(res, r, 0)), has_com = 0;
        bb_secret *key = NULL;

        if ((rc = bb_keys__open_key_row(ctx, res, r, sk, &key, fp, com, &has_com)) == BB_OK)
            rc = check_version(ctx, kc, version, key, fp, has_com ? com : NULL,
                               first_use && r == 0);
        if (rc == BB_OK) {
            kc->versions[kc->count] = version;
            kc->org[kc->count++] = key;
        } else {
            bb_secret__free(key);
        }
    }
    if (rc == BB_OK && kc->count == 0)
        rc = bb_ctx__fail(ctx, BB_EDENIED,
                          _("'%s' has not been granted the organisation key: ask an "
                            "administrator for 'bbctl user grant %s'"),
                          kc->login, kc->login);
    PQclear(res);
    return rc;
}

int bb_keys__load_bidx_root(bb_ctx *ctx, bb_keychain *kc)
{
    const char *p[1] = {ctx->org_id};
    PGresult *res = NULL;
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    char row[64];
    int rc = bb_db__exec(ctx, &res,
                         "SELECT version, key_version, wrapped FROM org_secret"
                         " WHERE org_id = $1 AND name = 'bidx_root' ORDER BY version DESC LIMIT 1",
                         1, p);

    if (rc != BB_OK || PQntuples(res) == 0)
        goto done;
    kc->bidx_version = atoi(PQgetvalue(res, 0, 0));
    int kv = atoi(PQgetvalue(res, 0, 1));
    snprintf(row, sizeof row, "%s/%d", ctx->org_id, kc->bidx_version);
    bb_blob_bind bind = {(uint32_t)kv, "org_secret", "bidx_root", row};
    bb_secret *kek = bb_keychain__org_key(kc, kv);
    if ((rc = bb_db__bytea(ctx, res, 0, 2, &wrapped, &wl)) == BB_OK &&
        (kek == NULL || bb_blob__unwrap_key(kek, &bind, wrapped, wl, BB_KEY_BYTES,
                                            &kc->bidx_root) != BB_OK))
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("the blind-index key cannot be opened"));
done:
    free(wrapped);
    PQclear(res);
    return rc;
}

/* The check of the proof, for a user who has none yet: their first unlock since migration
 * 0022 (bb_act_check_set stores it only where none is). */
static int store_act_check(bb_ctx *ctx, const bb_keychain *kc)
{
    uint8_t check[32];
    const char *p[2] = {kc->user_id, (const char *)check};
    int len[2] = {0, sizeof check}, fmt[2] = {0, 1};

    if (bb_keys__act_check(kc->act_proof, check) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make the proof of the keys"));
    return bb_db__exec_bin(ctx, NULL, "SELECT bb_act_check_set($1, $2)", 2, p, len, fmt);
}

int bb_unlock(bb_ctx *ctx, const char *login, const char *passphrase, size_t passlen)
{
    bb_keychain *kc = calloc(1, sizeof *kc);
    bb_secret *sk = NULL;
    int rc, no_check = 0;

    bb_ctx__clear(ctx);
    bb_lock(ctx);
    if (kc == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if ((rc = bb_crypto__init()) != BB_OK ||
        (rc = load_user(ctx, login, passphrase, passlen, kc, &sk, &no_check)) != BB_OK ||
        (rc = load_org_keys(ctx, kc, sk)) != BB_OK || (rc = bb_keys__load_bidx_root(ctx, kc)) != BB_OK)
        goto done;
    if (bb_keys__act_proof(sk, kc->user_id, &kc->act_proof) != BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make the proof of the keys"));
        goto done;
    }
    rc = bb_keychain__attach(ctx, kc);
    if (rc == BB_OK && no_check)
        rc = store_act_check(ctx, kc);
    kc = NULL;
    if (rc == BB_OK)
        rc = bb_audit__login(ctx, "login", login);
    if (rc != BB_OK)
        bb_lock(ctx); /* an unlock that cannot be logged does not happen */
done:
    if (rc == BB_ECRYPTO && ctx->org_id[0] != '\0') {
        /* Keep the reason: logging the failure must not replace it. */
        char msg[BB_ERRMSG_SIZE];
        memcpy(msg, ctx->errmsg, sizeof msg);
        bb_audit__login(ctx, "login_failed", login);
        memcpy(ctx->errmsg, msg, sizeof msg);
    }
    bb_secret__free(sk);
    bb_keychain__free(kc);
    return rc;
}
