/* Erasure that holds against old copies: after personal data is removed, what remains under a
 * data key moves to a new one and the old key is destroyed, in the caller's transaction. A
 * ciphertext of the removed data kept from before (a dump, the WAL, a copy taken with psql)
 * then has no key left in the database that opens it, and neither has an old copy of what
 * remains. */
#include "keys/keychain.h"
#include "keys/vault.h"
#include "bb/error.h"
#include "crypto/keys.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct renew_job {
    const char *old_id;
    char new_id[37];
    bb_secret *old, *fresh;
} renew_job;

int bb_vault__renew(bb_ctx *ctx, const char *data_key_id)
{
    renew_job job = {data_key_id, {0}, NULL, NULL};
    const char *p[3] = {ctx->org_id, data_key_id, job.new_id};
    bb_keychain *kc;
    PGresult *res = NULL;
    int rc;

    if ((rc = bb_keychain__get(ctx, &kc)) != BB_OK ||
        (rc = bb_vault__load_data_key(ctx, kc, data_key_id, &job.old)) != BB_OK ||
        (rc = bb_vault__new_data_key(ctx, job.new_id)) != BB_OK ||
        (rc = bb_vault__load_data_key(ctx, kc, job.new_id, &job.fresh)) != BB_OK ||
        (rc = bb_db__exec(ctx, &res,
                          "SELECT " BB_VAULT_FIELD_COLS " FROM personal_field"
                          " WHERE org_id = $1 AND data_key_id = $2 FOR UPDATE",
                          2, p)) != BB_OK)
        goto done;
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        rc = bb_vault__reseal(ctx, res, r, job.old, job.fresh, job.new_id);
    /* Every other row under the old key (the case or volunteer, blind indexes) follows it;
     * the old key, now referred to by nothing, goes. */
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "SELECT bb_key_data_repoint($1, $2, $3)", 3, p);
    if (rc == BB_OK)
        rc = bb_vault__shred(ctx, data_key_id);
done:
    PQclear(res);
    bb_secret__free(job.old);
    bb_secret__free(job.fresh);
    return rc;
}

int bb_vault__renew_case(bb_ctx *ctx, const char *case_id)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT data_key_id FROM bb_case WHERE org_id = $1 AND id = $2"
                         " AND data_key_id IS NOT NULL",
                         2, (const char *[]){ctx->org_id, case_id});

    /* A case without a key has nothing personal left to protect. */
    if (rc == BB_OK && PQntuples(res) == 1)
        rc = bb_vault__renew(ctx, PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}
