/* bb_person_report_get: everything bb holds about one person, for an access request (AVG
 * art. 15). What belongs in it and what does not is explained in docs/admin.md. */
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "privacy/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQL is assembled from macros here; clang-format would break it mid-string. */
/* clang-format off */

#define UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define DAY(col) "to_char(" col ", 'YYYY-MM-DD')"

typedef struct report_job {
    bb_person_ref ref;
    int with_notes;
    char *ids;   /* the person's party ids, uuid array literal ("{}" for a volunteer) */
    char *cases; /* the cases they are in, uuid array literal */
    bb_person_report *r;
} report_job;

/* Appends a record of kind; the fields follow with add_field. */
static int add_record(bb_ctx *ctx, bb_person_report *r, const char *kind)
{
    bb_report_record *more = realloc(r->records, (r->n + 1) * sizeof *more);

    if (more == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    r->records = more;
    memset(&more[r->n], 0, sizeof *more);
    snprintf(more[r->n].kind, sizeof more[r->n].kind, "%s", kind);
    r->n++;
    return BB_OK;
}

/* Appends key and value (NULL: none) to the newest record. */
static int add_field(bb_ctx *ctx, bb_person_report *r, const char *key, const char *value)
{
    bb_report_record *rec = &r->records[r->n - 1];
    bb_report_field *more = realloc(rec->fields, (rec->n + 1) * sizeof *more);

    if (more == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    rec->fields = more;
    more[rec->n].key = strdup(key);
    more[rec->n].value = value != NULL ? strdup(value) : NULL;
    rec->n++;
    if (more[rec->n - 1].key == NULL || (value != NULL && more[rec->n - 1].value == NULL))
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    return BB_OK;
}

/* Appends a record of kind per row of res, with a field per column (the last `hidden`
 * columns are not shown: ids the caller uses). */
static int add_rows(bb_ctx *ctx, bb_person_report *r, const char *kind, const PGresult *res,
                    int row, int hidden)
{
    int rc = add_record(ctx, r, kind);

    for (int c = 0; rc == BB_OK && c < PQnfields(res) - hidden; c++)
        rc = add_field(ctx, r, PQfname(res, c),
                       PQgetisnull(res, row, c) ? NULL : PQgetvalue(res, row, c));
    return rc;
}

/* Adds the decrypted field of (table, owner) to the newest record, under key. */
static int add_personal(bb_ctx *ctx, bb_person_report *r, const char *table, const char *owner,
                        const char *field, const char *key)
{
    char *value = NULL;
    int rc = bb_pd__get(ctx, table, owner, field, &value);

    if (rc == BB_OK)
        rc = add_field(ctx, r, key, value);
    bb_pd__free(value);
    return rc;
}

/* Runs sql ($1 org, $2 party ids, $3 case ids, $4 the person's UUID) and adds a record of
 * kind per row, without the last `hidden` columns (0 or 1: an owner id); then, per row, the
 * personal fields of (table, that last column) when table is not NULL. */
static int section(bb_ctx *ctx, report_job *job, const char *kind, const char *sql, int hidden,
                   const char *table, const char *const *fields)
{
    const char *p[4] = {ctx->org_id, job->ids, job->cases, job->ref.id};
    PGresult *res = NULL;
    char *full = NULL;
    int rc;

    /* Every query gets all four parameters; the unused CTE gives each its type. */
    if (asprintf(&full,
                 "WITH args AS (SELECT $1::uuid, $2::uuid[], $3::uuid[], $4::uuid) %s",
                 sql) < 0)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    rc = bb_db__exec(ctx, &res, full, 4, p);
    free(full);

    for (int row = 0; rc == BB_OK && row < PQntuples(res); row++) {
        rc = add_rows(ctx, job->r, kind, res, row, hidden);
        for (int f = 0; rc == BB_OK && table != NULL && fields[f] != NULL; f++)
            rc = add_personal(ctx, job->r, table, PQgetvalue(res, row, PQnfields(res) - 1),
                              fields[f], fields[f]);
    }
    PQclear(res);
    return rc;
}

#define CASE_COLS                                                                                  \
    BB_PERSON_CASE_NUMBER("c") " AS number, " DAY("c.reported_on") " AS reported_on, c.source,"    \
    " array_to_string(c.conflict_types, ',') AS conflict_types, c.area, c.status, "                 \
    DAY("c.intake_on") " AS intake_on, c.outcome, " DAY("c.closed_on") " AS closed_on, "            \
    DAY("c.reported_back_on") " AS reported_back_on"

static int party_sections(bb_ctx *ctx, report_job *job)
{
    static const char *const note[] = {"note", NULL};
    static const char *const none[] = {NULL};
    static const char *const personal[] = {"name",  "street", "house_number", "postcode",
                                           "place", "phone",  "email",        NULL};
    int rc = section(ctx, job, "party",
                     "SELECT p.id::text AS id, " BB_PERSON_CASE_NUMBER("c") " AS \"case\","
                     " p.seq AS number, p.role, p.tenure, p.household, p.age_band,"
                     " p.interpreter, " UTC("p.created_at") " AS created_at, "
                     UTC("p.updated_at") " AS updated_at, p.id::text FROM party p JOIN bb_case c"
                     " ON c.id = p.case_id WHERE p.org_id = $1 AND p.id = ANY ($2::uuid[])"
                     " ORDER BY c.year, c.seq, p.seq",
                     1, "party", personal);

    if (rc == BB_OK)
        rc = section(ctx, job, "case",
                     "SELECT " CASE_COLS ", (SELECT string_agg(p.role, ',') FROM party p"
                     " WHERE p.case_id = c.id AND p.id = ANY ($2::uuid[])) AS role FROM bb_case c"
                     " WHERE c.org_id = $1 AND c.id = ANY ($3::uuid[]) ORDER BY c.year, c.seq",
                     0, NULL, none);
    if (rc == BB_OK)
        rc = section(ctx, job, "contact",
                     "SELECT " BB_PERSON_CASE_NUMBER("c") " AS \"case\", " DAY("t.contact_on")
                     " AS date, t.kind, t.minutes, EXISTS (SELECT 1 FROM personal_field f"
                     " WHERE f.owner_table = 'contact' AND f.owner_id = t.id AND f.field ="
                     " 'note') AS has_note, t.id::text FROM contact t JOIN bb_case c ON c.id ="
                     " t.case_id WHERE c.org_id = $1 AND c.id = ANY ($3::uuid[])"
                     " ORDER BY c.year, c.seq, t.contact_on, t.created_at",
                     1, job->with_notes ? "contact" : NULL, job->with_notes ? note : none);
    if (rc == BB_OK)
        rc = section(ctx, job, "note",
                     "SELECT " BB_PERSON_CASE_NUMBER("c") " AS \"case\", " UTC("e.at")
                     " AS at, e.to_status AS status, coalesce((SELECT u.login FROM bb_user u WHERE"
                     " u.id = e.user_id), e.db_user) AS author, e.id::text FROM"
                     " case_event e JOIN bb_case c ON c.id = e.case_id JOIN personal_field f"
                     " ON f.owner_table = 'case_event' AND f.owner_id = e.id AND f.field ="
                     " 'note' WHERE c.org_id = $1 AND c.id = ANY ($3::uuid[]) ORDER BY e.seq",
                     1, job->with_notes ? "case_event" : NULL, job->with_notes ? note : none);
    /* Follow-up answers are the melder's or the wederpartij's: only those of the person's role. */
    if (rc == BB_OK)
        rc = section(ctx, job, "followup",
                     "SELECT " BB_PERSON_CASE_NUMBER("c") " AS \"case\", " DAY("f.followup_on")
                     " AS date, p.role, CASE p.role WHEN 'melder' THEN f.melder_agreements ELSE"
                     " f.wederpartij_agreements END AS agreements_kept, CASE p.role WHEN"
                     " 'melder' THEN f.melder_improved ELSE f.wederpartij_improved END AS"
                     " improved FROM followup f JOIN party p ON p.case_id = f.case_id AND p.id ="
                     " ANY ($2::uuid[]) AND p.role IN ('melder', 'wederpartij') JOIN bb_case c"
                     " ON c.id = f.case_id WHERE c.org_id = $1 ORDER BY c.year, c.seq,"
                     " f.followup_on",
                     0, NULL, none);
    if (rc == BB_OK)
        rc = section(ctx, job, "audit",
                     "SELECT a.seq, " UTC("a.at") " AS at, a.actor, a.program, a.action,"
                     " a.detail->>'field' AS field FROM audit_log a WHERE a.case_id = ANY"
                     " ($3::uuid[]) AND ((a.action = 'view' AND a.detail->>'table' = 'party'"
                     " AND a.detail->>'id' = ANY (($2::uuid[])::text[])) OR (a.action LIKE"
                     " '%:party' AND a.detail->'ids' ?| ($2::uuid[])::text[]) OR (a.action LIKE"
                     " 'person_%' AND a.detail->'ids' ?| ($2::uuid[])::text[])) ORDER BY a.seq",
                     0, NULL, none);
    return rc;
}

static int volunteer_sections(bb_ctx *ctx, report_job *job)
{
    static const char *const none[] = {NULL};
    int rc = section(ctx, job, "volunteer",
                     "SELECT 'V-' || lpad(v.number::text, 4, '0') AS number, v.area, v.status,"
                     " " DAY("v.status_since") " AS status_since, v.capacity,"
                     " array_to_string(v.preferred_types, ',') AS preferred_types, " UTC("v.created_at")
                     " AS created_at FROM volunteer v WHERE v.org_id = $1 AND v.id = $4",
                     0, NULL, none);

    /* Name, phone and e-mail as stored; the home address only as its indexed form. */
    if (rc == BB_OK)
        rc = add_personal(ctx, job->r, "volunteer", job->ref.id, "name", "name");
    if (rc == BB_OK)
        rc = add_personal(ctx, job->r, "volunteer", job->ref.id, "phone", "phone");
    if (rc == BB_OK)
        rc = add_personal(ctx, job->r, "volunteer", job->ref.id, "email", "email");
    if (rc == BB_OK)
        rc = add_personal(ctx, job->r, "volunteer", job->ref.id, "index:postcode", "postcode");
    if (rc == BB_OK)
        rc = add_personal(ctx, job->r, "volunteer", job->ref.id, "index:address", "address");
    if (rc == BB_OK)
        rc = section(ctx, job, "case",
                     "SELECT " CASE_COLS " FROM bb_case c WHERE c.org_id = $1 AND"
                     " $4::uuid IN (c.volunteer1_id, c.volunteer2_id) ORDER BY c.year, c.seq",
                     0, NULL, none);
    if (rc == BB_OK)
        rc = section(ctx, job, "contact",
                     "SELECT " BB_PERSON_CASE_NUMBER("c") " AS \"case\", " DAY("t.contact_on")
                     " AS date, t.kind, t.minutes FROM contact t JOIN contact_volunteer cv ON"
                     " cv.contact_id = t.id AND cv.volunteer_id = $4 JOIN bb_case c ON c.id ="
                     " t.case_id WHERE c.org_id = $1 ORDER BY t.contact_on, t.created_at",
                     0, NULL, none);
    if (rc == BB_OK)
        rc = section(ctx, job, "audit",
                     "SELECT a.seq, " UTC("a.at") " AS at, a.actor, a.program, a.action,"
                     " a.detail->>'field' AS field FROM audit_log a WHERE a.org_id = $1 AND"
                     " ((a.action = 'view' AND a.detail->>'table' = 'volunteer' AND"
                     " a.detail->>'id' = $4::text) OR (a.action LIKE 'person_%' AND"
                     " a.detail->'ids' ? $4::text)) ORDER BY a.seq",
                     0, NULL, none);
    return rc;
}

/* The cases of the person's parties, and the audit record of this report (one per case, so
 * the case's own log shows it). */
static int record_report(bb_ctx *ctx, report_job *job)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT coalesce(array_agg(DISTINCT case_id)::text, '{}') FROM party"
                         " WHERE org_id = $1 AND id = ANY ($2::uuid[])",
                         2, (const char *[]){ctx->org_id, job->ids});

    if (rc == BB_OK && (job->cases = strdup(PQgetvalue(res, 0, 0))) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    PQclear(res);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "SELECT bb_audit_append($1, 'person_report', c, jsonb_build_object("
                        "'ids', to_jsonb(($2::uuid[])::text[]) || CASE WHEN $4 THEN"
                        " jsonb_build_array($3::text) ELSE '[]' END, 'notes', $5::boolean))"
                        " FROM unnest(CASE WHEN $4 THEN '{NULL}'::uuid[] ELSE $6::uuid[] END) c",
                        6,
                        (const char *[]){ctx->org_id, job->ids, job->ref.id,
                                         job->ref.volunteer ? "true" : "false",
                                         job->with_notes ? "true" : "false", job->cases});
    return rc;
}

