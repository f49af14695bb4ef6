/* Parties of a case (melder, wederpartij, betrokkene) and finding cases by a party's address,
 * phone number or name. Names, addresses, phone numbers and e-mail are personal data: stored
 * only encrypted under the case's data key (docs/security.md), so writing and reading them
 * needs an unlocked handle (bb_unlock). The plain attributes (role, tenure, household, age
 * band, interpreter) are what the figures count. */
#ifndef BB_PARTY_H
#define BB_PARTY_H

#include "bb/case.h"
#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/keys.h"
#include "bb/registry.h"
#include <stddef.h>

/* Longest personal values, in characters. */
#define BB_NAME_MAX         200
#define BB_STREET_MAX       200
#define BB_HOUSE_NUMBER_MAX 16
#define BB_PLACE_MAX        100
#define BB_PHONE_MAX        32
#define BB_EMAIL_MAX        254
/* At most this many parties in one case. */
#define BB_PARTIES_MAX 99

/* A party as stored. The personal strings are decrypted copies (NULL when not recorded, and
 * all NULL when locked is 1); bb_party_free wipes them. */
typedef struct bb_party {
    char id[BB_UUID_SIZE];
    char case_number[BB_NUMBER_SIZE];
    int number;                    /* 1, 2, ... within the case: "party 2 of BB-2024-0007" */
    char role[BB_KEY_SIZE];        /* BB_VOCAB_PARTY_ROLE */
    char tenure[BB_KEY_SIZE];      /* BB_VOCAB_TENURE */
    char household[BB_KEY_SIZE];   /* BB_VOCAB_HOUSEHOLD */
    char age_band[BB_KEY_SIZE];    /* BB_VOCAB_AGE_BAND */
    char interpreter[BB_KEY_SIZE]; /* BB_VOCAB_INTERPRETER */
    long long version;
    int locked; /* 1: the handle was locked, the personal fields were not read */
    char *name, *street, *house_number, *postcode, *place, *phone, *email;
} bb_party;

/* A new party, or (bb_party_edit) the changes to one. */
typedef struct bb_party_new {
    const char *id;           /* client-made UUID as in bb_case_new; NULL: libbb makes one */
    const char *role;         /* BB_VOCAB_PARTY_ROLE; required when adding */
    const char *name;         /* required when adding */
    const char *street;       /* the address: all optional; postcode as "1234 AB" */
    const char *house_number; /* "12", "12a", "12-1"; with a postcode it is the address index */
    const char *postcode;
    const char *place;
    const char *phone; /* Dutch ("06-12345678") or international ("+32 ...") */
    const char *email;
    const char *tenure;      /* NULL: "onbekend" when adding */
    const char *household;   /* NULL: "onbekend" when adding */
    const char *age_band;    /* NULL: "onbekend" when adding */
    const char *interpreter; /* "ja", "nee", "onbekend"; NULL: "onbekend" when adding */
} bb_party_new;

/* Adds a party to the case in one transaction: the plain row, its personal fields encrypted
 * under the case's data key, and the blind indexes "name" (and one per word of the name),
 * "phone", "email", "street", "postcode" and "address" (postcode and house number) for
 * bb_case_search and bb_case_duplicates. Needs an unlocked handle (else BB_EDENIED). A known
 * id returns that party, writing nothing. *out (may be NULL) gets the stored party
 * (bb_party_free). On error nothing is written: BB_EINVAL names the field and the problem
 * (never a personal value), BB_ENOTFOUND an unknown case. */
BB_API int bb_party_add(bb_ctx *ctx, const char *case_number, const bb_party_new *in,
                        bb_party **out);

/* Changes party `party` (its number in the case) of a case: every non-NULL field of changes
 * (id is ignored) replaces the stored value; personal fields are re-encrypted and their
 * indexes recomputed. expected_version is the party's version the caller saw: a party
 * changed since is refused with BB_ECONFLICT naming the changed fields. The only melder of a
 * case past the intake stays a melder (BB_EINVAL). Needs an unlocked handle when a personal
 * field changes. *out (may be NULL) gets the stored party. On error nothing is written. */
