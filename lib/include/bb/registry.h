/* The case registry's shared vocabulary: the category lists of docs/registry.md (keys as in
 * the domain's "Identifiers" table), the status workflow, and client-made ids. */
#ifndef BB_REGISTRY_H
#define BB_REGISTRY_H

#include "bb/common.h"
#include <stddef.h>

/* The category lists; their keys are stored in the database and used in bbctl and JSON. */
typedef enum bb_vocab {
    BB_VOCAB_STATUS,
    BB_VOCAB_SOURCE,
    BB_VOCAB_CONFLICT_TYPE,
    BB_VOCAB_OUTCOME,
    BB_VOCAB_CONTACT_KIND,
    BB_VOCAB_VOLUNTEER_STATUS,
    BB_VOCAB_PARTY_ROLE,
    BB_VOCAB_TENURE,
    BB_VOCAB_HOUSEHOLD,     /* a party's household type */
    BB_VOCAB_AGE_BAND,      /* a party's age band */
    BB_VOCAB_INTERPRETER,   /* whether a party needs an interpreter: ja, nee, onbekend */
    BB_VOCAB_INTAKE_REASON, /* why the intake found a case not suitable */
} bb_vocab;

/* Room for the longest key of any list ("psychische_kwetsbaarheid", 24) and its NUL. */
#define BB_KEY_SIZE 32
/* Room for a date "YYYY-MM-DD" and a case number "BB-2024-0007" (longer past 9999 a year). */
#define BB_DATE_SIZE   11
#define BB_NUMBER_SIZE 24
#define BB_UUID_SIZE   37
/* An area name: at most 60 characters of UTF-8 (4 bytes each at most). */
#define BB_AREA_MAX  60
#define BB_AREA_SIZE (BB_AREA_MAX * 4 + 1)
/* A case has one or more conflict types: at most every type once. */
#define BB_TYPES_MAX 15
/* A free-text note (of an event or a contact moment), in characters; lines split by \n. */
#define BB_NOTE_MAX 4000

/* The keys of list v in their documented order, ending with NULL; static. NULL for an unknown
 * list. */
BB_API const char *const *bb_vocab_keys(bb_vocab v);

/* 1 when key is one of list v's keys, else 0 (NULL-safe). */
BB_API int bb_vocab_has(bb_vocab v, const char *key);

/* The field name bbctl and error messages use for list v ("source", "type", ...); static. */
BB_API const char *bb_vocab_field(bb_vocab v);

/* The words for key of list v, translated ("Police", "Politie"); key itself when unknown, ""
 * for NULL. Static. */
BB_API const char *bb_vocab_label(bb_vocab v, const char *key);

/* The one word of candidates (ending with NULL) close to a mistyped word, for a "did you
 * mean" hint: the closest within a Damerau-Levenshtein distance of 2 (and less than word's
 * length), else the only one that begins with word; NULL when none or several are that close.
 * libbb's own messages of unknown keys carry the hint already. */
BB_API const char *bb_closest(const char *word, const char *const *candidates);

/* One allowed step of the case workflow. */
typedef struct bb_transition {
    const char *from;
    const char *to;
} bb_transition;

/* The allowed status transitions (the database's case_transition holds the same rows);
 * static, *n gets the count. Closing (to "afgesloten") is allowed from every open status. */
BB_API const bb_transition *bb_case_transitions(size_t *n);

/* 1 when a case in status from may move to status to, else 0 (NULL-safe). */
BB_API int bb_case_can_move(const char *from, const char *to);

/* Writes a new random (version 4) UUID into out as 36 characters and a NUL. Give it to a
 * create call and keep it while retrying: a create whose COMMIT was lost is then found instead
 * of made twice. */
BB_API void bb_uuid_generate(char out[BB_UUID_SIZE]);

#endif
