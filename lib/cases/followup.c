/* Follow-up (nazorg) of cases that reached agreements: per party, do the agreements hold and
 * did the situation improve. */
#include "bb/followup.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "cases/case-row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const answers[] = {"ja", "deels", "nee", NULL};

const char *const *bb_followup_answers(void)
{
    return answers;
}

#define FOLLOWUP_SELECT                                                                            \
    "SELECT f.id, c.year, c.seq, to_char(f.followup_on, 'YYYY-MM-DD'),"                            \
    " coalesce(f.melder_agreements, ''), coalesce(f.melder_improved, ''),"                         \
    " coalesce(f.wederpartij_agreements, ''), coalesce(f.wederpartij_improved, ''),"               \
    " to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"                  \
    " FROM followup f JOIN bb_case c ON c.id = f.case_id"

static void from_row(const PGresult *res, int r, bb_followup *f)
{
#define V(i) PQgetvalue(res, r, i)
    memset(f, 0, sizeof *f);
    bb_fields__copy(f->id, sizeof f->id, V(0));
    bb_fields__format_case_number(f->case_number, atoi(V(1)), atoi(V(2)));
    bb_fields__copy(f->date, sizeof f->date, V(3));
    bb_fields__copy(f->melder_agreements, sizeof f->melder_agreements, V(4));
    bb_fields__copy(f->melder_improved, sizeof f->melder_improved, V(5));
    bb_fields__copy(f->wederpartij_agreements, sizeof f->wederpartij_agreements, V(6));
    bb_fields__copy(f->wederpartij_improved, sizeof f->wederpartij_improved, V(7));
    bb_fields__copy(f->created_at, sizeof f->created_at, V(8));
#undef V
}

void bb_followup_free(bb_followup *f)
{
    free(f);
}

void bb_followup_list_free(bb_followup_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

struct add {
    const char *org;
    const bb_followup_new *in;
    char id[BB_UUID_SIZE], date[BB_DATE_SIZE];
    bb_case_ref c;
    bb_followup *row;
};

static int read_back(bb_ctx *ctx, struct add *a)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, FOLLOWUP_SELECT " WHERE f.id = $1 AND f.org_id = $2", 2,
                         (const char *[]){a->id, a->org});

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("id: no follow-up %s"), a->id);
    else if (rc == BB_OK && (a->row = malloc(sizeof *a->row)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    else if (rc == BB_OK)
        from_row(res, 0, a->row);
    PQclear(res);
    return rc;
}

/* Follow-up belongs to agreements: the case went through nazorg (its events say so). */
static int check_case(bb_ctx *ctx, struct add *a)
{
    PGresult *res = NULL;
    int rc;

    if (strcmp(a->date, a->c.reported_on) < 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("date: %s is before the report (%s)"), a->date,
                            a->c.reported_on);
    rc = bb_db__exec(ctx, &res,
                     "SELECT 1 FROM case_event WHERE case_id = $1 AND to_status = 'nazorg' LIMIT 1",
                     1, (const char *[]){a->c.id});
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("case: %s never reached nazorg (it is '%s'); follow-up is for cases "
                            "with agreements"),
                          a->c.number, a->c.status);
    PQclear(res);
    return rc;
}

static int add_txn(bb_ctx *ctx, void *arg)
{
    struct add *a = arg;
    const bb_followup_new *in = a->in;
    int rc = read_back(ctx, a);

    if (rc != BB_ENOTFOUND)
        return rc; /* found: a retry of an add that went through (or an error) */
    bb_ctx__clear(ctx);
    rc = bb_case__lookup(ctx, a->org, in->case_number, true, &a->c);
    if (rc == BB_OK)
        rc = check_case(ctx, a);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO followup (id, org_id, case_id, followup_on,"
                        " melder_agreements, melder_improved, wederpartij_agreements,"
                        " wederpartij_improved) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        8,
                        (const char *[]){a->id, a->org, a->c.id, a->date, in->melder_agreements,
                                         in->melder_improved, in->wederpartij_agreements,
                                         in->wederpartij_improved});
    return rc == BB_OK ? read_back(ctx, a) : rc;
}

/* Each given answer is ja, deels or nee; at least one is given. */
static int check_answers(bb_ctx *ctx, const bb_followup_new *in)
{
    const struct {
        const char *field, *value;
    } given[] = {
        {"melder-agreements", in->melder_agreements},
        {"melder-improved", in->melder_improved},
        {"wederpartij-agreements", in->wederpartij_agreements},
        {"wederpartij-improved", in->wederpartij_improved},
    };
    int rc = BB_OK, n = 0;

    for (size_t i = 0; rc == BB_OK && i < sizeof given / sizeof given[0]; i++) {
        if (given[i].value == NULL)
            continue;
        n++;
        rc = bb_fields__one_of(ctx, given[i].field, _("answer"), answers, given[i].value);
    }
    if (rc == BB_OK && n == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s",
                          _("answers: none given (ask at least one party whether the agreements "
                            "hold or the situation improved)"));
    return rc;
}

int bb_followup_add(bb_ctx *ctx, const bb_followup_new *in, bb_followup **out)
{
    struct add a = {.in = in};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = bb_fields__uuid(ctx, in->id, a.id);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", in->case_number, &(int){0}, &(int){0});
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "date", in->date, true, a.date);
    if (rc == BB_OK)
        rc = check_answers(ctx, in);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", add_txn, &a);
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_followup_free(a.row);
    return rc;
}

int bb_followup_list_get(bb_ctx *ctx, const char *case_number, bb_followup_list **out)
{
    bb_case_ref c;
    const char *org;
    PGresult *res = NULL;
    bb_followup_list *l = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_case__lookup(ctx, org, case_number, false, &c);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         FOLLOWUP_SELECT " WHERE f.case_id = $1"
                                         " ORDER BY f.followup_on, f.created_at, f.id",
                         1, (const char *[]){c.id});
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    for (int r = 0; r < PQntuples(res); r++)
        from_row(res, r, &l->items[l->n++]);
    *out = l;
    l = NULL;
done:
    bb_followup_list_free(l);
    PQclear(res);
    return rc;
}
