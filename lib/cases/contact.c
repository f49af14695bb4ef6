/* Contact moments of a case, the volunteers who took part, and the note (encrypted). */
#include "bb/contact.h"
#include "bb/case.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"
#include "fields/fields.h"
#include "cases/contact-row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTACT_COLS                                                                               \
    "k.id, c.year, c.seq, to_char(k.contact_on, 'YYYY-MM-DD'), k.kind, coalesce(k.minutes, -1),"   \
    " (SELECT coalesce(string_agg(v.number::text, ',' ORDER BY v.number), '')"                     \
    "  FROM contact_volunteer cv JOIN volunteer v ON v.id = cv.volunteer_id"                       \
    "  WHERE cv.contact_id = k.id),"                                                               \
    " to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), k.version,"      \
    " coalesce((SELECT u.login FROM bb_user u WHERE u.id = k.acted_by), k.db_user)"                \
    " FROM contact k JOIN bb_case c ON c.id = k.case_id"

static void from_row(const PGresult *res, int r, bb_contact *k)
{
    const char *with = PQgetvalue(res, r, 6);

    memset(k, 0, sizeof *k);
    bb_fields__copy(k->id, sizeof k->id, PQgetvalue(res, r, 0));
    bb_fields__format_case_number(k->case_number, atoi(PQgetvalue(res, r, 1)),
                                  atoi(PQgetvalue(res, r, 2)));
    bb_fields__copy(k->date, sizeof k->date, PQgetvalue(res, r, 3));
    bb_fields__copy(k->kind, sizeof k->kind, PQgetvalue(res, r, 4));
    k->minutes = atoi(PQgetvalue(res, r, 5));
    while (*with != '\0' && k->n_with < BB_CONTACT_WITH_MAX) {
        bb_fields__format_volunteer_number(k->with[k->n_with++], atoi(with));
        with += strcspn(with, ",");
        with += *with == ',';
    }
    bb_fields__copy(k->created_at, sizeof k->created_at, PQgetvalue(res, r, 7));
    k->version = atoll(PQgetvalue(res, r, 8));
    bb_fields__copy(k->by, sizeof k->by, PQgetvalue(res, r, 9));
}

/* With the keys, decrypts the note of k (a view of personal data); without, leaves it NULL. */
static int read_note(bb_ctx *ctx, bb_contact *k)
{
    if (!bb_is_unlocked(ctx))
        return BB_OK;
    return bb_pd__get(ctx, "contact", k->id, "note", &k->note);
}

struct fill {
    const PGresult *res;
    bb_contact_list *l;
};

/* The contacts of res with their notes; a retry of the transaction starts again. */
static int fill_txn(bb_ctx *ctx, void *arg)
{
    struct fill *f = arg;
    int rc = BB_OK;

    for (size_t i = 0; i < f->l->n; i++)
        bb_pd__free(f->l->items[i].note);
    f->l->n = 0;
    for (int r = 0; r < PQntuples(f->res) && rc == BB_OK; r++) {
        from_row(f->res, r, &f->l->items[f->l->n++]);
        rc = read_note(ctx, &f->l->items[f->l->n - 1]);
    }
    return rc;
}

/* With the keys, one transaction: the notes' audit records commit together. */
static int fill_notes(bb_ctx *ctx, const PGresult *res, bb_contact_list *l)
{
    struct fill f = {res, l};

    return bb_is_unlocked(ctx) ? bb_db__txn(ctx, "READ COMMITTED", fill_txn, &f)
                               : fill_txn(ctx, &f);
}

void bb_contact_free(bb_contact *c)
{
    if (c == NULL)
        return;
    bb_pd__free(c->note);
    free(c);
}

struct add {
    const char *org;
    const bb_contact_new *in;
    char id[BB_UUID_SIZE], date[BB_DATE_SIZE], year[16], seq[16], minutes[16];
    char with[BB_CONTACT_WITH_MAX * 12 + 4]; /* "{3,7}": volunteer numbers */
    bb_contact *row;
    bool raced;
};

int bb_contact__with(bb_ctx *ctx, const char *const *with, size_t n_with, char *out, size_t size)
{
    int nums[BB_CONTACT_WITH_MAX], rc = BB_OK;
    size_t o = 1;

    if (n_with > BB_CONTACT_WITH_MAX)
        return bb_ctx__fail(ctx, BB_EINVAL, _("with: at most %d volunteers"), BB_CONTACT_WITH_MAX);
    out[0] = '{';
    for (size_t i = 0; rc == BB_OK && i < n_with; i++) {
        rc = bb_fields__volunteer_number(ctx, "with", with[i], &nums[i]);
        for (size_t j = 0; rc == BB_OK && j < i; j++)
            if (nums[j] == nums[i])
                rc = bb_ctx__fail(ctx, BB_EINVAL, _("with: volunteer %s is given twice"), with[i]);
        o += (size_t)snprintf(out + o, size - o, "%s%d", i ? "," : "", nums[i]);
    }
    snprintf(out + o, size - o, "}");
    return rc;
}

static int check_add(bb_ctx *ctx, const bb_contact_new *in, struct add *a)
{
    int rc = bb_fields__uuid(ctx, in->id, a->id), y, s;

    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", in->case_number, &y, &s);
    if (rc == BB_OK)
        rc = bb_fields__key(ctx, BB_VOCAB_CONTACT_KIND, in->kind);
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "date", in->date, true, a->date);
    if (rc == BB_OK && (in->minutes < -1 || in->minutes > BB_MINUTES_MAX))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("minutes: %d is not between 0 and %d"), in->minutes,
                          BB_MINUTES_MAX);
    if (rc == BB_OK)
        rc = bb_contact__with(ctx, in->with, in->n_with, a->with, sizeof a->with);
    if (rc == BB_OK)
        rc = bb_pd__check_note(ctx, "note", in->note);
    if (rc != BB_OK)
        return rc;
    snprintf(a->year, sizeof a->year, "%d", y);
    snprintf(a->seq, sizeof a->seq, "%d", s);
    snprintf(a->minutes, sizeof a->minutes, "%d", in->minutes);
    return BB_OK;
}

