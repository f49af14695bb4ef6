/* Writing a field keeps the lists of keys/lists.c: the owner's list of fields gains the field,
 * the case's list of rows the owner, in the same statement as the field (bb_vault__put). A
 * list that should be there and is not (deleted behind bb's back) is not made anew from what
 * is left: the write is refused, naming what is missing. */
#include "keys/vault.h"
#include "keys/keychain.h"
#include "bb/error.h"
#include "crypto/blob.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lists of the owner (table $1, id $2) and of its case (table $4), locked, with the case's
 * id and the owner's fields (BB_VAULT_OWN_FIELDS). Only the lists are locked: the lists change
 * after what they say. Formatted with the container's SQL twice (bb_vault__container_sql). */
#define LISTS_SQL                                                                                  \
    "SELECT coalesce(%s::text, ''), f.field, f.blob, f.data_key_id, " BB_VAULT_OWN_FIELDS          \
    " FROM personal_field f WHERE f.org_id = $3 AND (f.owner_table = $1"                           \
    " AND f.owner_id = $2::uuid AND f.field = '" BB_VAULT_FIELDS "' OR f.owner_table = $4"         \
    " AND f.owner_id = %s AND f.field = '" BB_VAULT_OWNERS "') FOR UPDATE OF f"

typedef struct put_job {
    bb_ctx *ctx;
    bb_keychain *kc;
    bb_secret *dk;
    const char *key_id, *table, *owner, *ot;
    const PGresult *res;      /* the lists (LISTS_SQL) */
    int fields_at, owners_at; /* their rows, or -1 */
    const char *names;        /* the owner's fields, "name/3,phone/2" */
    bool kept;                /* the case's or volunteer's key holds fields of version 3 */
    bool asked;               /* kept is known */
} put_job;

/* Opens list `which` of (table, owner) in container from row r of the lists: with dk when it
 * is under the key written to, else with the key the row names. */
static int open_row(put_job *j, int r, const char *table, const char *owner, const char *container,
                    const char *which, bb_vault_list *out)
{
    const char *key = PQgetvalue(j->res, r, 3);
    bb_secret *other = NULL;
    uint8_t *blob = NULL;
    size_t bl = 0;
    int rc = BB_OK;

    if (strcmp(key, j->key_id) != 0)
        rc = bb_vault__load_data_key(j->ctx, j->kc, key, &other);
    if (rc == BB_OK)
        rc = bb_db__bytea(j->ctx, j->res, r, 2, &blob, &bl);
    if (rc == BB_OK && bb_vault__list_open(other != NULL ? other : j->dk, table, owner, container,
                                           which, blob, bl, out) != BB_OK)
        rc = bb_vault__list_damaged(j->ctx, table, owner, which);
    free(blob);
    bb_secret__free(other);
    return rc;
}

/* Whether the owner has fields of version 3 (names as BB_VAULT_OWN_FIELDS gives them). */
static bool has_v3(const char *names)
{
    char tail[8];

    snprintf(tail, sizeof tail, "/%d", BB_VAULT_AD);
    for (const char *p = names; (p = strstr(p, tail)) != NULL; p += strlen(tail))
        if (p[strlen(tail)] == ',' || p[strlen(tail)] == '\0')
            return true;
    return false;
}

/* The case's list of rows (into owners), and whether the lists are where they must be: a list
 * of fields wherever the owner has fields of version 3, is named in its case's list or (a
 * volunteer) has a data key with such fields; a case's list wherever its data key has them. */
static int check_lists(put_job *j, const char *container, bb_vault_list *owners, const char *field)
{
    char entry[BB_VAULT_ROW];
    int rc = BB_OK;

    if (j->owners_at >= 0)
        rc = open_row(j, j->owners_at, j->ot, container, container, BB_VAULT_OWNERS, owners);
    /* Only a missing list needs the key's other fields asked. */
    if (rc == BB_OK && !j->asked &&
        (j->ot != NULL ? j->owners_at < 0 && *container != '\0' : j->fields_at < 0))
        rc = bb_vault__kept_lists(j->ctx, j->table, j->owner, &j->kept, NULL, NULL);
    snprintf(entry, sizeof entry, "%s/%s", j->table, j->owner);
    if (rc == BB_OK && j->fields_at < 0 &&
        (has_v3(j->names) || bb_vault__list_has(owners, entry) || (j->ot == NULL && j->kept)))
        rc = bb_vault__missing(j->ctx, BB_VAULT_MISSING_FIELDS, field, j->table, j->owner);
    if (rc == BB_OK && j->ot != NULL && *container != '\0' && j->owners_at < 0 && j->kept)
        rc = bb_vault__missing(j->ctx, BB_VAULT_MISSING_LISTS, field, j->table, j->owner);
    return rc;
}

