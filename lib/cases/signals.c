/* Signals: one paged query per kind, most overdue first (ties: case number). The cases are
 * found along an index (schema/0006: case_active, case_not_reported_back; case_by_status for
 * the single-status kinds); the order is the database's top-N sort of that kind's signalled
 * cases, and the keyset cursor is (overdue, year, seq). "Today" is a parameter, never the
 * server's clock. */
#include "bb/signals.h"
#include "bb/config.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "cases/case-row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parameters of every query: $1 organisation, $2 today, $3 threshold (days, working days or
 * weeks), $4/$5/$6 the cursor's overdue, year and sequence (NULL: first page), $7 page size + 1.
 * Each kind's query gives year, seq, status, since, days, overdue; PAGED orders and pages it. */
#define PAGED(query)                                                                               \
    "SELECT * FROM (" query ") g (year, seq, status, since, days, overdue)"                        \
    " WHERE $4::int IS NULL OR g.overdue < $4::int"                                                \
    " OR (g.overdue = $4::int AND (g.year, g.seq) > ($5::int, $6::int))"                           \
    " ORDER BY g.overdue DESC, g.year, g.seq LIMIT $7"

static const struct kind {
    const char *key;
    const char *setting; /* NULL: no threshold (0) */
    const char *sql;
} kinds[BB_SIGNAL_KINDS] = {
    /* Open and active: waiting (in_de_wacht), with the professional (doorverwezen) or in
     * nazorg (quiet for weeks by design; followup_due watches it) is not a lapse of contact.
     * A case without contacts counts from its report. */
    [BB_SIGNAL_NO_CONTACT] =
        {"no_contact", "signals.no_contact_days",
         PAGED("SELECT c.year, c.seq, c.status, to_char(s.since, 'YYYY-MM-DD'),"
               " $2::date - s.since, $2::date - s.since - $3::int FROM bb_case c"
               " CROSS JOIN LATERAL (SELECT coalesce((SELECT max(k.contact_on) FROM contact k"
               "  WHERE k.case_id = c.id), c.reported_on) AS since) s"
               " WHERE c.org_id = $1 AND c.status IN ('aangemeld', 'intake', 'lopend')"
               " AND c.reported_on <= $2::date - $3::int AND NOT EXISTS (SELECT 1 FROM contact k"
               "  WHERE k.case_id = c.id AND k.contact_on > $2::date - $3::int)")},
    /* Working days never exceed calendar days: the date bound prunes before the count. */
    [BB_SIGNAL_INTAKE_OVERDUE] =
        {"intake_overdue", "signals.intake_workdays",
         PAGED("SELECT c.year, c.seq, c.status, to_char(c.reported_on, 'YYYY-MM-DD'), w.days,"
               " w.days - $3::int FROM bb_case c"
               " CROSS JOIN LATERAL (SELECT bb_workdays(c.reported_on, $2::date) AS days) w"
               " WHERE c.org_id = $1 AND c.status = 'aangemeld'"
               " AND c.reported_on < $2::date - $3::int AND w.days > $3::int")},
    /* Counted from the latest move into nazorg; a follow-up since then answers it. */
    [BB_SIGNAL_FOLLOWUP_DUE] =
        {"followup_due", "signals.followup_weeks",
         PAGED("SELECT c.year, c.seq, c.status, to_char(n.since, 'YYYY-MM-DD'),"
               " $2::date - n.since, $2::date - n.since - 7 * $3::int FROM bb_case c"
               " CROSS JOIN LATERAL (SELECT max(e.at)::date AS since FROM case_event e"
               "  WHERE e.case_id = c.id AND e.to_status = 'nazorg') n"
               " WHERE c.org_id = $1 AND c.status = 'nazorg' AND n.since <= $2::date - 7 * $3::int"
               " AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.case_id = c.id"
               "  AND f.followup_on >= n.since)")},
    /* A self-reporter is the referrer and heard the outcome at closing. */
    [BB_SIGNAL_NOT_REPORTED_BACK] =
        {"not_reported_back", NULL,
         PAGED("SELECT c.year, c.seq, c.status, to_char(c.closed_on, 'YYYY-MM-DD'),"
               " $2::date - c.closed_on, $2::date - c.closed_on - $3::int FROM bb_case c"
               " WHERE c.org_id = $1 AND c.status = 'afgesloten' AND c.reported_back_on IS NULL"
               " AND c.source <> 'zelfmelder' AND c.closed_on <= $2::date - $3::int")},
    /* The year's referrals of each practice with a budget, in the order they were made: from
     * the one whose cost took the running total over the budget on, each case once, by how
     * many euros the total stood over it then. The threshold is a margin in euros (0). */
    [BB_SIGNAL_BUDGET_OVER] =
        {"budget_over", NULL,
         PAGED("SELECT c.year, c.seq, c.status, to_char(max(o.referred_on), 'YYYY-MM-DD'),"
               " $2::date - max(o.referred_on), max(o.over_cents + 99) / 100 FROM ("
               "  SELECT r.case_id, r.referred_on, sum(r.cost_cents) OVER (PARTITION BY"
               "   r.practice_id ORDER BY r.referred_on, r.created_at, r.id) - b.amount_cents"
               "   AS over_cents FROM referral r JOIN practice_budget b"
               "   ON b.practice_id = r.practice_id AND b.org_id = r.org_id"
               "   AND b.year = extract(year FROM $2::date)"
               "  WHERE r.org_id = $1 AND r.referred_on >= date_trunc('year', $2::date)::date"
               "  AND r.referred_on <= $2::date) o JOIN bb_case c ON c.id = o.case_id"
               " WHERE o.over_cents > 100 * $3::int AND c.status <> 'vervallen'"
               " GROUP BY c.year, c.seq, c.status")},
};

