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

/* The migration ledger's side of bb_schema_info. */
static int migrations_info(bb_ctx *ctx, bb_schema_info *out)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(
        ctx, &res, "SELECT coalesce(max(version), 0), count(*) FROM bb_schema_migration", 0, NULL);

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

static int find_source(const char *name)
{
    for (int i = 0; i < bb_sources__count; i++)
        if (strcmp(bb_sources__[i].name, name) == 0)
            return i;
    return -1;
}

/* The source ledger's rows (name, revision, checksum) in *res; *res NULL before migration
 * 0013 made the ledger. */
static int read_source_ledger(bb_ctx *ctx, PGresult **res)
{
    const char *made_sql = "SELECT to_regclass('bb_schema_source') IS NOT NULL";
    const char *rows_sql = "SELECT name, revision, checksum FROM bb_schema_source";
    PGresult *made = NULL;
    int rc = bb_db__exec(ctx, &made, made_sql, 0, NULL);

    *res = NULL;
    if (rc == BB_OK && strcmp(PQgetvalue(made, 0, 0), "t") == 0)
        rc = bb_db__exec(ctx, res, rows_sql, 0, NULL);
    PQclear(made);
    return rc;
}

/* Why a recorded source may not be touched by this build; name and rev are the database's. */
static int source_refused(bb_ctx *ctx, const bb_source *s, const char *name, int rev,
                          const char *sum)
{
    if (s == NULL)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("the database has schema source %s (revision %d), which this build "
                              "of bb does not know; nothing was changed: upgrade bb"),
                            name, rev);
    if (rev > s->revision)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("the database has schema source %s at revision %d, newer than this "
                              "build of bb knows (%d); nothing was changed: upgrade bb"),
                            name, rev, s->revision);
    return bb_ctx__fail(ctx, BB_EUPGRADE,
                        _("schema source %s was changed after its revision %d was applied "
                          "(database has checksum %.12s, this build %.12s); nothing was changed"),
                        name, rev, sum, s->checksum);
}

/* Compares the source ledger with this build; changes nothing. current[i] tells which of this
 * build's sources the database has at their revision; *newer counts the recorded sources this
 * build may not touch: newer, unknown to it, or changed at the same revision. With strict the
 * first of those fails with BB_EUPGRADE. Older revisions and missing rows are pending. */
static int compare_sources(bb_ctx *ctx, bool *current, int *newer, bool strict)
{
    PGresult *res = NULL;
    int rc = read_source_ledger(ctx, &res);

    for (int r = 0; rc == BB_OK && res != NULL && r < PQntuples(res); r++) {
        const char *name = PQgetvalue(res, r, 0), *sum = PQgetvalue(res, r, 2);
        int rev = atoi(PQgetvalue(res, r, 1)), i = find_source(name);
        const bb_source *s = i >= 0 ? &bb_sources__[i] : NULL;

        if (s != NULL && rev < s->revision)
            continue;
        if (s != NULL && rev == s->revision && strcmp(sum, s->checksum) == 0) {
            current[i] = true;
            continue;
        }
        (*newer)++;
        if (strict)
            rc = source_refused(ctx, s, name, rev, sum);
    }
    PQclear(res);
    return rc;
}

int bb_schema_info_get(bb_ctx *ctx, bb_schema_info *out)
{
    bool *current = calloc((size_t)bb_sources__count + 1, sizeof *current);
    int rc;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    if (current == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    out->known = bb_migrations__count;
    out->sources_known = bb_sources__count;
    rc = migrations_info(ctx, out);
    if (rc == BB_OK)
        rc = compare_sources(ctx, current, &out->sources_newer, false);
    for (int i = 0; rc == BB_OK && i < bb_sources__count; i++)
        out->sources_pending += !current[i];
    free(current);
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
    if (info.sources_newer > 0)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("the database has %d schema sources newer than this build of bb "
                              "knows, or changed: upgrade bb"),
                            info.sources_newer);
    if (info.pending > 0)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("the database schema is at version %d, this build of bb needs %d: "
                              "run 'bbctl db migrate'"),
                            info.applied, info.known);
    if (info.sources_pending > 0)
        return bb_ctx__fail(ctx, BB_EUPGRADE,
                            _("%d of the database's %d schema sources are older than this build "
                              "of bb's: run 'bbctl db migrate'"),
                            info.sources_pending, info.sources_known);
    return BB_OK;
}

int bb_schema_refuse_newer(bb_ctx *ctx)
{
    bb_schema_info info;

    /* A login that may not read the ledger (a reporter) has nothing to compare with. */
    if (bb_schema_info_get(ctx, &info) != BB_OK) {
        bb_ctx__clear(ctx);
        return BB_OK;
    }
    if (info.applied > info.known || info.sources_newer > 0)
        return bb_schema_check(ctx);
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
                              v >= 1 ? bb_migrations__[v - 1].name : PQgetvalue(res, r, 1), sum,
                              v >= 1 ? bb_migrations__[v - 1].checksum : "?");
        } else {
            applied[v - 1] = true;
        }
    }
    PQclear(res);
    return rc;
}

/* A migration changes rows on purpose with no bb user acting (schema/functions/acts.sql):
 * the audit log names the database role that migrated. */