int bb_contact__read(bb_ctx *ctx, const char *org, const char *id, bb_contact **out)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT " CONTACT_COLS " WHERE k.id = $1 AND k.org_id = $2", 2,
                         (const char *[]){id, org});

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("id: no contact %s"), id);
    else if (rc == BB_OK && (*out = malloc(sizeof **out)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    else if (rc == BB_OK)
        from_row(res, 0, *out);
    PQclear(res);
    return rc == BB_OK ? read_note(ctx, *out) : rc;
}

/* Reads contact a->id into a->row. */
static int read_back(bb_ctx *ctx, struct add *a)
{
    return bb_contact__read(ctx, a->org, a->id, &a->row);
}

/* The case's id and report date, and every participant known: else nothing is written. */
static int resolve(bb_ctx *ctx, struct add *a, char case_id[BB_UUID_SIZE])
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT id, to_char(reported_on, 'YYYY-MM-DD') FROM bb_case"
                         " WHERE org_id = $1 AND year = $2 AND seq = $3",
                         3, (const char *[]){a->org, a->year, a->seq});

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("case: no case %s"), a->in->case_number);
    else if (rc == BB_OK && strcmp(a->date, PQgetvalue(res, 0, 1)) < 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("date: %s is before the report (%s)"), a->date,
                          PQgetvalue(res, 0, 1));
    else if (rc == BB_OK)
        bb_fields__copy(case_id, BB_UUID_SIZE, PQgetvalue(res, 0, 0));
    PQclear(res);
    res = NULL;
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT 'V-' || lpad(n::text, 4, '0') FROM unnest($2::int[]) AS n"
                         " WHERE NOT EXISTS (SELECT 1 FROM volunteer"
                         " WHERE org_id = $1 AND number = n) LIMIT 1",
                         2, (const char *[]){a->org, a->with});
    if (rc == BB_OK && PQntuples(res) > 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("with: no volunteer %s"), PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* The note, encrypted under the case's data key. */
static int write_note(bb_ctx *ctx, struct add *a, const char *case_id)
{
    char key[BB_UUID_SIZE];
    int rc;

    if (a->in->note == NULL)
        return BB_OK;
    rc = bb_pd__case_key(ctx, case_id, a->in->case_number, key);
    return rc == BB_OK ? bb_pd__put(ctx, key, "contact", a->id, "note", a->in->note) : rc;
}

static int add_txn(bb_ctx *ctx, void *arg)
{
    struct add *a = arg;
    char case_id[BB_UUID_SIZE];
    PGresult *res = NULL;
    int rc;

    bb_contact_free(a->row); /* from an attempt that was rolled back */
    a->row = NULL;
    rc = read_back(ctx, a);

    if (rc != BB_ENOTFOUND)
        return rc; /* found: a retry of an add that went through (or an error) */
    bb_ctx__clear(ctx);
    if ((rc = resolve(ctx, a, case_id)) != BB_OK)
        return rc;
    rc = bb_db__exec(ctx, &res,
                     "INSERT INTO contact (id, org_id, case_id, contact_on, kind, minutes)"
                     " VALUES ($1, $2, $3, $4, $5, nullif($6::int, -1))"
                     " ON CONFLICT (id) DO NOTHING RETURNING id",
                     6, (const char *[]){a->id, a->org, case_id, a->date, a->in->kind, a->minutes});
    if (rc == BB_OK && PQntuples(res) == 0) {
        a->raced = true;
        rc = BB_EEXISTS;
    }
    PQclear(res);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO contact_volunteer (org_id, contact_id, volunteer_id)"
                        " SELECT $1, $2, id FROM volunteer"
                        " WHERE org_id = $1 AND number = ANY ($3::int[])",
                        3, (const char *[]){a->org, a->id, a->with});
    if (rc == BB_OK)
        rc = write_note(ctx, a, case_id);
    return rc == BB_OK ? read_back(ctx, a) : rc;
}

int bb_contact_add(bb_ctx *ctx, const bb_contact_new *in, bb_contact **out)
{
    struct add a = {.in = in};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = check_add(ctx, in, &a);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", add_txn, &a);
    if (rc == BB_EEXISTS && a.raced) {
        bb_ctx__clear(ctx);
        rc = read_back(ctx, &a);
    }
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_contact_free(a.row);
    return rc;
}

int bb_contact_list_get(bb_ctx *ctx, const char *case_number, bb_contact_list **out)
{
    bb_case *c = NULL;
    PGresult *res = NULL;
    bb_contact_list *l = NULL;
    int rc = bb_case_get(ctx, case_number, &c);

    *out = NULL;
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT " CONTACT_COLS " WHERE k.case_id = $1"
                         " ORDER BY k.contact_on, k.created_at, k.id",
                         1, (const char *[]){c->id});
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    if ((rc = fill_notes(ctx, res, l)) != BB_OK)
        goto done;
    *out = l;
    l = NULL;
done:
    bb_contact_list_free(l);
    bb_case_free(c);
    PQclear(res);
    return rc;
}

void bb_contact_list_free(bb_contact_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; list->items != NULL && i < list->n; i++)
        bb_pd__free(list->items[i].note);
    free(list->items);
    free(list);
}
