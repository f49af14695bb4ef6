/* Finding a person's records: through the blind indexes where there are any, each candidate
 * decrypted and compared, since a truncated index has false matches. */
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "keys/vault.h"
#include "privacy/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQL is assembled from macros here; clang-format would break it mid-string. */
/* clang-format off */

int bb_person__resolve(bb_ctx *ctx, const char *person, bb_person_ref *ref)
{
    char uuid[BB_UUID_SIZE];
    PGresult *res = NULL;
    int number, rc;

    memset(ref, 0, sizeof *ref);
    if (person == NULL || *person == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("person: give a party id or a volunteer number (bbctl person "
                              "find shows them)"));
    if (strlen(person) == BB_UUID_SIZE - 1 && bb_fields__uuid(ctx, person, uuid) == BB_OK) {
        rc = bb_db__exec(ctx, &res,
                         "SELECT p.id, " BB_PERSON_CASE_NUMBER("c") " FROM party p JOIN bb_case c"
                         " ON c.id = p.case_id WHERE p.org_id = $1 AND p.id = $2",
                         2, (const char *[]){ctx->org_id, uuid});
    } else if (bb_fields__volunteer_number(ctx, "person", person, &number) == BB_OK) {
        char n[16];
        snprintf(n, sizeof n, "%d", number);
        ref->volunteer = true;
        bb_fields__format_volunteer_number(ref->number, number);
        rc = bb_db__exec(ctx, &res,
                         "SELECT id, '' FROM volunteer WHERE org_id = $1 AND number = $2", 2,
                         (const char *[]){ctx->org_id, n});
    } else {
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("person: '%s' is neither a party id nor a volunteer number"),
                            person);
    }
    bb_ctx__clear(ctx);
    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("person: no person '%s' in this organisation"),
                          person);
    if (rc == BB_OK) {
        snprintf(ref->id, sizeof ref->id, "%s", PQgetvalue(res, 0, 0));
        snprintf(ref->case_number, sizeof ref->case_number, "%s", PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return rc;
}

/* The kind of normalisation of an index. */
static enum bb_pd_kind kind_of(const char *index)
{
    if (strcmp(index, "address") == 0)
        return BB_PD_ADDRESS;
    if (strcmp(index, "phone") == 0)
        return BB_PD_PHONE;
    if (strcmp(index, "email") == 0)
        return BB_PD_EMAIL;
    return BB_PD_NAME;
}

/* The canonical value computed from the decrypted fields the index is made of. */
static int canon_from_fields(bb_ctx *ctx, const char *table, const char *id, const char *index,
                             char out[BB_CANON_SIZE], bool *found)
{
    enum bb_pd_kind kind = kind_of(index);
    char *a = NULL, *b = NULL, *norm = NULL;
    int rc = bb_pd__get(ctx, table, id, kind == BB_PD_ADDRESS ? "postcode" : index, &a);

    if (rc == BB_OK && kind == BB_PD_ADDRESS)
        rc = bb_pd__get(ctx, table, id, "house_number", &b);
    if (rc == BB_OK && a != NULL && (kind != BB_PD_ADDRESS || b != NULL)) {
        /* A stored value without a canonical form matches nothing. */
        if (bb_pd__normalize(ctx, index, kind, a, b, &norm) == BB_OK)
            *found = snprintf(out, BB_CANON_SIZE, "%s", norm) < BB_CANON_SIZE;
        bb_ctx__clear(ctx);
    }
    bb_norm__free(norm);
    bb_pd__free(a);
    bb_pd__free(b);
    return rc;
}

int bb_person__canon(bb_ctx *ctx, const char *table, const char *id, const char *index,
                     char out[BB_CANON_SIZE], bool *found)
{
    char field[64], *stored = NULL;
    int rc;

    *found = false;
    out[0] = '\0';
    snprintf(field, sizeof field, "index:%s", index);
    rc = bb_pd__get(ctx, table, id, field, &stored);
    if (rc == BB_OK && stored != NULL)
        *found = snprintf(out, BB_CANON_SIZE, "%s", stored) < BB_CANON_SIZE;
    else if (rc == BB_OK)
        rc = canon_from_fields(ctx, table, id, index, out, found);
    bb_pd__free(stored);
    return rc;
}

/* Whether rows of table may hold a value of index without the index: volunteers have only an
 * address index, and parties stored before the e-mail index have none for their e-mail. Every
 * other index was written with its value from the start. */
static bool unindexed(const char *table, const char *index)
{
    if (strcmp(table, "volunteer") == 0)
        return strcmp(index, "address") != 0;
    return strcmp(index, "email") == 0;
}

/* Candidates in table for canonical value norm of index: the rows its blind index names, and
 * where some rows may lack the index, those that have the value's field but no index. */
static int candidates(bb_ctx *ctx, const char *table, const char *index, const char *norm,
                      PGresult **res)
{
    char value[16];
    int rc = bb_vault__index_value(ctx, table, index, norm, value);
    const char *p[4] = {ctx->org_id, table, index, value};

    *res = NULL;
    if (rc != BB_OK)
        return rc;
    if (!unindexed(table, index))
        return bb_db__exec(ctx, res,
                           "SELECT owner_id FROM blind_index WHERE org_id = $1 AND owner_table"
                           " = $2 AND index_name = $3 AND value = $4",
                           4, p);
    return bb_db__exec(ctx, res,
                       "SELECT owner_id FROM blind_index WHERE org_id = $1 AND owner_table = $2"
                       " AND index_name = $3 AND value = $4"
                       " UNION SELECT f.owner_id FROM personal_field f WHERE f.org_id = $1"
                       " AND f.owner_table = $2 AND f.field = $3 AND NOT EXISTS (SELECT 1 FROM"
                       " blind_index b WHERE b.owner_table = $2 AND b.owner_id = f.owner_id"
                       " AND b.index_name = $3)",
                       4, p);
}

/* Appends the ids of candidates whose canonical value really is norm to *ids (a comma list
 * being built), except skip. */
static int confirmed(bb_ctx *ctx, const char *table, const char *index, const char *norm,
                     const char *skip, char **ids)
{
    char canon[BB_CANON_SIZE];
    PGresult *res = NULL;
    bool found;
    int rc = candidates(ctx, table, index, norm, &res);

    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        const char *id = PQgetvalue(res, r, 0);
        if (skip != NULL && strcmp(id, skip) == 0)
            continue;
        rc = bb_person__canon(ctx, table, id, index, canon, &found);
        if (rc == BB_OK && found && strcmp(canon, norm) == 0) {
            char *more = NULL;
            if (asprintf(&more, "%s%s%s", *ids, **ids ? "," : "", id) < 0)
                rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
            free(*ids);
            *ids = more;
        }
    }
    explicit_bzero(canon, sizeof canon);
    PQclear(res);
    return rc;
}

