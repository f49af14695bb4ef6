/* Corrections of parties: a party added to the wrong case moves to the right one, its personal
 * fields and blind indexes made again under the target case's data key (so nothing of it opens
 * with the old case's key any more); a party added by mistake is removed, its data destroyed.
 * Each is one transaction with optimistic locking on the party's version; the last melder of a
 * case past the intake stays (libbb says so, and party_check refuses it for any client). */
#include "audit/audit.h"
#include "bb/error.h"
#include "base/i18n.h"
#include "cases/case-row.h"
#include "cases/party-row.h"
#include "db/db.h"
#include "fields/personal.h"
#include "keys/vault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 500

struct fix {
    const char *org, *number, *target, *reason;
    int party;
    long long expected;
    char case_id[BB_UUID_SIZE];
    bb_party *cur; /* the party as locked, decrypted */
    bb_case to;    /* move: the target case, locked */
};

/* Locks the party and its case; refuses a void case, a stale version and taking away the last
 * melder of a case past the intake. */
static int lock_party(bb_ctx *ctx, struct fix *f)
{
    char year[16], seq[16], num[16], what[64];
    PGresult *res = NULL;
    bool gone_melder = false, has = true;
    int y = 0, s = 0, rc = bb_fields__case_number(ctx, "case", f->number, &y, &s);

    snprintf(year, sizeof year, "%d", y);
    snprintf(seq, sizeof seq, "%d", s);
    snprintf(num, sizeof num, "%d", f->party);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT p.id, c.id, c.status, p.role = 'melder' AND (c.intake_suitable"
                         " IS NOT NULL OR bb_case_past_intake(c.status))" BB_PARTY_FROM
                         " WHERE c.org_id = $1 AND c.year = $2 AND c.seq = $3 AND p.seq = $4"
                         " FOR UPDATE OF p, c",
                         4, (const char *[]){f->org, year, seq, num});
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("party: case %s has no party %d"), f->number,
                          f->party);
    else if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 2), "vervallen") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is void"), f->number);
    else if (rc == BB_OK) {
        bb_fields__copy(f->case_id, sizeof f->case_id, PQgetvalue(res, 0, 1));
        gone_melder = *PQgetvalue(res, 0, 3) == 't';
        rc = bb_party__read(ctx, PQgetvalue(res, 0, 0), &f->cur);
    }
    PQclear(res);
    snprintf(what, sizeof what, _("party %d of case %s"), f->party, f->number);
    if (rc == BB_OK && f->cur->version != f->expected)
        rc = bb_fields__conflict(ctx, "party", f->cur->id, what, f->expected, f->cur->version);
    if (rc == BB_OK && gone_melder)
        rc = bb_party__has_melder(ctx, f->case_id, f->cur->id, &has);
    if (rc == BB_OK && !has)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("party: party %d is the only melder of case %s, whose intake has "
                            "begun: it stays"),
                          f->party, f->number);
    return rc;
}

/* The personal data of the party under its old key: every field and blind index. */
static int drop_personal(bb_ctx *ctx, const char *id)
{
    int rc = bb_vault__forget(ctx, "party", id); /* fields, and out of its case's list */

    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "DELETE FROM blind_index WHERE owner_table = 'party'"
                        " AND owner_id = $1",
                        1, (const char *[]){id});
    return rc;
}

/* The target case, locked: known, not void, not the party's own case. */
static int lock_target(bb_ctx *ctx, struct fix *f)
{
    int rc = bb_case__lock(ctx, f->org, f->target, &f->to);

    if (rc == BB_ENOTFOUND)
        return bb_ctx__fail(ctx, BB_ENOTFOUND, _("to: no case %s"), f->target);
    if (rc == BB_EINVAL) /* a malformed number: say which argument */
        return bb_ctx__fail(ctx, BB_EINVAL, _("to: '%s' is not a case number"), f->target);
    if (rc == BB_OK && strcmp(f->to.status, "vervallen") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("to: case %s is void"), f->to.number);
    if (rc == BB_OK && strcmp(f->to.id, f->case_id) == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("to: the party is in case %s already"), f->to.number);
    return rc;
}

