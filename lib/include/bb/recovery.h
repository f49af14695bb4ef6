/* Organisation recovery: a recovery secret split into shares (Shamir's secret sharing), of
 * which K together give an organisation an administrator back when every passphrase is lost
 * (docs/admin.md, "Organisation recovery"; docs/security.md). */
#ifndef BB_RECOVERY_H
#define BB_RECOVERY_H

#include "bb/common.h"
#include "bb/ctx.h"
#include <stddef.h>

#define BB_RECOVERY_DEFAULT_SHARES    3
#define BB_RECOVERY_DEFAULT_THRESHOLD 2
#define BB_RECOVERY_MAX_SHARES        255

/* One generation of shares, as bb_recovery_status and bb_recovery_make report it. */
typedef struct bb_recovery_info {
    int generation; /* 0: the organisation has no recovery shares */
    int shares;     /* how many were made */
    int threshold;  /* how many are needed */
    char made_at[32];
    char made_by[64]; /* the administrator's login, "" when unknown */
} bb_recovery_info;

/* Checks a number of shares and a threshold: 2 <= threshold <= shares <= 255. BB_EINVAL (the
 * message names the value) when not. */
BB_API int bb_recovery_check(bb_ctx *ctx, int shares, int threshold);

/* Makes a new generation of recovery shares for the handle's organisation; needs an unlocked
 * administrator. Writes one file per share into dir (made with mode 700 when missing; each
 * file mode 600, an existing file is never overwritten), then records the generation, seals
 * every organisation key version to it and voids the generation before, in one transaction.
 * On error no file is left and nothing is changed. info (may be NULL) gets the generation. */
BB_API int bb_recovery_make(bb_ctx *ctx, int shares, int threshold, const char *dir,
                            bb_recovery_info *info);

/* The current generation of the handle's organisation (generation 0 when it has none). */
BB_API int bb_recovery_status(bb_ctx *ctx, bb_recovery_info *info);

/* The new administrator bb_recover enrols. */
typedef struct bb_recovery_admin {
    const char *login;
    const char *db_role; /* their database login role, made when missing; one bb may not give
                            (a superuser's, another user's) is refused. NULL: the login, left
                            unmapped when bb may not give it (the embedded database's account) */
    char mapped[64];     /* set by bb_recover: the login role they got, "" when none */
} bb_recovery_admin;

/* Recovers the handle's organisation (chosen with bb_org_use): reads the n share files,
 * combines them, opens every organisation key version with the result and enrols admin as a
 * new administrator and coordinator with a new key pair under the passphrase and their
 * database login role, audit-logged, in one transaction; the handle is then unlocked as admin.
 * Only the database administrator (a superuser or a member of bb_owner) or an administrator
 * of the organisation with their own login role may (BB_EDENIED otherwise). BB_EINVAL for too
 * few shares, a damaged share, a share of another organisation or of a voided generation;
 * BB_ECRYPTO when the shares do not give the organisation's recovery key; BB_EEXISTS for a
 * login or login role that is taken; nothing is changed then. */
BB_API int bb_recover(bb_ctx *ctx, bb_recovery_admin *admin, const char *const *files, int n,
                      const char *passphrase, size_t passlen);

#endif
