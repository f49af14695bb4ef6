/* The bulk path of an import, inside the caller's transaction: per case a fresh data key
 * wrapped by the organisation key, its parties' personal fields and its notes sealed with it,
 * the parties' blind indexes; these rows go in a few statements of INSERT ... SELECT FROM
 * unnest over binary arrays (binarray.c), tens of thousands of rows each. Then one statement
 * makes the cases, numbered per year of the report in report order, their dated history and
 * their parties (bb_import_rows, schema/functions/import.sql); the notes are sealed for the
 * events' ids made here. */
#include "import/import.h"
#include "bb/error.h"
#include "cases/party-row.h"
#include "crypto/bidx.h"
#include "crypto/blob.h"
#include "crypto/norm-words.h"
#include "crypto/normalize.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "demo/demo.h"
#include "fields/personal.h"
#include "keys/keychain.h"
#include "keys/vault.h"
#include "keys/words.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The arrays of bb_import_rows' parameters (after p_org), in its order. */
enum {
    A_ID,
    A_YEAR,
    A_SEQ,
    A_REPORTED,
    A_SOURCE,
    A_TYPES,
    A_AREA,
    A_SUITABLE,
    A_INTAKE_ON,
    A_INTAKE_REASON,
    A_STATUS,
    A_OUTCOME,
    A_CLOSED_ON,
    A_KEY,
    A_IMPORT_KEY,
    E_ID,
    E_CASE,
    E_AT,
    E_FROM,
    E_TO,
    Q_ID,
    Q_CASE,
    Q_SEQ,
    Q_ROLE,
    Q_TENURE,
    Q_HOUSEHOLD,
    Q_AGE,
    Q_INTERPRETER,
    B_ALL
};
#define N_ARRAYS B_ALL

/* The rows of the vault: data keys, personal fields, blind indexes, as binary arrays. */
enum {
    K_ID,
    K_WRAPPED,
    F_TABLE,
    F_OWNER,
    F_FIELD,
    F_KEY,
    F_BLOB,
    I_OWNER,
    I_NAME,
    I_KEY,
    I_VALUE,
    W_OWNER,
    W_WORD,
    W_KEY,
    W_VALUE,
    V_ALL
};
static const uint32_t v_oids[V_ALL] = {2950, 17,   25, 2950, 25, 2950, 17, 2950,
                                       25,   2950, 23, 2950, 23, 2950, 23};
/* Personal fields per round of statements: bounds the memory the arrays take. */
#define FIELDS_PER_ROUND 40000

/* The parties' blind indexes, as bb_party__write_personal writes them; the last key is that of
 * the word indexes (keys/words.h). */
#define N_INDEXES 6
#define WORD_KEY  N_INDEXES
static const char *const index_names[] = {"name",    "phone",  "email",
                                          "address", "street", "postcode"};
static const enum bb_pd_kind index_kinds[] = {BB_PD_NAME,    BB_PD_PHONE, BB_PD_EMAIL,
                                              BB_PD_ADDRESS, BB_PD_NAME,  BB_PD_POSTCODE};

typedef struct wr {
    bb_ctx *ctx;
    demo_uuid org_id;
    demo_ids ids;
    int kv, bidx_version;
    bb_secret *org_key, *dk, *bidx[N_INDEXES + 1];
    demo_uuid key_id;
    char key_text[37], case_text[37]; /* the case being written */
    bb_vault_list fields, owners;     /* its lists (keys/vault.h): the owner's, the case's */
    demo_buf b[B_ALL];
    imp_arr v[V_ALL];
    bool pending; /* a round was sent and its result not read yet */
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
    for (int i = 0; i <= N_INDEXES; i++)
        if (bb_bidx__derive_key(kc->bidx_root, "party", i < N_INDEXES ? index_names[i] : "word",
                                "eq", &x->bidx[i]) != BB_OK)
            return bb_ctx__fail(x->ctx, BB_ECRYPTO, _("%s: cannot compute the index"),
                                i < N_INDEXES ? index_names[i] : "word");
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
    imp_arr_uuid(&x->v[K_ID], &x->key_id);
    imp_arr_bytes(&x->v[K_WRAPPED], wrapped, wl);
    free(wrapped);
    return rc;
}

