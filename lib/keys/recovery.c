/* Recovery generations: shares written to files, the recovery public key and every
 * organisation key version sealed to it in the database (docs/security.md, "Recovery"). */
#include "keys/recovery.h"
#include "bb/error.h"
#include "bb/recovery.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <sodium.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int bb_recovery__keypair(bb_secret *secret, uint8_t pk[32], bb_secret **sk)
{
    int rc = bb_secret__new(crypto_box_SECRETKEYBYTES, sk);

    if (rc != BB_OK)
        return rc;
    rc = crypto_box_seed_keypair(pk, bb_secret__write(*sk), bb_secret__read(secret)) == 0
             ? BB_OK
             : BB_ECRYPTO;
    bb_secret__release(secret);
    bb_secret__release(*sk);
    return rc;
}

static int insert_sealed(bb_ctx *ctx, const char *gen, int version, bb_secret *key,
                         const uint8_t *pk)
{
    uint8_t sealed[BB_SEALED_KEY_BYTES];
    char v[16];
    const char *p[4] = {ctx->org_id, gen, v, (const char *)sealed};
    int len[4] = {0, 0, 0, BB_SEALED_KEY_BYTES}, fmt[4] = {0, 0, 0, 1};

    snprintf(v, sizeof v, "%d", version);
    if (bb_keys__seal(pk, key, sealed) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot seal the organisation key"));
    return bb_db__exec_bin(ctx, NULL,
                           "INSERT INTO org_recovery_key (org_id, generation, key_version, sealed)"
                           " VALUES ($1, $2, $3, $4)",
                           4, p, len, fmt);
}

int bb_recovery__seal_current(bb_ctx *ctx, int version, bb_secret *key)
{
    const char *p[1] = {ctx->org_id};
    PGresult *res = NULL;
    uint8_t *pk = NULL;
    size_t pl = 0;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT generation, public_key FROM org_recovery"
                         " WHERE org_id = $1 AND voided_at IS NULL",
                         1, p);

    if (rc == BB_OK && PQntuples(res) == 1 &&
        (rc = bb_db__bytea(ctx, res, 0, 1, &pk, &pl)) == BB_OK)
        rc = pl == 32 ? insert_sealed(ctx, PQgetvalue(res, 0, 0), version, key, pk)
                      : bb_ctx__fail(ctx, BB_ECRYPTO, "%s",
                                     _("the recovery record is damaged"));
    free(pk);
    PQclear(res);
    return rc;
}

int bb_recovery__may_use(bb_ctx *ctx, const char *what)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT session_user, has_table_privilege('org_recovery', 'SELECT')", 0,
                         NULL);

    if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 1), "t") != 0)
        rc = bb_ctx__fail(ctx, BB_EDENIED,
                          _("%s: the database login role '%s' is neither the database "
                            "administrator nor an administrator of this organisation, who alone "
                            "may use its recovery shares (docs/admin.md, \"Organisation "
                            "recovery\")"),
                          what, PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int bb_recovery__login_role(bb_ctx *ctx, const char *user_id, char *out, size_t cap)
{
    const char *p[1] = {user_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT coalesce(db_role, '') FROM bb_user WHERE id = $1", 1,
                         p);

    snprintf(out, cap, "%s", rc == BB_OK && PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
    return rc;
}

int bb_recovery_check(bb_ctx *ctx, int shares, int threshold)
{
    bb_ctx__clear(ctx);
    if (shares < 2 || shares > BB_RECOVERY_MAX_SHARES)
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("recovery shares: %d is not a number from 2 to %d"), shares,
                            BB_RECOVERY_MAX_SHARES);
    if (threshold < 2 || threshold > shares)
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("recovery threshold: %d is not a number from 2 to the %d shares"),
                            threshold, shares);
    return BB_OK;
}

