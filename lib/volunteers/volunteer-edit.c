/* Changing a volunteer: plain parts and personal fields, with optimistic locking, in one
 * transaction. Checks as bb_volunteer_add; "" clears an optional personal field. */
#include "bb/error.h"
#include "bb/volunteer.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"
#include "fields/fields.h"
#include "org/org.h"
#include "volunteers/volunteer-row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct edit {
    const char *org, *number;
    const bb_volunteer_changes *ch;
    long long expected;
    char num[16], capacity[16];
    char types[BB_TYPES_MAX * BB_KEY_SIZE + 4];
    char pc[8]; /* the new postcode, canonical: indexed, never stored */
    int postcode;
    char key[BB_UUID_SIZE]; /* the volunteer's data key, "" when destroyed */
    char area[BB_AREA_SIZE];
    bool area_set; /* write area ("" for none) */
    bb_volunteer *cur, *row;
};

static bool personal_change(const bb_volunteer_changes *ch)
{
    return ch->name || ch->phone || ch->email || ch->postcode || ch->house_number;
}

static bool any_change(const bb_volunteer_changes *ch)
{
    return personal_change(ch) || ch->area || ch->capacity >= 0 || ch->types_given;
}

/* "" clears the optional fields, so only a value is checked. */
static const char *value_or_null(const char *s)
{
    return s != NULL && *s != '\0' ? s : NULL;
}

static int check_personal(bb_ctx *ctx, struct edit *e)
{
    const bb_volunteer_changes *ch = e->ch;
    int rc = BB_OK;

    if (ch->name != NULL)
        rc = bb_pd__check_name(ctx, "name", ch->name, BB_NAME_MAX);
    if (rc == BB_OK)
        rc = bb_pd__check_phone(ctx, "phone", value_or_null(ch->phone));
    if (rc == BB_OK)
        rc = bb_pd__check_email(ctx, "email", value_or_null(ch->email));
    if (rc == BB_OK && ch->postcode != NULL)
        rc = bb_pd__check_postcode(ctx, "postcode", ch->postcode, e->pc, &e->postcode);
    if (rc == BB_OK)
        rc = bb_pd__check_house_number(ctx, "number", value_or_null(ch->house_number));
    /* The postcode is kept only as an index, so a house number cannot be paired with it. */
    if (rc == BB_OK && value_or_null(ch->house_number) && ch->postcode == NULL)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s",
                          _("number: give the postcode with the house number (the postcode is "
                            "not stored, only indexed)"));
    return rc;
}

/* The input checks: nothing is written when one fails. */
static int check_edit(bb_ctx *ctx, struct edit *e)
{
    const bb_volunteer_changes *ch = e->ch;
    int rc = bb_ctx__org(ctx, &e->org), n = 0;

    if (rc == BB_OK)
        rc = bb_fields__volunteer_number(ctx, "volunteer", e->number, &n);
    if (rc == BB_OK && e->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          e->expected);
    if (rc == BB_OK && !any_change(ch))
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("volunteer: nothing to change"));
    if (rc == BB_OK)
        rc = check_personal(ctx, e);
    if (rc == BB_OK && value_or_null(ch->area))
        rc = bb_fields__text(ctx, "area", ch->area, BB_AREA_MAX);
    if (rc == BB_OK && (ch->capacity < -1 || ch->capacity > BB_CAPACITY_MAX))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("capacity: %d is not between 0 and %d"), ch->capacity,
                          BB_CAPACITY_MAX);
    if (rc == BB_OK && ch->types_given)
        rc = bb_fields__keys(ctx, BB_VOCAB_CONFLICT_TYPE, ch->types, ch->n_types, true, e->types,
                             sizeof e->types);
    if (rc == BB_OK && personal_change(ch))
        rc = bb_pd__unlocked(ctx, "volunteer");
    snprintf(e->num, sizeof e->num, "%d", n);
    snprintf(e->capacity, sizeof e->capacity, "%d", ch->capacity);
    return rc;
}

/* Locks the volunteer and checks the version the caller saw. */
static int lock_volunteer(bb_ctx *ctx, struct edit *e)
{
    PGresult *res = NULL;
    char what[64];
    int rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_VOLUNTEER_COLS ", coalesce(v.data_key_id::text, '')"
                         " FROM volunteer v WHERE v.org_id = $1 AND v.number = $2 FOR UPDATE",
                         2, (const char *[]){e->org, e->num});

    if (rc == BB_OK)
        rc = bb_volunteer__one_row(ctx, res, e->number, &e->cur);
    if (rc == BB_OK)
        bb_fields__copy(e->key, sizeof e->key, PQgetvalue(res, 0, BB_VOLUNTEER_NCOLS));
    PQclear(res);
    if (rc != BB_OK)
        return rc;
    snprintf(what, sizeof what, _("volunteer %s"), e->cur->number);
    if (e->cur->version != e->expected)
        return bb_fields__conflict(ctx, "volunteer", e->cur->id, what, e->expected,
                                   e->cur->version);
    if (personal_change(e->ch) && e->key[0] == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, _("volunteer: the personal data of %s was destroyed"),
                            e->cur->number);
    return BB_OK;
}