/* A row of personal_field under the case's key. */
static void field_row(wr *x, const char *table, const demo_uuid *owner, const char *field,
                      const uint8_t *blob, size_t bl)
{
    imp_arr_text(&x->v[F_TABLE], table);
    imp_arr_uuid(&x->v[F_OWNER], owner);
    imp_arr_text(&x->v[F_FIELD], field);
    imp_arr_uuid(&x->v[F_KEY], &x->key_id);
    imp_arr_bytes(&x->v[F_BLOB], blob, bl);
}

/* Seals value as field of (table, owner) under the case's key, bound to the owner and its
 * case as the vault writes it (ad_version 3), its name in the owner's list of fields. */
static int seal(wr *x, const char *table, const demo_uuid *owner, const char *field,
                const char *value)
{
    char id[37], row[BB_VAULT_ROW];
    uint8_t *blob = NULL;
    size_t bl = 0;
    bb_blob_bind bind;

    if (value == NULL)
        return BB_OK;
    demo_uuid_text(owner, id);
    bb_vault__field_bind(&bind, row, BB_VAULT_AD, table, field, id, x->case_text);
    if (bb_blob__seal(x->dk, &bind, (const uint8_t *)value, strlen(value), &blob, &bl) != BB_OK)
        return BB_ECRYPTO;
    field_row(x, table, owner, field, blob, bl);
    free(blob);
    return bb_vault__list_add(&x->fields, field) < 0 ? BB_ENOMEM : BB_OK;
}

/* The owner's list of fields, when it has any, and the owner in its case's list. */
static int end_owner(wr *x, const char *table, const demo_uuid *owner)
{
    char id[37], entry[BB_VAULT_ROW];
    uint8_t *blob = NULL;
    size_t bl = 0;
    int rc = BB_OK;

    if (x->fields.len == 0)
        return BB_OK;
    demo_uuid_text(owner, id);
    snprintf(entry, sizeof entry, "%s/%s", table, id);
    if (bb_vault__list_seal(x->dk, table, id, x->case_text, BB_VAULT_FIELDS, &x->fields, &blob,
                            &bl) != BB_OK)
        rc = BB_ECRYPTO;
    else if (bb_vault__list_add(&x->owners, entry) < 0)
        rc = BB_ENOMEM;
    if (rc == BB_OK)
        field_row(x, table, owner, BB_VAULT_FIELDS, blob, bl);
    free(blob);
    x->fields.len = 0;
    return rc;
}

/* The case's list of its rows with personal fields, when there are any. */
static int end_case(wr *x, const demo_uuid *case_id)
{
    uint8_t *blob = NULL;
    size_t bl = 0;

    if (x->owners.len == 0)
        return BB_OK;
    if (bb_vault__list_seal(x->dk, "bb_case", x->case_text, x->case_text, BB_VAULT_OWNERS,
                            &x->owners, &blob, &bl) != BB_OK)
        return BB_ECRYPTO;
    field_row(x, "bb_case", case_id, BB_VAULT_OWNERS, blob, bl);
    free(blob);
    x->owners.len = 0;
    return BB_OK;
}

