/* Shared parts of the person functions (find, report, erase). Not public. */
#ifndef BB_PERSON_INT_H
#define BB_PERSON_INT_H

#include "bb/person.h"
#include "fields/personal.h"

#include <stdbool.h>

/* The case number of bb_case AS alias, in SQL, as bb_fields__format_case_number writes it. */
#define BB_PERSON_CASE_NUMBER(c)                                                                   \
    "('BB-' || lpad(" c ".year::text, 4, '0') || '-' || CASE WHEN " c ".seq >= 10000 THEN " c      \
    ".seq::text ELSE lpad(" c ".seq::text, 4, '0') END)"

/* Longest canonical value (an e-mail address of 254 characters, and room to spare). */
#define BB_CANON_SIZE 512

/* A person as asked for: a party (by UUID) or a volunteer (by number). */
typedef struct bb_person_ref {
    bool volunteer;
    char id[BB_UUID_SIZE];            /* the party's or the volunteer's UUID */
    char number[BB_NUMBER_SIZE];      /* volunteer number, "V-0003" */
    char case_number[BB_NUMBER_SIZE]; /* a party's case */
} bb_person_ref;

/* Parses and looks up person in the handle's organisation. BB_EINVAL for something that is
 * neither a UUID nor a volunteer number, BB_ENOTFOUND for an unknown one. */
int bb_person__resolve(bb_ctx *ctx, const char *person, bb_person_ref *ref);

/* The canonical value of index `index` (name, phone, email, address) of (table, id): the one
 * stored with its blind index, else computed from the decrypted fields. *found is false when
 * neither is stored. Every decryption is a logged view. */
int bb_person__canon(bb_ctx *ctx, const char *table, const char *id, const char *index,
                     char out[BB_CANON_SIZE], bool *found);

/* The rows of table (party, volunteer) whose canonical value of index really is norm, as a
 * uuid array literal in *ids (free). Needs an unlocked handle. */
int bb_person__matching(bb_ctx *ctx, const char *table, const char *index, const char *norm,
                        char **ids);

/* The records of the same person as party id: the organisation's parties with the same name
 * and the same address, phone number or e-mail address, id itself included, as a
 * PostgreSQL uuid array literal in *ids (free). Needs an unlocked handle. */
int bb_person__same(bb_ctx *ctx, const char *id, char **ids);

#endif
