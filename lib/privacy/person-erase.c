/* bb_person_erase: a person's personal data destroyed on request (AVG art. 17), in one
 * transaction, with the reason in the audit log. The plain columns stay for the figures. */
#include "bb/error.h"
#include "db/db.h"
#include "keys/vault.h"
#include "base/i18n.h"
#include "privacy/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQL is assembled from macros here; clang-format would break it mid-string. */
/* clang-format off */

#define REASON_MAX 500

typedef struct erase_job {
    bb_person_ref ref;
    const char *ids; /* the party ids to erase, uuid array literal */
    const char *reason;
    int dry_run;
    bb_erase_result *out;
} erase_job;

/* The parties of ids by case, with what each has stored; fills out. */
static int count_parties(bb_ctx *ctx, erase_job *job)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_PERSON_CASE_NUMBER("c") ", (SELECT count(*) FROM"
                         " personal_field f WHERE f.owner_table = 'party' AND f.owner_id = p.id"
                         " AND f.field NOT LIKE '@%'),"
                         " (SELECT count(*) FROM blind_index b WHERE b.owner_table = 'party' AND"
                         " b.owner_id = p.id) FROM party p JOIN bb_case c ON c.id = p.case_id"
                         " WHERE p.org_id = $1 AND p.id = ANY ($2::uuid[]) ORDER BY c.year, c.seq"
                         " FOR UPDATE OF p",
                         2, (const char *[]){ctx->org_id, job->ids});

    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        if (job->out->n < BB_PERSON_CASES_MAX)
            snprintf(job->out->cases[job->out->n], BB_NUMBER_SIZE, "%s", PQgetvalue(res, r, 0));
        job->out->n++;
        job->out->fields += atol(PQgetvalue(res, r, 1));
        job->out->indexes += atol(PQgetvalue(res, r, 2));
    }
    PQclear(res);
    return rc;
}

/* The cases of the erased parties get new data keys: what remains (other parties, notes) is
 * re-encrypted under them and the old keys go, so no earlier copy of the erased ciphertexts
 * opens again. */
static int renew_cases(bb_ctx *ctx, erase_job *job)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT DISTINCT c.data_key_id FROM party p JOIN bb_case c"
                         " ON c.org_id = p.org_id AND c.id = p.case_id WHERE p.org_id = $1"
                         " AND p.id = ANY ($2::uuid[]) AND c.data_key_id IS NOT NULL",
                         2, (const char *[]){ctx->org_id, job->ids});

    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        rc = bb_vault__renew(ctx, PQgetvalue(res, r, 0));
    PQclear(res);
    return rc;
}

/* A party's ciphertexts and blind indexes go, and the case's data key is renewed for its
 * other parties and its notes. One audit record per case, naming the party and the reason. */
static int erase_parties(bb_ctx *ctx, erase_job *job)
{
    const char *p[3] = {ctx->org_id, job->ids, job->reason};
    int rc = bb_vault__forget(ctx, "party", job->ids); /* fields, and out of the cases' lists */

    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "DELETE FROM blind_index WHERE org_id = $1 AND owner_table = 'party'"
                        " AND owner_id = ANY ($2::uuid[])",
                        2, p);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "SELECT bb_audit_append($1, 'person_erase', case_id, jsonb_build_object("
                        "'kind', 'party', 'ids', jsonb_agg(id::text), 'reason', $3::text))"
                        " FROM party WHERE org_id = $1 AND id = ANY ($2::uuid[]) GROUP BY case_id",
                        3, p);
    if (rc == BB_OK)
        rc = renew_cases(ctx, job);
    return rc;
}