/* The word indexes of a party's normalised name (keys/words.h). */
static int index_words(wr *x, const demo_uuid *party, const char *norm)
{
    char *words = NULL, *w;
    size_t size = 0, n = 0;
    uint32_t v = 0;
    int rc = bb_norm__split(norm, &words, &size, &n) == BB_OK ? BB_OK : BB_EINVAL;

    w = words;
    for (size_t k = 0; rc == BB_OK && k < n; k++, w += strlen(w) + 1) {
        if (bb_bidx__compute(x->bidx[WORD_KEY], w, BB_WORD_BITS, &v) != BB_OK)
            rc = BB_ECRYPTO;
        imp_arr_uuid(&x->v[W_OWNER], party);
        imp_arr_int4(&x->v[W_WORD], (int)k);
        imp_arr_uuid(&x->v[W_KEY], &x->key_id);
        imp_arr_int4(&x->v[W_VALUE], (int)v);
    }
    bb_norm__free_words(words, size);
    return rc;
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
    if (rc == BB_OK && i == 0)
        rc = index_words(x, party, norm);
    bb_norm__free(norm);
    if (rc != BB_OK)
        return rc;
    imp_arr_uuid(&x->v[I_OWNER], party);
    imp_arr_text(&x->v[I_NAME], index_names[i]);
    imp_arr_uuid(&x->v[I_KEY], &x->key_id);
    imp_arr_int4(&x->v[I_VALUE], (int)v);
    return BB_OK;
}

/* Appends an element to array a: quoted, so any text is safe in the literal; NULL for none. */
static void element(wr *x, int a, const char *v)
{
    demo_buf *b = &x->b[a];

    demo_buf_char(b, b->len == 0 ? '{' : ',');
    if (v == NULL || *v == '\0') {
        demo_buf_str(b, "NULL");
        return;
    }
    demo_buf_char(b, '"');
    for (; *v != '\0'; v++) {
        if (*v == '"' || *v == '\\')
            demo_buf_char(b, '\\');
        demo_buf_char(b, *v);
    }
    demo_buf_char(b, '"');
}

static void element_int(wr *x, int a, long long v)
{
    char t[24];

    snprintf(t, sizeof t, "%lld", v);
    element(x, a, t);
}

/* One event of the history: from (NULL: the creation) to `to` at noon of day. */
static void event(wr *x, const char *id, const char *case_id, const char *day, const char *from,
                  const char *to)
{
    char at[24];

    snprintf(at, sizeof at, "%s 12:00", day);
    element(x, E_ID, id);
    element(x, E_CASE, case_id);
    element(x, E_AT, at);
    element(x, E_FROM, from);
    element(x, E_TO, to);
}

/* The case's history; the creation and the closing under the ids their notes are sealed for. */
static void history(wr *x, const imp_case *c, const char *id, const char *created,
                    const char *closed)
{
    const char *from = "aangemeld";
    char ev[37];
    demo_uuid u;

    event(x, created, id, c->reported, NULL, "aangemeld");
    for (int i = 0; i < IMP_STEPS && c->steps[i] != NULL; i++) {
        bool closing = strcmp(c->steps[i], "afgesloten") == 0;
        demo_id(&x->ids, &u);
        demo_uuid_text(&u, ev);
        event(x, closing ? closed : ev, id,
              closing           ? c->closed_on
              : c->intake_on[0] ? c->intake_on
                                : c->reported,
              from, c->steps[i]);
        from = c->steps[i];
    }
}

