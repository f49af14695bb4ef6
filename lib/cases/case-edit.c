/* Editing a case's plain fields and recording the intake decision, with optimistic locking. */
#include "bb/case.h"
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "org/org.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct edit {
    const char *org, *number;
    long long expected;
    const bb_case_changes *ch;
    char types[BB_TYPES_MAX * BB_KEY_SIZE + 4];
    char on[BB_DATE_SIZE];
    bb_case cur;
    bb_case *row;
};

/* The intake part of the changes: a reason exactly when not suitable. */
static int check_intake(bb_ctx *ctx, struct edit *e)
{
    const bb_case_changes *ch = e->ch;

    if (ch->intake != BB_INTAKE_KEEP && ch->intake != BB_INTAKE_SUITABLE &&
        ch->intake != BB_INTAKE_NOT_SUITABLE)
        return bb_ctx__fail(ctx, BB_EINVAL, _("suitable: %d is not a decision"), (int)ch->intake);
    if (ch->intake == BB_INTAKE_NOT_SUITABLE) {
        int rc = bb_fields__key(ctx, BB_VOCAB_INTAKE_REASON, ch->intake_reason);
        return rc == BB_OK ? bb_fields__date(ctx, "intake", ch->intake_on, true, e->on) : rc;
    }
    if (ch->intake_reason != NULL)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("reason: a reason belongs to a case found not suitable"));
    if (ch->intake == BB_INTAKE_KEEP && ch->intake_on != NULL)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("intake: a date belongs to an intake decision"));
    if (ch->intake == BB_INTAKE_SUITABLE)
        return bb_fields__date(ctx, "intake", ch->intake_on, true, e->on);
    return BB_OK;
}

static int check_changes(bb_ctx *ctx, struct edit *e)
{
    const bb_case_changes *ch = e->ch;
    int rc = BB_OK;

    if (ch->source == NULL && ch->types == NULL && ch->area == NULL &&
        ch->intake == BB_INTAKE_KEEP && ch->intake_reason == NULL && ch->intake_on == NULL)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("case: nothing to change"));
    if (ch->source != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_SOURCE, ch->source);
    if (rc == BB_OK && ch->types != NULL)
        rc = bb_fields__keys(ctx, BB_VOCAB_CONFLICT_TYPE, ch->types, ch->n_types, false, e->types,
                             sizeof e->types);
    if (rc == BB_OK && ch->area != NULL && *ch->area != '\0')
        rc = bb_fields__text(ctx, "area", ch->area, BB_AREA_MAX);
    if (rc == BB_OK)
        rc = check_intake(ctx, e);
    return rc;
}

/* The rules against the locked case: open, a melder before the intake decision, dates. */
static int check_rules(bb_ctx *ctx, struct edit *e)
{
    const bb_case *c = &e->cur;
    int rc = bb_case__check_version(ctx, c, e->expected);

    if (rc == BB_OK && strcmp(c->status, "vervallen") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is void"), c->number);
    if (rc == BB_OK && strcmp(c->status, "afgesloten") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is closed: it is not edited any more"),
                          c->number);
    if (rc == BB_OK && e->ch->intake != BB_INTAKE_KEEP && strcmp(e->on, c->reported_on) < 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("intake: %s is before the report (%s)"), e->on,
                          c->reported_on);
    if (rc == BB_OK && e->ch->intake != BB_INTAKE_KEEP)
        rc = bb_case__melder_check(ctx, c->id, c->number);
    if (rc == BB_OK && e->ch->area != NULL && *e->ch->area != '\0')
        rc = bb_fields__area_exists(ctx, e->org, e->ch->area);
    return rc;
}

static int edit_txn(bb_ctx *ctx, void *arg)
{
    struct edit *e = arg;
    const bb_case_changes *ch = e->ch;
    char ver[24], intake[4];
    PGresult *res = NULL;
    int rc = bb_case__lock(ctx, e->org, e->number, &e->cur);

    bb_case_free(e->row); /* from an attempt that was rolled back */
    e->row = NULL;
    if (rc == BB_OK)
        rc = check_rules(ctx, e);
    if (rc != BB_OK)
        return rc;
    snprintf(ver, sizeof ver, "%lld", e->expected);
    snprintf(intake, sizeof intake, "%d", (int)ch->intake);
    rc = bb_db__exec(
        ctx, &res,
        "UPDATE bb_case AS c SET source = coalesce($3, source),"
        " conflict_types = coalesce($4::text[], conflict_types),"
        " area = CASE WHEN $5::text IS NULL THEN area ELSE nullif($5, '') END,"
        " intake_suitable = CASE $6::int WHEN 0 THEN intake_suitable ELSE $6::int = 1 END,"
        " intake_reason = CASE $6::int WHEN 0 THEN intake_reason ELSE $7 END,"
        " intake_on = CASE $6::int WHEN 0 THEN intake_on ELSE $8::date END"
        " WHERE c.id = $1 AND c.version = $2::int RETURNING " BB_CASE_COLS,
        8,
        (const char *[]){e->cur.id, ver, ch->source, ch->types ? e->types : NULL, ch->area, intake,
                         ch->intake == BB_INTAKE_NOT_SUITABLE ? ch->intake_reason : NULL,
                         ch->intake != BB_INTAKE_KEEP ? e->on : NULL});
    if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, &e->row);
    PQclear(res);
    return rc;
}

int bb_case_edit(bb_ctx *ctx, const char *number, long long expected_version,
                 const bb_case_changes *changes, bb_case **out)
{
    struct edit e = {.number = number, .expected = expected_version, .ch = changes};
    int rc, y, s;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &e.org);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", number, &y, &s);
    if (rc == BB_OK && expected_version < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          expected_version);
    if (rc == BB_OK)
        rc = check_changes(ctx, &e);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", edit_txn, &e);
    if (rc == BB_OK && out != NULL) {
        *out = e.row;
        e.row = NULL;
    }
    bb_case_free(e.row);
    return rc;
}
