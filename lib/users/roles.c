/* People's database login roles: bb_user_add_with, and mapping a user to their role in the
 * group roles of schema/0009-roles.sql (docs/admin.md, "Roles"). */
#include "users/users.h"
#include "bb/error.h"
#include "bb/users.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_usr__map_role(bb_ctx *ctx, const char *user_id, const char *db_role, int strict)
{
    const char *p[3] = {user_id, db_role, strict ? "true" : "false"};
    int rc = bb_db__cmd(ctx, "SELECT bb_user_map_role($1, $2, $3::boolean)", 3, p);

    if (rc == BB_EEXISTS)
        bb_ctx__fail(ctx, rc, _("db-role: the database role '%s' already belongs to another user"),
                     db_role);
    return rc;
}

int bb_usr__unmap_role(bb_ctx *ctx, const char *user_id)
{
    const char *p[1] = {user_id};

    return bb_db__cmd(ctx, "SELECT bb_user_unmap_role($1)", 1, p);
}

struct add_job {
    const bb_user_new *in;
    char id[37];
};

static int set_practice(bb_ctx *ctx, const struct add_job *job)
{
    const char *p[3] = {job->id, ctx->org_id, job->in->practice};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "UPDATE bb_user u SET practice_id = p.id FROM practice p"
                         " WHERE u.id = $1 AND p.org_id = $2 AND p.name = $3 RETURNING p.id",
                         3, p);

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("practice: no practice called '%s'"),
                          job->in->practice);
    PQclear(res);
    return rc;
}

static int add_txn(bb_ctx *ctx, void *arg)
{
    struct add_job *job = arg;
    const bb_user_new *in = job->in;
    int rc = bb_usr__insert(ctx, job->id, in->login, in->roles, NULL, NULL, NULL, 0, NULL);

    if (rc == BB_OK && in->practice != NULL)
        rc = set_practice(ctx, job);
    if (rc == BB_OK)
        rc = bb_usr__map_role(ctx, job->id, in->db_role ? in->db_role : in->login, 1);
    return rc;
}

int bb_user_add_with(bb_ctx *ctx, const bb_user_new *in)
{
    struct add_job job = {.in = in};
    bb_keychain *kc;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &kc)) != BB_OK || (rc = bb_keys__check_login(ctx, in->login)))
        return rc;
    if (in->roles == 0 || in->roles > 15)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("role: at least one role is needed"));
    if (in->practice != NULL && !(in->roles & BB_ROLE_MEDIATOR))
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("practice: '%s' is only for a mediator (--role mediator)"),
                            in->practice);
    bb_keychain__uuid(job.id);
    return bb_db__txn(ctx, "READ COMMITTED", add_txn, &job);
}

struct map_job {
    const char *login, *db_role;
};

static int map_txn(bb_ctx *ctx, void *arg)
{
    struct map_job *job = arg;
    const char *p[2] = {ctx->org_id, job->login};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT id FROM bb_user WHERE org_id = $1 AND login = $2"
                         " AND status <> 'revoked' FOR UPDATE",
                         2, p);

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("user: no active or invited user called '%s'"),
                          job->login);
    if (rc == BB_OK) /* a role they had before leaves the groups (bb_user_map_role) */
        rc = bb_usr__map_role(ctx, PQgetvalue(res, 0, 0), job->db_role ? job->db_role : job->login,
                              1);
    PQclear(res);
    return rc;
}

int bb_user_map(bb_ctx *ctx, const char *login, const char *db_role)
{
    struct map_job job = {login, db_role};
    bb_keychain *kc;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &kc)) != BB_OK || (rc = bb_keys__check_login(ctx, login)))
        return rc;
    return bb_db__txn(ctx, "READ COMMITTED", map_txn, &job);
}
