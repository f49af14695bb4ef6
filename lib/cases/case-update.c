/* Changing a case: workflow moves, closing, reporting back, each with a note on its event
 * (optional, but required as the reason of a closing); optimistic locking on each. */
#include "bb/case.h"
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum update_op { OP_MOVE, OP_CLOSE, OP_REPORTED_BACK };

struct update {
    enum update_op op;
    const char *org;
    const char *number;
    long long expected;
    const char *value; /* the new status or outcome */
    const char *note;  /* the event's note, NULL for none */
    char date[BB_DATE_SIZE];
    bb_case cur;  /* the row as locked */
    bb_case *row; /* the row as stored afterwards */
};

/* The statuses a case may move to from status, for the refusal message. */
static void allowed_from(const char *status, char *out, size_t size)
{
    size_t n, o = 0;
    const bb_transition *t = bb_case_transitions(&n);

    out[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++)
        if (strcmp(t[i].from, status) == 0)
            o += (size_t)snprintf(out + o, size - o, "%s%s", o ? ", " : "", t[i].to);
}

/* The domain rules of each change, against the locked row. */
static int check_rules(bb_ctx *ctx, struct update *u)
{
    const bb_case *c = &u->cur;
    bool closed = strcmp(c->status, "afgesloten") == 0, begins = false;
    char allowed[256];
    int rc;

    if (strcmp(c->status, "vervallen") == 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is void"), c->number);
    if (u->op == OP_MOVE && strcmp(u->value, "vervallen") == 0)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("status: voiding needs a reason: void the case instead"));
    if (u->op == OP_MOVE && strcmp(u->value, "afgesloten") == 0)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("status: closing needs an outcome: close the case instead"));
    if (u->op == OP_MOVE && !bb_case_can_move(c->status, u->value)) {
        allowed_from(c->status, allowed, sizeof allowed);
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("status: case %s cannot go from '%s' to '%s' (allowed: %s)"),
                            c->number, c->status, u->value, *allowed ? allowed : "-");
    }
    if (u->op == OP_MOVE && (rc = bb_case__begins_intake(ctx, c->status, u->value, &begins)))
        return rc;
    if (u->op == OP_MOVE && begins)
        return bb_case__melder_check(ctx, c->id, c->number);
    if (u->op == OP_CLOSE && closed)
        return bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is closed already"), c->number);
    if (u->op == OP_CLOSE && strcmp(u->date, c->reported_on) < 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("closed: %s is before the report (%s)"), u->date,
                            c->reported_on);
    if (u->op == OP_REPORTED_BACK && !closed)
        return bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is not closed yet"), c->number);
    if (u->op == OP_REPORTED_BACK && strcmp(u->date, c->closed_on) < 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("date: %s is before the closing (%s)"), u->date,
                            c->closed_on);
    return BB_OK;
}

static const char *const update_sql[] = {
    [OP_MOVE] = "UPDATE bb_case AS c SET status = $3"
                " WHERE c.id = $1 AND c.version = $2::int RETURNING " BB_CASE_COLS,
    [OP_CLOSE] = "UPDATE bb_case AS c SET status = 'afgesloten', outcome = $3, closed_on = $4"
                 " WHERE c.id = $1 AND c.version = $2::int RETURNING " BB_CASE_COLS,
    [OP_REPORTED_BACK] = "UPDATE bb_case AS c SET reported_back_on = $3"
                         " WHERE c.id = $1 AND c.version = $2::int RETURNING " BB_CASE_COLS,
};

int bb_case__lock(bb_ctx *ctx, const char *org, const char *number, bb_case *out)
{
    char year[16], seq[16];
    const char *p[3] = {org, year, seq};
    PGresult *res = NULL;
    int y, q, rc = bb_fields__case_number(ctx, "case", number, &y, &q);

    if (rc != BB_OK)
        return rc;
    snprintf(year, sizeof year, "%d", y);
    snprintf(seq, sizeof seq, "%d", q);
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_CASE_COLS " FROM bb_case c"
                     " WHERE c.org_id = $1 AND c.year = $2 AND c.seq = $3 FOR UPDATE OF c",
                     3, p);
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("case: no case %s"), number);
    else if (rc == BB_OK)
        bb_case__from_row(res, 0, 0, out);
    PQclear(res);
    return rc;
}

int bb_case__check_version(bb_ctx *ctx, const bb_case *c, long long expected)
{
    char what[64];

    if (c->version == expected)
        return BB_OK;
    snprintf(what, sizeof what, _("case %s"), c->number);
    return bb_fields__conflict(ctx, "bb_case", c->id, what, expected, c->version);
}