int bb_person__matching(bb_ctx *ctx, const char *table, const char *index, const char *norm,
                        char **ids)
{
    char *list = strdup("");
    int rc = list ? confirmed(ctx, table, index, norm, NULL, &list)
                  : bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));

    *ids = NULL;
    if (rc == BB_OK && asprintf(ids, "{%s}", list) < 0)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    free(list);
    return rc;
}

/* Whether two parties share an address, phone number or e-mail address. */
static int share_contact(bb_ctx *ctx, const char *a, const char *b, bool *same)
{
    static const char *const indexes[] = {"address", "phone", "email"};
    char ca[BB_CANON_SIZE], cb[BB_CANON_SIZE];
    bool fa, fb;
    int rc = BB_OK;

    *same = false;
    for (size_t i = 0; rc == BB_OK && !*same && i < sizeof indexes / sizeof *indexes; i++) {
        rc = bb_person__canon(ctx, "party", a, indexes[i], ca, &fa);
        if (rc == BB_OK && fa)
            rc = bb_person__canon(ctx, "party", b, indexes[i], cb, &fb);
        *same = rc == BB_OK && fa && fb && strcmp(ca, cb) == 0;
    }
    explicit_bzero(ca, sizeof ca);
    explicit_bzero(cb, sizeof cb);
    return rc;
}

int bb_person__same(bb_ctx *ctx, const char *id, char **ids)
{
    char name[BB_CANON_SIZE], *named = strdup(""), *list = strdup(id), *p;
    bool found, same;
    int rc = named && list ? BB_OK : bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));

    *ids = NULL;
    if (rc == BB_OK)
        rc = bb_person__canon(ctx, "party", id, "name", name, &found);
    if (rc == BB_OK && found)
        rc = confirmed(ctx, "party", "name", name, id, &named);
    for (p = named ? strtok(named, ",") : NULL; rc == BB_OK && p != NULL; p = strtok(NULL, ",")) {
        rc = share_contact(ctx, id, p, &same);
        if (rc == BB_OK && same) {
            char *more = NULL;
            if (asprintf(&more, "%s,%s", list, p) < 0)
                rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
            free(list);
            list = more;
        }
    }
    if (rc == BB_OK && asprintf(ids, "{%s}", list) < 0)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    explicit_bzero(name, sizeof name);
    free(named);
    free(list);
    return rc;
}
/* clang-format on */
