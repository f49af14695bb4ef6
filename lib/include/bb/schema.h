/* Schema migrations: the SQL files of schema/, compiled into libbb. */
#ifndef BB_SCHEMA_H
#define BB_SCHEMA_H

#include "bb/common.h"
#include "bb/ctx.h"

typedef struct bb_schema_info {
    int applied; /* highest version applied to the database, 0 when none */
    int known;   /* highest version this build knows */
    int pending; /* known migrations not yet applied */
} bb_schema_info;

/* Applies the pending migrations, each in its own transaction, under an advisory lock, and
 * records version, name, checksum and time. Refuses with BB_EUPGRADE, changing nothing, when an
 * applied migration's checksum differs from this build's or the database is newer than this
 * build. *applied_now (may be NULL) gets how many were applied. */
BB_API int bb_schema_migrate(bb_ctx *ctx, int *applied_now);

/* Reads the schema state without changing anything. A database without bb's tables has
 * applied == 0. */
BB_API int bb_schema_info_get(bb_ctx *ctx, bb_schema_info *out);

/* BB_OK when the database is exactly at this build's version; otherwise BB_EUPGRADE with a
 * message naming both versions and what to do. */
BB_API int bb_schema_check(bb_ctx *ctx);

/* Number of migrations compiled into this build, and the name of the i-th ("0001-base"). */
BB_API int bb_schema_known_count(void);
BB_API const char *bb_schema_known_name(int i);

#endif