BB_API int bb_party_edit(bb_ctx *ctx, const char *case_number, int party,
                         long long expected_version, const bb_party_new *changes, bb_party **out);

/* Moves party `party` of case_number, added to the wrong case, to case to_case in one
 * transaction: it becomes that case's last party, and its personal fields and blind indexes
 * are made again under to_case's data key (the old ciphertexts are deleted). Versions and
 * errors as for bb_party_edit; BB_EINVAL names a void case (either) or the same case, and the
 * only melder of a case past the intake, which stays; BB_ENOTFOUND an unknown case ("to:"
 * for the target) or party. Needs an unlocked handle. *out (may be NULL) gets the party as
 * stored. */
BB_API int bb_party_move(bb_ctx *ctx, const char *case_number, int party,
                         long long expected_version, const char *to_case, bb_party **out);

/* Removes party `party` of case_number, added by mistake, in one transaction: its personal
 * data is destroyed and the row deleted (the numbers of the other parties stay); the case's
 * data key is renewed, so no earlier copy of the party's ciphertexts opens again. reason
 * (required, plain text without personal data) is kept in the audit log. The only melder of a
 * case past the intake stays (BB_EINVAL). Versions and errors as for bb_party_edit. */
BB_API int bb_party_remove(bb_ctx *ctx, const char *case_number, int party,
                           long long expected_version, const char *reason);

/* Frees a party, wiping its personal strings; NULL-safe. */
BB_API void bb_party_free(bb_party *p);

typedef struct bb_party_list {
    bb_party *items;
    size_t n;
} bb_party_list;

/* The parties of a case by number into *out (bb_party_list_free). With an unlocked handle
 * their personal fields are decrypted (each party read is a view of personal data); with a
 * locked one they stay NULL and locked is 1. BB_ENOTFOUND for an unknown case. */
BB_API int bb_party_list_get(bb_ctx *ctx, const char *case_number, bb_party_list **out);

/* Frees a party list, wiping the personal strings; NULL-safe. */
BB_API void bb_party_list_free(bb_party_list *list);

/* A case that a new report or party may be about already: it has a party with the same
 * address, phone number or name (bb_case_duplicates). */
typedef struct bb_case_dup {
    char number[BB_NUMBER_SIZE];
    char status[BB_KEY_SIZE];
    char closed_on[BB_DATE_SIZE]; /* "" while open */
    int address, phone, name;     /* 1: that is the same */
} bb_case_dup;

typedef struct bb_case_dup_list {
    size_t n;
    bb_case_dup *items;
} bb_case_dup_list;

/* The open cases, and those closed in the last 12 months, with a party at the same address
 * (postcode and house number), with the same phone number or with the same name as `in`
 * (bb/party.h; the fields not given are not compared), other than case except (a number, or
 * NULL). Void cases never count. Found through the blind indexes, each candidate decrypted
 * and compared (a coordinator may open these cases anyway). Needs an unlocked handle; BB_OK
 * with an empty list when nothing matches. *out: bb_case_dup_list_free. */
BB_API int bb_case_duplicates(bb_ctx *ctx, const bb_party_new *in, const char *except,
                              bb_case_dup_list **out);

/* Frees a list from bb_case_duplicates; NULL-safe. */
BB_API void bb_case_dup_list_free(bb_case_dup_list *list);

/* Makes the parties' name indexes written with an older normalisation again (bb before
 * utf8proc: docs/security.md, "Normalisation"), with the word indexes of their names and the
 * indexes of their street and postcode: each name is decrypted, so the handle must be
 * unlocked (else BB_EDENIED). A batch of parties per transaction; a run that stops (an error,
 * or progress returning non-zero) keeps what it did, and the next run goes on from there.
 * progress (may be NULL) gets the parties done of those left at the start; *done the count. */
BB_API int bb_party_reindex_names(bb_ctx *ctx, bb_progress_fn progress, void *data, long *done);

#endif