static int party_rows(wr *x, const imp_case *c, const char *case_id)
{
    static const char *const roles[IMP_PARTIES] = {"melder", "wederpartij"};
    int rc = BB_OK;

    for (int i = 0, seq = 0; i < IMP_PARTIES && rc == BB_OK; i++) {
        const imp_party *p = &c->party[i];
        const char *values[BB_PARTY_FIELDS];
        char text[37];
        demo_uuid id;
        if (!p->given)
            continue;
        demo_id(&x->ids, &id);
        demo_uuid_text(&id, text);
        element(x, Q_ID, text);
        element(x, Q_CASE, case_id);
        element_int(x, Q_SEQ, ++seq);
        element(x, Q_ROLE, roles[i]);
        for (int f = P_TENURE; f <= P_INTERPRETER; f++)
            element(x, Q_TENURE + f - P_TENURE, p->k[f]);
        for (int f = 0; f < BB_PARTY_FIELDS; f++)
            values[f] = f == P_POSTCODE && p->v[f] != NULL ? p->postcode : p->v[f];
        for (int f = 0; f < BB_PARTY_FIELDS && rc == BB_OK; f++)
            rc = seal(x, "party", &id, bb_party__fields[f], values[f]);
        for (int k = 0; k < 3 && rc == BB_OK; k++) {
            const char *v = p->v[k == 0 ? P_NAME : k == 1 ? P_PHONE : P_EMAIL];
            if (v != NULL)
                rc = index_party(x, &id, k, v, NULL);
        }
        if (rc == BB_OK && p->v[P_POSTCODE] != NULL && p->v[P_NUMBER] != NULL)
            rc = index_party(x, &id, 3, p->postcode, p->v[P_NUMBER]);
        if (rc == BB_OK && p->v[P_STREET] != NULL)
            rc = index_party(x, &id, 4, p->v[P_STREET], NULL);
        if (rc == BB_OK && p->v[P_POSTCODE] != NULL)
            rc = index_party(x, &id, 5, p->postcode, NULL);
        if (rc == BB_OK)
            rc = end_owner(x, "party", &id);
        x->r->parties++;
    }
    return rc;
}

