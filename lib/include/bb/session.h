/* Unlock once per terminal session: an unlocked handle's keys kept for a limited idle time in
 * the kernel's session keyring (docs/security.md, "Unlock once"), never in a file. */
#ifndef BB_SESSION_H
#define BB_SESSION_H

#include "bb/common.h"
#include "bb/ctx.h"

/* Default idle time, in seconds, front ends keep keys for. */
#define BB_SESSION_DEFAULT_TIMEOUT 900u

/* Longest idle time bb_session_save accepts, in seconds. */
#define BB_SESSION_MAX_TIMEOUT 86400u

/* Keeps the keys of the unlocked handle in the session keyring of this process (the login's
 * own, else the kernel's per-user session keyring), readable only by processes of that
 * session, for timeout_seconds (1..BB_SESSION_MAX_TIMEOUT) without use; a later save for the
 * same user and database replaces it. The key is named after the database and the login.
 * BB_EDENIED when the handle is locked, BB_EINVAL for a bad timeout, BB_ESETUP when the kernel
 * keyring is unavailable (nothing is kept, nor written anywhere else). */
BB_API int bb_session_save(bb_ctx *ctx, unsigned timeout_seconds);

/* Unlocks the handle as `login` with the keys a bb_session_save kept for this database, and
 * restarts their idle time. Before use the kept organisation keys must match the pins on this
 * computer, and the user must still be active with no newer key version granted. On error the
 * handle stays locked: BB_ENOTFOUND when nothing usable is kept (none, expired, or older than
 * the newest key version: unlock with the passphrase), BB_ECRYPTO when the kept keys do not
 * match the pins and BB_EDENIED when the user is no longer active (both: the kept keys are
 * forgotten), BB_ESETUP when the kernel keyring is unavailable. */
BB_API int bb_session_restore(bb_ctx *ctx, const char *login);

/* Forgets kept keys at once: of `login` (NULL: of every user) for ctx's database (ctx NULL:
 * for every database). *forgotten (may be NULL) gets how many were forgotten. ctx may be NULL;
 * BB_ESETUP when the kernel keyring is unavailable. */
BB_API int bb_session_forget(bb_ctx *ctx, const char *login, int *forgotten);

#endif
