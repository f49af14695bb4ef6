/* bb_recover: K shares give an organisation a new administrator when every passphrase is
 * lost (docs/admin.md, "Organisation recovery"). */
#include "users/users.h"
#include "keys/recovery.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "bb/recovery.h"
#include "bb/users.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "audit/audit.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct recover_job {
    bb_recovery_admin *who;
    const char *admin, *passphrase;
    size_t passlen;
    int n;
    bb_share share[BB_RECOVERY_MAX_SHARES];
    bb_keychain *kc;
    uint8_t pk[BB_PUBLIC_KEY_BYTES];
} recover_job;

/* Reads the files; each must be of this organisation and of one generation, numbers apart. */
static int read_shares(bb_ctx *ctx, recover_job *job, const char *const *files)
{
    int rc = BB_OK;

    for (int i = 0; rc == BB_OK && i < job->n; i++) {
        bb_share *s = &job->share[i];
        if ((rc = bb_share__read(ctx, files[i], s)) != BB_OK)
            break;
        if (strcmp(s->org_id, ctx->org_id) != 0)
            rc = bb_ctx__fail(ctx, BB_EINVAL,
                              _("share %s: it belongs to another organisation (id %s), not to "
                                "this one (id %s)"),
                              files[i], s->org_id, ctx->org_id);
        for (int j = 0; rc == BB_OK && j < i; j++)
            if (s->generation != job->share[j].generation)
                rc = bb_ctx__fail(ctx, BB_EINVAL,
                                  _("share %s: it is of generation %d, share %s of generation "
                                    "%d: shares of one generation are needed"),
                                  files[i], s->generation, files[j], job->share[j].generation);
            else if (s->number == job->share[j].number)
                rc = bb_ctx__fail(ctx, BB_EINVAL, _("share %s: share %d was given twice"),
                                  files[i], s->number);
    }
    return rc;
}

/* The generation of the shares must be the current one, with at least its threshold given;
 * pk gets its recovery public key. */
static int check_generation(bb_ctx *ctx, recover_job *job, const char *file)
{
    char gen[16];
    const char *p[2] = {ctx->org_id, gen};
    PGresult *res = NULL;
    uint8_t *pk = NULL;
    size_t pl = 0;
    int rc, g = job->share[0].generation;

    snprintf(gen, sizeof gen, "%d", g);
    rc = bb_db__exec(ctx, &res,
                     "SELECT threshold, voided_at IS NOT NULL,"
                     " to_char(voided_at, 'YYYY-MM-DD'), public_key,"
                     " (SELECT max(generation) FROM org_recovery WHERE org_id = $1)"
                     " FROM org_recovery WHERE org_id = $1 AND generation = $2",
                     2, p);
    if (rc != BB_OK)
        goto done;
    if (PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("share %s: this organisation has no recovery shares of generation "
                            "%d"),
                          file, g);
    else if (strcmp(PQgetvalue(res, 0, 1), "t") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("share %s: its generation %d was voided on %s by new shares "
                            "(generation %s): use shares of that generation"),
                          file, g, PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 4));
    else if (job->n < atoi(PQgetvalue(res, 0, 0)))
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("shares: %d given, but %s of generation %d are needed"), job->n,
                          PQgetvalue(res, 0, 0), g);
    else if ((rc = bb_db__bytea(ctx, res, 0, 3, &pk, &pl)) == BB_OK && pl == 32)
        memcpy(job->pk, pk, 32);
    else if (rc == BB_OK)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("the recovery record is damaged"));
done:
    free(pk);
    PQclear(res);
    return rc;
}

