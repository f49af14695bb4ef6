/* Normalisation of names (and street names) before blind indexing, through utf8proc
 * (internal). The rules are listed in docs/security.md ("Normalisation"). Both functions take
 * a NUL-terminated UTF-8 string of at most BB_NORM_MAX_INPUT bytes; invalid UTF-8, control
 * characters and a value with nothing left give BB_EINVAL, with *out unchanged. */
#ifndef BB_FIELDS_NORM_NAME_H
#define BB_FIELDS_NORM_NAME_H

#include "crypto/norm-words.h"
#include "crypto/normalize.h"

#include <stddef.h>

/* Which normalisation the indexes of names were made with: 1 was the Latin-1 and Latin
 * Extended-A table, 2 is utf8proc. Kept per index row (blind_index.norm_version) so that
 * bb_case_reindex_names knows what it still has to do. */
#define BB_NORM_NAME_VERSION 2

/* A person's name: NFKC, full case folding, accents and other combining marks removed,
 * default-ignorable characters (soft hyphen, zero-width) dropped, the Latin letters without a
 * decomposition folded ("ø" -> "o", "ł" -> "l", "æ" -> "ae", "ı" -> "i"), typographic
 * apostrophes and dashes made ASCII, every run of white space one space, none at either end
 * or around '-'. "Brüggemann - Çelik " -> "bruggemann-celik", "Straße" -> "strasse",
 * "ＥＬＳＡ" -> "elsa", "İstanbul" -> "istanbul". On success *out is new (bb_norm__free). */
int bb_norm__name(const char *in, char **out);

/* The words of a name: its normal form (as bb_norm__name) split at spaces, '-', '\'', '.'
 * and ',', each word once, in order, at most BB_NORM_MAX_WORDS. "Elsa de Bruijn-de Vries" ->
 * "elsa", "de", "bruijn", "vries". On success *out is one new allocation of the words, each
 * NUL-terminated, one after the other (bb_norm__free_words with its size, crypto/norm-words.h), *n
 * their number. */
int bb_norm__words(const char *in, char **out, size_t *size, size_t *n);

#endif
