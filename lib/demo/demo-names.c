/* Made-up names and addresses for the parties of the newest demo cases, written through the
 * party API (bb_party_edit): encrypted under each case's data key with their blind indexes,
 * as a coordinator's entries would be. Clearly fictional ("Fictieve Dorpsstraat"), and drawn
 * from the seed, so the same seed names the same parties. Each party is its own transaction
 * after the bulk load has committed; encryption makes this the slow part, so only a few
 * hundred cases get names. */
#include "bb/error.h"
#include "bb/party.h"
#include "db/db.h"
#include "demo/demo.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const first_names[] = {
    "Anke", "Bram",  "Carla", "Dirk",   "Els",   "Freek",  "Gerda",  "Hennie",
    "Ilse", "Jan",   "Kees",  "Lies",   "Marco", "Nienke", "Otto",   "Petra",
    "Rik",  "Sanne", "Teun",  "Ursula", "Vera",  "Wim",    "Yvonne", "Zeger",
};
static const char *const surnames[] = {
    "Fictief",   "van Verzonnen", "Denkbeeld",   "de Nepper", "Voorbeeldsma",
    "ter Proef", "Schijnveld",    "van Bedacht", "Verzinsel", "Oefenaar",
};
static const char *const streets[] = {
    "Fictieve Dorpsstraat", "Verzonnen Kerkweg", "Denkbeeldlaan", "Nepstraat", "Proefweg",
    "Fictieve Molenstraat", "Voorbeeldstraat",   "Schijnsingel",
};
#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

/* A made-up person living in area (a village index, -1: none) into the strings of p. */
static void person(demo_rng *r, int area, char name[64], char street[64], char number[8],
                   char postcode[8], bb_party_new *p)
{
    const demo_village *v = &demo_villages[area >= 0 ? area : 0];

    snprintf(name, 64, "%s %s", first_names[demo_rng_range(r, 0, COUNT(first_names) - 1)],
             surnames[demo_rng_range(r, 0, COUNT(surnames) - 1)]);
    snprintf(street, 64, "%s", streets[demo_rng_range(r, 0, COUNT(streets) - 1)]);
    snprintf(number, 8, "%d", demo_rng_range(r, 1, 140));
    snprintf(postcode, 8, "%.4s %c%c", v->postcodes, 'A' + demo_rng_range(r, 0, 25),
             'A' + demo_rng_range(r, 0, 25));
    *p = (bb_party_new){.name = name,
                        .street = street,
                        .house_number = number,
                        .postcode = postcode,
                        .place = v->name};
}

/* The area index of a village name ("" or unknown: -1). */
static int area_of(const char *name)
{
    for (int i = 0; i < demo_n_villages; i++)
        if (strcmp(demo_villages[i].name, name) == 0)
            return i;
    return -1;
}

/* Names the parties of the rows of res: year, seq, party number, version, area. */
static int name_rows(bb_ctx *ctx, demo_rng *r, const PGresult *res, long *named)
{
    char number[BB_NUMBER_SIZE], name[64], street[64], house[8], postcode[8];
    int rc = BB_OK;

    for (int i = 0; i < PQntuples(res) && rc == BB_OK; i++) {
        bb_party_new p;
        person(r, area_of(PQgetvalue(res, i, 4)), name, street, house, postcode, &p);
        snprintf(number, sizeof number, "BB-%04d-%04d", atoi(PQgetvalue(res, i, 0)),
                 atoi(PQgetvalue(res, i, 1)));
        rc = bb_party_edit(ctx, number, atoi(PQgetvalue(res, i, 2)), atoll(PQgetvalue(res, i, 3)),
                           &p, NULL);
        *named += rc == BB_OK;
    }
    return rc;
}

int demo_name_parties(bb_ctx *ctx, const char *org, long cases, unsigned long long seed,
                      long *named)
{
    char limit[24];
    PGresult *res = NULL;
    demo_rng r;
    int rc;

    demo_rng_seed(&r, seed ^ 0x6e616d6573ULL); /* a stream of its own: "names" */
    snprintf(limit, sizeof limit, "%ld", cases);
    rc = bb_db__exec(ctx, &res,
                     "SELECT c.year, c.seq, p.seq, p.version, coalesce(c.area, '')"
                     " FROM (SELECT id, year, seq, area FROM bb_case WHERE org_id = $1"
                     "  ORDER BY year DESC, seq DESC LIMIT $2) c"
                     " JOIN party p ON p.case_id = c.id ORDER BY c.year DESC, c.seq DESC, p.seq",
                     2, (const char *[]){org, limit});
    if (rc == BB_OK)
        rc = name_rows(ctx, &r, res, named);
    PQclear(res);
    return rc;
}
