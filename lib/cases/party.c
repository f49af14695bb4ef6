/* Parties: add and edit, their personal fields encrypted and indexed under the case's data
 * key. */
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "cases/party-row.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_party__has_melder(bb_ctx *ctx, const char *case_id, const char *except, bool *has)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT EXISTS (SELECT 1 FROM party WHERE case_id = $1"
                         " AND role = 'melder' AND id IS DISTINCT FROM $2::uuid)",
                         2, (const char *[]){case_id, except});

    *has = rc == BB_OK && *PQgetvalue(res, 0, 0) == 't';
    PQclear(res);
    return rc;
}

/* The personal input of an add (adding: name required) or an edit. */
int bb_party__check_personal(bb_ctx *ctx, const bb_party_new *in, bool adding, char postcode[8])
{
    int rc = BB_OK;

    postcode[0] = '\0';
    if (adding || in->name != NULL)
        rc = bb_pd__check_name(ctx, "name", in->name, BB_NAME_MAX);
    if (rc == BB_OK)
        rc = bb_pd__check_text(ctx, "street", in->street, BB_STREET_MAX);
    if (rc == BB_OK)
        rc = bb_pd__check_house_number(ctx, "number", in->house_number);
    if (rc == BB_OK && in->postcode != NULL)
        rc = bb_pd__check_postcode(ctx, "postcode", in->postcode, postcode, NULL);
    if (rc == BB_OK)
        rc = bb_pd__check_text(ctx, "place", in->place, BB_PLACE_MAX);
    if (rc == BB_OK)
        rc = bb_pd__check_phone(ctx, "phone", in->phone);
    if (rc == BB_OK)
        rc = bb_pd__check_email(ctx, "email", in->email);
    return rc;
}

/* The plain attributes: keys of their lists (role required when adding). */
int bb_party__check_plain(bb_ctx *ctx, const bb_party_new *in, bool adding)
{
    const struct {
        bb_vocab v;
        const char *value;
    } keys[] = {{BB_VOCAB_TENURE, in->tenure},
                {BB_VOCAB_HOUSEHOLD, in->household},
                {BB_VOCAB_AGE_BAND, in->age_band},
                {BB_VOCAB_INTERPRETER, in->interpreter}};
    int rc = BB_OK;

    if (adding || in->role != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_PARTY_ROLE, in->role);
    for (size_t i = 0; rc == BB_OK && i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].value != NULL)
            rc = bb_fields__key(ctx, keys[i].v, keys[i].value);
    return rc;
}

/* The personal values of in, in the order of bb_party__fields (postcode canonical). */
static void personal_values(const bb_party_new *in, const char *postcode,
                            const char *out[BB_PARTY_FIELDS])
{
    out[0] = in->name;
    out[1] = in->street;
    out[2] = in->house_number;
    out[3] = in->postcode != NULL ? postcode : NULL;
    out[4] = in->place;
    out[5] = in->phone;
    out[6] = in->email;
}

/* The "address" index of party id after a change of its postcode or house number (NULL:
 * unchanged, read back): only when both are known. */
static int index_address(bb_ctx *ctx, const char *key, const char *id, const char *pc,
                         const char *hn)
{
    char *old_pc = NULL, *old_hn = NULL;
    int rc = BB_OK;

    if (pc == NULL)
        rc = bb_pd__get(ctx, "party", id, "postcode", &old_pc);
    if (rc == BB_OK && hn == NULL)
        rc = bb_pd__get(ctx, "party", id, "house_number", &old_hn);
    pc = pc != NULL ? pc : old_pc;
    hn = hn != NULL ? hn : old_hn;
    if (rc == BB_OK && pc != NULL && hn != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "address", BB_PD_ADDRESS, pc, hn);
    bb_pd__free(old_pc);
    bb_pd__free(old_hn);
    return rc;
}

/* Encrypts the given personal fields of party id and recomputes the indexes they feed. */
int bb_party__write_personal(bb_ctx *ctx, const char *key, const char *id, const bb_party_new *in,
                             const char *postcode)
{
    const char *values[BB_PARTY_FIELDS];
    int rc = BB_OK;

    personal_values(in, postcode, values);
    for (int i = 0; i < BB_PARTY_FIELDS && rc == BB_OK; i++)
        rc = bb_pd__put(ctx, key, "party", id, bb_party__fields[i], values[i]);
    if (rc == BB_OK && in->name != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "name", BB_PD_NAME, in->name, NULL);
    if (rc == BB_OK && in->name != NULL) /* each word of it, for search (0019) */
        rc = bb_pd__index_words(ctx, key, "party", id, in->name);
    if (rc == BB_OK && in->street != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "street", BB_PD_NAME, in->street, NULL);
    if (rc == BB_OK && in->postcode != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "postcode", BB_PD_POSTCODE, values[3], NULL);
    if (rc == BB_OK && in->phone != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "phone", BB_PD_PHONE, in->phone, NULL);
    /* For bbctl person find --email; parties stored before this index are compared by
     * decrypting their e-mail (lib/privacy/person-match.c). */
    if (rc == BB_OK && in->email != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "email", BB_PD_EMAIL, in->email, NULL);
    if (rc == BB_OK && (in->postcode != NULL || in->house_number != NULL))
        rc = index_address(ctx, key, id, values[3], in->house_number);
    return rc;
}