/* Combines the shares into the recovery secret key; it must match the recorded public key. */
static int recovery_key(bb_ctx *ctx, recover_job *job, bb_secret **sk)
{
    bb_secret *secret = NULL;
    uint8_t pk[32];
    int rc = bb_share__combine(job->share, job->n, &secret);

    if (rc == BB_OK)
        rc = bb_recovery__keypair(secret, pk, sk);
    if (rc == BB_OK && sodium_memcmp(pk, job->pk, 32) != 0)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s",
                          _("the shares do not give this organisation's recovery key: one of "
                            "them is wrong (of other shares) or damaged; nothing was changed"));
    else if (rc != BB_OK)
        bb_ctx__fail(ctx, rc, "%s", _("cannot combine the shares"));
    bb_secret__free(secret);
    return rc;
}

/* A version opened with the recovery key must match its record, the commitment from the
 * version before, and this computer's pin when it has one. */
static int check_key(bb_ctx *ctx, bb_keychain *kc, int version, bb_secret *key,
                     const uint8_t *db_fp, const uint8_t *commitment)
{
    uint8_t fp[32], pin[32], expect[32];
    bb_secret *prev = bb_keychain__org_key(kc, version - 1);
    int pinned = 0;

    if (bb_keys__fingerprint(key, fp) != BB_OK || sodium_memcmp(fp, db_fp, 32) != 0 ||
        (bb_pins__lookup(ctx->org_id, version, &pinned, pin) == BB_OK && pinned &&
         sodium_memcmp(fp, pin, 32) != 0) ||
        (prev != NULL && commitment != NULL &&
         (bb_keychain__commitment(prev, fp, expect) != BB_OK ||
          sodium_memcmp(expect, commitment, 32) != 0)))
        return bb_ctx__fail(ctx, BB_ECRYPTO,
                            _("organisation key version %d does not match its record: the key "
                              "record may have been replaced; nothing was changed"),
                            version);
    return BB_OK;
}

/* Opens every organisation key version sealed to the recovery key into job->kc. */
static int open_keys(bb_ctx *ctx, recover_job *job, bb_secret *sk)
{
    char gen[16];
    const char *p[2] = {ctx->org_id, gen};
    PGresult *res = NULL;
    bb_keychain *kc = job->kc;
    int rc;

    snprintf(gen, sizeof gen, "%d", job->share[0].generation);
    rc = bb_db__exec(ctx, &res,
                     "SELECT k.version, s.sealed, k.fingerprint, k.commitment FROM org_key k"
                     " LEFT JOIN org_recovery_key s ON s.org_id = k.org_id"
                     " AND s.key_version = k.version AND s.generation = $2"
                     " WHERE k.org_id = $1 ORDER BY k.version",
                     2, p);
    for (int r = 0; rc == BB_OK && r < PQntuples(res) && r < BB_KEYCHAIN_MAX_VERSIONS; r++) {
        uint8_t fp[32], com[32];
        int version = atoi(PQgetvalue(res, r, 0)), has_com = 0;
        bb_secret *key = NULL;

        if (PQgetisnull(res, r, 1))
            rc = bb_ctx__fail(ctx, BB_ECRYPTO,
                              _("organisation key version %d is not sealed to the recovery "
                                "shares: cases under it stay unreadable; nothing was changed"),
                              version);
        else if ((rc = bb_keys__open_key_row(ctx, res, r, sk, &key, fp, com, &has_com)) == BB_OK)
            rc = check_key(ctx, kc, version, key, fp, has_com ? com : NULL);
        if (rc == BB_OK) {
            kc->versions[kc->count] = version;
            kc->org[kc->count++] = key;
        } else {
            bb_secret__free(key);
        }
    }
    PQclear(res);
    return rc;
}

