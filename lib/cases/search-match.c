/* The parties a search matches: blind-index candidates (each criterion one set of owners, the
 * sets intersected in the database), then each candidate decrypted and compared, so the
 * truncated indexes' false matches never come back. */
#include "cases/search.h"
#include "bb/error.h"
#include "bb/party.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/norm-name.h"
#include "fields/personal.h"
#include "keys/vault.h"
#include "keys/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most candidates one search decrypts. */
#define CANDIDATES_MAX "5000"

void bb_search__clear(bb_search *s)
{
    bb_norm__free(s->name);
    bb_norm__free_words(s->words, s->words_size);
    bb_norm__free(s->street);
    bb_norm__free(s->postcode);
    bb_norm__free(s->number);
    bb_norm__free(s->phone);
    memset(s, 0, sizeof *s);
}

static int prepare_name(bb_ctx *ctx, const char *name, bb_search *s)
{
    int rc = bb_pd__check_name(ctx, "name", name, BB_NAME_MAX);

    if (rc == BB_OK)
        rc = bb_pd__normalize(ctx, "name", BB_PD_NAME, name, NULL, &s->name);
    if (rc == BB_OK && bb_norm__split(s->name, &s->words, &s->words_size, &s->n_words) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("name: the value has no words"));
    return rc;
}

static int prepare_number(bb_ctx *ctx, const char *number, bb_search *s)
{
    int rc = bb_pd__check_house_number(ctx, "number", number);

    if (rc == BB_OK && bb_norm__house_number(number, &s->number) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("number: the value has no canonical form"));
    return rc;
}

int bb_search__prepare(bb_ctx *ctx, const bb_case_query *q, bool exact_name, bb_search *s)
{
    char pc[8];
    int rc = BB_OK;

    memset(s, 0, sizeof *s);
    s->exact_name = exact_name;
    if (q->house_number && !q->street && !q->postcode)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("number: a house number needs a street or a postcode"));
    if (!q->name && !q->street && !q->postcode && !q->phone)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("search: give a name, a street, a postcode or a phone number"));
    if (q->name)
        rc = prepare_name(ctx, q->name, s);
    if (rc == BB_OK && q->street) {
        rc = bb_pd__check_text(ctx, "street", q->street, BB_STREET_MAX);
        if (rc == BB_OK)
            rc = bb_pd__normalize(ctx, "street", BB_PD_NAME, q->street, NULL, &s->street);
    }
    if (rc == BB_OK && q->postcode) {
        rc = bb_pd__check_postcode(ctx, "postcode", q->postcode, pc, NULL);
        if (rc == BB_OK)
            rc = bb_pd__normalize(ctx, "postcode", BB_PD_POSTCODE, q->postcode, NULL, &s->postcode);
    }
    if (rc == BB_OK && q->house_number)
        rc = prepare_number(ctx, q->house_number, s);
    if (rc == BB_OK && q->phone) {
        rc = bb_pd__check_phone(ctx, "phone", q->phone);
        if (rc == BB_OK)
            rc = bb_pd__normalize(ctx, "phone", BB_PD_PHONE, q->phone, NULL, &s->phone);
    }
    return rc;
}

/* The SQL and parameters of the candidates: one set of owners per criterion, intersected. */
typedef struct cand_sql {
    char sql[2048];
    size_t o;
    const char *p[12];
    char v[6][16];
    char words[BB_NORM_MAX_WORDS * 12 + 4];
    int n, nv;
} cand_sql;

static void add_part(cand_sql *c, const char *part)
{
    c->o += (size_t)snprintf(c->sql + c->o, sizeof c->sql - c->o, "%s(%s)",
                             c->o > 0 ? " INTERSECT " : "", part);
}

/* A blind-index criterion: index `index` holds the canonical value norm. */
static int add_index(bb_ctx *ctx, cand_sql *c, const char *index, const char *norm)
{
    char part[200];
    int rc = bb_vault__index_value(ctx, "party", index, norm, c->v[c->nv]);

    if (rc != BB_OK)
        return rc;
    c->p[c->n++] = index;
    c->p[c->n++] = c->v[c->nv++];
    snprintf(part, sizeof part,
             "SELECT owner_id FROM blind_index WHERE org_id = $1 AND owner_table = 'party'"
             " AND index_name = $%d AND value = $%d",
             c->n - 1, c->n);
    add_part(c, part);
    return BB_OK;
}

/* The words of the name; or the name's own index, for names indexed before their words. */
static int add_words(bb_ctx *ctx, cand_sql *c, const bb_search *s)
{
    char part[600];
    int rc = bb_vault__word_values(ctx, "party", s->words, s->n_words, c->words, sizeof c->words);

    if (rc == BB_OK)
        rc = bb_vault__index_value(ctx, "party", "name", s->name, c->v[c->nv]);
    if (rc != BB_OK)
        return rc;
    c->p[c->n++] = c->words;
    c->p[c->n++] = c->v[c->nv++];
    snprintf(part, sizeof part,
             "SELECT owner_id FROM word_index WHERE org_id = $1 AND owner_table = 'party'"
             " AND value = ANY ($%d::int[]) GROUP BY owner_id HAVING count(DISTINCT value) ="
             " (SELECT count(DISTINCT v) FROM unnest($%d::int[]) AS v)"
             " UNION SELECT owner_id FROM blind_index WHERE org_id = $1 AND owner_table ="
             " 'party' AND index_name = 'name' AND value = $%d",
             c->n - 1, c->n - 1, c->n);
    add_part(c, part);
    return BB_OK;
}