static void fill_info(PGresult *res, bb_recovery_info *info)
{
    memset(info, 0, sizeof *info);
    if (PQntuples(res) != 1)
        return;
    info->generation = atoi(PQgetvalue(res, 0, 0));
    info->shares = atoi(PQgetvalue(res, 0, 1));
    info->threshold = atoi(PQgetvalue(res, 0, 2));
    snprintf(info->made_at, sizeof info->made_at, "%s", PQgetvalue(res, 0, 3));
    snprintf(info->made_by, sizeof info->made_by, "%s", PQgetvalue(res, 0, 4));
}

int bb_recovery_status(bb_ctx *ctx, bb_recovery_info *info)
{
    const char *p[1] = {ctx->org_id};
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    memset(info, 0, sizeof *info);
    if (ctx->org_id[0] == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("no organisation chosen"));
    if ((rc = bb_recovery__may_use(ctx, "recovery status")) != BB_OK)
        return rc;
    rc = bb_db__exec(ctx, &res,
                     "SELECT r.generation, r.shares, r.threshold,"
                     " to_char(r.created_at, 'YYYY-MM-DD HH24:MI'), coalesce(u.login, '')"
                     " FROM org_recovery r LEFT JOIN bb_user u ON u.id = r.created_by"
                     " WHERE r.org_id = $1 AND r.voided_at IS NULL",
                     1, p);
    if (rc == BB_OK)
        fill_info(res, info);
    PQclear(res);
    return rc;
}

typedef struct make_job {
    bb_keychain *kc;
    int shares, threshold, generation;
    char gen[16];
    uint8_t pk[32];
    bb_share share[BB_RECOVERY_MAX_SHARES];
    char *path[BB_RECOVERY_MAX_SHARES]; /* files written, to remove on failure */
} make_job;

static int make_txn(bb_ctx *ctx, void *arg)
{
    make_job *job = arg;
    char n[16], k[16];
    const char *p[6] = {ctx->org_id, job->gen, (const char *)job->pk, n, k, job->kc->user_id};
    int len[6] = {0, 0, 32, 0, 0, 0}, fmt[6] = {0, 0, 1, 0, 0, 0};
    int rc;

    snprintf(n, sizeof n, "%d", job->shares);
    snprintf(k, sizeof k, "%d", job->threshold);
    /* The generations before are voided, and what they could open goes. */
    if ((rc = bb_db__cmd(ctx,
                         "UPDATE org_recovery SET voided_at = now()"
                         " WHERE org_id = $1 AND voided_at IS NULL",
                         1, p)) != BB_OK ||
        (rc = bb_db__cmd(ctx, "DELETE FROM org_recovery_key WHERE org_id = $1", 1, p)) != BB_OK)
        return rc;
    rc = bb_db__exec_bin(ctx, NULL,
                         "INSERT INTO org_recovery (org_id, generation, public_key, shares,"
                         " threshold, created_by) VALUES ($1, $2, $3, $4, $5, $6)",
                         6, p, len, fmt);
    if (rc == BB_EEXISTS)
        return bb_ctx__fail(ctx, BB_ECONFLICT, "%s",
                            _("another administrator made recovery shares at the same time"));
    for (int i = 0; rc == BB_OK && i < job->kc->count; i++)
        rc = insert_sealed(ctx, job->gen, job->kc->versions[i], job->kc->org[i], job->pk);
    return rc;
}

/* The organisation's name and the next generation's number. */
static int next_generation(bb_ctx *ctx, make_job *job, char *name, size_t cap)
{
    const char *p[1] = {ctx->org_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT o.name, (SELECT coalesce(max(generation), 0) + 1"
                         " FROM org_recovery r WHERE r.org_id = o.id)"
                         " FROM organisation o WHERE o.id = $1",
                         1, p);

    if (rc == BB_OK && PQntuples(res) == 1) {
        snprintf(name, cap, "%s", PQgetvalue(res, 0, 0));
        job->generation = atoi(PQgetvalue(res, 0, 1));
        snprintf(job->gen, sizeof job->gen, "%d", job->generation);
    } else if (rc == BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, "%s", _("no organisation chosen"));
    }
    PQclear(res);
    return rc;
}

