/* Keys: unlocking, locking, the organisation key versions and their rotation
 * (docs/security.md). People are bb/users.h. */
#ifndef BB_KEYS_H
#define BB_KEYS_H

#include "bb/common.h"
#include "bb/ctx.h"
#include <stddef.h>

/* Unlocks the handle as user `login`: opens their secret key with the passphrase, opens the
 * organisation keys sealed to them, checks them against the pins on this computer (and the
 * chain of key versions), and makes their organisation the handle's. A wrong passphrase is
 * BB_ECRYPTO and unlocks nothing; a key record that differs from the pinned one is
 * BB_ECRYPTO; a revoked or unenrolled user BB_EDENIED. */
BB_API int bb_unlock(bb_ctx *ctx, const char *login, const char *passphrase, size_t passlen);

/* Forgets every key the handle holds (wiped). NULL-safe. */
BB_API void bb_lock(bb_ctx *ctx);

/* 1 when the handle holds the organisation key, else 0. */
BB_API int bb_is_unlocked(const bb_ctx *ctx);

/* 1 when a change on this handle needs an unlocked user: on every connection that is not a
 * bb user's own login role (the embedded database's superuser, a database administrator), as
 * the database refuses it otherwise (docs/security.md, "Who acted"). 0 on a person's login
 * role, who acts as themselves. 1 when it cannot be told. */
BB_API int bb_write_needs_unlock(bb_ctx *ctx);

/* Login of the unlocked user, or NULL; borrowed. */
BB_API const char *bb_current_login(const bb_ctx *ctx);

/* One organisation key version as bb_key_status reports it. */
typedef struct bb_key_version_info {
    int version;
    long holders;   /* users it is sealed to */
    long data_keys; /* data keys still wrapped by it */
} bb_key_version_info;

/* Fills *out with one entry per version, oldest first (free() the array); *n gets the count. */
BB_API int bb_key_status(bb_ctx *ctx, bb_key_version_info **out, int *n);

/* Progress of a long operation: done of total; returns 0 to go on, non-zero to stop. */
typedef int (*bb_progress_fn)(void *data, long done, long total);

/* Makes a new organisation key version (unless new_version is 0: then only finishes an earlier
 * rotation) and re-wraps every data key and the blind-index root key under the newest version,
 * in batches of `batch` keys, each its own transaction: resumable, and reads keep working while
 * it runs. Needs an unlocked administrator. */
BB_API int bb_key_rotate(bb_ctx *ctx, int new_version, int batch, bb_progress_fn progress,
                         void *data);

/* Makes a new blind-index root key and recomputes every index of the organisation under it, in
 * one transaction (lookups see the old indexes until it commits); the old root key is deleted.
 * Needs an unlocked administrator. progress may be NULL. */
BB_API int bb_key_rotate_index(bb_ctx *ctx, bb_progress_fn progress, void *data);

/* Re-encrypts the organisation's personal fields written before their associated data named
 * the case or volunteer that owns them and bb kept the lists of which fields each row has
 * (issue 13, schema 0021 and 0023), under the same data keys, and makes those lists: per
 * transaction the whole data keys of the next `batch` such fields (0: 500); resumable, and
 * reads keep working while it runs (old and new fields both open). progress gets fields done
 * of those left when it started. Needs an unlocked administrator. */
BB_API int bb_key_rebind(bb_ctx *ctx, int batch, bb_progress_fn progress, void *data);

/* Logins holding organisation key `version`, comma-separated, as a new string (free()). */
BB_API int bb_key_holders(bb_ctx *ctx, int version, char **out);

/* Hardens the process for key material: no core dumps, not dumpable or traceable by other
 * processes of the same user. Front ends call it first. */
BB_API int bb_protect_process(void);

#endif
