/* Enrolment, grants, passphrase changes and revocation of users. */
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

/* The user's id, status, roles and public key (NULL when none); res owns the values. */
static int find_user(bb_ctx *ctx, const char *login, PGresult **res)
{
    const char *p[2] = {login, ctx->org_id[0] ? ctx->org_id : NULL};
    int rc = bb_db__exec(ctx, res,
                         "SELECT id, status, roles::text, public_key FROM bb_user"
                         " WHERE login = $1 AND ($2::uuid IS NULL OR org_id = $2)",
                         2, p);
    if (rc == BB_OK && PQntuples(*res) != 1) {
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("user: no user called '%s'"), login);
        PQclear(*res);
        *res = NULL;
    }
    return rc;
}

int bb_user_enroll(bb_ctx *ctx, const char *login, const char *passphrase, size_t passlen)
{
    PGresult *res = NULL;
    bb_pwhash_params params;
    uint8_t pk[BB_PUBLIC_KEY_BYTES], *blob = NULL, check[32];
    size_t bloblen = 0;
    bb_secret *sk = NULL;
    bb_keychain self = {0};
    char ops[32], mem[32], alg[8];
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_crypto__init()) != BB_OK || (rc = find_user(ctx, login, &res)) != BB_OK)
        goto done;
    if (strcmp(PQgetvalue(res, 0, 1), "invited") != 0) {
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("user '%s' is %s, not invited: nothing to enrol"),
                          login, PQgetvalue(res, 0, 1));
        goto done;
    }
    if ((rc = bb_keys__keypair(pk, &sk)) != BB_OK ||
        (rc = bb_keys__pwhash_params_new(BB_PWHASH_MODERATE, &params)) != BB_OK ||
        (rc = bb_keys__protect(passphrase, passlen, &params, PQgetvalue(res, 0, 0), sk, &blob,
                               &bloblen)) != BB_OK) {
        bb_ctx__fail(ctx, rc, "%s", _("passphrase: cannot protect the key with it"));
        goto done;
    }
    /* The user acts in their own enrolment: with the new keys, checked as the row changes. */
    snprintf(self.user_id, sizeof self.user_id, "%s", PQgetvalue(res, 0, 0));
    if ((rc = bb_usr__act_check(ctx, self.user_id, sk, check)) != BB_OK ||
        (rc = bb_keychain__act_as_new(ctx, &self, sk)) != BB_OK)
        goto done;
    snprintf(alg, sizeof alg, "%d", params.alg);
    snprintf(ops, sizeof ops, "%llu", (unsigned long long)params.opslimit);
    snprintf(mem, sizeof mem, "%llu", (unsigned long long)params.memlimit);
    const char *p[8] = {PQgetvalue(res, 0, 0), (const char *)pk, (const char *)blob, alg, ops,
                        mem, (const char *)params.salt, (const char *)check};
    int len[8] = {0, BB_PUBLIC_KEY_BYTES, (int)bloblen, 0, 0, 0, BB_PWHASH_SALT_BYTES,
                  sizeof check};
    int fmt[8] = {0, 1, 1, 0, 0, 0, 1, 1};
    rc = bb_db__exec_bin(ctx, NULL,
                         "UPDATE bb_user SET public_key = $2, secret_key = $3, pwhash_alg = $4,"
                         " pwhash_opslimit = $5, pwhash_memlimit = $6, pwhash_salt = $7,"
                         " act_check = $8, status = 'active', version = version + 1"
                         " WHERE id = $1 AND status = 'invited'",
                         8, p, len, fmt);
    bb_keychain__act_as_handle(ctx);
done:
    bb_secret__free(self.act_proof);
    free(blob);
    bb_secret__free(sk);
    PQclear(res);
    return rc;
}

typedef struct grant_job {
    bb_keychain *kc;
    const char *user_id;
    uint8_t pk[BB_PUBLIC_KEY_BYTES];
} grant_job;

static int grant_txn(bb_ctx *ctx, void *arg)
{
    grant_job *job = arg;
    int rc = BB_OK;

    for (int i = 0; rc == BB_OK && i < job->kc->count; i++)
        rc = bb_keys__grant(ctx, job->user_id, job->kc->versions[i], job->kc->org[i], job->pk,
                           job->kc->user_id);
    return rc;
}

