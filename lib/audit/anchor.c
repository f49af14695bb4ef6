/* Anchors of the audit log: a record's number and hash kept outside the database, checked by
 * bb_audit_verify, made by bb_audit_anchor_line. */
#include "bb/audit.h"
#include "bb/error.h"
#include "audit/audit.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int bb_audit_anchor_parse(bb_ctx *ctx, const char *text, bb_audit_anchor *out)
{
    const char *colon = text != NULL ? strchr(text, ':') : NULL;
    char *end = NULL;
    long long seq = 0;
    int ok = colon != NULL && colon > text && strlen(colon + 1) == 64;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    for (const char *p = text; ok && p < colon; p++)
        ok = isdigit((unsigned char)*p);
    if (ok)
        seq = strtoll(text, &end, 10);
    ok = ok && end == colon && seq >= 1 && colon - text < 19;
    for (int i = 0; ok && i < 64; i++) {
        ok = isxdigit((unsigned char)colon[1 + i]);
        out->hash[i] = (char)tolower((unsigned char)colon[1 + i]);
    }
    if (!ok) {
        memset(out, 0, sizeof *out);
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("expect-head: '%.100s' is not an anchor (expected SEQ:HASH, a "
                              "record number, a colon and 64 hex digits, as 'audit head' "
                              "prints)"),
                            text != NULL ? text : "");
    }
    out->seq = seq;
    return BB_OK;
}

/* One anchor against the log: its record is there and has its hash. */
static int check_one(bb_ctx *ctx, const bb_audit_anchor *a, long long head_seq, long long *after)
{
    char seq[24];
    const char *p[1] = {seq};
    PGresult *res = NULL;
    int rc;

    snprintf(seq, sizeof seq, "%lld", a->seq);
    rc = bb_db__exec(ctx, &res, "SELECT hash, after FROM bb_audit_anchor_at($1::bigint)", 1, p);
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND,
                          _("expect-head: no audit record %lld (the log ends at record %lld): "
                            "records after %lld were removed, or the anchor is of another "
                            "database"),
                          a->seq, head_seq, head_seq);
    else if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 0), a->hash) != 0)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT,
                          _("expect-head: audit record %lld has the hash %s, not the anchor's "
                            "%s: the log was rewritten at or before that record"),
                          a->seq, PQgetvalue(res, 0, 0), a->hash);
    else if (rc == BB_OK)
        *after = atoll(PQgetvalue(res, 0, 1));
    PQclear(res);
    return rc;
}

int bb_audit__check_anchors(bb_ctx *ctx, const bb_audit_anchor *anchors, size_t n,
                            bb_audit_verdict *out)
{
    int rc = BB_OK;

    for (size_t i = 0; i < n && rc == BB_OK; i++) {
        long long after = 0;

        rc = check_one(ctx, &anchors[i], out->head_seq, &after);
        if (rc == BB_OK && anchors[i].seq > out->anchor_seq) {
            out->anchor_seq = anchors[i].seq;
            out->after_anchor = after;
        }
    }
    return rc;
}

int bb_audit_anchor_line(bb_ctx *ctx, char **out)
{
    const char *org = NULL;
    PGresult *res = NULL;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    *out = NULL;
    bb_ctx__clear(ctx);
    if ((rc = bb_ctx__org(ctx, &org)) != BB_OK)
        return rc;
    rc = bb_db__exec(ctx, &res,
                     "SELECT s.head_seq, s.head, o.name FROM bb_audit_summary() s,"
                     " organisation o WHERE o.id = $1 AND s.head_seq IS NOT NULL",
                     1, &org);
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, "%s", _("the audit log is empty: no head to keep"));
    if (rc != BB_OK)
        goto done;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    if (asprintf(out, "%s %s:%s %s", when, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
                 PQgetvalue(res, 0, 2)) < 0) {
        *out = NULL;
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
done:
    PQclear(res);
    return rc;
}