static int act_as_owner(bb_ctx *ctx)
{
    return bb_db__cmd(ctx, "SELECT set_config('bb.act_as_owner', 'on', true)", 0, NULL);
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
    if ((rc = act_as_owner(ctx)) == BB_OK)
        rc = bb_db__script(ctx, m->sql);
    if (rc != BB_OK)
        return bb_ctx__fail(ctx, rc, _("migration %s failed: %s"), m->name, ctx->errmsg);
    return bb_db__cmd(ctx,
                      "INSERT INTO bb_schema_migration (version, name, checksum)"
                      " VALUES ($1, $2, $3)",
                      3, params);
}

/* The sources not current[], in their order, as the owner (so what they make is the owner's),
 * each recorded with its revision. */
static int apply_sources(bb_ctx *ctx, void *arg)
{
    const bool *current = arg;
    int rc = bb_db__cmd(ctx, "SET LOCAL ROLE bb_owner", 0, NULL);

    if (rc != BB_OK || (rc = act_as_owner(ctx)) != BB_OK)
        return bb_ctx__fail(ctx, rc, _("schema sources: cannot act as the owner role bb_owner: %s"),
                            ctx->errmsg);
    for (int i = 0; rc == BB_OK && i < bb_sources__count; i++) {
        const bb_source *s = &bb_sources__[i];
        char revision[16];
        const char *params[3] = {s->name, revision, s->checksum};

        if (current[i])
            continue;
        snprintf(revision, sizeof revision, "%d", s->revision);
        bb_ctx__log(ctx, BB_LOG_INFO, "applying schema source %s (revision %d)", s->name,
                    s->revision);
        rc = bb_db__script(ctx, s->sql);
        if (rc != BB_OK)
            return bb_ctx__fail(ctx, rc, _("schema source %s failed: %s"), s->name, ctx->errmsg);
        rc = bb_db__cmd(ctx,
                        "INSERT INTO bb_schema_source (name, revision, checksum)"
                        " VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE"
                        " SET revision = EXCLUDED.revision, checksum = EXCLUDED.checksum,"
                        " applied_at = now()",
                        3, params);
    }
    return rc;
}

static int migrate_locked(bb_ctx *ctx, int *applied_now)
{
    bool *applied = calloc((size_t)bb_migrations__count + 1, sizeof *applied);
    bool *current = calloc((size_t)bb_sources__count + 1, sizeof *current);
    int rc, newer = 0, stale = 0;

    if (applied == NULL || current == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    rc = bb_db__cmd(ctx, CREATE_LEDGER, 0, NULL);
    if (rc == BB_OK)
        rc = verify_ledger(ctx, applied);
    if (rc == BB_OK)
        rc = compare_sources(ctx, current, &newer, true);
    for (int i = 0; rc == BB_OK && i < bb_migrations__count; i++) {
        if (applied[i])
            continue;
        bb_ctx__log(ctx, BB_LOG_INFO, "applying migration %s", bb_migrations__[i].name);
        rc = bb_db__txn(ctx, "READ COMMITTED", apply_one, (void *)&bb_migrations__[i]);
        if (rc == BB_OK && applied_now != NULL)
            (*applied_now)++;
    }
    /* The sources follow the migrations: they define functions of the tables as they are now. */
    for (int i = 0; i < bb_sources__count; i++)
        stale += !current[i];
    if (rc == BB_OK && stale > 0)
        rc = bb_db__txn(ctx, "READ COMMITTED", apply_sources, current);
done:
    free(applied);
    free(current);
    return rc;
}

/* The steps of a migration with applied[] and current[] as the ledgers say, into *steps. */
static int list_steps(bb_ctx *ctx, const bool *applied, const bool *current,
                      bb_schema_step **steps, int *n)
{
    *steps = calloc((size_t)(bb_migrations__count + bb_sources__count) + 1, sizeof **steps);
    if (*steps == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int i = 0; i < bb_migrations__count; i++)
        if (!applied[i])
            (*steps)[(*n)++] = (bb_schema_step){0, bb_migrations__[i].name,
                                                bb_migrations__[i].version};
    for (int i = 0; i < bb_sources__count; i++)
        if (!current[i])
            (*steps)[(*n)++] = (bb_schema_step){1, bb_sources__[i].name,
                                                bb_sources__[i].revision};
    return BB_OK;
}

int bb_schema_plan(bb_ctx *ctx, bb_schema_step **steps, int *n)
{
    bool *applied = calloc((size_t)bb_migrations__count + 1, sizeof *applied);
    bool *current = calloc((size_t)bb_sources__count + 1, sizeof *current);
    PGresult *res = NULL;
    int rc = BB_OK, newer = 0;

    bb_ctx__clear(ctx);
    *steps = NULL;
    *n = 0;
    if (applied == NULL || current == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    /* Without a ledger (a new database) everything is to do; verify_ledger needs one. */
    rc = bb_db__exec(ctx, &res, "SELECT to_regclass('bb_schema_migration') IS NOT NULL", 0, NULL);
    if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0)
        rc = verify_ledger(ctx, applied);
    if (rc == BB_OK)
        rc = compare_sources(ctx, current, &newer, true);
    if (rc == BB_OK)
        rc = list_steps(ctx, applied, current, steps, n);
done:
    PQclear(res);
    free(applied);
    free(current);
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