static void format_fingerprint(const uint8_t pk[BB_PUBLIC_KEY_BYTES], char *out)
{
    uint8_t fp[BB_FINGERPRINT_BYTES];
    size_t n = 0;

    bb_keys__fingerprint_public(pk, fp);
    for (int i = 0; i < BB_FINGERPRINT_BYTES; i += 2)
        n += (size_t)snprintf(out + n, BB_FINGERPRINT_TEXT - n, "%s%02x%02x", i ? " " : "", fp[i],
                              fp[i + 1]);
}

/* Compares fingerprints ignoring spaces and case. */
static bool same_fingerprint(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a == '\0' || *b == '\0')
            return *a == *b;
        char ca = *a >= 'A' && *a <= 'F' ? (char)(*a + 32) : *a;
        char cb = *b >= 'A' && *b <= 'F' ? (char)(*b + 32) : *b;
        if (ca != cb)
            return false;
        a++, b++;
    }
}

/* The user's row for a grant: enrolled, not only a reporter; pk gets the public key. */
static int grantable(bb_ctx *ctx, const char *login, PGresult *res, uint8_t *pk)
{
    uint8_t *raw = NULL;
    size_t len = 0;
    int rc;

    if (strcmp(PQgetvalue(res, 0, 2), "{reporter}") == 0)
        return bb_ctx__fail(ctx, BB_EDENIED,
                            _("'%s' is only a reporter: reporters see figures, never keys"), login);
    if (strcmp(PQgetvalue(res, 0, 1), "active") != 0 || PQgetisnull(res, 0, 3))
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("user '%s' is %s: they must enrol first ('bbctl user enroll')"),
                            login, PQgetvalue(res, 0, 1));
    if ((rc = bb_db__bytea(ctx, res, 0, 3, &raw, &len)) != BB_OK)
        return rc;
    if (len == BB_PUBLIC_KEY_BYTES)
        memcpy(pk, raw, len);
    else
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("the key record of '%s' is damaged"), login);
    free(raw);
    return rc;
}

int bb_user_fingerprint(bb_ctx *ctx, const char *login, char *out)
{
    PGresult *res = NULL;
    uint8_t pk[BB_PUBLIC_KEY_BYTES];
    int rc;

    bb_ctx__clear(ctx);
    out[0] = '\0';
    if ((rc = find_user(ctx, login, &res)) == BB_OK && (rc = grantable(ctx, login, res, pk)) == 0)
        format_fingerprint(pk, out);
    PQclear(res);
    return rc;
}

int bb_user_grant_checked(bb_ctx *ctx, const char *login, const char *expected)
{
    PGresult *res = NULL;
    grant_job job = {0};
    char actual[BB_FINGERPRINT_TEXT];
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &job.kc)) != BB_OK ||
        (rc = find_user(ctx, login, &res)) != BB_OK ||
        (rc = grantable(ctx, login, res, job.pk)) != BB_OK)
        goto done;
    format_fingerprint(job.pk, actual);
    if (expected != NULL && !same_fingerprint(expected, actual)) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO,
                          _("the public key of '%s' has fingerprint %s, not the one given: it may "
                            "have been replaced; nothing was granted"),
                          login, actual);
        goto done;
    }
    job.user_id = PQgetvalue(res, 0, 0);
    rc = bb_db__txn(ctx, "READ COMMITTED", grant_txn, &job);
done:
    PQclear(res);
    return rc;
}

int bb_user_grant(bb_ctx *ctx, const char *login)
{
    return bb_user_grant_checked(ctx, login, NULL);
}

