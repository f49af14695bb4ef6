/* Corrections of contact moments: edit (optimistic locking on the contact's version) and
 * remove (with a reason in the audit log). The figures follow through the stat triggers on
 * contact and contact_volunteer (schema/functions/stats-upkeep.sql). */
#include "audit/audit.h"
#include "bb/contact.h"
#include "bb/error.h"
#include "base/i18n.h"
#include "cases/contact-row.h"
#include "db/db.h"
#include "fields/fields.h"
#include "fields/personal.h"
#include "keys/vault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 500

struct fix {
    const char *org, *number, *contact, *reason;
    const bb_contact_changes *ch;
    long long expected;
    char year[16], seq[16], date[BB_DATE_SIZE], minutes[16], ver[24];
    char with[BB_CONTACT_WITH_MAX * 12 + 4];
    char id[BB_UUID_SIZE], case_id[BB_UUID_SIZE], reported[BB_DATE_SIZE];
    bb_contact *row;
};

/* The contact (a unique prefix of its id) of the case, locked; refused on a void case. */
static int find(bb_ctx *ctx, struct fix *f)
{
    PGresult *res = NULL;
    long long version = 0;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT k.id, k.version, c.id, to_char(c.reported_on, 'YYYY-MM-DD'),"
                         " c.status FROM contact k JOIN bb_case c ON c.id = k.case_id"
                         " WHERE c.org_id = $1 AND c.year = $2 AND c.seq = $3"
                         " AND k.id::text LIKE lower($4) || '%' ORDER BY k.id LIMIT 2"
                         " FOR UPDATE OF k",
                         4, (const char *[]){f->org, f->year, f->seq, f->contact});

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("contact: case %s has no contact %s"), f->number,
                          f->contact);
    else if (rc == BB_OK && PQntuples(res) > 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("contact: %s matches several contacts of case %s: give more of its id"),
                          f->contact, f->number);
    else if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 4), "vervallen") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is void"), f->number);
    if (rc == BB_OK) {
        bb_fields__copy(f->id, sizeof f->id, PQgetvalue(res, 0, 0));
        version = atoll(PQgetvalue(res, 0, 1));
        bb_fields__copy(f->case_id, sizeof f->case_id, PQgetvalue(res, 0, 2));
        bb_fields__copy(f->reported, sizeof f->reported, PQgetvalue(res, 0, 3));
    }
    PQclear(res);
    if (rc == BB_OK && f->ch != NULL && version != f->expected)
        rc = bb_fields__conflict(ctx, "contact", f->id, _("the contact"), f->expected, version);
    return rc;
}

static int write_with_and_note(bb_ctx *ctx, struct fix *f)
{
    char key[BB_UUID_SIZE];
    PGresult *res = NULL;
    int rc = BB_OK;

    if (f->ch->set_with)
        rc = bb_db__exec(ctx, &res,
                         "SELECT 'V-' || lpad(n::text, 4, '0') FROM unnest($2::int[]) AS n"
                         " WHERE NOT EXISTS (SELECT 1 FROM volunteer"
                         " WHERE org_id = $1 AND number = n) LIMIT 1",
                         2, (const char *[]){f->org, f->with});
    if (rc == BB_OK && res != NULL && PQntuples(res) > 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("with: no volunteer %s"), PQgetvalue(res, 0, 0));
    PQclear(res);
    if (rc == BB_OK && f->ch->set_with)
        rc = bb_db__cmd(ctx, "DELETE FROM contact_volunteer WHERE contact_id = $1", 1,
                        (const char *[]){f->id});
    if (rc == BB_OK && f->ch->set_with)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO contact_volunteer (org_id, contact_id, volunteer_id)"
                        " SELECT $1, $2, id FROM volunteer"
                        " WHERE org_id = $1 AND number = ANY ($3::int[])",
                        3, (const char *[]){f->org, f->id, f->with});
    if (rc == BB_OK && f->ch->note != NULL &&
        (rc = bb_pd__case_key(ctx, f->case_id, f->number, key)) == BB_OK)
        rc = bb_pd__put(ctx, key, "contact", f->id, "note", f->ch->note);
    return rc;
}

