/* bb_init: a new organisation with its keys and its first user, in one transaction. */
#include "users/users.h"
#include "bb/error.h"
#include "bb/org.h"
#include "bb/keys.h"
#include "bb/users.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "audit/audit.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct init_job {
    const char *org_name, *admin, *passphrase;
    size_t passlen;
    char org_id[37];
    bb_keychain *kc; /* filled as the keys are made */
    uint8_t pk[BB_PUBLIC_KEY_BYTES];
    uint8_t fp[BB_FINGERPRINT_BYTES];
} init_job;

static int insert_org_key(bb_ctx *ctx, init_job *job, bb_secret *key)
{
    const char *p[4] = {ctx->org_id, (const char *)job->fp, job->kc->user_id};
    int len[4] = {0, BB_FINGERPRINT_BYTES, 0}, fmt[4] = {0, 1, 0};

    if (bb_keys__fingerprint(key, job->fp) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot fingerprint the new key"));
    return bb_db__exec_bin(ctx, NULL,
                           "INSERT INTO org_key (org_id, version, fingerprint, created_by)"
                           " VALUES ($1, 1, $2, $3)",
                           3, p, len, fmt);
}

static int init_txn(bb_ctx *ctx, void *arg)
{
    init_job *job = arg;
    bb_keychain *kc = job->kc;
    bb_secret *sk = NULL;
    int rc;

    snprintf(ctx->org_id, sizeof ctx->org_id, "%s", job->org_id);
    /* The organisation's first user acts in its creation: the organisation and they are made
     * in one statement, under the proof of their new keys. */
    if ((rc = bb_keys__keypair(job->pk, &sk)) != BB_OK ||
        (rc = bb_keychain__act_as_new(ctx, kc, sk)) != BB_OK ||
        (rc = bb_usr__insert(ctx, kc->user_id, job->admin, kc->roles, job->pk, sk,
                             job->passphrase, job->passlen, job->org_name)) != BB_OK ||
        (rc = bb_usr__map_role(ctx, kc->user_id, job->admin, 0)) != BB_OK ||
        (rc = insert_org_key(ctx, job, kc->org[0])) != BB_OK ||
        (rc = bb_keys__grant(ctx, kc->user_id, 1, kc->org[0], job->pk, kc->user_id)) != BB_OK)
        goto done;
    rc = bb_keys__store_bidx_root(ctx, 1, 1, kc->org[0], kc->bidx_root);
done:
    bb_secret__free(sk);
    return rc;
}

static int check_names(bb_ctx *ctx, const char *org_name, const char *admin)
{
    size_t n = org_name ? strlen(org_name) : 0;

    if (n == 0 || n > 200)
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("organisation: the name must have 1 to 200 characters, not %zu"), n);
    for (const char *c = org_name; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                                _("organisation: the name contains control characters"));
    return bb_keys__check_login(ctx, admin);
}

int bb_init(bb_ctx *ctx, const char *org_name, const char *admin, const char *passphrase,
            size_t passlen)
{
    init_job job = {org_name, admin, passphrase, passlen, "", NULL, {0}, {0}};
    int rc;

    bb_ctx__clear(ctx);
    bb_lock(ctx);
    if ((rc = check_names(ctx, org_name, admin)) != BB_OK || (rc = bb_crypto__init()) != BB_OK)
        return rc;
    if ((job.kc = calloc(1, sizeof *job.kc)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    bb_keychain__uuid(job.org_id);
    bb_keychain__uuid(job.kc->user_id);
    snprintf(job.kc->login, sizeof job.kc->login, "%s", admin);
    job.kc->roles = BB_ROLE_ADMIN | BB_ROLE_COORDINATOR;
    job.kc->count = 1;
    job.kc->versions[0] = 1;
    job.kc->bidx_version = 1;
    if ((rc = bb_secret__random(BB_KEY_BYTES, &job.kc->org[0])) != BB_OK ||
        (rc = bb_secret__random(BB_KEY_BYTES, &job.kc->bidx_root)) != BB_OK)
        goto done;
    rc = bb_db__txn(ctx, "READ COMMITTED", init_txn, &job);
    if (rc == BB_OK && (rc = bb_pins__store(job.org_id, 1, job.fp)) == BB_OK) {
        rc = bb_keychain__attach(ctx, job.kc);
        job.kc = NULL;
    }
done:
    if (rc != BB_OK) {
        ctx->org_id[0] = '\0';
        bb_keychain__act_as_handle(ctx); /* nobody: the handle stays locked */
    }
    bb_keychain__free(job.kc);
    return rc;
}
