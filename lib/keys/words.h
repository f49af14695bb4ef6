/* Word blind indexes (internal; 0019-word-index.sql): each word of a normalised name gets a
 * blind index of its own, under the key of (table, "word", "eq") derived from the
 * organisation's blind-index root key, BB_WORD_BITS wide (docs/security.md, "Blind
 * indexes"). They run inside the caller's transaction and need an unlocked handle. */
#ifndef BB_KEYS_WORDS_H
#define BB_KEYS_WORDS_H

#include "base/handle.h"

#include <stddef.h>

/* 20 bits: a name has several words, and a word lookup at a million parties should give only
 * a few false candidates to decrypt (docs/security.md gives the rates). */
#define BB_WORD_BITS 20

/* Replaces the word indexes of (owner_table, owner_id) by those of the normalised name
 * `normalized` (crypto/norm-words.h splits it), under data key data_key_id. */
int bb_vault__index_words(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                          const char *owner_id, const char *normalized);

/* The index values of n words (one after the other, NUL-terminated, as bb_norm__split gives
 * them) as a PostgreSQL int[] literal into out (cap bytes; 12 per word are enough). */
int bb_vault__word_values(bb_ctx *ctx, const char *owner_table, const char *words, size_t n,
                          char *out, size_t cap);

/* Recomputes the word indexes of (owner_table, owner_id) from its kept normalised name under
 * the handle's blind-index root key (bb_key_rotate_index, which swaps in the new one). */
int bb_vault__rehash_words(bb_ctx *ctx, const char *owner_table, const char *owner_id,
                           const char *normalized);

#endif
