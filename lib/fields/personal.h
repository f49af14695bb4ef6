/* Personal data in the registry: the one way registry modules check, encrypt, index and
 * decrypt personal values (through the vault, lib/keys/vault.h). Messages name the field and
 * the problem, never the value. bb_pd__get is the single place where a personal value is
 * decrypted for someone to see: the access log of a later issue belongs there. Not public. */
#ifndef BB_PERSONAL_H
#define BB_PERSONAL_H

#include "bb/keys.h"
#include "bb/party.h"
#include "fields/norm-name.h"
#include "fields/fields.h"

#include <stdbool.h>

/* How a value is brought to one canonical form before it is indexed or compared. */
enum bb_pd_kind {
    BB_PD_NAME,     /* a person's name */
    BB_PD_PHONE,    /* E.164 */
    BB_PD_POSTCODE, /* "1234AB" */
    BB_PD_ADDRESS,  /* postcode and house number: "1234AB 12A" */
    BB_PD_EMAIL,    /* lower-cased e-mail address */
};

/* BB_OK when the handle holds the keys; BB_EDENIED saying what needs them otherwise. */
int bb_pd__unlocked(bb_ctx *ctx, const char *what);

/* Checks of personal input; value NULL is accepted (not given) except for names. */
int bb_pd__check_name(bb_ctx *ctx, const char *field, const char *value, size_t max);
int bb_pd__check_text(bb_ctx *ctx, const char *field, const char *value, size_t max);
int bb_pd__check_phone(bb_ctx *ctx, const char *field, const char *value);
int bb_pd__check_email(bb_ctx *ctx, const char *field, const char *value);
int bb_pd__check_house_number(bb_ctx *ctx, const char *field, const char *value);

/* Checks a postcode and writes it as stored and shown, "1234 AB", into out; *digits (may be
 * NULL) gets its 4-digit part. */
int bb_pd__check_postcode(bb_ctx *ctx, const char *field, const char *value, char out[8],
                          int *digits);

/* The canonical form of a value (b: the house number of BB_PD_ADDRESS) into *out
 * (bb_norm__free). BB_EINVAL when it has none; the message names field, never the value. */
int bb_pd__normalize(bb_ctx *ctx, const char *field, enum bb_pd_kind kind, const char *a,
                     const char *b, char **out);

/* Encrypts value (NULL: nothing) as field of (table, owner) under data key key. */
int bb_pd__put(bb_ctx *ctx, const char *key, const char *table, const char *owner,
               const char *field, const char *value);

/* Stores blind index `index` of (table, owner) over the canonical form of a (and b). */
int bb_pd__index(bb_ctx *ctx, const char *key, const char *table, const char *owner,
                 const char *index, enum bb_pd_kind kind, const char *a, const char *b);

/* Stores the word indexes (keys/words.h) of name for (table, owner), replacing its old ones. */
int bb_pd__index_words(bb_ctx *ctx, const char *key, const char *table, const char *owner,
                       const char *name);

/* Removes field of (table, owner), and with index non-NULL that blind index and the
 * canonical value kept with it: clearing a value. Nothing stored is not an error. */
int bb_pd__drop(bb_ctx *ctx, const char *table, const char *owner, const char *field);
int bb_pd__drop_index(bb_ctx *ctx, const char *table, const char *owner, const char *index);

/* Decrypts field of (table, owner) into *out (bb_pd__free): a view of personal data. A field
 * that is not stored (never given, or shredded) gives BB_OK with *out NULL. */
int bb_pd__get(bb_ctx *ctx, const char *table, const char *owner, const char *field, char **out);

/* Wipes and frees a value from this module; NULL-safe. */
void bb_pd__free(char *s);

/* The rows of table whose index `index` holds the canonical value norm: candidates, to be
 * decrypted and compared. *res lists owner ids in column 0 (PQclear). */
int bb_pd__candidates(bb_ctx *ctx, const char *table, const char *index, const char *norm,
                      PGresult **res);

/* Whether the indexed value of (table, owner) really is norm: the canonical value the vault
 * keeps with index `index` is decrypted and compared. *same is true when it is, and also when
 * it cannot be read (the rules that use this refuse rather than guess). */
int bb_pd__index_is(bb_ctx *ctx, const char *table, const char *owner, const char *index,
                    const char *norm, bool *same);

/* The data key of a case (by id) into key; BB_EINVAL naming the case (what) when its personal
 * data was destroyed. */
int bb_pd__case_key(bb_ctx *ctx, const char *case_id, const char *what, char key[BB_UUID_SIZE]);

/* The note of an event or contact: checked (NULL is no note) and, when present, the handle
 * must be unlocked. */
int bb_pd__check_note(bb_ctx *ctx, const char *field, const char *note);

#endif