/* The case's elements of the arrays, its events, its parties; its notes sealed. */
static int case_rows(wr *x, const imp_case *c)
{
    char id[37], created[37], closed[37], types[BB_TYPES_MAX * BB_KEY_SIZE + 4];
    bool is_closed = strcmp(c->status, "afgesloten") == 0;
    demo_uuid cid, ev_created, ev_closed;
    size_t o = 0;
    int rc = data_key(x);

    demo_id(&x->ids, &cid);
    demo_uuid_text(&cid, id);
    snprintf(x->case_text, sizeof x->case_text, "%s", id);
    demo_id(&x->ids, &ev_created);
    demo_uuid_text(&ev_created, created);
    demo_id(&x->ids, &ev_closed);
    demo_uuid_text(&ev_closed, closed);
    o += (size_t)snprintf(types, sizeof types, "{");
    for (size_t i = 0; i < c->n_types && o < sizeof types; i++)
        o += (size_t)snprintf(types + o, sizeof types - o, "%s%s", i ? "," : "", c->types[i]);
    if (o < sizeof types)
        snprintf(types + o, sizeof types - o, "}");
    element(x, A_ID, id);
    element_int(x, A_YEAR, c->year);
    element_int(x, A_SEQ, c->seq);
    element(x, A_REPORTED, c->reported);
    element(x, A_SOURCE, c->source);
    element(x, A_TYPES, types);
    element(x, A_AREA, c->area);
    element(x, A_SUITABLE, c->intake_on[0] ? (c->intake_reason[0] ? "f" : "t") : NULL);
    element(x, A_INTAKE_ON, c->intake_on);
    element(x, A_INTAKE_REASON, c->intake_reason);
    element(x, A_STATUS, c->status);
    element(x, A_OUTCOME, is_closed ? c->outcome : NULL);
    element(x, A_CLOSED_ON, is_closed ? c->closed_on : NULL);
    element(x, A_KEY, x->key_text);
    element(x, A_IMPORT_KEY, c->key);
    history(x, c, id, created, closed);
    if (rc == BB_OK && (rc = seal(x, "case_event", &ev_created, "note", c->note)) == BB_OK)
        rc = end_owner(x, "case_event", &ev_created);
    if (rc == BB_OK && is_closed &&
        (rc = seal(x, "case_event", &ev_closed, "note", c->reason)) == BB_OK)
        rc = end_owner(x, "case_event", &ev_closed);
    if (rc == BB_OK)
        rc = party_rows(x, c, id);
    if (rc == BB_OK)
        rc = end_case(x, &cid);
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

/* The cases, their events and parties: one statement (bb_import_rows,
 * schema/functions/import.sql), after the personal fields it checks the closing notes in. */
static int rows(wr *x)
{
    const char *p[1 + N_ARRAYS];
    char sql[2048] = "SELECT bb_import_rows($1";
    static const char *const types[N_ARRAYS] = {
        "uuid", "int",  "int",  "date", "text", "text", "text", "boolean",     "date", "text",
        "text", "text", "date", "uuid", "text", "uuid", "uuid", "timestamptz", "text", "text",
        "uuid", "uuid", "int",  "text", "text", "text", "text", "text"};
    size_t o = strlen(sql);

    p[0] = x->ctx->org_id;
    for (int a = 0; a < N_ARRAYS; a++) {
        demo_buf *b = &x->b[a];
        demo_buf_put(b, b->len ? "}" : "{}", b->len ? 2 : 3); /* and the NUL */
        if (b->oom)
            return bb_ctx__fail(x->ctx, BB_ENOMEM, "%s", _("out of memory"));
        p[1 + a] = b->p;
        o += (size_t)snprintf(sql + o, sizeof sql - o, ", $%d::%s[]", a + 2, types[a]);
    }
    snprintf(sql + o, sizeof sql - o, ")");
    return bb_db__cmd(x->ctx, sql, 1 + N_ARRAYS, p);
}

_Static_assert(BB_VAULT_AD == 3, "vault_sql writes the vault's version of the binding");

/* One round of the vault's rows: the personal fields and blind indexes, and the data keys they
 * refer to (made by bb_key_data_add, keys.sql), in one statement (the foreign keys are checked
 * at its end). */
static const char vault_sql[] =
    "WITH f AS (INSERT INTO personal_field (owner_table, owner_id, field, org_id, data_key_id, "
    "blob, ad_version)"
    " SELECT f.t, f.o, f.f, $1, f.k, f.b, 3" /* BB_VAULT_AD */
    " FROM unnest($6::text[], $7::uuid[], $8::text[], $9::uuid[], $10::bytea[]) AS f(t, o, f, k, "
    "b)),"
    " w AS (INSERT INTO word_index (owner_table, owner_id, word, org_id, data_key_id,"
    " bidx_version, value) SELECT 'party', w.o, w.w, $1, w.k, $3::int, w.v"
    " FROM unnest($15::uuid[], $16::int[], $17::uuid[], $18::int[]) AS w(o, w, k, v)),"
    " i AS (INSERT INTO blind_index (owner_table, owner_id, index_name, org_id, data_key_id,"
    " bidx_version, value) SELECT 'party', i.o, i.n, $1, i.k, $3::int, i.v"
    " FROM unnest($11::uuid[], $12::text[], $13::uuid[], $14::int[]) AS i(o, n, k, v))"
    " SELECT bb_key_data_add($1, $2::int, $4::uuid[], $5::bytea[])";

/* Waits for the round sent before, if any: its result, or the server's refusal (only
 * drained when report is false: an earlier failure keeps its message). */
static int vault_wait(wr *x, bool report)
{
    PGresult *res;
    int rc = BB_OK;

    if (!x->pending)
        return BB_OK;
    x->pending = false;
    while ((res = PQgetResult(x->ctx->conn)) != NULL) {
        if (rc == BB_OK && report && PQresultStatus(res) != PGRES_TUPLES_OK)
            rc = bb_ctx__fail(x->ctx,
                              bb_db__status_for_sqlstate(PQresultErrorField(res, PG_DIAG_SQLSTATE)),
                              "import: %s", PQresultErrorMessage(res));
        PQclear(res);
    }
    return rc;
}

/* Sends the rows collected so far as a round and returns without waiting for it, so the
 * next round is sealed while the server writes this one (libpq has copied the arrays). */
static int vault_send(wr *x)
{
    const char *p[3 + V_ALL];
    char kv[16], bv[16];
    int len[3 + V_ALL] = {0}, fmt[3 + V_ALL] = {0}, rc = vault_wait(x, true);

    snprintf(kv, sizeof kv, "%d", x->kv);
    snprintf(bv, sizeof bv, "%d", x->bidx_version);
    p[0] = x->ctx->org_id;
    p[1] = kv;
    p[2] = bv;
    for (int a = 0; rc == BB_OK && a < V_ALL; a++) {
        if (!imp_arr_param(&x->v[a], &p[3 + a], &len[3 + a]))
            rc = bb_ctx__fail(x->ctx, BB_ENOMEM, "%s", _("out of memory"));
        fmt[3 + a] = 1;
    }
    if (rc == BB_OK &&
        PQsendQueryParams(x->ctx->conn, vault_sql, 3 + V_ALL, NULL, p, len, fmt, 0) != 1)
        rc = bb_ctx__fail(x->ctx, BB_ECONN, "import: %s", PQerrorMessage(x->ctx->conn));
    x->pending = rc == BB_OK;
    for (int a = 0; a < V_ALL; a++)
        imp_arr_reset(&x->v[a]);
    return rc;
}

/* The keys stay open for the whole load (nested uses inside cost nothing): not a pair of
 * mprotect calls for every field. */
static int hold(wr *x, bool on)
{
    bb_secret *keys[3 + N_INDEXES] = {x->org_key, x->dk};
    bool ok = true;

    for (int i = 0; i <= N_INDEXES; i++)
        keys[2 + i] = x->bidx[i];
    for (int i = 0; i < 3 + N_INDEXES; i++)
        if (!on)
            bb_secret__release(keys[i]);
        else if ((i == 1 ? (const uint8_t *)bb_secret__write(keys[i]) : bb_secret__read(keys[i])) ==
                 NULL)
            ok = false;
    return ok ? BB_OK : bb_ctx__fail(x->ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
}

static int send(wr *x, imp_case **order, size_t n, const bb_import_options *o)
{
    int rc = BB_OK;

    for (size_t i = 0; i < n && rc == BB_OK; i++) {
        rc = case_rows(x, order[i]);
        if (rc == BB_ECRYPTO)
            rc = bb_ctx__fail(x->ctx, rc, "%s", _("cannot encrypt a personal value"));
        else if (rc == BB_ENOMEM)
            rc = bb_ctx__fail(x->ctx, rc, "%s", _("out of memory"));
        if (rc == BB_OK && (x->v[F_OWNER].n >= FIELDS_PER_ROUND || i + 1 == n))
            rc = vault_send(x);
        if (rc == BB_OK && o->progress != NULL && (i % 500 == 499 || i + 1 == n))
            o->progress(o->progress_data, (long)(i + 1), (long)n);
    }
    if (x->pending) { /* the connection must be free before anything else is sent */
        int last = vault_wait(x, rc == BB_OK);
        rc = rc == BB_OK ? last : rc;
    }
    if (rc == BB_OK)
        rc = rows(x);
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
    for (int t = 0; t < V_ALL; t++)
        x.v[t].oid = v_oids[t];
    if (rc == BB_OK)
        rc = number(ctx, order, m, r);
    if (rc == BB_OK)
        rc = hold(&x, true);
    if (rc == BB_OK) {
        rc = send(&x, order, m, o);
        hold(&x, false);
    }
    for (int t = 0; t < B_ALL; t++)
        demo_buf_free(&x.b[t]);
    for (int t = 0; t < V_ALL; t++)
        imp_arr_free(&x.v[t]);
    bb_vault__list_free(&x.fields);
    bb_vault__list_free(&x.owners);
    for (int i = 0; i <= N_INDEXES; i++)
        bb_secret__free(x.bidx[i]);
    bb_secret__free(x.dk);
    free(order);
    return rc;
}
