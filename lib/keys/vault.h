/* The vault: data keys, encrypted personal fields and blind indexes (internal API for the
 * registry). Every function runs inside the caller's transaction and needs an unlocked
 * handle. Plaintext never reaches the database; normalised index inputs never do either. */
#ifndef BB_VAULT_H
#define BB_VAULT_H

#include "base/handle.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Makes a data key (for a new case or volunteer), wrapped by the newest organisation key.
 * id gets its UUID. */
int bb_vault__new_data_key(bb_ctx *ctx, char id[37]);

/* Encrypts plain[0..len) and stores it as field `field` of row (owner_table, owner_id),
 * replacing any earlier value, under data key data_key_id. */
int bb_vault__put(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                  const char *owner_id, const char *field, const char *plain, size_t len);

/* Decrypts field `field` of (owner_table, owner_id) into a new NUL-terminated string
 * (free with bb_vault__free). BB_ENOTFOUND when the field is not stored (or was shredded);
 * BB_ECRYPTO naming field, table and row when it does not open, or when its owner's lists
 * say it was stored and it is gone (deleted behind bb's back). */
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

/* Removes field `field` of (owner_table, owner_id), and its name from the owner's list of
 * fields: clearing a value. Nothing stored is not an error. Needs the keys when the owner
 * keeps a list. */
int bb_vault__drop(bb_ctx *ctx, const char *owner_table, const char *owner_id, const char *field);

/* Removes every personal field of the rows ids of owner_table (a uuid array literal "{...}",
 * or one id), and those rows from their case's list of rows with personal data: bb removing
 * them (a party or contact moment removed or moved, a person erased). Blind indexes are the
 * caller's. */
int bb_vault__forget(bb_ctx *ctx, const char *owner_table, const char *ids);

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
 * also container, the case or volunteer that owns the row, "" for none; 3: as 2, written with
 * the lists below); row holds its text. */
#define BB_VAULT_ROW 80
#define BB_VAULT_AD  3
struct bb_blob_bind;
void bb_vault__field_bind(struct bb_blob_bind *b, char row[BB_VAULT_ROW], int ad, const char *table,
                          const char *field, const char *owner_id, const char *container);

/* What an owner of personal fields should have (migration 0023, keys/lists.c): the field
 * BB_VAULT_FIELDS of every owner lists its fields, the field BB_VAULT_OWNERS of a case the
 * rows of the case that have any ("party/ID"), each sealed like a field. A list is names, each
 * ending in a newline. */
#define BB_VAULT_FIELDS "@fields"
#define BB_VAULT_OWNERS "@owners"

typedef struct bb_vault_list {
    char *s;
    size_t len, cap;
} bb_vault_list;

/* Whether name is in l; adds it (1 when added, 0 when there, BB_ENOMEM); removes it (whether
 * it was there). */
int bb_vault__list_has(const bb_vault_list *l, const char *name);
int bb_vault__list_add(bb_vault_list *l, const char *name);
int bb_vault__list_del(bb_vault_list *l, const char *name);
/* Adds every name of from to into (BB_ENOMEM). */
int bb_vault__list_merge(bb_vault_list *into, const bb_vault_list *from);
void bb_vault__list_free(bb_vault_list *l);

/* The table whose row keeps the BB_VAULT_OWNERS list of rows of table ("bb_case"), or NULL
 * when a row of table is its own container (a volunteer) and its BB_VAULT_FIELDS is all. */
const char *bb_vault__owners_table(const char *table);

struct bb_secret;

/* Seals list l as list `which` of (table, owner) in container under data key dk: *blob is
 * new (free()). Opens one into *out (bb_vault__list_free); BB_ECRYPTO when it does not. */
int bb_vault__list_seal(struct bb_secret *dk, const char *table, const char *owner,
                        const char *container, const char *which, const bb_vault_list *l,
                        uint8_t **blob, size_t *len);
int bb_vault__list_open(struct bb_secret *dk, const char *table, const char *owner,
                        const char *container, const char *which, const uint8_t *blob, size_t len,
                        bb_vault_list *out);

/* BB_ECRYPTO with the message for field of (table, owner) deleted behind bb's back: its
 * value (named in the owner's list of fields), the owner's list of fields with whatever it
 * named (the owner named in its case's list, or fields of version 3 left), or the lists of
 * the owner and its case (fields of version 3 left under the case's or volunteer's key). */