/* Reads a user's protected secret key: id, blob, params, public key. */
static int load_protected(bb_ctx *ctx, const char *login, char id[37], uint8_t **blob,
                          size_t *bloblen, bb_pwhash_params *params, uint8_t pk[32])
{
    PGresult *res = NULL;
    const char *p[2] = {login, ctx->org_id[0] ? ctx->org_id : NULL};
    uint8_t *salt = NULL, *pkb = NULL;
    size_t sl = 0, pl = 0;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT id, secret_key, pwhash_alg, pwhash_opslimit, pwhash_memlimit,"
                         " pwhash_salt, public_key FROM bb_user WHERE login = $1"
                         " AND ($2::uuid IS NULL OR org_id = $2) AND secret_key IS NOT NULL",
                         2, p);

    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("user: no enrolled user called '%s'"), login);
    if (rc != BB_OK)
        goto done;
    snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
    params->alg = atoi(PQgetvalue(res, 0, 2));
    params->opslimit = strtoull(PQgetvalue(res, 0, 3), NULL, 10);
    params->memlimit = strtoull(PQgetvalue(res, 0, 4), NULL, 10);
    if ((rc = bb_db__bytea(ctx, res, 0, 1, blob, bloblen)) != BB_OK ||
        (rc = bb_db__bytea(ctx, res, 0, 5, &salt, &sl)) != BB_OK ||
        (rc = bb_db__bytea(ctx, res, 0, 6, &pkb, &pl)) != BB_OK)
        goto done;
    if (sl != sizeof params->salt || pl != 32)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("the key record of '%s' is damaged"), login);
    else {
        memcpy(params->salt, salt, sl);
        memcpy(pk, pkb, pl);
    }
done:
    free(salt);
    free(pkb);
    PQclear(res);
    return rc;
}

int bb_user_passwd(bb_ctx *ctx, const char *login, const char *old_pass, size_t oldlen,
                   const char *new_pass, size_t newlen)
{
    bb_pwhash_params oldp, newp;
    uint8_t *blob = NULL, *fresh = NULL, pk[32], check[32];
    size_t bloblen = 0, freshlen = 0;
    bb_secret *sk = NULL;
    bb_keychain self = {0};
    char id[37], ops[32], mem[32], alg[8];
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_crypto__init()) != BB_OK ||
        (rc = load_protected(ctx, login, id, &blob, &bloblen, &oldp, pk)) != BB_OK)
        goto done;
    if (bb_keys__unprotect(old_pass, oldlen, &oldp, id, blob, bloblen, pk, &sk) != BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("wrong passphrase for '%s'"), login);
        goto done;
    }
    if ((rc = bb_keys__pwhash_params_new(BB_PWHASH_MODERATE, &newp)) != BB_OK ||
        (rc = bb_keys__protect(new_pass, newlen, &newp, id, sk, &fresh, &freshlen)) != BB_OK) {
        bb_ctx__fail(ctx, rc, "%s", _("passphrase: cannot protect the key with it"));
        goto done;
    }
    /* The user acts in changing their own passphrase: the old one opened their keys. */
    snprintf(self.user_id, sizeof self.user_id, "%s", id);
    if ((rc = bb_usr__act_check(ctx, id, sk, check)) != BB_OK ||
        (rc = bb_keychain__act_as_new(ctx, &self, sk)) != BB_OK)
        goto done;
    snprintf(alg, sizeof alg, "%d", newp.alg);
    snprintf(ops, sizeof ops, "%llu", (unsigned long long)newp.opslimit);
    snprintf(mem, sizeof mem, "%llu", (unsigned long long)newp.memlimit);
    const char *p[7] = {id, (const char *)fresh, alg, ops, mem, (const char *)newp.salt,
                        (const char *)check};
    int len[7] = {0, (int)freshlen, 0, 0, 0, BB_PWHASH_SALT_BYTES, sizeof check};
    int fmt[7] = {0, 1, 0, 0, 0, 1, 1};
    rc = bb_db__exec_bin(ctx, NULL,
                         "UPDATE bb_user SET secret_key = $2, pwhash_alg = $3,"
                         " pwhash_opslimit = $4, pwhash_memlimit = $5, pwhash_salt = $6,"
                         " act_check = coalesce(act_check, $7), version = version + 1"
                         " WHERE id = $1",
                         7, p, len, fmt);
    bb_keychain__act_as_handle(ctx);
done:
    bb_secret__free(self.act_proof);
    free(blob);
    free(fresh);
    bb_secret__free(sk);
    return rc;
}
