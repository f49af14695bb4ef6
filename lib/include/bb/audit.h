/* The audit log: who viewed or changed what, when and from which program. */
#ifndef BB_AUDIT_H
#define BB_AUDIT_H

#include "bb/common.h"
#include "bb/ctx.h"

#include <stddef.h>

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

/* An anchor: a record's number and hash, as `bbctl audit head` prints them (SEQ:HASH), kept
 * outside the database. The chain is hash-linked, so the record's hash stands for it and every
 * record before it: an anchor stays valid however many records follow. */
typedef struct bb_audit_anchor {
    long long seq; /* 1 or more */
    char hash[65]; /* 64 hex digits, lower case */
} bb_audit_anchor;

/* Reads "SEQ:HASH" (a record number from 1, a colon, 64 hex digits) into *out. BB_EINVAL with
 * a message naming the value otherwise. */
BB_API int bb_audit_anchor_parse(bb_ctx *ctx, const char *text, bb_audit_anchor *out);

typedef struct bb_audit_verdict {
    long long records;      /* records checked */
    long long first_bad;    /* 0 when the chain is whole, else the first record that is not */
    char problem[160];      /* what is wrong with it ("changed", "missing before it", ...) */
    long long head_seq;     /* the newest record's number (0 when the log is empty) */
    char head[65];          /* hash of the newest record, hex ("" when the log is empty) */
    long long anchor_seq;   /* the newest anchor given (highest seq), 0 when none */
    long long after_anchor; /* records after that anchor */
} bb_audit_verdict;

/* Recomputes the whole chain and checks each of the n anchors: the record at its seq must
 * exist and have its hash. BB_OK with first_bad 0 when all holds; BB_ECONFLICT when the chain
 * is broken (the first record that is wrong in out and in bb_errmsg()) or a record has another
 * hash than its anchor (rewritten); BB_ENOTFOUND when an anchor's record is not there (records
 * were removed from the end, or the anchor is of another database). */
BB_API int bb_audit_verify(bb_ctx *ctx, const bb_audit_anchor *anchors, size_t n,
                           bb_audit_verdict *out);

/* The newest record's hash, hex, into out (65 bytes); "" when the log is empty. */
BB_API int bb_audit_head(bb_ctx *ctx, char out[65], long long *seq);

/* A line to keep outside the database: "<UTC time> <SEQ:HASH> <organisation name>", the time
 * as YYYY-MM-DDTHH:MM:SSZ (this machine's clock), for the handle's organisation. On success
 * *out is the line without a newline (free()). */
BB_API int bb_audit_anchor_line(bb_ctx *ctx, char **out);

#endif
