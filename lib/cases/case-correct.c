/* Corrections of a case: voiding one registered by mistake, and reopening one closed by
 * mistake. Each is one transaction with optimistic locking and a reason; the database keeps
 * the same rules (bb_case_step_ok and case_check_close_reason, schema/functions/registry.sql).
 *
 * Voiding destroys the case's personal data by deleting its data key (crypto-shredding: its
 * parties, notes and blind indexes go with it). The reason must outlive that, and may name
 * people as any note may, so it is not kept as plain text: the case gets a fresh data key
 * that holds only the reason, as the note of the voiding event. That key is the case's like
 * any other, so retention shreds it in turn once the voiding is old enough
 * (bb_retention_due), and no ciphertext of the old key opens again. */
#include "audit/audit.h"
#include "bb/case.h"
#include "bb/error.h"
#include "base/i18n.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "fields/personal.h"
#include "keys/vault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct correct {
    bool void_it; /* else reopen */
    const char *org, *number, *reason;
    long long expected;
    char back[BB_KEY_SIZE]; /* reopen: the status before the closing */
    bb_case cur;
    bb_case *row;
};

/* Reopen: the status the case had before its last closing, into c->back. */
static int status_before_closing(bb_ctx *ctx, struct correct *c)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT from_status FROM case_event WHERE case_id = $1"
                         " AND to_status = 'afgesloten' ORDER BY seq DESC LIMIT 1",
                         1, (const char *[]){c->cur.id});

    if (rc == BB_OK && (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s has no closing to undo"), c->number);
    else if (rc == BB_OK)
        snprintf(c->back, sizeof c->back, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* Void: not a case with referrals (the referral figures count them; the database agrees). */
static int no_referrals(bb_ctx *ctx, struct correct *c)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT EXISTS (SELECT 1 FROM referral WHERE case_id = $1)", 1,
                         (const char *[]){c->cur.id});

    if (rc == BB_OK && *PQgetvalue(res, 0, 0) == 't')
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("case: %s has referrals: a case referred to professional mediation "
                            "is not void"),
                          c->cur.number);
    PQclear(res);
    return rc;
}

static int check_rules(bb_ctx *ctx, struct correct *c)
{
    if (strcmp(c->cur.status, "vervallen") == 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is void already"), c->cur.number);
    if (!c->void_it && strcmp(c->cur.status, "afgesloten") != 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is not closed (status '%s')"),
                            c->cur.number, c->cur.status);
    return c->void_it ? no_referrals(ctx, c) : status_before_closing(ctx, c);
}

/* Void: the new data key in, the old one gone, volunteers unpaired (a void case is no one's
 * caseload), then the reason under the new key and an audit record. */
static int void_case(bb_ctx *ctx, struct correct *c, char ver[24])
{
    char key[BB_UUID_SIZE];
    const char *p[4] = {c->cur.id, ver, key, NULL};
    PGresult *res = NULL;
    int rc = bb_vault__new_data_key(ctx, key);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "WITH old AS (SELECT data_key_id FROM bb_case WHERE id = $1)"
                         " UPDATE bb_case AS c SET status = 'vervallen', outcome = NULL,"
                         " closed_on = NULL, reported_back_on = NULL, volunteer1_id = NULL,"
                         " volunteer2_id = NULL, data_key_id = $3 FROM old"
                         " WHERE c.id = $1 AND c.version = $2::int"
                         " RETURNING " BB_CASE_COLS ", old.data_key_id",
                         3, p);
    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT, _("case %s changed meanwhile"), c->cur.number);
    else if (rc == BB_OK && !PQgetisnull(res, 0, PQnfields(res) - 1))
        rc = bb_vault__shred(ctx, PQgetvalue(res, 0, PQnfields(res) - 1));
    if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, &c->row);
    PQclear(res);
    return rc;
}

static int reopen_case(bb_ctx *ctx, struct correct *c, char ver[24])
{
    const char *p[3] = {c->cur.id, ver, c->back};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "UPDATE bb_case AS c SET status = $3, outcome = NULL, closed_on = NULL,"
                         " reported_back_on = NULL WHERE c.id = $1 AND c.version = $2::int"
                         " RETURNING " BB_CASE_COLS,
                         3, p);

    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT, _("case %s changed meanwhile"), c->cur.number);
    else if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, &c->row);
    PQclear(res);
    return rc;
}

static int correct_txn(bb_ctx *ctx, void *arg)
{
    struct correct *c = arg;
    char ver[24], detail[96];
    int rc = bb_case__lock(ctx, c->org, c->number, &c->cur);

    bb_case_free(c->row); /* from an attempt that was rolled back */
    c->row = NULL;
    if (rc == BB_OK)
        rc = bb_case__check_version(ctx, &c->cur, c->expected);
    if (rc == BB_OK)
        rc = check_rules(ctx, c);
    if (rc != BB_OK)
        return rc;
    snprintf(ver, sizeof ver, "%lld", c->expected);
    rc = c->void_it ? void_case(ctx, c, ver) : reopen_case(ctx, c, ver);
    if (rc == BB_OK)
        rc = bb_case__note_last_event(ctx, c->row, c->reason);
    snprintf(detail, sizeof detail, "{\"number\": \"%s\", \"from\": \"%s\"}", c->cur.number,
             c->cur.status);
    if (rc == BB_OK)
        rc = bb_audit__append(ctx, c->void_it ? "case_void" : "case_reopen", c->cur.id, detail);
    return rc;
}

/* A reason of at least one character that is not a space. */
static int check_reason(bb_ctx *ctx, const char *reason, const char *why)
{
    for (const char *p = reason; p != NULL && *p != '\0'; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n')
            return bb_pd__check_note(ctx, "reason", reason);
    return bb_ctx__fail(ctx, BB_EINVAL, _("reason: required (%s)"), why);
}

static int correct(bb_ctx *ctx, struct correct *c, bb_case **out)
{
    int rc, y, s;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &c->org);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", c->number, &y, &s);
    if (rc == BB_OK && c->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          c->expected);
    if (rc == BB_OK)
        rc = check_reason(ctx, c->reason,
                          c->void_it ? _("why the case is void") : _("why the case is reopened"));
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", correct_txn, c);
    if (rc == BB_OK && out != NULL)
        *out = c->row;
    else
        bb_case_free(c->row);
    return rc;
}

int bb_case_void(bb_ctx *ctx, const char *number, long long expected_version, const char *reason,
                 bb_case **out)
{
    struct correct c = {
        .void_it = true, .number = number, .expected = expected_version, .reason = reason};

    return correct(ctx, &c, out);
}

int bb_case_reopen(bb_ctx *ctx, const char *number, long long expected_version, const char *reason,
                   bb_case **out)
{
    struct correct c = {.number = number, .expected = expected_version, .reason = reason};

    return correct(ctx, &c, out);
}