/* The area to write: the one given (it must exist, "" for none), or derived again from a new
 * postcode; left alone otherwise. */
static int resolve_area(bb_ctx *ctx, struct edit *e)
{
    if (e->ch->area != NULL) {
        e->area_set = true;
        bb_fields__copy(e->area, sizeof e->area, e->ch->area);
        return e->area[0] ? bb_fields__area_exists(ctx, e->org, e->area) : BB_OK;
    }
    if (e->ch->postcode == NULL)
        return BB_OK;
    e->area_set = true;
    return bb_fields__area_for(ctx, e->org, e->postcode, e->area, sizeof e->area);
}

/* Records the personal fields changed in the row's revision, so a conflict names them too. */
static int note_personal_revision(bb_ctx *ctx, struct edit *e)
{
    const bb_volunteer_changes *ch = e->ch;
    const char *names[] = {"name", "phone", "email", "postcode", "house_number"};
    const char *values[] = {ch->name, ch->phone, ch->email, ch->postcode, ch->house_number};
    char cols[96] = "{", ver[24];
    size_t o = 1;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (values[i] != NULL)
            o += (size_t)snprintf(cols + o, sizeof cols - o, "%s%s", o > 1 ? "," : "", names[i]);
    snprintf(cols + o, sizeof cols - o, "}");
    snprintf(ver, sizeof ver, "%lld", e->expected + 1);
    return bb_db__cmd(ctx,
                      "UPDATE row_revision SET columns = columns || $3::text[]"
                      " WHERE tbl = 'volunteer' AND row_id = $1 AND version = $2::int",
                      3, (const char *[]){e->cur->id, ver, cols});
}

/* Writes (or, for "", removes) one optional encrypted field. */
static int put_or_drop(bb_ctx *ctx, struct edit *e, const char *field, const char *value)
{
    if (value == NULL)
        return BB_OK;
    if (*value == '\0')
        return bb_pd__drop(ctx, "volunteer", e->cur->id, field);
    return bb_pd__put(ctx, e->key, "volunteer", e->cur->id, field, value);
}

static int write_personal(bb_ctx *ctx, struct edit *e)
{
    const bb_volunteer_changes *ch = e->ch;
    const char *id = e->cur->id;
    int rc = note_personal_revision(ctx, e);

    if (rc == BB_OK)
        rc = put_or_drop(ctx, e, "name", ch->name);
    if (rc == BB_OK)
        rc = put_or_drop(ctx, e, "phone", ch->phone);
    if (rc == BB_OK)
        rc = put_or_drop(ctx, e, "email", ch->email);
    if (rc == BB_OK && ch->postcode != NULL)
        rc = bb_pd__index(ctx, e->key, "volunteer", id, "postcode", BB_PD_POSTCODE, e->pc, NULL);
    /* A new postcode or a cleared number ends the old address; a number with it starts one. */
    if (rc == BB_OK && (ch->postcode != NULL || ch->house_number != NULL))
        rc = value_or_null(ch->house_number) ? bb_pd__index(ctx, e->key, "volunteer", id, "address",
                                                            BB_PD_ADDRESS, e->pc, ch->house_number)
                                             : bb_pd__drop_index(ctx, "volunteer", id, "address");
    return rc;
}

static int edit_txn(bb_ctx *ctx, void *arg)
{
    struct edit *e = arg;
    const bb_volunteer_changes *ch = e->ch;
    char ver[24];
    PGresult *res = NULL;
    int rc;

    bb_volunteer_free(e->cur); /* from an attempt that was rolled back */
    bb_volunteer_free(e->row);
    e->cur = e->row = NULL;
    e->area_set = false;
    if ((rc = lock_volunteer(ctx, e)) != BB_OK || (rc = resolve_area(ctx, e)) != BB_OK)
        return rc;
    snprintf(ver, sizeof ver, "%lld", e->expected);
    /* Always an update, so the version moves for personal changes too. */
    rc = bb_db__cmd(ctx,
                    "UPDATE volunteer SET area = CASE WHEN $3::bool THEN $4 ELSE area END,"
                    " capacity = CASE WHEN $5::int < 0 THEN capacity ELSE $5::int END,"
                    " preferred_types = coalesce($6::text[], preferred_types)"
                    " WHERE id = $1 AND version = $2::int",
                    6,
                    (const char *[]){e->cur->id, ver, e->area_set ? "true" : "false",
                                     e->area[0] ? e->area : NULL, e->capacity,
                                     ch->types_given ? e->types : NULL});
    if (rc == BB_OK && personal_change(ch))
        rc = write_personal(ctx, e);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res, "SELECT " BB_VOLUNTEER_COLS " FROM volunteer v WHERE v.id = $1",
                         1, (const char *[]){e->cur->id});
    if (rc == BB_OK)
        rc = bb_volunteer__one_row(ctx, res, e->cur->number, &e->row);
    PQclear(res);
    return rc;
}

int bb_volunteer_edit(bb_ctx *ctx, const char *number, long long expected_version,
                      const bb_volunteer_changes *ch, bb_volunteer **out)
{
    struct edit e = {.number = number, .expected = expected_version, .ch = ch};
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
    bb_volunteer_free(e.cur);
    bb_volunteer_free(e.row);
    return rc;
}
