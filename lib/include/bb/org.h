/* Organisations: several can share one database; a handle works for one at a time. */
#ifndef BB_ORG_H
#define BB_ORG_H

#include "bb/common.h"
#include "bb/ctx.h"
#include <stddef.h>

/* Makes the organisation called name the handle's current one; name NULL means the only
 * organisation in the database. BB_ENOTFOUND when there is none (or none of that name),
 * BB_EINVAL when name is NULL and several exist. */
BB_API int bb_org_use(bb_ctx *ctx, const char *name);

/* Id (UUID text) of the handle's current organisation, or NULL when none is chosen; borrowed. */
BB_API const char *bb_org_id(const bb_ctx *ctx);

/* Creates the organisation, its key (version 1), the blind-index root key, and the first user
 * `admin` (administrator and coordinator) with a key pair protected by the passphrase, in one
 * transaction. The handle is then unlocked as that user. BB_EEXISTS when the name is taken. */
BB_API int bb_init(bb_ctx *ctx, const char *org_name, const char *admin,
                   const char *passphrase, size_t passlen);

#endif