int bb_case__note_last_event(bb_ctx *ctx, const bb_case *c, const char *note)
{
    char key[BB_UUID_SIZE];
    PGresult *res = NULL;
    int rc;

    if (note == NULL)
        return BB_OK;
    if ((rc = bb_pd__case_key(ctx, c->id, c->number, key)) != BB_OK)
        return rc;
    rc = bb_db__exec(ctx, &res,
                     "SELECT id FROM case_event WHERE case_id = $1 ORDER BY seq DESC LIMIT 1", 1,
                     (const char *[]){c->id});
    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_EDB, _("case %s has no event to hold the note"), c->number);
    else if (rc == BB_OK)
        rc = bb_pd__put(ctx, key, "case_event", PQgetvalue(res, 0, 0), "note", note);
    PQclear(res);
    return rc;
}

static int update_txn(bb_ctx *ctx, void *arg)
{
    struct update *u = arg;
    char ver[24];
    /* PostgreSQL refuses parameters a statement does not use: reporting back has three. */
    const char *p[4] = {u->cur.id, ver, u->op == OP_REPORTED_BACK ? u->date : u->value, u->date};
    PGresult *res = NULL;
    int rc = bb_case__lock(ctx, u->org, u->number, &u->cur);

    bb_case_free(u->row); /* from an attempt that was rolled back */
    u->row = NULL;
    if (rc == BB_OK)
        rc = bb_case__check_version(ctx, &u->cur, u->expected);
    if (rc == BB_OK)
        rc = check_rules(ctx, u);
    if (rc != BB_OK)
        return rc;
    snprintf(ver, sizeof ver, "%lld", u->expected);
    rc = bb_db__exec(ctx, &res, update_sql[u->op], u->op == OP_CLOSE ? 4 : 3, p);
    if (rc == BB_OK && PQntuples(res) != 1) /* cannot happen under the row lock */
        rc = bb_ctx__fail(ctx, BB_ECONFLICT, _("case %s changed meanwhile"), u->cur.number);
    else if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, &u->row);
    PQclear(res);
    if (rc == BB_OK)
        rc = bb_case__note_last_event(ctx, u->row, u->note);
    return rc;
}

/* Common frame of the three changes: checks the arguments, runs one transaction. */
static int update_case(bb_ctx *ctx, struct update *u, bb_case **out)
{
    int rc, y, s;

    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &u->org);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", u->number, &y, &s);
    if (rc == BB_OK && u->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          u->expected);
    if (rc == BB_OK)
        rc = bb_pd__check_note(ctx, u->op == OP_CLOSE ? "reason" : "note", u->note);
    if (rc != BB_OK)
        return rc;
    rc = bb_db__txn(ctx, "READ COMMITTED", update_txn, u);
    if (rc == BB_OK && out != NULL)
        *out = u->row;
    else
        bb_case_free(u->row);
    return rc;
}

int bb_case_move(bb_ctx *ctx, const char *number, long long expected_version, const char *status,
                 bb_case **out)
{
    return bb_case_move_note(ctx, number, expected_version, status, NULL, out);
}

int bb_case_move_note(bb_ctx *ctx, const char *number, long long expected_version,
                      const char *status, const char *note, bb_case **out)
{
    struct update u = {.op = OP_MOVE,
                       .number = number,
                       .expected = expected_version,
                       .value = status,
                       .note = note};
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_fields__key(ctx, BB_VOCAB_STATUS, status);
    if (rc != BB_OK) {
        if (out != NULL)
            *out = NULL;
        return rc;
    }
    return update_case(ctx, &u, out);
}

/* A reason is required: the figures count how cases end, so every closing says why. */
static int check_reason(bb_ctx *ctx, const char *reason)
{
    for (const char *p = reason; p != NULL && *p != '\0'; p++)
        if (*p != ' ' && *p != '\t')
            return BB_OK;
    return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("reason: required (why the case is closed)"));
}

int bb_case_close(bb_ctx *ctx, const char *number, long long expected_version, const char *outcome,
                  const char *closed_on, const char *reason, bb_case **out)
{
    struct update u = {.op = OP_CLOSE,
                       .number = number,
                       .expected = expected_version,
                       .value = outcome,
                       .note = reason};
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_fields__key(ctx, BB_VOCAB_OUTCOME, outcome);
    if (rc == BB_OK)
        rc = check_reason(ctx, reason);
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "closed", closed_on, true, u.date);
    if (rc != BB_OK) {
        if (out != NULL)
            *out = NULL;
        return rc;
    }
    return update_case(ctx, &u, out);
}

int bb_case_reported_back(bb_ctx *ctx, const char *number, long long expected_version,
                          const char *on, bb_case **out)
{
    struct update u = {.op = OP_REPORTED_BACK, .number = number, .expected = expected_version};
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_fields__date(ctx, "date", on, true, u.date);
    if (rc != BB_OK) {
        if (out != NULL)
            *out = NULL;
        return rc;
    }
    return update_case(ctx, &u, out);
}