struct add {
    const char *org, *number;
    const bb_party_new *in;
    char id[BB_UUID_SIZE], postcode[8];
    bb_party *row;
    bool raced;
};

/* A party with this id exists already: the earlier attempt of a retried add. */
static int find_existing(bb_ctx *ctx, struct add *a, bool *found)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT org_id = $2 FROM party WHERE id = $1", 2,
                         (const char *[]){a->id, a->org});

    *found = rc == BB_OK && PQntuples(res) == 1;
    if (*found && *PQgetvalue(res, 0, 0) != 't')
        rc = bb_ctx__fail(ctx, BB_EEXISTS, _("id: %s belongs to another organisation"), a->id);
    else if (*found)
        rc = bb_party__read(ctx, a->id, &a->row);
    PQclear(res);
    return rc;
}

/* Inserts the plain row as the case's next party (the case is locked: numbers are free). */
static int insert_row(bb_ctx *ctx, struct add *a, const bb_case *c)
{
    const bb_party_new *in = a->in;
    const char *p[8] = {a->id,      a->org,        c->id,        in->role,
                        in->tenure, in->household, in->age_band, in->interpreter};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT count(*) FROM party WHERE case_id = $1", 1, p + 2);

    if (rc == BB_OK && atoi(PQgetvalue(res, 0, 0)) >= BB_PARTIES_MAX)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("party: case %s has %d parties already"), c->number,
                          BB_PARTIES_MAX);
    PQclear(res);
    res = NULL;
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "INSERT INTO party (id, org_id, case_id, seq, role, tenure, household,"
                         " age_band, interpreter) SELECT $1, $2, $3, coalesce(max(seq), 0) + 1,"
                         " $4, coalesce($5, 'onbekend'), coalesce($6, 'onbekend'),"
                         " coalesce($7, 'onbekend'), coalesce($8, 'onbekend')"
                         " FROM party WHERE case_id = $3"
                         " ON CONFLICT (id) DO NOTHING RETURNING seq",
                         8, p);
    if (rc == BB_OK && PQntuples(res) == 0) {
        a->raced = true; /* a concurrent retry with this id won; it is read after the rollback */
        rc = BB_EEXISTS;
    }
    PQclear(res);
    return rc;
}

static int add_txn(bb_ctx *ctx, void *arg)
{
    struct add *a = arg;
    bb_case c;
    char key[BB_UUID_SIZE];
    bool found;
    int rc;

    bb_party_free(a->row); /* from an attempt that was rolled back */
    a->row = NULL;
    if ((rc = find_existing(ctx, a, &found)) != BB_OK || found)
        return rc;
    /* The case's lock orders its parties' numbers and the melder rule's checks. */
    if ((rc = bb_case__lock(ctx, a->org, a->number, &c)) != BB_OK)
        return rc;
    if (strcmp(c.status, "vervallen") == 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is void"), c.number);
    if ((rc = bb_pd__case_key(ctx, c.id, c.number, key)) != BB_OK ||
        (rc = insert_row(ctx, a, &c)) != BB_OK ||
        (rc = bb_party__write_personal(ctx, key, a->id, a->in, a->postcode)) != BB_OK)
        return rc;
    return bb_party__read(ctx, a->id, &a->row);
}

int bb_party_add(bb_ctx *ctx, const char *case_number, const bb_party_new *in, bb_party **out)
{
    struct add a = {.number = case_number, .in = in};
    int rc, y, s;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", case_number, &y, &s);
    if (rc == BB_OK)
        rc = bb_fields__uuid(ctx, in->id, a.id);
    if (rc == BB_OK)
        rc = bb_party__check_plain(ctx, in, true);
    if (rc == BB_OK)
        rc = bb_party__check_personal(ctx, in, true, a.postcode);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "party");
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", add_txn, &a);
    if (rc == BB_EEXISTS && a.raced) {
        bb_ctx__clear(ctx);
        rc = bb_party__read(ctx, a.id, &a.row);
    }
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_party_free(a.row);
    return rc;
}
