/* bb_import_cases: the file read whole into a table, its checksum, the headings placed, every
 * row checked (all problems listed), the rows whose source key exists skipped, then one
 * transaction: the bulk write and the audit record. */
#include "import/import.h"
#include "audit/audit.h"
#include "bb/error.h"
#include "crypto/normalize.h"
#include "db/db.h"
#include "demo/demo.h"
#include "fields/fields.h"
#include "fields/personal.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The rows imported before that are named one by one; the rest are counted. */
#define SKIPPED_SHOWN 20

typedef struct run {
    const bb_import_options *o;
    bb_import_result *r;
    imp_table t;
    imp_mapping m;
    int where[IMP_COLUMNS];
    const char *headers[IMP_COLUMNS];
    imp_case *cases;
    size_t n;
    bool date1904;
    int dialect;
} run;

/* Reads the whole file (for its checksum, and CSV's parsing). */
static int slurp(bb_ctx *ctx, const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, n = 0, got;
    char *p = NULL, *q;

    *data = NULL;
    if (f == NULL)
        return bb_ctx__fail(ctx, BB_EIO, _("%s: cannot be read"), path);
    while ((q = realloc(p, cap + 1)) != NULL && (p = q, got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            cap *= 2;
    }
    fclose(f);
    if (q == NULL) {
        free(p);
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    p[n] = '\0';
    *data = p;
    *len = n;
    return BB_OK;
}

static void checksum(const char *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static bool is_xlsx(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path);
    return (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0) ||
           (len >= 4 && memcmp(data, "PK\3\4", 4) == 0);
}

/* The table of the file; false with a problem when it cannot be read or is empty. */
static bool read_table(run *u, const char *data, size_t len)
{
    bool ok;

    if (is_xlsx(u->o->path, data, len)) {
        snprintf(u->r->format, sizeof u->r->format, "xlsx");
        ok = imp_xlsx_read(u->o->path, &u->t, &u->date1904, u->r);
    } else if (!bb_norm__utf8_valid(data, len)) {
        /* Excel's older "CSV" is Windows-1252: one clear problem, not one per accent. */
        imp_problem(u->r, 0, -1, NULL, false, "%s",
                    _("the file is not UTF-8 text: save it as \"CSV UTF-8\" (docs/import.md)"));
        ok = false;
    } else {
        ok = imp_csv_read(data, len, u->o->csv, &u->t, &u->dialect, u->r);
        snprintf(u->r->format, sizeof u->r->format, "%s",
                 u->dialect == BB_CSV_EXCEL_NL ? "csv-excel-nl" : "csv");
    }
    /* Rows without a value (Excel's ";;;;") are no rows. */
    size_t keep = 0;
    for (size_t i = 0; i < u->t.n; i++) {
        bool any = false;
        for (size_t c = 0; c < u->t.rows[i].n && !any; c++)
            any = imp_cell(&u->t.rows[i], (int)c) != NULL;
        if (any)
            u->t.rows[keep++] = u->t.rows[i];
        else
            imp_row_free(&u->t.rows[i]);
    }
    u->t.n = keep;
    if (ok && u->t.n < 2)
        imp_problem(u->r, 0, -1, NULL, false, "%s",
                    u->t.n == 0 ? _("the file is empty: no headings and no rows")
                                : _("the file has headings but no rows"));
    return ok && u->t.n >= 2;
}

/* The organisation's areas, for the check of the area column. */
static int areas(bb_ctx *ctx, imp_check *k, PGresult **res)
{
    const char *org;
    int rc = bb_ctx__org(ctx, &org);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, res, "SELECT name FROM area WHERE org_id = $1", 1, &org);
    k->n_areas = rc == BB_OK ? (size_t)PQntuples(*res) : 0;
    if (k->n_areas > 0 && (k->areas = calloc(k->n_areas, sizeof *k->areas)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (size_t i = 0; i < k->n_areas; i++)
        k->areas[i] = PQgetvalue(*res, (int)i, 0);
    return rc;
}

/* Keys only: for looking one up. */
static int key_cmp(const void *a, const void *b)
{
    return strcmp((*(imp_case *const *)a)->key, (*(imp_case *const *)b)->key);
}

static int by_key(const void *a, const void *b)
{
    const imp_case *x = *(imp_case *const *)a, *y = *(imp_case *const *)b;
    int d = key_cmp(a, b);
    return d != 0 ? d : (x->line > y->line) - (x->line < y->line);
}

/* The cases by key (then line), for finding a key twice and the keys known already. */
static imp_case **sorted_by_key(run *u)
{
    imp_case **s = calloc(u->n ? u->n : 1, sizeof *s);

    for (size_t i = 0; s != NULL && i < u->n; i++)
        s[i] = &u->cases[i];
    if (s != NULL)
        qsort(s, u->n, sizeof *s, by_key);
    return s;
}

/* A key given to two rows of the file: the later one is named. */
static int twice(bb_ctx *ctx, run *u)
{
    imp_case **s = sorted_by_key(u);

    if (s == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (size_t i = 1; i < u->n; i++)
        if (strcmp(s[i]->key, s[i - 1]->key) == 0 && s[i]->key[0] != '\0')
            imp_problem(u->r, s[i]->line, u->where[C_KEY], u->headers[C_KEY], false,
                        _("key: '%s' is the key of line %ld too"), s[i]->key, s[i - 1]->line);
    free(s);
    return BB_OK;
}

/* Every row checked; a row without a key gets the file's checksum and its line. */
static int check_rows(bb_ctx *ctx, run *u)
{
    imp_check k = {.ctx = ctx,
                   .m = &u->m,
                   .where = u->where,
                   .headers = u->headers,
                   .date1904 = u->date1904,
                   .dialect = u->dialect,
                   .r = u->r};
    PGresult *res = NULL;
    int rc = areas(ctx, &k, &res);

    u->n = u->t.n - 1;
    if (rc == BB_OK && (u->cases = calloc(u->n, sizeof *u->cases)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (size_t i = 0; rc == BB_OK && i < u->n; i++) {
        imp_case *c = &u->cases[i];
        imp_check_row(&k, &u->t.rows[i + 1], c);
        if (c->key[0] == '\0')
            snprintf(c->key, sizeof c->key, "sha256:%.16s:%ld", u->r->checksum, c->line);
    }
    if (rc == BB_OK)
        rc = twice(ctx, u);
    u->r->rows = (long)u->n;
    free(k.areas);
    PQclear(res);
    return rc;
}

/* The keys as a text[] literal, each quoted. */
static void keys_literal(run *u, demo_buf *b)
{
    for (size_t i = 0; i < u->n; i++) {
        demo_buf_str(b, i == 0 ? "{\"" : ",\"");
        for (const char *s = u->cases[i].key; *s != '\0'; s++) {
            if (*s == '"' || *s == '\\')
                demo_buf_char(b, '\\');
            demo_buf_char(b, *s);
        }
        demo_buf_char(b, '"');
    }
    demo_buf_put(b, u->n ? "}" : "{}", u->n ? 2 : 3);
}

/* Marks the rows whose key the organisation has: imported before. */
static int skip_known(bb_ctx *ctx, run *u)
{
    const char *org;
    demo_buf lit = {0};
    PGresult *res = NULL;
    imp_case **sorted = sorted_by_key(u);
    int rc =
        sorted ? bb_ctx__org(ctx, &org) : bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));

    if (rc != BB_OK)
        goto done;
    keys_literal(u, &lit);
    rc = bb_db__exec(ctx, &res,
                     "SELECT import_key, year, seq FROM bb_case"
                     " WHERE org_id = $1 AND import_key = ANY ($2::text[])",
                     2, (const char *[]){org, lit.p});
    for (int i = 0; rc == BB_OK && i < PQntuples(res); i++) {
        imp_case probe, *pp = &probe, **hit;
        bb_fields__copy(probe.key, sizeof probe.key, PQgetvalue(res, i, 0));
        if ((hit = bsearch(&pp, sorted, u->n, sizeof *sorted, key_cmp)) == NULL)
            continue;
        (*hit)->skip = true;
        if (++u->r->skipped <= SKIPPED_SHOWN)
            imp_problem(u->r, (*hit)->line, u->where[C_KEY], u->headers[C_KEY], true,
                        _("imported before as BB-%04d-%04d (key '%s'): skipped"),
                        atoi(PQgetvalue(res, i, 1)), atoi(PQgetvalue(res, i, 2)), (*hit)->key);
    }
done:
    demo_buf_free(&lit);
    PQclear(res);
    free(sorted);
    return rc;
}

/* The audit record: what was imported from which file (its name without the folder). */
static int audit(bb_ctx *ctx, run *u)
{
    const char *base = strrchr(u->o->path, '/');
    demo_buf d = {0};
    int rc;

    demo_buf_str(&d, "{\"file\":\"");
    for (const char *s = base ? base + 1 : u->o->path; *s != '\0'; s++) {
        char esc[8];
        if ((unsigned char)*s < 0x20 || *s == '"' || *s == '\\') {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned char)*s);
            demo_buf_str(&d, esc);
        } else {
            demo_buf_char(&d, *s);
        }
    }
    demo_buf_str(&d, "\",\"sha256\":\"");
    demo_buf_str(&d, u->r->checksum);
    demo_buf_str(&d, "\",\"format\":\"");
    demo_buf_str(&d, u->r->format);
    demo_buf_str(&d, "\",\"rows\":");
    demo_buf_int(&d, u->r->rows);
    demo_buf_str(&d, ",\"cases\":");
    demo_buf_int(&d, u->r->cases);
    demo_buf_str(&d, ",\"parties\":");
    demo_buf_int(&d, u->r->parties);
    demo_buf_str(&d, ",\"skipped\":");
    demo_buf_int(&d, u->r->skipped);
    demo_buf_put(&d, "}", 2);
    rc = d.oom ? bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"))
               : bb_audit__append(ctx, "import", NULL, d.p);
    demo_buf_free(&d);
    return rc;
}

static int write_txn(bb_ctx *ctx, void *arg)
{
    run *u = arg;
    int rc;

    u->r->parties = 0;
    u->r->first[0] = u->r->last[0] = '\0';
    rc = imp_write(ctx, u->cases, u->n, u->o, u->r);
    if (rc == BB_OK)
        rc = audit(ctx, u);
    return rc;
}

/* Reads and checks everything; BB_EINVAL when anything is wrong. */
static int prepare(bb_ctx *ctx, run *u)
{
    char *data = NULL;
    size_t len = 0;
    bool ok = imp_mapping_read(u->o->mapping, &u->m, u->r);
    int rc = slurp(ctx, u->o->path, &data, &len);

    if (rc != BB_OK)
        return rc;
    checksum(data, len, u->r->checksum);
    ok = ok && read_table(u, data, len) && imp_columns_find(&u->t, 0, &u->m, u->where, u->r);
    free(data);
    for (int c = 0; ok && c < IMP_COLUMNS; c++)
        u->headers[c] = imp_cell(&u->t.rows[0], u->where[c]);
    if (ok)
        rc = check_rows(ctx, u);
    if (rc == BB_OK && imp_errors(u->r) > 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          ngettext("%s: %zu problem; nothing was imported",
                                   "%s: %zu problems; nothing was imported", imp_errors(u->r)),
                          u->o->path, imp_errors(u->r));
    return rc;
}

static void count(run *u)
{
    u->r->cases = 0;
    u->r->parties = 0;
    for (size_t i = 0; i < u->n; i++)
        if (!u->cases[i].skip) {
            u->r->cases++;
            u->r->parties += u->cases[i].party[0].given + u->cases[i].party[1].given;
        }
}

int bb_import_cases(bb_ctx *ctx, const bb_import_options *opts, bb_import_result **out)
{
    run u = {.o = opts};
    int rc;

    bb_ctx__clear(ctx);
    *out = u.r = calloc(1, sizeof *u.r);
    if (u.r == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    rc = opts->dry_run ? BB_OK : bb_pd__unlocked(ctx, "import");
    if (rc == BB_OK)
        rc = prepare(ctx, &u);
    if (rc == BB_OK)
        rc = skip_known(ctx, &u);
    count(&u);
    if (rc == BB_OK && u.r->cases == 0)
        rc = bb_ctx__fail(ctx, BB_EEXISTS,
                          _("%s: every row was imported before (%ld); nothing was imported"),
                          opts->path, u.r->skipped);
    if (rc == BB_OK && !opts->dry_run)
        rc = bb_db__txn(ctx, "READ COMMITTED", write_txn, &u);
    if (rc != BB_OK)
        u.r->cases = u.r->parties = 0;
    imp_table_free(&u.t);
    imp_mapping_free(&u.m);
    free(u.cases);
    return rc;
}

void bb_import_result_free(bb_import_result *r)
{
    if (r != NULL)
        free(r->problems);
    free(r);
}
