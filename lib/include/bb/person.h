/* The rights of the people in bb (AVG art. 15 and 17): finding a person's records across
 * cases, reporting everything bb holds about them, and erasing their personal data. A person
 * is a party of one or more cases, or a volunteer. docs/admin.md, "The people's rights". */
#ifndef BB_PERSON_H
#define BB_PERSON_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stddef.h>

/* What bb_person_find looks for: exactly one of an address (postcode and house number
 * together), a phone number, a name or an e-mail address. */
typedef struct bb_person_query {
    const char *postcode;
    const char *house_number;
    const char *phone;
    const char *name;
    const char *email;
} bb_person_query;

/* One record of a person: a party of a case, or a volunteer. */
typedef struct bb_person_match {
    char id[BB_UUID_SIZE];            /* party: its UUID; volunteer: "V-0003" */
    char kind[16];                    /* "party" or "volunteer" */
    char case_number[BB_NUMBER_SIZE]; /* the party's case; "" for a volunteer */
    char role[BB_KEY_SIZE];           /* party role (melder, ...); a volunteer's status */
    char *name;                       /* decrypted name; NULL when not (or no longer) stored */
} bb_person_match;

typedef struct bb_person_list {
    bb_person_match *items;
    size_t n;
} bb_person_list;

/* Finds the parties and volunteers of the handle's organisation with that address, phone
 * number, name or e-mail address. Parties are found through their blind indexes and each
 * candidate is decrypted and compared (an index has false matches); volunteers have indexes
 * only for their address, so for the other criteria each volunteer's value is decrypted and
 * compared (volunteers are few). Parties first, by case number, then volunteers. *out gets
 * the matches (bb_person_list_free), possibly none. Needs an unlocked handle (BB_EDENIED).
 * BB_EINVAL names a missing, doubled or malformed criterion without echoing the value. */
BB_API int bb_person_find(bb_ctx *ctx, const bb_person_query *q, bb_person_list **out);

/* Frees (and wipes) a list from bb_person_find; NULL-safe. */
BB_API void bb_person_list_free(bb_person_list *list);

/* One field of a report record: a key (English identifier) and its value (NULL: none). */
typedef struct bb_report_field {
    char *key;
    char *value;
} bb_report_field;

/* One record: kind is "party", "volunteer", "case", "contact", "note", "followup" or
 * "audit"; its fields in a fixed order per kind (docs/admin.md lists them). */
typedef struct bb_report_record {
    char kind[16];
    bb_report_field *fields;
    size_t n;
} bb_report_record;

typedef struct bb_person_report {
    char person[BB_UUID_SIZE]; /* the id the report was asked for */
    char made_at[32];          /* ISO 8601, UTC */
    bb_report_record *records;
    size_t n;
} bb_person_report;

/* Gathers everything bb holds about person (a party UUID or a volunteer number) for an
 * access request: every record of the same person (a party: the parties in the
 * organisation's cases with the same name and the same address, phone number or e-mail; a
 * volunteer: their own record) with every field decrypted, the cases they are in, the
 * contact moments of those cases, follow-up answers of their role, and the audit records of
 * views and changes of their data. Notes are the case's, not the person's: with_notes 0
 * lists only that they exist (date, author), 1 includes their text for the coordinator to
 * review before handing anything out. The gathering is itself audit-logged ("person_report").
 * *out gets the report (bb_person_report_free). Needs an unlocked handle (BB_EDENIED);
 * BB_EINVAL for a malformed id, BB_ENOTFOUND for an unknown one. */
BB_API int bb_person_report_get(bb_ctx *ctx, const char *person, int with_notes,
                                bb_person_report **out);

/* Frees (and wipes) a report; NULL-safe. */
BB_API void bb_person_report_free(bb_person_report *r);

/* Most case numbers an erasure result lists (n counts them all). */
#define BB_PERSON_CASES_MAX 100

/* Which records bb_person_erase destroys. */
enum bb_erase_scope {
    BB_ERASE_RECORD,    /* the record person itself */
    BB_ERASE_CASE,      /* the person's record in case_number */
    BB_ERASE_ALL_CASES, /* every record of the same person (as in bb_person_report_get) */
};

/* What an erasure did (or, with dry_run, would do). */
typedef struct bb_erase_result {
    size_t n;                                        /* records erased */
    char cases[BB_PERSON_CASES_MAX][BB_NUMBER_SIZE]; /* their cases (the first ones) */
    long fields, indexes;                            /* ciphertexts and blind indexes destroyed */
} bb_erase_result;

/* Destroys the personal data of person (a party UUID or a volunteer number) in one
 * transaction: a party's encrypted fields and blind indexes (its plain columns stay, so the
 * figures do not change; the case's other parties and its notes stay: a note is the case's);
 * a volunteer's data key with everything under it. reason (required, 1 to 500 characters, no
 * personal data) goes into the audit record "person_erase". With dry_run nothing changes and
 * *out says what would go. BB_EINVAL for a malformed id, a missing reason or a scope that does
 * not fit (a case for a volunteer); BB_ENOTFOUND for an unknown person, or no record of them
 * in case_number. Needs an unlocked handle for a party's other records (BB_ERASE_CASE and
 * BB_ERASE_ALL_CASES compare decrypted values). */
BB_API int bb_person_erase(bb_ctx *ctx, const char *person, enum bb_erase_scope scope,
                           const char *case_number, const char *reason, int dry_run,
                           bb_erase_result *out);

#endif