static int recover_txn(bb_ctx *ctx, void *arg)
{
    recover_job *job = arg;
    bb_keychain *kc = job->kc;
    char detail[160];
    bb_secret *sk = NULL;
    int rc;

    snprintf(detail, sizeof detail, "{\"login\": \"%s\", \"generation\": %d, \"shares\": %d}",
             job->admin, job->share[0].generation, job->n);
    /* The new administrator acts in their own enrolment, from their first row on. */
    if ((rc = bb_keys__keypair(job->pk, &sk)) != BB_OK ||
        (rc = bb_keychain__act_as_new(ctx, kc, sk)) != BB_OK ||
        (rc = bb_usr__insert(ctx, kc->user_id, job->admin, kc->roles, job->pk, sk,
                             job->passphrase, job->passlen, NULL)) != BB_OK ||
        (rc = bb_usr__map_role(ctx, kc->user_id, job->who->db_role ? job->who->db_role : job->admin,
                               job->who->db_role != NULL)) != BB_OK ||
        (rc = bb_recovery__login_role(ctx, kc->user_id, job->who->mapped,
                                      sizeof job->who->mapped)) != BB_OK)
        goto done;
    for (int i = 0; rc == BB_OK && i < kc->count; i++)
        rc = bb_keys__grant(ctx, kc->user_id, kc->versions[i], kc->org[i], job->pk,
                            kc->user_id);
    if (rc == BB_OK)
        rc = bb_audit__append(ctx, "recovery", NULL, detail);
done:
    bb_secret__free(sk);
    return rc;
}

/* Shares read and checked, keys opened: job->kc holds every version and the index key. */
static int open_with_shares(bb_ctx *ctx, recover_job *job, const char *const *files)
{
    bb_secret *sk = NULL;
    int rc;

    if ((rc = bb_recovery__may_use(ctx, "recover")) == BB_OK &&
        (rc = read_shares(ctx, job, files)) == BB_OK &&
        (rc = check_generation(ctx, job, files[0])) == BB_OK &&
        (rc = recovery_key(ctx, job, &sk)) == BB_OK && (rc = open_keys(ctx, job, sk)) == BB_OK)
        rc = bb_keys__load_bidx_root(ctx, job->kc);
    bb_secret__free(sk);
    return rc;
}

int bb_recover(bb_ctx *ctx, bb_recovery_admin *who, const char *const *files, int n,
               const char *passphrase, size_t passlen)
{
    const char *admin = who->login;
    recover_job *job = NULL;
    int rc;

    bb_ctx__clear(ctx);
    bb_lock(ctx);
    who->mapped[0] = '\0';
    if ((rc = bb_keys__check_login(ctx, admin)) != BB_OK || (rc = bb_crypto__init()) != BB_OK)
        return rc;
    if (ctx->org_id[0] == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("no organisation chosen"));
    if (n < 1 || n > BB_RECOVERY_MAX_SHARES)
        return bb_ctx__fail(ctx, BB_EINVAL, _("shares: %d given; at least 2 are needed"), n);
    if ((job = sodium_malloc(sizeof *job)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    memset(job, 0, sizeof *job);
    *job = (recover_job){
        .who = who, .admin = admin, .passphrase = passphrase, .passlen = passlen, .n = n};
    if ((job->kc = calloc(1, sizeof *job->kc)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    bb_keychain__uuid(job->kc->user_id);
    snprintf(job->kc->login, sizeof job->kc->login, "%s", admin);
    job->kc->roles = BB_ROLE_ADMIN | BB_ROLE_COORDINATOR;
    if ((rc = open_with_shares(ctx, job, files)) != BB_OK ||
        (rc = bb_db__txn(ctx, "READ COMMITTED", recover_txn, job)) != BB_OK)
        goto done;
    for (int i = 0; rc == BB_OK && i < job->kc->count; i++) {
        uint8_t fp[32];
        if ((rc = bb_keys__fingerprint(job->kc->org[i], fp)) == BB_OK)
            rc = bb_pins__store(ctx->org_id, job->kc->versions[i], fp);
    }
    if (rc == BB_OK) {
        rc = bb_keychain__attach(ctx, job->kc);
        job->kc = NULL;
    }
done:
    if (rc != BB_OK)
        bb_keychain__act_as_handle(ctx); /* nobody: the handle stays locked */
    bb_keychain__free(job->kc);
    sodium_free(job);
    return rc;
}