static int edit_txn(bb_ctx *ctx, void *arg)
{
    struct fix *f = arg;
    const bb_contact_changes *ch = f->ch;
    int rc = find(ctx, f);

    bb_contact_free(f->row); /* from an attempt that was rolled back */
    f->row = NULL;
    if (rc == BB_OK && ch->date != NULL && strcmp(f->date, f->reported) < 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("date: %s is before the report (%s)"), f->date,
                          f->reported);
    if (rc != BB_OK)
        return rc;
    rc = bb_db__cmd(
        ctx,
        "UPDATE contact SET contact_on = coalesce($3::date, contact_on),"
        " kind = coalesce($4, kind), minutes = CASE $5::int WHEN -2 THEN minutes"
        " ELSE nullif($5::int, -1) END WHERE id = $1 AND version = $2::int",
        5,
        (const char *[]){f->id, f->ver, ch->date != NULL ? f->date : NULL, ch->kind, f->minutes});
    if (rc == BB_OK)
        rc = write_with_and_note(ctx, f);
    return rc == BB_OK ? bb_contact__read(ctx, f->org, f->id, &f->row) : rc;
}

/* The arguments every correction has: the case number, the contact and the organisation. */
static int check_common(bb_ctx *ctx, struct fix *f)
{
    int rc = bb_ctx__org(ctx, &f->org), y = 0, s = 0;

    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", f->number, &y, &s);
    if (rc == BB_OK && (f->contact == NULL || strlen(f->contact) < 8 ||
                        strspn(f->contact, "0123456789abcdefABCDEF-") != strlen(f->contact)))
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("contact: '%s' is not a contact's id (8 or more of its characters)"),
                          f->contact ? f->contact : "");
    snprintf(f->year, sizeof f->year, "%d", y);
    snprintf(f->seq, sizeof f->seq, "%d", s);
    return rc;
}

static int check_changes(bb_ctx *ctx, struct fix *f)
{
    const bb_contact_changes *ch = f->ch;
    int rc = BB_OK;

    if (f->expected < 1)
        return bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                            f->expected);
    if (ch->kind != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_CONTACT_KIND, ch->kind);
    if (rc == BB_OK && ch->date != NULL)
        rc = bb_fields__date(ctx, "date", ch->date, true, f->date);
    if (rc == BB_OK && ch->minutes != BB_CONTACT_KEEP_MINUTES &&
        (ch->minutes < -1 || ch->minutes > BB_MINUTES_MAX))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("minutes: %d is not between 0 and %d"), ch->minutes,
                          BB_MINUTES_MAX);
    if (rc == BB_OK && ch->set_with)
        rc = bb_contact__with(ctx, ch->with, ch->n_with, f->with, sizeof f->with);
    if (rc == BB_OK)
        rc = bb_pd__check_note(ctx, "note", ch->note);
    snprintf(f->minutes, sizeof f->minutes, "%d", ch->minutes);
    snprintf(f->ver, sizeof f->ver, "%lld", f->expected);
    return rc;
}

int bb_contact_edit(bb_ctx *ctx, const char *case_number, const char *contact,
                    long long expected_version, const bb_contact_changes *changes, bb_contact **out)
{
    struct fix f = {
        .number = case_number, .contact = contact, .ch = changes, .expected = expected_version};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = check_common(ctx, &f);
    if (rc == BB_OK)
        rc = check_changes(ctx, &f);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", edit_txn, &f);
    if (rc == BB_OK && out != NULL) {
        *out = f.row;
        f.row = NULL;
    }
    bb_contact_free(f.row);
    return rc;
}

static int remove_txn(bb_ctx *ctx, void *arg)
{
    struct fix *f = arg;
    int rc = find(ctx, f);

    if (rc == BB_OK) /* its note, and it out of its case's list */
        rc = bb_vault__forget(ctx, "contact", f->id);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "DELETE FROM contact WHERE id = $1", 1, (const char *[]){f->id});
    if (rc == BB_OK) /* no earlier copy of the removed note opens again */
        rc = bb_vault__renew_case(ctx, f->case_id);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "SELECT bb_audit_append($1, 'contact_remove', $2, jsonb_build_object("
                        "'contact', $3::text, 'reason', $4::text))",
                        4, (const char *[]){f->org, f->case_id, f->id, f->reason});
    return rc;
}

int bb_contact_remove(bb_ctx *ctx, const char *case_number, const char *contact, const char *reason)
{
    struct fix f = {.number = case_number, .contact = contact, .reason = reason};
    int rc;

    bb_ctx__clear(ctx);
    rc = check_common(ctx, &f);
    if (rc == BB_OK && (reason == NULL || reason[strspn(reason, " \t")] == '\0'))
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s",
                          _("reason: required (why the contact is removed, without personal "
                            "data)"));
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "reason", reason, REASON_MAX);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", remove_txn, &f);
    return rc;
}
