/* The volunteer pipeline: the steps allowed (the same rows as volunteer_step_ok in
 * schema/functions/registry.sql), a new volunteer's steps before their start status, and the
 * status history. */
#include "bb/error.h"
#include "bb/volunteer.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/fields.h"
#include "org/org.h"
#include "volunteers/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const bb_volunteer__pipeline[BB_VOLUNTEER__STEPS] = {
    "aangemeld", "in_opleiding", "gecertificeerd", "actief", "gestopt"};

/* From -> to; to NULL: back to where the volunteer left off (bb_volunteer.resume). */
static const struct {
    const char *from, *to;
} steps[] = {
    {"aangemeld", "in_opleiding"}, {"in_opleiding", "gecertificeerd"},
    {"gecertificeerd", "actief"},  {"aangemeld", "gestopt"},
    {"in_opleiding", "gestopt"},   {"gecertificeerd", "gestopt"},
    {"actief", "gestopt"},         {"gestopt", NULL},
};

bool bb_volunteer_step_allowed(const char *from, const char *to, const char *resume)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        const char *t = steps[i].to ? steps[i].to : resume;

        if (from && to && t && strcmp(steps[i].from, from) == 0 && strcmp(t, to) == 0)
            return true;
    }
    return false;
}

size_t bb_volunteer_next_steps(const char *from, const char *resume, const char **out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < BB_VOLUNTEER__STEPS && n < max; i++)
        if (bb_volunteer_step_allowed(from, bb_volunteer__pipeline[i], resume))
            out[n++] = bb_volunteer__pipeline[i];
    return n;
}

int bb_volunteer__index(const char *status)
{
    for (int i = 0; i < BB_VOLUNTEER__STEPS; i++)
        if (status != NULL && strcmp(status, bb_volunteer__pipeline[i]) == 0)
            return i;
    return 0; /* NULL: aangemeld */
}

/* The names of the steps before pipeline position k, for a message: "aangemeld, ...". */
static void names_before(int k, char *out, size_t size)
{
    size_t o = 0;

    out[0] = '\0';
    for (int i = 0; i < k && o < size; i++)
        o += (size_t)snprintf(out + o, size - o, "%s%s", i ? ", " : "", bb_volunteer__pipeline[i]);
}

int bb_volunteer__check_steps(bb_ctx *ctx, const bb_volunteer_new *in, const char *since,
                              char dates[][BB_DATE_SIZE])
{
    int k = bb_volunteer__index(in->status), rc = BB_OK;
    char names[64];

    names_before(k, names, sizeof names);
    if (in->n_steps != (size_t)k || (k > 0 && in->steps == NULL))
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("steps: a volunteer who starts as '%s' needs the dates of the %d "
                              "steps before it (%s), not %zu"),
                            bb_volunteer__pipeline[k], k, k ? names : "-", in->n_steps);
    for (int i = 0; i < k && rc == BB_OK; i++)
        rc = bb_fields__date(ctx, "steps", in->steps[i], false, dates[i]);
    for (int i = 1; i <= k && rc == BB_OK; i++) {
        const char *d = i < k ? dates[i] : since;

        if (strcmp(d, dates[i - 1]) < 0)
            rc = bb_ctx__fail(ctx, BB_EINVAL, _("steps: %s (%s) is before %s (%s)"),
                              bb_volunteer__pipeline[i], d, bb_volunteer__pipeline[i - 1],
                              dates[i - 1]);
    }
    return rc;
}

int bb_volunteer__walk(bb_ctx *ctx, const char *id, int k, char dates[][BB_DATE_SIZE],
                       const char *since)
{
    int rc = BB_OK;

    for (int i = 1; i <= k && rc == BB_OK; i++)
        rc = bb_db__cmd(ctx, "UPDATE volunteer SET status = $2, status_since = $3 WHERE id = $1", 3,
                        (const char *[]){id, bb_volunteer__pipeline[i], i < k ? dates[i] : since});
    return rc;
}

int bb_volunteer__refusal(bb_ctx *ctx, const bb_volunteer *cur, const char *to)
{
    const char *next[BB_VOLUNTEER__STEPS];
    char allowed[96] = "";
    size_t n = bb_volunteer_next_steps(cur->status, cur->resume, next, BB_VOLUNTEER__STEPS), o = 0;

    for (size_t i = 0; i < n && o < sizeof allowed; i++)
        o += (size_t)snprintf(allowed + o, sizeof allowed - o, "%s%s", i ? ", " : "", next[i]);
    return bb_ctx__fail(ctx, BB_EINVAL,
                        _("status: volunteer %s cannot go from '%s' to '%s' (allowed: %s)"),
                        cur->number, cur->status, to, allowed);
}

int bb_volunteer_history_get(bb_ctx *ctx, const char *number, bb_volunteer_history **out)
{
    bb_volunteer *v = NULL;
    bb_volunteer_history *h = NULL;
    PGresult *res = NULL;
    int rc = bb_volunteer_get(ctx, number, &v);

    *out = NULL;
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT e.status, to_char(e.since, 'YYYY-MM-DD')"
                         " FROM volunteer_status_event e WHERE e.volunteer_id = $1 ORDER BY e.id",
                         1, (const char *[]){v->id});
    if (rc == BB_OK && ((h = calloc(1, sizeof *h)) == NULL ||
                        (h->items = calloc((size_t)PQntuples(res) + 1, sizeof *h->items)) == NULL))
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        bb_fields__copy(h->items[r].status, sizeof h->items[r].status, PQgetvalue(res, r, 0));
        bb_fields__copy(h->items[r].since, sizeof h->items[r].since, PQgetvalue(res, r, 1));
        h->n++;
    }
    if (rc == BB_OK) {
        *out = h;
        h = NULL;
    }
    bb_volunteer_history_free(h);
    PQclear(res);
    bb_volunteer_free(v);
    return rc;
}

void bb_volunteer_history_free(bb_volunteer_history *h)
{
    if (h == NULL)
        return;
    free(h->items);
    free(h);
}
