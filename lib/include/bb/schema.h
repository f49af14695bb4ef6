/* Schema migrations: the SQL files of schema/, compiled into libbb. */
#ifndef BB_SCHEMA_H
#define BB_SCHEMA_H

#include "bb/common.h"
#include "bb/ctx.h"

typedef struct bb_schema_info {
    int applied; /* highest version applied to the database, 0 when none */
    int known;   /* highest version this build knows */
    int pending; /* known migrations not yet applied */
    /* The current sources of functions, triggers, policies and grants (schema/functions/). */
    int sources_known;   /* how many this build has */
    int sources_pending; /* of them, not applied yet or at an older revision */
    int sources_newer;   /* the database's at a newer revision, unknown to this build, or
                            changed at the same revision: upgrade bb */
} bb_schema_info;

/* Applies the pending migrations, each in its own transaction, under an advisory lock, and
 * records version, name, checksum and time; then, under the same lock and in one transaction,
 * the schema sources whose revision in this build is newer than the database's, recording
 * name, revision, checksum and time. Refuses with BB_EUPGRADE, changing nothing, when an
 * applied migration's checksum differs from this build's, the database is newer than this
 * build, or it has a source at a newer revision, one this build does not know, or one changed
 * at the same revision. *applied_now (may be NULL) gets how many migrations were applied. */
BB_API int bb_schema_migrate(bb_ctx *ctx, int *applied_now);

/* One step of bb_schema_migrate: a migration (number: its version) or a schema source
 * (number: the revision this build applies). */
typedef struct bb_schema_step {
    int is_source;
    const char *name; /* "0014-export-k", "stats"; static */
    int number;
} bb_schema_step;

/* What bb_schema_migrate would do now, in its order, changing nothing (bbctl db migrate
 * --dry-run): *steps (free()) gets *n steps, none when the schema is up to date. Refuses as
 * bb_schema_migrate would, with BB_EUPGRADE and the same message. */
BB_API int bb_schema_plan(bb_ctx *ctx, bb_schema_step **steps, int *n);

/* Reads the schema state without changing anything. A database without bb's tables has
 * applied == 0. */
BB_API int bb_schema_info_get(bb_ctx *ctx, bb_schema_info *out);

/* BB_OK when the database is exactly at this build's version and has this build's sources;
 * otherwise BB_EUPGRADE with a message naming what differs and what to do. */
BB_API int bb_schema_check(bb_ctx *ctx);

/* BB_EUPGRADE (with bb_schema_check's message) when the database's schema is newer than this
 * build knows, so a program of an older release does not work on it; BB_OK otherwise, also
 * when the login may not read the schema's ledger or migrations are pending. */
BB_API int bb_schema_refuse_newer(bb_ctx *ctx);

/* Number of migrations compiled into this build, and the name of the i-th ("0001-base"). */
BB_API int bb_schema_known_count(void);
BB_API const char *bb_schema_known_name(int i);

#endif