/* A volunteer has a data key of their own: it goes, and everything under it. */
static int erase_volunteer(bb_ctx *ctx, erase_job *job)
{
    const char *p[3] = {ctx->org_id, job->ref.id, job->reason};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT (SELECT count(*) FROM personal_field f WHERE f.data_key_id ="
                         " v.data_key_id AND f.field NOT LIKE '@%'), (SELECT count(*) FROM"
                         " blind_index b WHERE b.data_key_id = v.data_key_id) FROM volunteer v"
                         " WHERE v.org_id = $1"
                         " AND v.id = $2 FOR UPDATE",
                         2, p);

    if (rc == BB_OK && PQntuples(res) == 1) {
        job->out->n = 1;
        job->out->fields = atol(PQgetvalue(res, 0, 0));
        job->out->indexes = atol(PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    if (rc != BB_OK || job->dry_run)
        return rc;
    /* The key goes, with the audit record, in a function that checks who erases. */
    return bb_db__cmd(ctx, "SELECT bb_key_erase_volunteer($1, $2, $3)", 3, p);
}

static int erase_txn(bb_ctx *ctx, void *arg)
{
    erase_job *job = arg;
    int rc;

    memset(job->out, 0, sizeof *job->out);
    if (job->ref.volunteer)
        return erase_volunteer(ctx, job);
    rc = count_parties(ctx, job);
    if (rc == BB_OK && !job->dry_run)
        rc = erase_parties(ctx, job);
    return rc;
}

static int check_args(bb_ctx *ctx, erase_job *job, enum bb_erase_scope scope,
                      const char *case_number)
{
    int year, seq;

    if (job->reason == NULL || *job->reason == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("reason: required (why the data is erased, without personal "
                              "data)"));
    if (bb_fields__text(ctx, "reason", job->reason, REASON_MAX) != BB_OK)
        return BB_EINVAL;
    if (scope == BB_ERASE_CASE && (case_number == NULL ||
                                   bb_fields__case_number(ctx, "case", case_number, &year, &seq) !=
                                       BB_OK))
        return case_number == NULL ? bb_ctx__fail(ctx, BB_EINVAL, "%s", _("case: required"))
                                   : BB_EINVAL;
    return BB_OK;
}

/* The party ids the scope covers into *ids (free): the record, or the same person's records
 * (all, or the one in case_number). */
static int scope_ids(bb_ctx *ctx, erase_job *job, enum bb_erase_scope scope,
                     const char *case_number, char **ids)
{
    PGresult *res = NULL;
    char *same = NULL;
    int rc;

    if (scope == BB_ERASE_RECORD) {
        if (asprintf(ids, "{%s}", job->ref.id) < 0)
            return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        return BB_OK;
    }
    if ((rc = bb_pd__unlocked(ctx, "erase")) != BB_OK ||
        (rc = bb_person__same(ctx, job->ref.id, &same)) != BB_OK)
        return rc;
    if (scope == BB_ERASE_ALL_CASES) {
        *ids = same;
        return BB_OK;
    }
    rc = bb_db__exec(ctx, &res,
                     "SELECT coalesce(array_agg(p.id)::text, '{}') FROM party p JOIN bb_case c"
                     " ON c.id = p.case_id WHERE p.id = ANY ($1::uuid[]) AND upper($2) = "
                     BB_PERSON_CASE_NUMBER("c"),
                     2, (const char *[]){same, case_number});
    if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 0), "{}") == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("case: %s has no record of this person"),
                          case_number);
    if (rc == BB_OK && (*ids = strdup(PQgetvalue(res, 0, 0))) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    PQclear(res);
    free(same);
    return rc;
}

int bb_person_erase(bb_ctx *ctx, const char *person, enum bb_erase_scope scope,
                    const char *case_number, const char *reason, int dry_run,
                    bb_erase_result *out)
{
    erase_job job = {.reason = reason, .dry_run = dry_run, .out = out};
    const char *org;
    char *ids = NULL;
    int rc;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    if ((rc = bb_ctx__org(ctx, &org)) != BB_OK ||
        (rc = check_args(ctx, &job, scope, case_number)) != BB_OK ||
        (rc = bb_person__resolve(ctx, person, &job.ref)) != BB_OK)
        return rc;
    if (job.ref.volunteer && scope != BB_ERASE_RECORD)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("case: a volunteer's data is erased as a whole, not per case"));
    if (!job.ref.volunteer && (rc = scope_ids(ctx, &job, scope, case_number, &ids)) != BB_OK)
        return rc;
    job.ids = ids;
    rc = bb_db__txn(ctx, "READ COMMITTED", erase_txn, &job);
    free(ids);
    return rc;
}
/* clang-format on */
