/* Pairing two volunteers to a case: the rules in libbb (the database checks the plain ones
 * again in case_check_pair), then the case's pair columns. */
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "volunteers/pairing.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct assign {
    const char *org, *number;
    long long expected;
    int nums[2];
    char names[2][BB_NUMBER_SIZE]; /* "V-0003" */
    char ids[2][BB_UUID_SIZE];
    bb_case cur;
    bb_case *row;
};

/* Reads volunteer number num, locked, with its open cases other than case_id. */
static int lock_volunteer(bb_ctx *ctx, struct assign *a, int i)
{
    char num[16];
    PGresult *res = NULL;
    int rc, load;

    snprintf(num, sizeof num, "%d", a->nums[i]);
    rc = bb_db__exec(ctx, &res,
                     "SELECT v.id, v.status, v.capacity, (SELECT count(*) FROM bb_case c"
                     " WHERE c.status <> 'afgesloten' AND c.id <> $3 AND (c.volunteer1_id = v.id"
                     " OR c.volunteer2_id = v.id)) FROM volunteer v"
                     " WHERE v.org_id = $1 AND v.number = $2 FOR UPDATE OF v",
                     3, (const char *[]){a->org, num, a->cur.id});
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("volunteer: no volunteer %s"), a->names[i]);
    if (rc != BB_OK)
        goto done;
    bb_fields__copy(a->ids[i], BB_UUID_SIZE, PQgetvalue(res, 0, 0));
    load = atoi(PQgetvalue(res, 0, 3));
    if (strcmp(PQgetvalue(res, 0, 1), "actief") != 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("volunteer: %s is '%s', not 'actief': only active (certified) "
                            "volunteers are paired"),
                          a->names[i], PQgetvalue(res, 0, 1));
    else if (load >= atoi(PQgetvalue(res, 0, 2)))
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("volunteer: %s is at capacity (open cases: %d, capacity: %s)"),
                          a->names[i], load, PQgetvalue(res, 0, 2));
done:
    PQclear(res);
    return rc;
}

/* Neither volunteer lives at a party's postcode or address. */
static int check_near(bb_ctx *ctx, struct assign *a)
{
    const char *ids[2] = {a->ids[0], a->ids[1]};
    int why[2], rc = bb_pair__near(ctx, a->cur.id, ids, 2, why);

    for (int i = 0; rc == BB_OK && i < 2; i++)
        if (why[i] == BB_PAIR_AT_PARTY)
            rc = bb_ctx__fail(ctx, BB_EINVAL,
                              _("volunteer: %s lives at the address of a party of case %s"),
                              a->names[i], a->cur.number);
        else if (why[i] == BB_PAIR_NEAR_PARTY)
            rc = bb_ctx__fail(ctx, BB_EINVAL,
                              _("volunteer: %s lives at the postcode of a party of case %s (a "
                                "neighbour)"),
                              a->names[i], a->cur.number);
    return rc;
}

static int assign_txn(bb_ctx *ctx, void *arg)
{
    struct assign *a = arg;
    char ver[24];
    PGresult *res = NULL;
    int rc = bb_case__lock(ctx, a->org, a->number, &a->cur);

    bb_case_free(a->row); /* from an attempt that was rolled back */
    a->row = NULL;
    if (rc == BB_OK)
        rc = bb_case__check_version(ctx, &a->cur, a->expected);
    if (rc == BB_OK && strcmp(a->cur.status, "afgesloten") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is closed: it is not paired any more"),
                          a->cur.number);
    /* In number order, as every pairing does: two of them never wait on each other. */
    for (int i = 0; rc == BB_OK && i < 2; i++)
        rc = lock_volunteer(ctx, a, a->nums[0] < a->nums[1] ? i : 1 - i);
    if (rc == BB_OK)
        rc = check_near(ctx, a);
    if (rc != BB_OK)
        return rc;
    snprintf(ver, sizeof ver, "%lld", a->expected);
    rc = bb_db__exec(ctx, &res,
                     "UPDATE bb_case AS c SET volunteer1_id = $3, volunteer2_id = $4"
                     " WHERE c.id = $1 AND c.version = $2::int RETURNING " BB_CASE_COLS,
                     4, (const char *[]){a->cur.id, ver, a->ids[0], a->ids[1]});
    if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, &a->row);
    PQclear(res);
    return rc;
}

static int check_assign(bb_ctx *ctx, struct assign *a, const char *v1, const char *v2)
{
    int rc = bb_ctx__org(ctx, &a->org);

    if (rc == BB_OK && a->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          a->expected);
    if (rc == BB_OK)
        rc = bb_fields__volunteer_number(ctx, "volunteer", v1, &a->nums[0]);
    if (rc == BB_OK)
        rc = bb_fields__volunteer_number(ctx, "volunteer", v2, &a->nums[1]);
    for (int i = 0; rc == BB_OK && i < 2; i++)
        bb_fields__format_volunteer_number(a->names[i], a->nums[i]);
    if (rc == BB_OK && a->nums[0] == a->nums[1])
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("volunteer: %s is given twice: a case needs two different "
                            "volunteers"),
                          a->names[0]);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "pairing");
    return rc;
}

int bb_case_assign(bb_ctx *ctx, const char *number, long long expected_version, const char *v1,
                   const char *v2, bb_case **out)
{
    struct assign a = {.number = number, .expected = expected_version};
    int rc, y, s;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_fields__case_number(ctx, "case", number, &y, &s);
    if (rc == BB_OK)
        rc = check_assign(ctx, &a, v1, v2);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", assign_txn, &a);
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_case_free(a.row);
    return rc;
}