/* Frees (and wipes) the records of r, leaving it empty. */
static void clear_records(bb_person_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t f = 0; f < r->records[i].n; f++) {
            bb_report_field *field = &r->records[i].fields[f];
            free(field->key);
            if (field->value != NULL)
                explicit_bzero(field->value, strlen(field->value));
            free(field->value);
        }
        free(r->records[i].fields);
    }
    free(r->records);
    r->records = NULL;
    r->n = 0;
}

static int report_txn(bb_ctx *ctx, void *arg)
{
    report_job *job = arg;
    bb_person_report *r = job->r;
    int rc;

    /* A retried transaction starts over. */
    clear_records(r);
    free(job->cases);
    job->cases = NULL;
    if ((rc = record_report(ctx, job)) != BB_OK)
        return rc;
    return job->ref.volunteer ? volunteer_sections(ctx, job) : party_sections(ctx, job);
}

static int made_at(bb_ctx *ctx, bb_person_report *r)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT " UTC("now()"), 0, NULL);

    if (rc == BB_OK)
        snprintf(r->made_at, sizeof r->made_at, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int bb_person_report_get(bb_ctx *ctx, const char *person, int with_notes,
                         bb_person_report **out)
{
    report_job job = {.with_notes = with_notes};
    const char *org;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    if ((rc = bb_ctx__org(ctx, &org)) == BB_OK &&
        (rc = bb_pd__unlocked(ctx, "report")) == BB_OK)
        rc = bb_person__resolve(ctx, person, &job.ref);
    if (rc == BB_OK && job.ref.volunteer && (job.ids = strdup("{}")) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    else if (rc == BB_OK && !job.ref.volunteer)
        rc = bb_person__same(ctx, job.ref.id, &job.ids);
    if (rc == BB_OK && (job.r = calloc(1, sizeof *job.r)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK) {
        snprintf(job.r->person, sizeof job.r->person, "%s",
                 job.ref.volunteer ? job.ref.number : job.ref.id);
        rc = bb_db__txn(ctx, "READ COMMITTED", report_txn, &job);
    }
    if (rc == BB_OK)
        rc = made_at(ctx, job.r);
    if (rc == BB_OK) {
        *out = job.r;
        job.r = NULL;
    }
    bb_person_report_free(job.r);
    free(job.ids);
    free(job.cases);
    return rc;
}

void bb_person_report_free(bb_person_report *r)
{
    if (r == NULL)
        return;
    clear_records(r);
    free(r);
}
/* clang-format on */
