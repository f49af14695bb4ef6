/* User records and their database roles, shared by users/ and org/init.c. Not public. */
#ifndef BB_USERS_USERS_H
#define BB_USERS_USERS_H

#include "keys/keychain.h"

/* The check the database keeps of the proof of user_id's keys (crypto/keys.h). */
int bb_usr__act_check(bb_ctx *ctx, const char *user_id, bb_secret *sk, uint8_t check[32]);

/* Inserts a user; with pk and sk (an enrolled user, status active) the secret key is stored
 * under the passphrase's Argon2id key, with the check of its proof; with pk NULL an invited
 * user without keys. new_org (the name): ctx's organisation is made in the same statement,
 * with this user as its first (bbctl init); NULL: it exists. */
int bb_usr__insert(bb_ctx *ctx, const char *user_id, const char *login, unsigned roles,
                   const uint8_t *pk, bb_secret *sk, const char *passphrase, size_t passlen,
                   const char *new_org);

/* Gives user_id the database login role db_role (made when missing) in the group roles of
 * their bb roles. strict 0: a role bb may not use (a superuser, say) is left unmapped. */
int bb_usr__map_role(bb_ctx *ctx, const char *user_id, const char *db_role, int strict);

/* Takes a revoked user's login role out of the group roles (and LOGIN, when bb made it). */
int bb_usr__unmap_role(bb_ctx *ctx, const char *user_id);

#endif