static int candidates(bb_ctx *ctx, const bb_search *s, PGresult **res)
{
    cand_sql c = {.n = 1};
    int rc = BB_OK;

    c.p[0] = ctx->org_id;
    if (s->name != NULL)
        rc = s->exact_name ? add_index(ctx, &c, "name", s->name) : add_words(ctx, &c, s);
    if (rc == BB_OK && s->street != NULL)
        rc = add_index(ctx, &c, "street", s->street);
    if (rc == BB_OK && s->postcode != NULL && s->number != NULL) {
        char addr[32];

        snprintf(addr, sizeof addr, "%s %s", s->postcode, s->number);
        rc = add_index(ctx, &c, "address", addr);
    } else if (rc == BB_OK && s->postcode != NULL) {
        rc = add_index(ctx, &c, "postcode", s->postcode);
    }
    if (rc == BB_OK && s->phone != NULL)
        rc = add_index(ctx, &c, "phone", s->phone);
    if (rc == BB_OK)
        c.o += (size_t)snprintf(c.sql + c.o, sizeof c.sql - c.o, " LIMIT " CANDIDATES_MAX);
    return rc == BB_OK ? bb_db__exec(ctx, res, c.sql, c.n, c.p) : rc;
}

/* The canonical form of stored field `field` of party id into *norm; NULL when the field is
 * not stored or has no canonical form (then it matches nothing). */
static int stored_norm(bb_ctx *ctx, const char *id, const char *field, char **norm)
{
    char *v = NULL;
    int rc = bb_pd__get(ctx, "party", id, field, &v), r = BB_EINVAL;

    *norm = NULL;
    if (rc == BB_OK && v != NULL) {
        if (strcmp(field, "house_number") == 0)
            r = bb_norm__house_number(v, norm);
        else if (strcmp(field, "postcode") == 0)
            r = bb_norm__postcode(v, norm);
        else if (strcmp(field, "phone") == 0)
            r = bb_norm__phone(v, norm);
        else
            r = bb_norm__name(v, norm);
        if (r != BB_OK)
            *norm = NULL;
    }
    bb_pd__free(v);
    return rc;
}

/* *same stays true only when field of party id has the canonical value want (NULL: any). */
static int field_is(bb_ctx *ctx, const char *id, const char *field, const char *want, bool *same)
{
    char *n = NULL;
    int rc;

    if (want == NULL || !*same)
        return BB_OK;
    rc = stored_norm(ctx, id, field, &n);
    *same = rc == BB_OK && n != NULL && strcmp(n, want) == 0;
    bb_norm__free(n);
    return rc;
}

/* Whether each of the n words in want is among the m words in have. */
static bool all_words_in(const char *want, size_t n, const char *have, size_t m)
{
    for (size_t i = 0; i < n; i++, want += strlen(want) + 1) {
        const char *h = have;
        size_t j = 0;

        while (j < m && strcmp(h, want) != 0)
            h += strlen(h) + 1, j++;
        if (j == m)
            return false;
    }
    return true;
}

/* The name of party id against s: every searched word in it (or, exact, the whole name);
 * *score is higher the fewer other words the name has. */
static int name_is(bb_ctx *ctx, const bb_search *s, const char *id, bool *same, int *score)
{
    char *n = NULL, *words = NULL;
    size_t size = 0, m = 0;
    int rc;

    *score = 0;
    if (s->name == NULL || !*same)
        return BB_OK;
    rc = stored_norm(ctx, id, "name", &n);
    if (rc != BB_OK || n == NULL)
        *same = false;
    else if (s->exact_name)
        *same = strcmp(n, s->name) == 0;
    else if (bb_norm__split(n, &words, &size, &m) != BB_OK)
        *same = false;
    else
        *same = all_words_in(s->words, s->n_words, words, m);
    if (*same && words != NULL)
        *score = BB_NORM_MAX_WORDS - (int)(m - s->n_words);
    bb_norm__free_words(words, size);
    bb_norm__free(n);
    return rc;
}

static int party_is(bb_ctx *ctx, const bb_search *s, const char *id, bool *same, int *score)
{
    int rc;

    *same = true;
    rc = name_is(ctx, s, id, same, score);
    if (rc == BB_OK)
        rc = field_is(ctx, id, "street", s->street, same);
    if (rc == BB_OK)
        rc = field_is(ctx, id, "postcode", s->postcode, same);
    if (rc == BB_OK)
        rc = field_is(ctx, id, "house_number", s->number, same);
    if (rc == BB_OK)
        rc = field_is(ctx, id, "phone", s->phone, same);
    return rc;
}

int bb_search__parties(bb_ctx *ctx, const bb_search *s, char **ids, char **scores)
{
    PGresult *res = NULL;
    size_t o = 1, so = 1, cap = 0;
    bool same;
    int score, rc = candidates(ctx, s, &res);

    *ids = *scores = NULL;
    if (rc == BB_OK) {
        cap = (size_t)PQntuples(res) * BB_UUID_SIZE + 3;
        *ids = malloc(cap);
        *scores = malloc((size_t)PQntuples(res) * 4 + 3);
        if (*ids == NULL || *scores == NULL)
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        rc = party_is(ctx, s, PQgetvalue(res, r, 0), &same, &score);
        if (rc == BB_OK && same) {
            o += (size_t)snprintf(*ids + o, cap - o, "%s%s", o > 1 ? "," : "",
                                  PQgetvalue(res, r, 0));
            so += (size_t)sprintf(*scores + so, "%s%d", so > 1 ? "," : "", score);
        }
    }
    if (rc == BB_OK) {
        (*ids)[0] = (*scores)[0] = '{';
        snprintf(*ids + o, cap - o, "}");
        sprintf(*scores + so, "}");
    }
    PQclear(res);
    return rc;
}
