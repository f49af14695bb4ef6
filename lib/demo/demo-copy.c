/* The demo's bulk path: rows in COPY text format, collected per table for a batch of cases
 * and sent with PQputCopyData. Every value is data written by the generator (keys, dates,
 * numbers, made-up names without tabs, newlines or backslashes), never SQL. */
#include "demo/demo.h"
#include "bb/error.h"
#include "crypto/blob.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void demo_buf_put(demo_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        p = b->oom ? NULL : realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

void demo_buf_str(demo_buf *b, const char *s)
{
    demo_buf_put(b, s, strlen(s));
}

void demo_buf_char(demo_buf *b, char c)
{
    demo_buf_put(b, &c, 1);
}

void demo_buf_int(demo_buf *b, long long v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    demo_buf_put(b, tmp, (size_t)n);
}

void demo_buf_free(demo_buf *b)
{
    free(b->p);
    *b = (demo_buf){0};
}

/* Big-endian whole numbers, as the binary format wants them. */
static void be(demo_buf *b, uint64_t v, int bytes)
{
    char out[8];

    for (int i = 0; i < bytes; i++)
        out[i] = (char)(v >> (8 * (bytes - 1 - i)));
    demo_buf_put(b, out, (size_t)bytes);
}

void demo_bin_row(demo_buf *b, int fields)
{
    be(b, (uint64_t)fields, 2);
}

void demo_bin_null(demo_buf *b)
{
    be(b, 0xffffffffu, 4); /* length -1 */
}

void demo_bin_uuid(demo_buf *b, const demo_uuid *u)
{
    be(b, 16, 4);
    demo_buf_put(b, (const char *)u->b, 16);
}

void demo_bin_int2(demo_buf *b, int v)
{
    be(b, 2, 4);
    be(b, (uint64_t)(uint16_t)v, 2);
}

void demo_bin_int4(demo_buf *b, int v)
{
    be(b, 4, 4);
    be(b, (uint64_t)(uint32_t)v, 4);
}

void demo_bin_bool(demo_buf *b, bool v)
{
    be(b, 1, 4);
    demo_buf_char(b, v ? 1 : 0);
}

/* PostgreSQL counts days and microseconds from 2000-01-01 (day 10957 since 1970). */
void demo_bin_date(demo_buf *b, int day)
{
    if (day < 0) {
        demo_bin_null(b);
        return;
    }
    be(b, 4, 4);
    be(b, (uint64_t)(uint32_t)(day - 10957), 4);
}

void demo_bin_time(demo_buf *b, int day, int minute)
{
    int64_t us = ((int64_t)(day - 10957) * 86400 + (int64_t)minute * 60) * 1000000;

    be(b, 8, 4);
    be(b, (uint64_t)us, 8);
}

void demo_bin_text(demo_buf *b, const char *s)
{
    if (s == NULL) {
        demo_bin_null(b);
        return;
    }
    demo_bin_bytes(b, s, strlen(s));
}

void demo_bin_bytes(demo_buf *b, const void *p, size_t n)
{
    be(b, (uint64_t)n, 4);
    demo_buf_put(b, p, n);
}

void demo_bin_int8(demo_buf *b, long long v)
{
    be(b, 8, 4);
    be(b, (uint64_t)v, 8);
}

/* One dimension, no NULLs, lower bound 1: n elements of type oid, which take `bytes` bytes
 * with their lengths. No elements: no dimension. */
void demo_bin_array(demo_buf *b, uint32_t oid, int n, size_t bytes)
{
    be(b, (uint64_t)(n > 0 ? 20 + bytes : 12), 4);
    be(b, n > 0 ? 1 : 0, 4);
    be(b, 0, 4);
    be(b, oid, 4);
    if (n > 0) {
        be(b, (uint64_t)n, 4);
        be(b, 1, 4);
    }
}

