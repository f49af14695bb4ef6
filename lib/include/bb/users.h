/* People: their roles, invitation, enrolment, grants, passphrases and revocation
 * (docs/admin.md, docs/security.md). */
#ifndef BB_USERS_H
#define BB_USERS_H

#include "bb/common.h"
#include "bb/ctx.h"
#include <stddef.h>

/* Roles a person can hold, as a bit set. */
enum bb_role {
    BB_ROLE_ADMIN = 1 << 0,
    BB_ROLE_COORDINATOR = 1 << 1,
    BB_ROLE_MEDIATOR = 1 << 2,
    BB_ROLE_REPORTER = 1 << 3,
};

/* Parses "coordinator" or "admin,coordinator" into *roles. BB_EINVAL names the bad word. */
BB_API int bb_roles_parse(bb_ctx *ctx, const char *text, unsigned *roles);

/* Invites a user with the given roles (status "invited", no keys yet). Needs an unlocked
 * administrator. BB_EEXISTS when the login is taken. */
BB_API int bb_user_add(bb_ctx *ctx, const char *login, unsigned roles);

/* A user to invite with bb_user_add_with. */
typedef struct bb_user_new {
    const char *login;
    unsigned roles;
    const char *db_role;  /* their database login role; NULL: the login. Made when missing. */
    const char *practice; /* a mediator's practice (by name), or NULL: they see no referral */
} bb_user_new;

/* As bb_user_add, and in the same transaction gives the user their database login role in
 * the group roles of their roles (docs/admin.md, "Roles"). BB_EEXISTS when the login or the
 * database role is taken by another user; BB_ENOTFOUND for an unknown practice; BB_EINVAL
 * for a role name bb may not use; BB_EDENIED for a superuser or otherwise privileged role. */
BB_API int bb_user_add_with(bb_ctx *ctx, const bb_user_new *in);

/* Gives an existing user (one invited before bb had login roles, or one whose role changes)
 * the database login role db_role (NULL: their login) in the group roles of their roles; a
 * login role they had before leaves the groups. Needs an unlocked administrator.
 * BB_ENOTFOUND for no such (unrevoked) user; otherwise as bb_user_add_with. */
BB_API int bb_user_map(bb_ctx *ctx, const char *login, const char *db_role);

/* The invited user sets their passphrase: makes their key pair, status "active". Reporters
 * get no key pair; they only ever see aggregates. */
BB_API int bb_user_enroll(bb_ctx *ctx, const char *login, const char *passphrase,
                          size_t passlen);

/* Seals every organisation key version the unlocked administrator holds to an enrolled user.
 * Refused for reporters (BB_EDENIED). */
BB_API int bb_user_grant(bb_ctx *ctx, const char *login);

/* Changes a user's passphrase (the key pair stays). */
BB_API int bb_user_passwd(bb_ctx *ctx, const char *login, const char *old_pass, size_t oldlen,
                          const char *new_pass, size_t newlen);

/* Revokes a user: status "revoked", their sealed keys deleted, and a new organisation key
 * version made (granted to every other authorised user), so nothing written from now on can
 * be opened with what they may have kept. Re-wrapping older data keys is bb_key_rotate's work.
 * Needs an unlocked administrator. */
BB_API int bb_user_revoke(bb_ctx *ctx, const char *login);

/* Fingerprint of a user's public key, as 64 hex digits in groups of four ("ab12 cd34 ..."):
 * the user reads it out at enrolment, the administrator compares it at grant. out must have
 * room for BB_FINGERPRINT_TEXT bytes. */
#define BB_FINGERPRINT_TEXT 80
BB_API int bb_user_fingerprint(bb_ctx *ctx, const char *login, char *out);

/* bb_user_grant, but refused (BB_ECRYPTO, nothing granted) unless the user's public key has
 * the fingerprint `expected` (spaces ignored, case-insensitive): a public key swapped in the
 * database before the grant is caught. expected NULL grants without the check. */
BB_API int bb_user_grant_checked(bb_ctx *ctx, const char *login, const char *expected);

#endif
