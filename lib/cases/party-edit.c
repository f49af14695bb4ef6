/* Changing a party: plain attributes and personal fields, with optimistic locking. */
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "cases/party-row.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct edit {
    const char *org, *number;
    int party;
    long long expected;
    const bb_party_new *ch;
    char postcode[8];
    bb_party cur;               /* the row as locked (plain part only) */
    char case_id[BB_UUID_SIZE]; /* its case */
    bool decided;               /* the case's intake is decided */
    bool past_intake;           /* the case's status is past intake (bb_case_past_intake) */
    bb_party *row;
};

/* True when changes touch a personal field. */
static bool personal_change(const bb_party_new *ch)
{
    return ch->name || ch->street || ch->house_number || ch->postcode || ch->place || ch->phone ||
           ch->email;
}

/* Locks the party and its case, reading the party's plain part and the case's state. */
static int lock_party(bb_ctx *ctx, struct edit *e)
{
    char year[16], seq[16], num[16];
    PGresult *res = NULL;
    int y, s, rc = bb_fields__case_number(ctx, "case", e->number, &y, &s);

    if (rc != BB_OK)
        return rc;
    snprintf(year, sizeof year, "%d", y);
    snprintf(seq, sizeof seq, "%d", s);
    snprintf(num, sizeof num, "%d", e->party);
    rc = bb_db__exec(
        ctx, &res,
        "SELECT " BB_PARTY_COLS
        ", c.id, c.intake_suitable IS NOT NULL, bb_case_past_intake(c.status)" BB_PARTY_FROM
        " WHERE c.org_id = $1 AND c.year = $2 AND c.seq = $3"
        " AND p.seq = $4 FOR UPDATE OF p, c",
        4, (const char *[]){e->org, year, seq, num});
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("party: case %s has no party %d"), e->number,
                          e->party);
    if (rc == BB_OK) {
        bb_party__from_row(res, 0, &e->cur);
        bb_fields__copy(e->case_id, sizeof e->case_id, PQgetvalue(res, 0, 10));
        e->decided = *PQgetvalue(res, 0, 11) == 't';
        e->past_intake = *PQgetvalue(res, 0, 12) == 't';
    }
    PQclear(res);
    return rc;
}

/* The version check and the melder rule, against the locked rows. */
static int check_rules(bb_ctx *ctx, struct edit *e)
{
    char what[64];
    bool has = true;
    int rc = BB_OK;

    snprintf(what, sizeof what, _("party %d of case %s"), e->party, e->number);
    if (e->cur.version != e->expected)
        return bb_fields__conflict(ctx, "party", e->cur.id, what, e->expected, e->cur.version);
    if (strcmp(e->cur.role, "melder") != 0 || e->ch->role == NULL ||
        strcmp(e->ch->role, "melder") == 0 || !(e->past_intake || e->decided))
        return BB_OK;
    rc = bb_party__has_melder(ctx, e->case_id, e->cur.id, &has);
    if (rc == BB_OK && !has)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("role: %s is the only melder and the intake has begun: it stays a "
                            "melder (add another melder first)"),
                          what);
    return rc;
}

/* Records the personal fields changed in the row's revision, so a conflict names them too. */
static int note_personal_revision(bb_ctx *ctx, struct edit *e, long long version)
{
    char cols[128] = "{", ver[24];
    size_t o = 1;
    const char *values[BB_PARTY_FIELDS] = {e->ch->name,     e->ch->street, e->ch->house_number,
                                           e->ch->postcode, e->ch->place,  e->ch->phone,
                                           e->ch->email};

    for (int i = 0; i < BB_PARTY_FIELDS; i++)
        if (values[i] != NULL)
            o += (size_t)snprintf(cols + o, sizeof cols - o, "%s%s", o > 1 ? "," : "",
                                  bb_party__fields[i]);
    snprintf(cols + o, sizeof cols - o, "}");
    snprintf(ver, sizeof ver, "%lld", version);
    return bb_db__cmd(ctx,
                      "UPDATE row_revision SET columns = columns || $3::text[]"
                      " WHERE tbl = 'party' AND row_id = $1 AND version = $2::int",
                      3, (const char *[]){e->cur.id, ver, cols});
}

static int edit_txn(bb_ctx *ctx, void *arg)
{
    struct edit *e = arg;
    const bb_party_new *ch = e->ch;
    char ver[24], key[BB_UUID_SIZE];
    int rc;

    bb_party_free(e->row); /* from an attempt that was rolled back */
    e->row = NULL;
    if ((rc = lock_party(ctx, e)) != BB_OK || (rc = check_rules(ctx, e)) != BB_OK)
        return rc;
    snprintf(ver, sizeof ver, "%lld", e->expected);
    rc = bb_db__cmd(ctx,
                    "UPDATE party SET role = coalesce($3, role), tenure = coalesce($4, tenure),"
                    " household = coalesce($5, household), age_band = coalesce($6, age_band),"
                    " interpreter = coalesce($7, interpreter) WHERE id = $1 AND version = $2::int",
                    7,
                    (const char *[]){e->cur.id, ver, ch->role, ch->tenure, ch->household,
                                     ch->age_band, ch->interpreter});
    if (rc == BB_OK && personal_change(ch)) {
        if ((rc = note_personal_revision(ctx, e, e->expected + 1)) == BB_OK &&
            (rc = bb_pd__case_key(ctx, e->case_id, e->number, key)) == BB_OK)
            rc = bb_party__write_personal(ctx, key, e->cur.id, ch, e->postcode);
    }
    return rc == BB_OK ? bb_party__read(ctx, e->cur.id, &e->row) : rc;
}

/* The input checks of an edit: nothing is written when one fails. */
static int check_edit(bb_ctx *ctx, struct edit *e)
{
    const bb_party_new *ch = e->ch;
    int rc = bb_ctx__org(ctx, &e->org);

    if (rc == BB_OK && e->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          e->expected);
    if (rc == BB_OK && (e->party < 1 || e->party > BB_PARTIES_MAX))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("party: %d is not a party number (1 to %d)"), e->party,
                          BB_PARTIES_MAX);
    if (rc == BB_OK && !personal_change(ch) && !ch->role && !ch->tenure && !ch->household &&
        !ch->age_band && !ch->interpreter)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("party: nothing to change"));
    if (rc == BB_OK)
        rc = bb_party__check_plain(ctx, ch, false);
    if (rc == BB_OK)
        rc = bb_party__check_personal(ctx, ch, false, e->postcode);
    if (rc == BB_OK && personal_change(ch))
        rc = bb_pd__unlocked(ctx, "party");
    return rc;
}

int bb_party_edit(bb_ctx *ctx, const char *case_number, int party, long long expected_version,
                  const bb_party_new *changes, bb_party **out)
{
    struct edit e = {
        .number = case_number, .party = party, .expected = expected_version, .ch = changes};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = check_edit(ctx, &e);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", edit_txn, &e);
    if (rc == BB_OK && out != NULL) {
        *out = e.row;
        e.row = NULL;
    }
    bb_party_free(e.row);
    return rc;
}
