/* The bulk path of an import, inside the caller's transaction: per case a fresh data key
 * wrapped by the organisation key, the case with its number (counted per year of the report,
 * in report order), its parties and their personal fields sealed with the case's key, the
 * blind indexes, all sent with binary COPY (lib/demo's writers). Then the database moves the
 * cases through their statuses by its own rules and dates their history
 * (bb_import_history, schema/functions/import.sql); the notes of the report and of the closing
 * go on the events whose ids it was given. */
#include "import/import.h"
#include "bb/error.h"
#include "cases/party-row.h"
#include "crypto/bidx.h"
#include "crypto/blob.h"
#include "crypto/normalize.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "demo/demo.h"
#include "fields/personal.h"
#include "keys/keychain.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { B_DK, B_CASE, B_PARTY, B_FIELD, B_INDEX, B_COPIES, A_CASES = B_COPIES, A_STEPS,
       A_SUITABLE, A_INTAKE_ON, A_REASON, A_OUTCOME, A_CLOSED_ON, A_CREATED, A_CLOSED, B_ALL };

static const char *const targets[B_COPIES] = {
    [B_DK] = "data_key (id, org_id, key_version, wrapped)",
    [B_CASE] = "bb_case (id, org_id, year, seq, reported_on, source, conflict_types, area,"
               " data_key_id, import_key)",
    [B_PARTY] = "party (id, org_id, case_id, seq, role, tenure, household, age_band, interpreter)",
    [B_FIELD] = "personal_field (owner_table, owner_id, field, org_id, data_key_id, blob)",
    [B_INDEX] = "blind_index (owner_table, owner_id, index_name, org_id, data_key_id,"
                " bidx_version, value)",
};

static const char *const index_names[] = {"name", "phone", "email", "address"};
static const enum bb_pd_kind index_kinds[] = {BB_PD_NAME, BB_PD_PHONE, BB_PD_EMAIL,
                                              BB_PD_ADDRESS};

typedef struct wr {
    bb_ctx *ctx;
    demo_uuid org_id;
    demo_ids ids;
    int kv, bidx_version;
    bb_secret *org_key, *dk, *bidx[4];
    demo_uuid key_id;
    char key_text[37];
    demo_buf b[B_ALL];
    bb_import_result *r;
} wr;

