#include "bb/schema.h"
#include "bb/error.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/migrations.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Advisory lock key of migrations ("bbmigrat" in ASCII), shared by every bb client. */
#define MIGRATE_LOCK "7089066773040537972"

/* The migration that makes the owner role bb_owner. */
#define OWNER_SINCE 9

#define CREATE_LEDGER                                                                              \
    "CREATE TABLE IF NOT EXISTS bb_schema_migration ("                                             \
    " version integer PRIMARY KEY,"                                                                \
    " name text NOT NULL,"                                                                         \
    " checksum text NOT NULL,"                                                                     \
    " applied_at timestamptz NOT NULL DEFAULT now())"

int bb_schema_known_count(void)
{
    return bb_migrations__count;
}

const char *bb_schema_known_name(int i)
{
    return i >= 0 && i < bb_migrations__count ? bb_migrations__[i].name : NULL;
}

int bb_schema_info_get(bb_ctx *ctx, bb_schema_info *out)
{
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    out->known = bb_migrations__count;
    rc = bb_db__exec(ctx, &res,
                     "SELECT coalesce(max(version), 0), count(*) FROM bb_schema_migration", 0,
                     NULL);
    if (rc == BB_EDB && strcmp(ctx->sqlstate, "42P01") == 0) {
        rc = BB_OK; /* no ledger yet: nothing applied */
        out->pending = out->known;
        goto done;
    }
    if (rc != BB_OK)
        goto done;
    out->applied = atoi(PQgetvalue(res, 0, 0));
    out->pending = out->known - atoi(PQgetvalue(res, 0, 1));
    if (out->pending < 0)
        out->pending = 0;
done:
    PQclear(res);
    return rc;
}

int bb_schema_check(bb_ctx *ctx)
{
    bb_schema_info info;
    int rc = bb_schema_info_get(ctx, &info);

    if (rc != BB_OK)
        return rc;
    if (info.applied > info.known)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("the database schema is at version %d, newer than this build of bb "
                              "knows (%d): upgrade bb"),
                            info.applied, info.known);
    if (info.pending > 0)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("the database schema is at version %d, this build of bb needs %d: "
                              "run 'bbctl db migrate'"),
                            info.applied, info.known);
    return BB_OK;
}

/* Compares what the database recorded with this build; changes nothing. applied[i] tells
 * which known migrations are applied already. */
static int verify_ledger(bb_ctx *ctx, bool *applied)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT version, name, checksum FROM bb_schema_migration ORDER BY version",
                         0, NULL);

    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        int v = atoi(PQgetvalue(res, r, 0));
        const char *sum = PQgetvalue(res, r, 2);
        if (v > bb_migrations__count) {
            rc = bb_ctx__fail(ctx, BB_EUPGRADE,
                              _("the database has schema version %d (%s), newer than this build "
                                "of bb knows (%d); nothing was changed: upgrade bb"),
                              v, PQgetvalue(res, r, 1), bb_migrations__count);
        } else if (v < 1 || strcmp(sum, bb_migrations__[v - 1].checksum) != 0) {
            rc = bb_ctx__fail(ctx, BB_EUPGRADE,
                              _("migration %s was changed after it was applied (database has "
                                "checksum %.12s, this build %.12s); nothing was changed"),
                              v >= 1 ? bb_migrations__[v - 1].name : PQgetvalue(res, r, 1),
                              sum, v >= 1 ? bb_migrations__[v - 1].checksum : "?");
        } else {
            applied[v - 1] = true;
        }
    }
    PQclear(res);
    return rc;
}

static int apply_one(bb_ctx *ctx, void *arg)
{
    const bb_migration *m = arg;
    char version[16];
    const char *params[3] = {version, m->name, m->checksum};
    int rc;

    snprintf(version, sizeof version, "%d", m->version);
    /* From 0009-roles on, migrations run as the owner role, so everything they make is its
     * (docs/admin.md, "Roles"); 0009 itself makes that role and hands it what came before. */
    if (m->version > OWNER_SINCE &&
        (rc = bb_db__cmd(ctx, "SET LOCAL ROLE bb_owner", 0, NULL)) != BB_OK)
        return bb_ctx__fail(ctx, rc, _("migration %s: cannot act as the owner role bb_owner: %s"),
                            m->name, ctx->errmsg);
    rc = bb_db__script(ctx, m->sql);
    if (rc != BB_OK)
        return bb_ctx__fail(ctx, rc, _("migration %s failed: %s"), m->name, ctx->errmsg);
    return bb_db__cmd(ctx,
                      "INSERT INTO bb_schema_migration (version, name, checksum)"
                      " VALUES ($1, $2, $3)",
                      3, params);
}

static int migrate_locked(bb_ctx *ctx, int *applied_now)
{
    bool *applied = calloc((size_t)bb_migrations__count + 1, sizeof *applied);
    int rc;

    if (applied == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    rc = bb_db__cmd(ctx, CREATE_LEDGER, 0, NULL);
    if (rc == BB_OK)
        rc = verify_ledger(ctx, applied);
    for (int i = 0; rc == BB_OK && i < bb_migrations__count; i++) {
        if (applied[i])
            continue;
        bb_ctx__log(ctx, BB_LOG_INFO, "applying migration %s", bb_migrations__[i].name);
        rc = bb_db__txn(ctx, "READ COMMITTED", apply_one, (void *)&bb_migrations__[i]);
        if (rc == BB_OK && applied_now != NULL)
            (*applied_now)++;
    }
    free(applied);
    return rc;
}

int bb_schema_migrate(bb_ctx *ctx, int *applied_now)
{
    const char *key[1] = {MIGRATE_LOCK};
    int rc;

    bb_ctx__clear(ctx);
    if (applied_now != NULL)
        *applied_now = 0;
    /* One migrator at a time, across every client of this database. */
    rc = bb_db__cmd(ctx, "SELECT pg_advisory_lock($1::bigint)", 1, key);
    if (rc != BB_OK)
        return rc;
    rc = migrate_locked(ctx, applied_now);
    if (rc == BB_OK)
        return bb_db__cmd(ctx, "SELECT pg_advisory_unlock($1::bigint)", 1, key);
    /* Keep the first error's message; unlocking is best effort (a lost session drops it). */
    char msg[BB_ERRMSG_SIZE], state[6];
    memcpy(msg, ctx->errmsg, sizeof msg);
    memcpy(state, ctx->sqlstate, sizeof state);
    bb_db__cmd(ctx, "SELECT pg_advisory_unlock($1::bigint)", 1, key);
    memcpy(ctx->errmsg, msg, sizeof msg);
    memcpy(ctx->sqlstate, state, sizeof state);
    return rc;
}
