/* bb_person_find: a person's party and volunteer records by address, phone, name or e-mail. */
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "privacy/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQL is assembled from macros here; clang-format would break it mid-string. */
/* clang-format off */

/* Most records one find returns. */
#define FIND_MAX 1000

/* Exactly one criterion, checked, and its canonical form into *norm (bb_norm__free). */
static int check_query(bb_ctx *ctx, const bb_person_query *q, const char **index, char **norm)
{
    int given = (q->postcode || q->house_number) + (q->phone != NULL) + (q->name != NULL) +
                (q->email != NULL);
    char pc[8];
    int rc = BB_OK;

    if (given != 1)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("find: give one of an address (postcode and house number), a "
                              "phone number, a name or an e-mail address"));
    if (q->postcode || q->house_number) {
        if (q->postcode == NULL || q->house_number == NULL)
            return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                                _("find: an address needs the postcode and the house number"));
        if ((rc = bb_pd__check_postcode(ctx, "postcode", q->postcode, pc, NULL)) == BB_OK &&
            (rc = bb_pd__check_house_number(ctx, "number", q->house_number)) == BB_OK)
            rc = bb_pd__normalize(ctx, *index = "address", BB_PD_ADDRESS, pc, q->house_number,
                                  norm);
    } else if (q->phone != NULL) {
        if ((rc = bb_pd__check_phone(ctx, "phone", q->phone)) == BB_OK)
            rc = bb_pd__normalize(ctx, *index = "phone", BB_PD_PHONE, q->phone, NULL, norm);
    } else if (q->email != NULL) {
        if ((rc = bb_pd__check_email(ctx, "email", q->email)) == BB_OK)
            rc = bb_pd__normalize(ctx, *index = "email", BB_PD_EMAIL, q->email, NULL, norm);
    } else if ((rc = bb_pd__check_name(ctx, "name", q->name, BB_NAME_MAX)) == BB_OK) {
        rc = bb_pd__normalize(ctx, *index = "name", BB_PD_NAME, q->name, NULL, norm);
    }
    return rc;
}

/* Fills the list from rows (id, kind, case number, role) of res, decrypting each name. */
static int fill(bb_ctx *ctx, const PGresult *res, bb_person_list *l)
{
    int rc = BB_OK;

    l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items);
    if (l->items == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        bb_person_match *m = &l->items[l->n++];
        const char *table = PQgetvalue(res, r, 1);
        char *name = NULL;

        snprintf(m->id, sizeof m->id, "%s", PQgetvalue(res, r, 0));
        snprintf(m->kind, sizeof m->kind, "%s", table);
        snprintf(m->case_number, sizeof m->case_number, "%s", PQgetvalue(res, r, 2));
        snprintf(m->role, sizeof m->role, "%s", PQgetvalue(res, r, 3));
        rc = bb_pd__get(ctx, table, PQgetvalue(res, r, 4), "name", &name);
        if (rc == BB_OK && name != NULL && (m->name = strdup(name)) == NULL)
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        bb_pd__free(name);
    }
    return rc;
}

/* The matching records, parties by case number then volunteers by number; the last column
 * is the owner id whose name is decrypted. */
static int list_matches(bb_ctx *ctx, const char *parties, const char *volunteers,
                        bb_person_list *l)
{
    char limit[16];
    PGresult *res = NULL;
    int rc;

    snprintf(limit, sizeof limit, "%d", FIND_MAX);
    rc = bb_db__exec(ctx, &res,
                     "SELECT id, kind, nr, role, owner FROM (SELECT p.id::text AS id,"
                     " 'party' AS kind, " BB_PERSON_CASE_NUMBER("c") " AS nr, p.role,"
                     " p.id::text AS owner, 0 AS o1, c.year AS o2, c.seq AS o3, p.seq AS o4"
                     " FROM party p JOIN bb_case c ON c.id = p.case_id WHERE p.org_id = $1"
                     " AND p.id = ANY ($2::uuid[]) UNION ALL SELECT 'V-' || lpad(v.number::text,"
                     " 4, '0'), 'volunteer', '', v.status, v.id::text, 1, 0, v.number, 0"
                     " FROM volunteer v WHERE v.org_id = $1 AND v.id = ANY ($3::uuid[])) m"
                     " ORDER BY o1, o2, o3, o4 LIMIT $4",
                     4, (const char *[]){ctx->org_id, parties, volunteers, limit});
    if (rc == BB_OK)
        rc = fill(ctx, res, l);
    PQclear(res);
    return rc;
}

int bb_person_find(bb_ctx *ctx, const bb_person_query *q, bb_person_list **out)
{
    const char *org, *index = NULL;
    char *norm = NULL, *parties = NULL, *volunteers = NULL;
    bb_person_list *l = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    if ((rc = bb_ctx__org(ctx, &org)) == BB_OK && (rc = bb_pd__unlocked(ctx, "find")) == BB_OK)
        rc = check_query(ctx, q, &index, &norm);
    if (rc == BB_OK)
        rc = bb_person__matching(ctx, "party", index, norm, &parties);
    if (rc == BB_OK)
        rc = bb_person__matching(ctx, "volunteer", index, norm, &volunteers);
    if (rc == BB_OK && (l = calloc(1, sizeof *l)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK)
        rc = list_matches(ctx, parties, volunteers, l);
    if (rc == BB_OK) {
        *out = l;
        l = NULL;
    }
    bb_person_list_free(l);
    bb_norm__free(norm);
    free(parties);
    free(volunteers);
    return rc;
}

void bb_person_list_free(bb_person_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].name != NULL) {
            explicit_bzero(list->items[i].name, strlen(list->items[i].name));
            free(list->items[i].name);
        }
    free(list->items);
    free(list);
}
/* clang-format on */