/* Keys: the organisation key, a data key's secret memory, the parties' blind-index keys. */
static int keys(wr *x)
{
    bb_keychain *kc;
    int rc = bb_keychain__get(x->ctx, &kc);

    if (rc != BB_OK)
        return rc;
    x->kv = bb_keychain__current(kc);
    x->org_key = bb_keychain__org_key(kc, x->kv);
    x->bidx_version = kc->bidx_version;
    if (x->org_key == NULL || kc->bidx_root == NULL ||
        bb_secret__new(BB_BLOB_KEY_BYTES, &x->dk) != BB_OK)
        return bb_ctx__fail(x->ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
    for (int i = 0; i < 4; i++)
        if (bb_bidx__derive_key(kc->bidx_root, "party", index_names[i], "eq", &x->bidx[i]) !=
            BB_OK)
            return bb_ctx__fail(x->ctx, BB_ECRYPTO, _("%s: cannot compute the index"),
                                index_names[i]);
    return BB_OK;
}

/* A new data key for the next case, wrapped, as a row of data_key. */
static int data_key(wr *x)
{
    uint8_t *wrapped = NULL, *k = bb_secret__write(x->dk);
    size_t wl = 0;
    int rc = BB_OK;

    if (k == NULL)
        return BB_ECRYPTO;
    randombytes_buf(k, BB_BLOB_KEY_BYTES);
    bb_secret__release(x->dk);
    demo_id(&x->ids, &x->key_id);
    demo_uuid_text(&x->key_id, x->key_text);
    bb_blob_bind bind = {(uint32_t)x->kv, "data_key", "wrapped", x->key_text};
    if (bb_blob__wrap_key(x->org_key, &bind, x->dk, &wrapped, &wl) != BB_OK)
        rc = BB_ECRYPTO;
    demo_bin_row(&x->b[B_DK], 4);
    demo_bin_uuid(&x->b[B_DK], &x->key_id);
    demo_bin_uuid(&x->b[B_DK], &x->org_id);
    demo_bin_int4(&x->b[B_DK], x->kv);
    demo_bin_bytes(&x->b[B_DK], wrapped, wl);
    free(wrapped);
    return rc;
}

/* Seals value as field of (table, owner) under the case's key, as a row of personal_field. */
static int seal(wr *x, const char *table, const demo_uuid *owner, const char *field,
                const char *value)
{
    char id[37];
    uint8_t *blob = NULL;
    size_t bl = 0;

    if (value == NULL)
        return BB_OK;
    demo_uuid_text(owner, id);
    bb_blob_bind bind = {1, table, field, id}; /* the field format's version, as the vault */
    if (bb_blob__seal(x->dk, &bind, (const uint8_t *)value, strlen(value), &blob, &bl) != BB_OK)
        return BB_ECRYPTO;
    demo_buf *b = &x->b[B_FIELD];
    demo_bin_row(b, 6);
    demo_bin_text(b, table);
    demo_bin_uuid(b, owner);
    demo_bin_text(b, field);
    demo_bin_uuid(b, &x->org_id);
    demo_bin_uuid(b, &x->key_id);
    demo_bin_bytes(b, blob, bl);
    free(blob);
    return BB_OK;
}

/* Blind index i of a party over a (and b), with its canonical value kept sealed. */
static int index_party(wr *x, const demo_uuid *party, int i, const char *a, const char *b)
{
    char *norm = NULL, field[32];
    uint32_t v = 0;
    int rc = bb_pd__normalize(x->ctx, index_names[i], index_kinds[i], a, b, &norm);

    if (rc == BB_OK && bb_bidx__compute(x->bidx[i], norm, BB_BIDX_BITS, &v) != BB_OK)
        rc = BB_ECRYPTO;
    snprintf(field, sizeof field, "index:%s", index_names[i]);
    if (rc == BB_OK)
        rc = seal(x, "party", party, field, norm);
    bb_norm__free(norm);
    if (rc != BB_OK)
        return rc;
    demo_buf *o = &x->b[B_INDEX];
    demo_bin_row(o, 7);
    demo_bin_text(o, "party");
    demo_bin_uuid(o, party);
    demo_bin_text(o, index_names[i]);
    demo_bin_uuid(o, &x->org_id);
    demo_bin_uuid(o, &x->key_id);
    demo_bin_int4(o, x->bidx_version);
    demo_bin_int4(o, (int)v);
    return BB_OK;
}

static int party_rows(wr *x, const imp_case *c, const demo_uuid *case_id)
{
    static const char *const roles[IMP_PARTIES] = {"melder", "wederpartij"};
    int rc = BB_OK;

    for (int i = 0, seq = 0; i < IMP_PARTIES && rc == BB_OK; i++) {
        const imp_party *p = &c->party[i];
        const char *values[BB_PARTY_FIELDS];
        demo_uuid id;
        if (!p->given)
            continue;
        demo_id(&x->ids, &id);
        demo_buf *b = &x->b[B_PARTY];
        demo_bin_row(b, 9);
        demo_bin_uuid(b, &id);
        demo_bin_uuid(b, &x->org_id);
        demo_bin_uuid(b, case_id);
        demo_bin_int2(b, ++seq);
        demo_bin_text(b, roles[i]);
        for (int f = P_TENURE; f <= P_INTERPRETER; f++)
            demo_bin_text(b, p->k[f]);
        for (int f = 0; f < BB_PARTY_FIELDS; f++)
            values[f] = f == P_POSTCODE && p->v[f] != NULL ? p->postcode : p->v[f];
        for (int f = 0; f < BB_PARTY_FIELDS && rc == BB_OK; f++)
            rc = seal(x, "party", &id, bb_party__fields[f], values[f]);
        for (int k = 0; k < 3 && rc == BB_OK; k++)
            if (p->v[k == 0 ? P_NAME : k == 1 ? P_PHONE : P_EMAIL] != NULL)
                rc = index_party(x, &id, k, p->v[k == 0 ? P_NAME : k == 1 ? P_PHONE : P_EMAIL],
                                 NULL);
        if (rc == BB_OK && p->v[P_POSTCODE] != NULL && p->v[P_NUMBER] != NULL)
            rc = index_party(x, &id, 3, p->postcode, p->v[P_NUMBER]);
        x->r->parties++;
    }
    return rc;
}

/* Appends an element to the array literal of buffer a ("{" before the first). */
static void element(wr *x, int a, const char *v)
{
    demo_buf_char(&x->b[a], x->b[a].len == 0 ? '{' : ',');
    demo_buf_str(&x->b[a], v != NULL && *v != '\0' ? v : "NULL");
}

/* The case's row and what the history needs of it: its statuses, dates and event ids. */
static int case_rows(wr *x, const imp_case *c)
{
    char id[37], ev[37], pg[BB_TYPES_MAX * BB_KEY_SIZE + 4], *steps = pg;
    const char *types[BB_TYPES_MAX];
    demo_uuid cid, eid;
    int rc = data_key(x);

    demo_id(&x->ids, &cid);
    demo_uuid_text(&cid, id);
    for (size_t i = 0; i < c->n_types; i++)
        types[i] = c->types[i];
    demo_buf *b = &x->b[B_CASE];
    demo_bin_row(b, 10);
    demo_bin_uuid(b, &cid);
    demo_bin_uuid(b, &x->org_id);
    demo_bin_int2(b, c->year);
    demo_bin_int4(b, c->seq);
    demo_bin_date(b, demo_day(atoi(c->reported), atoi(c->reported + 5), atoi(c->reported + 8)));
    demo_bin_text(b, c->source);
    demo_bin_keys(b, types, (int)c->n_types, (uint16_t)((1u << c->n_types) - 1));
    demo_bin_text(b, c->area);
    demo_bin_uuid(b, &x->key_id);
    demo_bin_text(b, c->key);
    element(x, A_CASES, id);
    snprintf(pg, sizeof pg, "{%s,%s,%s,%s}", c->steps[0] ? c->steps[0] : "NULL",
             c->steps[1] ? c->steps[1] : "NULL", c->steps[2] ? c->steps[2] : "NULL",
             c->steps[3] ? c->steps[3] : "NULL");
    element(x, A_STEPS, steps);
    element(x, A_SUITABLE, c->intake_on[0] ? (c->intake_reason[0] ? "f" : "t") : NULL);
    element(x, A_INTAKE_ON, c->intake_on);
    element(x, A_REASON, c->intake_reason);
    element(x, A_OUTCOME, c->outcome);
    element(x, A_CLOSED_ON, strcmp(c->status, "afgesloten") == 0 ? c->closed_on : NULL);
    demo_id(&x->ids, &eid);
    demo_uuid_text(&eid, ev);
    element(x, A_CREATED, ev);
    if (rc == BB_OK)
        rc = seal(x, "case_event", &eid, "note", c->note);
    demo_id(&x->ids, &eid);
    demo_uuid_text(&eid, ev);
    element(x, A_CLOSED, strcmp(c->status, "afgesloten") == 0 ? ev : NULL);
    if (rc == BB_OK && strcmp(c->status, "afgesloten") == 0)
        rc = seal(x, "case_event", &eid, "note", c->reason);
    if (rc == BB_OK)
        rc = party_rows(x, c, &cid);
    return rc;
}

static int by_report(const void *a, const void *b)
{
    const imp_case *x = *(imp_case *const *)a, *y = *(imp_case *const *)b;
    int d = strcmp(x->reported, y->reported);
    return d != 0 ? d : (x->line > y->line) - (x->line < y->line);
}

/* Numbers for the cases of order[0..n) (sorted by report): per year of the report, after the
 * last the counter gave out; the counter's row stays locked until the commit. */
static int number(bb_ctx *ctx, imp_case **order, size_t n, bb_import_result *r)
{
    const char *org;
    int rc = bb_ctx__org(ctx, &org);

    for (size_t i = 0, j; rc == BB_OK && i < n; i = j) {
        char year[8], count[16];
        PGresult *res = NULL;
        for (j = i; j < n && strncmp(order[j]->reported, order[i]->reported, 4) == 0; j++)
            ;
        snprintf(year, sizeof year, "%.4s", order[i]->reported);
        snprintf(count, sizeof count, "%zu", j - i);
        rc = bb_db__exec(ctx, &res,
                         "INSERT INTO number_counter AS n (org_id, series, last)"
                         " VALUES ($1, 'case:' || $2, $3::int) ON CONFLICT (org_id, series)"
                         " DO UPDATE SET last = n.last + $3::int RETURNING last",
                         3, (const char *[]){org, year, count});
        for (size_t k = i; rc == BB_OK && k < j; k++) {
            order[k]->year = atoi(year);
            order[k]->seq = atoi(PQgetvalue(res, 0, 0)) - (int)(j - k) + 1;
        }
        PQclear(res);
    }
    if (rc == BB_OK && n > 0) {
        snprintf(r->first, sizeof r->first, "BB-%04d-%04d", order[0]->year, order[0]->seq);
        snprintf(r->last, sizeof r->last, "BB-%04d-%04d", order[n - 1]->year, order[n - 1]->seq);
    }
    return rc;
}

/* The database moves the cases through their statuses and dates their history. */
static int history(wr *x)
{
    const char *p[9];

    for (int a = A_CASES; a < B_ALL; a++) {
        demo_buf_put(&x->b[a], "}", 2); /* and the NUL */
        p[a - A_CASES] = x->b[a].p;
    }
    if (x->b[A_CASES].oom || x->b[A_CLOSED].oom)
        return bb_ctx__fail(x->ctx, BB_ENOMEM, "%s", _("out of memory"));
    return bb_db__cmd(x->ctx,
                      "SELECT bb_import_history($1::uuid[], $2::text[], $3::boolean[],"
                      " $4::date[], $5::text[], $6::text[], $7::date[], $8::uuid[], $9::uuid[])",
                      9, p);
}

static int send(wr *x, imp_case **order, size_t n, const bb_import_options *o)
{
    int rc = BB_OK;

    for (size_t i = 0; i < n && rc == BB_OK; i++) {
        rc = case_rows(x, order[i]);
        if (rc == BB_ECRYPTO)
            rc = bb_ctx__fail(x->ctx, rc, "%s", _("cannot encrypt a personal value"));
        if (rc == BB_OK && o->progress != NULL && (i % 500 == 499 || i + 1 == n))
            o->progress(o->progress_data, (long)(i + 1), (long)n);
    }
    for (int t = 0; t < B_COPIES && rc == BB_OK; t++)
        rc = demo_copy(x->ctx, targets[t], true, &x->b[t]);
    if (rc == BB_OK)
        rc = history(x);
    return rc;
}

int imp_write(bb_ctx *ctx, imp_case *cases, size_t n, const bb_import_options *o,
              bb_import_result *r)
{
    wr x = {.ctx = ctx, .r = r};
    imp_case **order = calloc(n ? n : 1, sizeof *order);
    size_t m = 0;
    int rc = order ? BB_OK : bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));

    for (size_t i = 0; order && i < n; i++)
        if (!cases[i].skip)
            order[m++] = &cases[i];
    qsort(order, m, sizeof *order, by_report);
    if (rc == BB_OK && !demo_uuid_parse(ctx->org_id, &x.org_id))
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("organisation: its id is not a UUID"));
    if (rc == BB_OK)
        rc = keys(&x);
    demo_ids_start(&x.ids);
    if (rc == BB_OK)
        rc = number(ctx, order, m, r);
    /* The organisation key stays readable for the whole load: no mprotect pair per key. */
    if (rc == BB_OK && bb_secret__read(x.org_key) == NULL)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
    else if (rc == BB_OK) {
        rc = send(&x, order, m, o);
        bb_secret__release(x.org_key);
    }
    for (int t = 0; t < B_ALL; t++)
        demo_buf_free(&x.b[t]);
    for (int i = 0; i < 4; i++)
        bb_secret__free(x.bidx[i]);
    bb_secret__free(x.dk);
    free(order);
    return rc;
}
