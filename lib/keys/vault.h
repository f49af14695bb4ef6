/* The vault: data keys, encrypted personal fields and blind indexes (internal API for the
 * registry). Every function runs inside the caller's transaction and needs an unlocked
 * handle. Plaintext never reaches the database; normalised index inputs never do either. */
#ifndef BB_VAULT_H
#define BB_VAULT_H

#include "base/handle.h"

#include <stddef.h>

/* Makes a data key (for a new case or volunteer), wrapped by the newest organisation key.
 * id gets its UUID. */
int bb_vault__new_data_key(bb_ctx *ctx, char id[37]);

/* Encrypts plain[0..len) and stores it as field `field` of row (owner_table, owner_id),
 * replacing any earlier value, under data key data_key_id. */
int bb_vault__put(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                  const char *owner_id, const char *field, const char *plain, size_t len);

/* Decrypts field `field` of (owner_table, owner_id) into a new NUL-terminated string
 * (free with bb_vault__free). BB_ENOTFOUND when the field is not stored (or was shredded). */
int bb_vault__get(bb_ctx *ctx, const char *owner_table, const char *owner_id, const char *field,
                  char **out);

/* Wipes and frees a string from bb_vault__get. NULL-safe. */
void bb_vault__free(char *s);

/* Stores the blind index `index_name` of an already normalised value for the row. */
int bb_vault__index(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                    const char *owner_id, const char *index_name, const char *normalized);

/* Rows of owner_table whose index `index_name` matches the normalised value: candidates, to be
 * decrypted and compared. *res lists owner_id in column 0 (PQclear it). */
int bb_vault__candidates(bb_ctx *ctx, const char *owner_table, const char *index_name,
                         const char *normalized, PGresult **res);

/* Destroys a data key and, with it, every field and index stored under it (one statement, so
 * one transaction with the caller's). BB_ENOTFOUND when it does not exist. */
int bb_vault__shred(bb_ctx *ctx, const char *data_key_id);

/* Erasure that holds against old copies: after personal data under data key data_key_id was
 * removed, the fields that remain are re-encrypted under a new data key, every row that
 * referred to the old key refers to the new one, and the old key is destroyed, in the caller's
 * transaction. Earlier ciphertexts of that key no longer open. */
int bb_vault__renew(bb_ctx *ctx, const char *data_key_id);

/* The same for the data key of case case_id of the handle's organisation, if it has one. */
int bb_vault__renew_case(bb_ctx *ctx, const char *case_id);

/* The binding of a personal field of associated-data version ad (1: table, field, row; 2:
 * also container, the case or volunteer that owns the row, "" for none); row holds its text. */
#define BB_VAULT_ROW 80
struct bb_blob_bind;
void bb_vault__field_bind(struct bb_blob_bind *b, char row[BB_VAULT_ROW], int ad,
                          const char *table, const char *field, const char *owner_id,
                          const char *container);

/* Internal to lib/keys. */
typedef struct bb_keychain bb_keychain;
struct bb_secret;

/* Opens data key id with whichever organisation key version wraps it (new secret). */
int bb_vault__load_data_key(bb_ctx *ctx, bb_keychain *kc, const char *id,
                            struct bb_secret **out);

/* Re-encrypts field r of res (BB_VAULT_FIELD_COLS: owner_table, owner_id, field, blob,
 * ad_version, container) from old to fresh, bound as version 2; to_key, when not NULL, is the
 * id of fresh's data key, which the field then refers to. */
#define BB_VAULT_FIELD_COLS                                                                    \
    "owner_table, owner_id, field, blob, ad_version,"                                          \
    " coalesce(bb_field_container(owner_table, owner_id)::text, '')"

int bb_vault__reseal(bb_ctx *ctx, const PGresult *res, int r, struct bb_secret *old,
                     struct bb_secret *fresh, const char *to_key);

/* Gives data key id fresh key material, re-encrypting its fields, when it was made before the
 * newest revocation (the revoked user may have copied it). Runs in the caller's transaction,
 * or in its own when there is none. */
int bb_vault__rekey_if_revoked(bb_ctx *ctx, bb_keychain *kc, const char *data_key_id);

/* The index value (decimal text) of a normalised value under the handle's blind-index key. */
int bb_vault__index_value(bb_ctx *ctx, const char *owner_table, const char *index_name,
                          const char *normalized, char out[16]);

#endif
