/* Personal data in the registry: checks that never echo a value, and the vault calls. */
#include "fields/personal.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "fields/norm-name.h"
#include "db/db.h"
#include "base/i18n.h"
#include "keys/vault.h"
#include "keys/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_pd__unlocked(bb_ctx *ctx, const char *what)
{
    if (bb_is_unlocked(ctx))
        return BB_OK;
    return bb_ctx__fail(ctx, BB_EDENIED,
                        _("%s: personal data is stored encrypted and needs your keys: unlock "
                          "first"),
                        what);
}

int bb_pd__check_name(bb_ctx *ctx, const char *field, const char *value, size_t max)
{
    char *norm = NULL;
    int rc = bb_fields__text_quiet(ctx, field, value, max);

    /* A name must also have a canonical form, or it could never be found again. */
    if (rc == BB_OK && bb_norm__name(value, &norm) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("%s: the value is not a name"), field);
    bb_norm__free(norm);
    return rc;
}

int bb_pd__check_text(bb_ctx *ctx, const char *field, const char *value, size_t max)
{
    return value == NULL ? BB_OK : bb_fields__text_quiet(ctx, field, value, max);
}

/* Checks value as text and then its canonical form of kind. */
static int check_form(bb_ctx *ctx, const char *field, const char *value, size_t max,
                      enum bb_pd_kind kind, const char *problem)
{
    char *norm = NULL;
    int rc = bb_fields__text_quiet(ctx, field, value, max);