static int move_txn(bb_ctx *ctx, void *arg)
{
    struct fix *f = arg;
    const bb_party *p;
    bb_party_new in;
    char key[BB_UUID_SIZE], detail[160];
    int rc;

    bb_party_free(f->cur); /* from an attempt that was rolled back */
    f->cur = NULL;
    if ((rc = lock_party(ctx, f)) != BB_OK || (rc = lock_target(ctx, f)) != BB_OK ||
        (rc = bb_pd__case_key(ctx, f->to.id, f->to.number, key)) != BB_OK)
        return rc;
    p = f->cur;
    in = (bb_party_new){.name = p->name,
                        .street = p->street,
                        .house_number = p->house_number,
                        .postcode = p->postcode,
                        .place = p->place,
                        .phone = p->phone,
                        .email = p->email};
    rc = bb_db__cmd(ctx,
                    "UPDATE party SET case_id = $2, seq = (SELECT coalesce(max(seq), 0) + 1"
                    " FROM party WHERE case_id = $2) WHERE id = $1",
                    2, (const char *[]){p->id, f->to.id});
    if (rc == BB_OK)
        rc = drop_personal(ctx, p->id);
    if (rc == BB_OK)
        rc = bb_party__write_personal(ctx, key, p->id, &in, p->postcode);
    snprintf(detail, sizeof detail, "{\"party\": \"%s\", \"from\": \"%s\", \"to\": \"%s\"}", p->id,
             f->number, f->to.number);
    if (rc == BB_OK)
        rc = bb_audit__append(ctx, "party_move", f->to.id, detail);
    return rc;
}

static int remove_txn(bb_ctx *ctx, void *arg)
{
    struct fix *f = arg;
    int rc;

    bb_party_free(f->cur);
    f->cur = NULL;
    if ((rc = lock_party(ctx, f)) != BB_OK || (rc = drop_personal(ctx, f->cur->id)) != BB_OK)
        return rc;
    rc = bb_db__cmd(ctx, "DELETE FROM party WHERE id = $1", 1, (const char *[]){f->cur->id});
    if (rc == BB_OK) /* no earlier copy of the removed party's data opens again */
        rc = bb_vault__renew_case(ctx, f->case_id);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "SELECT bb_audit_append($1, 'party_remove', $2, jsonb_build_object("
                        "'party', $3::text, 'reason', $4::text))",
                        4, (const char *[]){f->org, f->case_id, f->cur->id, f->reason});
    return rc;
}

static int run(bb_ctx *ctx, struct fix *f, int (*txn)(bb_ctx *, void *), bb_party **out)
{
    int rc, y, s;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &f->org);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", f->number, &y, &s);
    if (rc == BB_OK && f->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          f->expected);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "party");
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", txn, f);
    if (rc == BB_OK && out != NULL) /* as stored: its new number and version */
        rc = bb_party__read(ctx, f->cur->id, out);
    bb_party_free(f->cur);
    return rc;
}

int bb_party_move(bb_ctx *ctx, const char *case_number, int party, long long expected_version,
                  const char *to_case, bb_party **out)
{
    struct fix f = {
        .number = case_number, .party = party, .expected = expected_version, .target = to_case};

    if (to_case == NULL) {
        bb_ctx__clear(ctx);
        if (out != NULL)
            *out = NULL;
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("to: required (the case it belongs to)"));
    }
    return run(ctx, &f, move_txn, out);
}

int bb_party_remove(bb_ctx *ctx, const char *case_number, int party, long long expected_version,
                    const char *reason)
{
    struct fix f = {
        .number = case_number, .party = party, .expected = expected_version, .reason = reason};

    if (reason == NULL || reason[strspn(reason, " \t")] == '\0') {
        bb_ctx__clear(ctx);
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("reason: required (why the party is removed, without personal "
                              "data)"));
    }
    if (bb_fields__text(ctx, "reason", reason, REASON_MAX) != BB_OK)
        return BB_EINVAL;
    return run(ctx, &f, remove_txn, NULL);
}