/* A text[] (element oid 25) of the keys whose bit is set in mask. */
void demo_bin_keys(demo_buf *b, const char *const *keys, int n, uint16_t mask)
{
    size_t len = 0;
    int count = 0;

    for (int i = 0; i < n; i++)
        if (mask & (1u << i)) {
            len += 4 + strlen(keys[i]);
            count++;
        }
    demo_bin_array(b, 25, count, len);
    for (int i = 0; i < n; i++)
        if (mask & (1u << i))
            demo_bin_text(b, keys[i]);
}

/* The server's answer to the end of a COPY (or to its start). */
static int copy_error(bb_ctx *ctx, PGresult *res, const char *target)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    int rc = bb_ctx__fail(ctx, bb_db__status_for_sqlstate(state), _("demo data: COPY %s: %s"),
                          target, PQresultErrorMessage(res));
    size_t n = strlen(ctx->errmsg);

    while (n > 0 && ctx->errmsg[n - 1] == '\n')
        ctx->errmsg[--n] = '\0';
    return rc;
}

/* Sends the data (the binary format's header and trailer around it) and ends the COPY. */
static int send_data(bb_ctx *ctx, bool binary, const demo_buf *b)
{
    static const char header[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
    static const char trailer[2] = "\377\377";

    if ((binary && PQputCopyData(ctx->conn, header, (int)sizeof header) != 1) ||
        PQputCopyData(ctx->conn, b->p, (int)b->len) != 1 ||
        (binary && PQputCopyData(ctx->conn, trailer, (int)sizeof trailer) != 1) ||
        PQputCopyEnd(ctx->conn, NULL) != 1)
        return BB_ECONN;
    return BB_OK;
}

int demo_copy(bb_ctx *ctx, const char *target, bool binary, demo_buf *b)
{
    char sql[512];
    PGresult *res = NULL;
    int rc = BB_OK;

    if (b->oom)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (b->len == 0)
        return BB_OK;
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN%s", target, binary ? " (FORMAT binary)" : "");
    res = PQexec(ctx->conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = copy_error(ctx, res, target);
        goto done;
    }
    PQclear(res);
    res = NULL;
    if (send_data(ctx, binary, b) != BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ECONN, _("demo data: COPY %s: %s"), target,
                          PQerrorMessage(ctx->conn));
        goto done;
    }
    while ((res = PQgetResult(ctx->conn)) != NULL) {
        if (rc == BB_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = copy_error(ctx, res, target);
        PQclear(res);
    }
done:
    PQclear(res);
    b->len = 0;
    return rc;
}

/* data_key: id, org_id, key_version, wrapped (binary). */
int demo_data_key(demo_ctx *d, demo_uuid *id)
{
    demo_buf *b = &d->buf[T_DATA_KEY];
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    char text[37];

    demo_id(&d->ids, id);
    demo_uuid_text(id, text);
    /* Fresh keys a pool at a time: one call to the system's CSPRNG for 128 keys. The pool and
     * the organisation key stay open for the whole load (demo.c): no mprotect per key. */
    if (d->pool_left == 0) {
        randombytes_buf(d->pool, DEMO_POOL_KEYS * BB_BLOB_KEY_BYTES);
        d->pool_left = DEMO_POOL_KEYS;
    }
    bb_blob_bind bind = {(uint32_t)d->key_version, "data_key", "wrapped", text};
    /* bb_blob__wrap_key is exactly this seal of the key's bytes. */
    if (bb_blob__seal(d->org_key, &bind, d->pool + --d->pool_left * BB_BLOB_KEY_BYTES,
                      BB_BLOB_KEY_BYTES, &wrapped, &wl) != BB_OK)
        return BB_ECRYPTO;
    /* The case's own copy, to seal its fields with (demo_rows_case). */
    memcpy(d->case_key, d->pool + d->pool_left * BB_BLOB_KEY_BYTES, BB_BLOB_KEY_BYTES);
    demo_bin_row(b, 4);
    demo_bin_uuid(b, id);
    demo_bin_uuid(b, &d->org_id);
    demo_bin_int4(b, d->key_version);
    demo_bin_bytes(b, wrapped, wl);
    free(wrapped);
    return BB_OK;
}