    if (rc == BB_OK && bb_pd__normalize(ctx, field, kind, value, "1", &norm) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s: %s", field, problem);
    bb_norm__free(norm);
    return rc;
}

int bb_pd__check_phone(bb_ctx *ctx, const char *field, const char *value)
{
    if (value == NULL)
        return BB_OK;
    return check_form(ctx, field, value, BB_PHONE_MAX, BB_PD_PHONE,
                      _("not a phone number (such as 06-12345678 or +32 2 123 45 67)"));
}

int bb_pd__check_email(bb_ctx *ctx, const char *field, const char *value)
{
    char *norm = NULL;
    int rc;

    if (value == NULL)
        return BB_OK;
    rc = bb_fields__text_quiet(ctx, field, value, BB_EMAIL_MAX);
    if (rc == BB_OK && bb_norm__email(value, &norm) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("%s: not an e-mail address (such as "
                            "naam@voorbeeld.nl)"),
                          field);
    bb_norm__free(norm);
    return rc;
}

int bb_pd__check_house_number(bb_ctx *ctx, const char *field, const char *value)
{
    char *norm = NULL;
    int rc;

    if (value == NULL)
        return BB_OK;
    rc = bb_fields__text_quiet(ctx, field, value, BB_HOUSE_NUMBER_MAX);
    if (rc == BB_OK && bb_norm__house_number(value, &norm) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("%s: not a house number (such as 12, 12a or 12-1)"),
                          field);
    bb_norm__free(norm);
    return rc;
}

int bb_pd__check_postcode(bb_ctx *ctx, const char *field, const char *value, char out[8],
                          int *digits)
{
    char *norm = NULL;
    int rc = bb_fields__text_quiet(ctx, field, value, 10);

    if (rc == BB_OK && bb_norm__postcode(value, &norm) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("%s: not a postcode (expected 1234 AB)"), field);
    if (rc == BB_OK) {
        snprintf(out, 8, "%.4s %.2s", norm, norm + 4);
        if (digits != NULL)
            *digits = atoi(out);
    }
    bb_norm__free(norm);
    return rc;
}

int bb_pd__normalize(bb_ctx *ctx, const char *field, enum bb_pd_kind kind, const char *a,
                     const char *b, char **out)
{
    int rc;

    *out = NULL;
    switch (kind) {
    case BB_PD_NAME:
        rc = bb_norm__name(a, out);
        break;
    case BB_PD_PHONE:
        rc = bb_norm__phone(a, out);
        break;
    case BB_PD_POSTCODE:
        rc = bb_norm__postcode(a, out);
        break;
    case BB_PD_EMAIL:
        rc = bb_norm__email(a, out);
        break;
    default:
        rc = bb_norm__address(a, b, out);
        break;
    }
    if (rc == BB_ENOMEM)
        return bb_ctx__fail(ctx, rc, "%s", _("out of memory"));
    if (rc != BB_OK)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: the value has no canonical form"), field);
    return BB_OK;
}

int bb_pd__put(bb_ctx *ctx, const char *key, const char *table, const char *owner,
               const char *field, const char *value)
{
    if (value == NULL)
        return BB_OK;
    return bb_vault__put(ctx, key, table, owner, field, value, strlen(value));
}

int bb_pd__index(bb_ctx *ctx, const char *key, const char *table, const char *owner,
                 const char *index, enum bb_pd_kind kind, const char *a, const char *b)
{
    char *norm = NULL;
    int rc = bb_pd__normalize(ctx, index, kind, a, b, &norm);

    if (rc == BB_OK)
        rc = bb_vault__index(ctx, key, table, owner, index, norm);
    bb_norm__free(norm);
    return rc;
}

int bb_pd__index_words(bb_ctx *ctx, const char *key, const char *table, const char *owner,
                       const char *name)
{
    char *norm = NULL;
    int rc = bb_pd__normalize(ctx, "name", BB_PD_NAME, name, NULL, &norm);

    if (rc == BB_OK)
        rc = bb_vault__index_words(ctx, key, table, owner, norm);
    bb_norm__free(norm);
    return rc;
}

int bb_pd__drop(bb_ctx *ctx, const char *table, const char *owner, const char *field)
{
    return bb_vault__drop(ctx, table, owner, field); /* and out of the owner's list */
}

int bb_pd__drop_index(bb_ctx *ctx, const char *table, const char *owner, const char *index)
{
    char field[64];
    int rc = bb_db__cmd(ctx,
                        "DELETE FROM blind_index WHERE owner_table = $1 AND owner_id = $2"
                        " AND index_name = $3",
                        3, (const char *[]){table, owner, index});

    snprintf(field, sizeof field, "index:%s", index); /* as bb_vault__index keeps it */
    return rc == BB_OK ? bb_pd__drop(ctx, table, owner, field) : rc;
}

/* Every decryption of a personal value for someone to see passes here (and only here). */
int bb_pd__get(bb_ctx *ctx, const char *table, const char *owner, const char *field, char **out)
{
    int rc = bb_vault__get(ctx, table, owner, field, out);

    if (rc == BB_ENOTFOUND) {
        bb_ctx__clear(ctx);
        *out = NULL;
        return BB_OK;
    }
    return rc;
}

void bb_pd__free(char *s)
{
    bb_vault__free(s);
}

int bb_pd__candidates(bb_ctx *ctx, const char *table, const char *index, const char *norm,
                      PGresult **res)
{
    return bb_vault__candidates(ctx, table, index, norm, res);
}

int bb_pd__index_is(bb_ctx *ctx, const char *table, const char *owner, const char *index,
                    const char *norm, bool *same)
{
    char field[64], *stored = NULL;
    int rc;

    snprintf(field, sizeof field, "index:%s", index);
    rc = bb_pd__get(ctx, table, owner, field, &stored);
    *same = rc == BB_OK && (stored == NULL || strcmp(stored, norm) == 0);
    bb_pd__free(stored);
    return rc;
}

int bb_pd__case_key(bb_ctx *ctx, const char *case_id, const char *what, char key[BB_UUID_SIZE])
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT coalesce(data_key_id::text, '') FROM bb_case"
                         " WHERE id = $1",
                         1, (const char *[]){case_id});

    if (rc == BB_OK && (PQntuples(res) != 1 || *PQgetvalue(res, 0, 0) == '\0'))
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("case %s: its personal data was destroyed (or never had a key): "
                            "nothing personal can be stored for it"),
                          what);
    else if (rc == BB_OK)
        bb_fields__copy(key, BB_UUID_SIZE, PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int bb_pd__check_note(bb_ctx *ctx, const char *field, const char *note)
{
    int rc;

    if (note == NULL)
        return BB_OK;
    rc = bb_fields__note(ctx, field, note, BB_NOTE_MAX);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, field);
    return rc;
}