const char *bb_signal_key(bb_signal_kind kind)
{
    return (unsigned)kind < BB_SIGNAL_KINDS ? kinds[kind].key : NULL;
}

int bb_signal_parse(bb_ctx *ctx, const char *key, bb_signal_kind *kind)
{
    const char *keys[BB_SIGNAL_KINDS + 1] = {NULL};
    int rc;

    for (int k = 0; k < BB_SIGNAL_KINDS; k++) {
        keys[k] = kinds[k].key;
        if (key != NULL && strcmp(key, kinds[k].key) == 0) {
            *kind = (bb_signal_kind)k;
            return BB_OK;
        }
    }
    if (ctx == NULL)
        return BB_EINVAL;
    rc = bb_fields__one_of(ctx, "kind", _("signal"), keys, key);
    return rc == BB_OK ? BB_EINVAL : rc;
}

void bb_signal_list_free(bb_signal_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

struct params {
    char today[BB_DATE_SIZE], threshold[16], overdue[16], year[16], seq[16], limit[16];
    int page;
    const char *p[7];
};

/* Reads a cursor "OVERDUE/BB-2024-0007" (a list's next). */
static int cursor(bb_ctx *ctx, const char *after, int *overdue, int *y, int *s)
{
    char q[200];
    int used = 0;

    if (sscanf(after, "%7d/%n", overdue, &used) == 1 && used > 0 &&
        bb_fields__case_number(ctx, "after", after + used, y, s) == BB_OK)
        return BB_OK;
    bb_fields__quote(after, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL,
                        _("after: '%s' is not a signal cursor (such as 12/BB-2024-0007: the "
                          "next of a list)"),
                        q);
}

/* Checks the filter and reads the threshold in force. */
static int prepare(bb_ctx *ctx, bb_signal_kind kind, const bb_signal_filter *f, struct params *ps)
{
    char *value = NULL;
    int rc = bb_fields__limit(ctx, f->limit, &ps->page), o = 0, y = 0, s = 0;

    if (rc == BB_OK && f->today != NULL)
        rc = bb_fields__any_date(ctx, "today", f->today, ps->today);
    else if (rc == BB_OK)
        bb_fields__today(ps->today);
    if (rc == BB_OK && f->after != NULL)
        rc = cursor(ctx, f->after, &o, &y, &s);
    if (rc == BB_OK && kinds[kind].setting != NULL)
        rc = bb_config_get(ctx, kinds[kind].setting, &value, NULL);
    if (rc != BB_OK)
        return rc;
    snprintf(ps->threshold, sizeof ps->threshold, "%s", value ? value : "0");
    free(value);
    snprintf(ps->overdue, sizeof ps->overdue, "%d", o);
    snprintf(ps->year, sizeof ps->year, "%d", y);
    snprintf(ps->seq, sizeof ps->seq, "%d", s);
    snprintf(ps->limit, sizeof ps->limit, "%d", ps->page + 1);
    ps->p[1] = ps->today;
    ps->p[2] = ps->threshold;
    ps->p[3] = f->after ? ps->overdue : NULL;
    ps->p[4] = f->after ? ps->year : NULL;
    ps->p[5] = f->after ? ps->seq : NULL;
    ps->p[6] = ps->limit;
    return bb_ctx__org(ctx, &ps->p[0]);
}

/* Moves the rows of res into l; the extra row only sets the cursor. */
static int fill(bb_ctx *ctx, const PGresult *res, int page, bb_signal_list *l)
{
    int n = PQntuples(res) > page ? page : PQntuples(res);

    l->items = calloc((size_t)n + 1, sizeof *l->items);
    if (l->items == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; r < n; r++) {
        bb_signal *s = &l->items[r];
        bb_fields__format_case_number(s->case_number, atoi(PQgetvalue(res, r, 0)),
                                      atoi(PQgetvalue(res, r, 1)));
        bb_fields__copy(s->status, sizeof s->status, PQgetvalue(res, r, 2));
        bb_fields__copy(s->since, sizeof s->since, PQgetvalue(res, r, 3));
        s->days = atoi(PQgetvalue(res, r, 4));
        s->overdue = atoi(PQgetvalue(res, r, 5));
    }
    l->n = (size_t)n;
    if (PQntuples(res) > page)
        snprintf(l->next, sizeof l->next, "%d/%s", l->items[n - 1].overdue,
                 l->items[n - 1].case_number);
    return BB_OK;
}

int bb_signal_list_get(bb_ctx *ctx, bb_signal_kind kind, const bb_signal_filter *f,
                       bb_signal_list **out)
{
    static const bb_signal_filter none = {0};
    struct params ps = {0};
    PGresult *res = NULL;
    bb_signal_list *l = NULL;
    int rc = BB_OK;

    bb_ctx__clear(ctx);
    *out = NULL;
    if ((unsigned)kind >= BB_SIGNAL_KINDS)
        return bb_ctx__fail(ctx, BB_EINVAL, _("kind: %d is not a signal"), (int)kind);
    rc = prepare(ctx, kind, f ? f : &none, &ps);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res, kinds[kind].sql, 7, ps.p);
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    l->kind = kind;
    l->threshold = atoi(ps.threshold);
    memcpy(l->today, ps.today, sizeof l->today);
    rc = fill(ctx, res, ps.page, l);
    if (rc == BB_OK) {
        *out = l;
        l = NULL;
    }
done:
    bb_signal_list_free(l);
    PQclear(res);
    return rc;
}