static int write_share(bb_ctx *ctx, make_job *job, int i, const char *dir, const char *name,
                       const char *made)
{
    char *text = NULL;
    int fd, rc;

    if (asprintf(&job->path[i], "%s/bb-recovery-%.8s-g%d-share-%d-of-%d.txt", dir, ctx->org_id,
                 job->generation, i + 1, job->shares) < 0) {
        job->path[i] = NULL;
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    if ((fd = open(job->path[i], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        rc = bb_ctx__fail(ctx, errno == EEXIST ? BB_EEXISTS : BB_EINVAL,
                          _("recovery out: cannot write %s: %s"), job->path[i], strerror(errno));
        free(job->path[i]);
        job->path[i] = NULL;
        return rc;
    }
    if ((rc = bb_share__format(&job->share[i], name, made, &text)) == BB_OK) {
        size_t len = strlen(text);
        if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
            rc = bb_ctx__fail(ctx, BB_EINVAL, _("recovery out: cannot write %s: %s"),
                              job->path[i], strerror(errno));
        sodium_memzero(text, len);
    }
    free(text);
    close(fd);
    return rc;
}

static int write_shares(bb_ctx *ctx, make_job *job, const char *dir, const char *name)
{
    char made[32];
    time_t now = time(NULL);
    struct tm tm;
    int rc = BB_OK;

    strftime(made, sizeof made, "%Y-%m-%d %H:%M UTC", gmtime_r(&now, &tm));
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return bb_ctx__fail(ctx, BB_EINVAL, _("recovery out: cannot make %s: %s"), dir,
                            strerror(errno));
    for (int i = 0; rc == BB_OK && i < job->shares; i++)
        rc = write_share(ctx, job, i, dir, name, made);
    return rc;
}

/* Splits a new secret into the job's shares and derives the recovery public key from it. */
static int split_secret(bb_ctx *ctx, make_job *job)
{
    bb_secret *secret = NULL, *sk = NULL;
    int rc;

    if ((rc = bb_secret__random(BB_SHARE_BYTES, &secret)) == BB_OK &&
        (rc = bb_recovery__keypair(secret, job->pk, &sk)) == BB_OK)
        rc = bb_share__split(secret, job->shares, job->threshold, job->share);
    for (int i = 0; rc == BB_OK && i < job->shares; i++) {
        memcpy(job->share[i].org_id, ctx->org_id, 37);
        job->share[i].generation = job->generation;
        job->share[i].shares = job->shares;
        job->share[i].threshold = job->threshold;
    }
    if (rc != BB_OK)
        bb_ctx__fail(ctx, rc, "%s", _("cannot make the recovery secret"));
    bb_secret__free(sk);
    bb_secret__free(secret);
    return rc;
}

int bb_recovery_make(bb_ctx *ctx, int shares, int threshold, const char *dir,
                     bb_recovery_info *info)
{
    make_job *job = sodium_malloc(sizeof *job);
    char name[256];
    int rc;

    if (job == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    memset(job, 0, sizeof *job);
    job->shares = shares;
    job->threshold = threshold;
    if ((rc = bb_recovery_check(ctx, shares, threshold)) != BB_OK ||
        (rc = bb_keychain__admin(ctx, &job->kc)) != BB_OK ||
        (rc = next_generation(ctx, job, name, sizeof name)) != BB_OK ||
        (rc = split_secret(ctx, job)) != BB_OK ||
        (rc = write_shares(ctx, job, dir ? dir : ".", name)) != BB_OK)
        goto done;
    rc = bb_db__txn(ctx, "READ COMMITTED", make_txn, job);
    if (rc == BB_OK && info != NULL)
        rc = bb_recovery_status(ctx, info);
done:
    for (int i = 0; i < shares && i < BB_RECOVERY_MAX_SHARES; i++) {
        if (rc != BB_OK && job->path[i] != NULL)
            unlink(job->path[i]);
        free(job->path[i]);
    }
    sodium_free(job); /* wipes the shares */
    return rc;
}
