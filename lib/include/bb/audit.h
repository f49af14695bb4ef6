/* The audit log: who viewed or changed what, when and from which program. */
#ifndef BB_AUDIT_H
#define BB_AUDIT_H

#include "bb/common.h"
#include "bb/ctx.h"

/* Appends a record of an action that no table change shows (an export, say). detail_json is a
 * JSON object of ids and parameters, never personal values (NULL: {}). case_id may be NULL. */
BB_API int bb_audit_record(bb_ctx *ctx, const char *action, const char *case_id,
                           const char *detail_json);

/* One record, as bb_audit_list returns it. */
typedef struct bb_audit_entry {
    long long seq;
    char at[40];      /* ISO 8601, UTC */
    char actor[64];
    char program[32];
    char action[64];
    char case_number[24]; /* "" when none */
    char *detail;         /* JSON object text */
} bb_audit_entry;

typedef struct bb_audit_filter {
    const char *case_number; /* BB-2024-0007, or NULL */
    const char *actor;       /* login, or NULL */
    const char *since;       /* YYYY-MM-DD, or NULL */
    long long after_seq;     /* paging: records after this one */
    int limit;               /* 1..1000, 0 means 100 */
} bb_audit_filter;

/* Lists records, oldest first, of the handle's organisation (and the organisation-less ones).
 * On success *out is an array of *n entries (free with bb_audit_list_free). */
BB_API int bb_audit_list(bb_ctx *ctx, const bb_audit_filter *filter, bb_audit_entry **out,
                         int *n);
BB_API void bb_audit_list_free(bb_audit_entry *entries, int n);

typedef struct bb_audit_verdict {
    long long records;   /* records checked */
    long long first_bad; /* 0 when the chain is whole, else the first record that is not */
    char problem[160];   /* what is wrong with it ("changed", "missing before it", ...) */
    char head[65];       /* hash of the newest record, hex ("" when the log is empty) */
} bb_audit_verdict;

/* Recomputes the whole chain. BB_OK with first_bad 0 when it is whole (and, when expect_head is
 * not NULL, ends in that hash); otherwise BB_ECONFLICT with the first record that is wrong in
 * out and in bb_errmsg(). */
BB_API int bb_audit_verify(bb_ctx *ctx, const char *expect_head, bb_audit_verdict *out);

/* The newest record's hash, hex, into out (65 bytes); "" when the log is empty. */
BB_API int bb_audit_head(bb_ctx *ctx, char out[65], long long *seq);

#endif