enum { BB_VAULT_MISSING_VALUE, BB_VAULT_MISSING_FIELDS, BB_VAULT_MISSING_LISTS };
int bb_vault__missing(bb_ctx *ctx, int what, const char *field, const char *table,
                      const char *owner);

/* SQL for the id of the case or volunteer that a row of table, whose id is $2, belongs to, as
 * bb_field_container (keys.sql) says, and the table of that case or volunteer: a subquery
 * planned with the statement instead of the function's dynamic one. table is one of bb's own
 * names, never data. */
const char *bb_vault__container_sql(const char *table);
const char *bb_vault__container_table(const char *table);

/* Whether the data key of the case or volunteer that (table, owner) belongs to holds fields of
 * version 3, written with lists (so lists missing there were deleted); container (may be
 * NULL) gets that case's or volunteer's id, "" for none, and *names (may be NULL; free()) the
 * owner's fields as BB_VAULT_OWN_FIELDS gives them. */
int bb_vault__kept_lists(bb_ctx *ctx, const char *table, const char *owner, bool *kept,
                         char container[40], char **names);

/* SQL: the names and versions of the fields of the owner (table $1, id $2), "name/3,phone/2"
 * (a format: % doubled). */
#define BB_VAULT_OWN_FIELDS                                                                        \
    "(SELECT coalesce(string_agg(g.field || '/' || g.ad_version, ','), '') FROM personal_field g"  \
    " WHERE g.owner_table = $1 AND g.owner_id = $2::uuid AND g.field NOT LIKE '@%%')"

/* SQL (a format: the container's table, then its id) whether the data key of the case or
 * volunteer holds fields of version 3, written with lists. */
#define BB_VAULT_KEPT_LISTS                                                                        \
    "EXISTS (SELECT 1 FROM personal_field g WHERE g.ad_version = 3 AND g.data_key_id ="            \
    " (SELECT data_key_id FROM %s WHERE id = %s))"

/* BB_ECRYPTO with the message for list `which` of (table, owner) that does not open. */
int bb_vault__list_damaged(bb_ctx *ctx, const char *table, const char *owner, const char *which);

/* Internal to lib/keys. */
typedef struct bb_keychain bb_keychain;
struct bb_secret;

/* Opens data key id with whichever organisation key version wraps it (new secret). */
int bb_vault__load_data_key(bb_ctx *ctx, bb_keychain *kc, const char *id, struct bb_secret **out);

/* The same from a result row that holds its id, key version and wrapped key in columns
 * cols[0..2]. */
int bb_vault__row_key(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, int r, const int cols[3],
                      struct bb_secret **out);

/* Lists kept up by bb_vault__put: the owner's container, and its lists sealed anew under the
 * field's data key where the field changes them (NULL where not). */
typedef struct bb_vault_put_lists {
    char container[40];
    const char *owners_table; /* NULL: no list of owners to keep */
    uint8_t *fields, *owners;
    size_t fields_len, owners_len;
} bb_vault_put_lists;

/* Locks the lists of (table, owner) and of its case and adds field (and the owner) to them. */
int bb_vault__lists_put(bb_ctx *ctx, bb_keychain *kc, struct bb_secret *dk, const char *key_id,
                        const char *table, const char *owner, const char *field,
                        bb_vault_put_lists *up);
void bb_vault__lists_put_free(bb_vault_put_lists *up);

/* What a field that bb_vault__get found no row for means, from its result res: BB_ENOTFOUND
 * (not recorded) or BB_ECRYPTO (missing, or a list that does not open), with the message. */
int bb_vault__absent(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, const char *table,
                     const char *owner, const char *field);

/* Re-encrypts field r of res (BB_VAULT_FIELD_COLS: owner_table, owner_id, field, blob,
 * ad_version, container) from old to fresh, bound as version 3 when it was (its lists go
 * along, being fields too), else as 2; to_key, when not NULL, is the id of fresh's data key,
 * which the field then refers to. */
#define BB_VAULT_FIELD_COLS                                                                        \
    "owner_table, owner_id, field, blob, ad_version,"                                              \
    " coalesce(bb_field_container(owner_table, owner_id)::text, '')"

/* The re-encryption of bb_vault__reseal alone: field r of res from old to fresh, bound as
 * version `to`, into *sealed (free()). */
int bb_vault__rebox(bb_ctx *ctx, const PGresult *res, int r, struct bb_secret *old,
                    struct bb_secret *fresh, int to, uint8_t **sealed, size_t *sl);

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