/* The owner's list of fields with field in it: the one stored, or, for an owner without one
 * yet (new, or written before lists were kept), the fields it has now. *changed when it
 * changed or is new. */
static int fields_list(put_job *j, const char *container, const char *field, bb_vault_list *l,
                       bool *changed)
{
    char name[BB_VAULT_ROW];
    int rc = BB_OK;

    if (j->fields_at >= 0)
        rc = open_row(j, j->fields_at, j->table, j->owner, container, BB_VAULT_FIELDS, l);
    for (const char *p = j->names; j->fields_at < 0 && rc >= 0 && *p != '\0';) {
        size_t n = strcspn(p, ","), len = n;
        while (len > 0 && p[len - 1] != '/') /* the name before "/version" */
            len--;
        snprintf(name, sizeof name, "%.*s", (int)(len > 0 ? len - 1 : n), p);
        rc = bb_vault__list_add(l, name);
        p += n + (p[n] == ',');
    }
    if (rc >= 0)
        rc = bb_vault__list_add(l, field);
    *changed = rc > 0 || j->fields_at < 0;
    return rc < 0 ? rc : BB_OK;
}

/* The lists, locked, into j; up->container. An owner without lists in a case without one
 * asks the case's key and the owner's fields once more. */
static int read_lists(put_job *j, PGresult **res, char **names, bb_vault_put_lists *up)
{
    const char *c = bb_vault__container_sql(j->table);
    const char *p[4] = {j->table, j->owner, j->ctx->org_id, j->ot != NULL ? j->ot : ""};
    char sql[1024];
    int rc;

    snprintf(sql, sizeof sql, LISTS_SQL, c, c);
    if ((rc = bb_db__exec(j->ctx, res, sql, 4, p)) != BB_OK)
        return rc;
    j->res = *res;
    for (int r = 0; r < PQntuples(*res); r++) {
        if (strcmp(PQgetvalue(*res, r, 1), BB_VAULT_FIELDS) == 0)
            j->fields_at = r;
        else if (j->ot != NULL)
            j->owners_at = r;
    }
    if (PQntuples(*res) > 0) {
        snprintf(up->container, sizeof up->container, "%s", PQgetvalue(*res, 0, 0));
        j->names = PQgetvalue(*res, 0, 4);
        return BB_OK;
    }
    j->asked = true;
    rc = bb_vault__kept_lists(j->ctx, j->table, j->owner, &j->kept, up->container, names);
    j->names = *names != NULL ? *names : "";
    return rc;
}

int bb_vault__lists_put(bb_ctx *ctx, bb_keychain *kc, bb_secret *dk, const char *key_id,
                        const char *table, const char *owner, const char *field,
                        bb_vault_put_lists *up)
{
    const char *ot = bb_vault__owners_table(table);
    put_job j = {ctx, kc, dk, key_id, table, owner, ot, NULL, -1, -1, "", false, false};
    PGresult *res = NULL;
    bb_vault_list fields = {0}, owners = {0};
    char entry[BB_VAULT_ROW], *names = NULL;
    bool fc = false, oc = false;
    int rc = read_lists(&j, &res, &names, up);

    snprintf(entry, sizeof entry, "%s/%s", table, owner);
    up->owners_table = ot != NULL && *up->container != '\0' ? ot : NULL;
    if (rc == BB_OK && (rc = check_lists(&j, up->container, &owners, field)) == BB_OK)
        rc = fields_list(&j, up->container, field, &fields, &fc);
    if (rc == BB_OK && up->owners_table != NULL) {
        rc = bb_vault__list_add(&owners, entry);
        oc = rc > 0 || j.owners_at < 0;
        rc = rc < 0 ? rc : BB_OK;
    }
    if (rc == BB_ENOMEM)
        rc = bb_ctx__fail(ctx, rc, "%s", _("out of memory"));
    if (rc == BB_OK &&
        ((fc && bb_vault__list_seal(dk, table, owner, up->container, BB_VAULT_FIELDS, &fields,
                                    &up->fields, &up->fields_len) != BB_OK) ||
         (oc && bb_vault__list_seal(dk, ot, up->container, up->container, BB_VAULT_OWNERS, &owners,
                                    &up->owners, &up->owners_len) != BB_OK)))
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("%s: cannot encrypt the value"), field);
    bb_vault__list_free(&fields);
    bb_vault__list_free(&owners);
    free(names);
    PQclear(res);
    return rc;
}

void bb_vault__lists_put_free(bb_vault_put_lists *up)
{
    free(up->fields);
    free(up->owners);
    up->fields = up->owners = NULL;
}
