/* Finding parties through the blind indexes, shared by search.c and duplicates.c. Not
 * public. */
#ifndef BB_CASES_SEARCH_H
#define BB_CASES_SEARCH_H

#include "bb/case.h"
#include "base/handle.h"

#include <stdbool.h>
#include <stddef.h>

/* A prepared search: the criteria in their canonical forms and their index values. */
typedef struct bb_search {
    bool exact_name; /* the whole name through its "name" index (duplicates), not its words */
    char *name;      /* the canonical name, or NULL */
    char *words;     /* its words (crypto/norm-words.h), n_words of them */
    size_t words_size, n_words;
    char *street, *postcode, *number, *phone; /* canonical, or NULL */
} bb_search;

/* Checks and normalises q into s (bb_search__clear it, also after an error). */
int bb_search__prepare(bb_ctx *ctx, const bb_case_query *q, bool exact_name, bb_search *s);

/* The parties matching s, decrypted and compared: their ids and scores (the higher the
 * better: fewer words in the name besides those searched), as PostgreSQL array literals into
 * *ids and *scores (free both). */
int bb_search__parties(bb_ctx *ctx, const bb_search *s, char **ids, char **scores);

void bb_search__clear(bb_search *s);

#endif
