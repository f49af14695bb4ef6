/* Reading party rows, shared by party.c (add, edit) and party-list.c. Not public. */
#ifndef BB_PARTY_ROW_H
#define BB_PARTY_ROW_H

#include "bb/party.h"
#include "fields/fields.h"

#include <stdbool.h>

/* The columns bb_party__from_row reads, in its order, and the join they need. */
#define BB_PARTY_COLS                                                                              \
    "p.id, c.year, c.seq, p.seq, p.role, p.tenure, p.household, p.age_band, p.interpreter,"        \
    " p.version"
#define BB_PARTY_FROM " FROM party p JOIN bb_case c ON c.id = p.case_id"

/* The personal fields of a party: their names in the vault (owner table "party"). */
#define BB_PARTY_FIELDS 7
extern const char *const bb_party__fields[BB_PARTY_FIELDS];

/* The slot of personal field i in p. */
char **bb_party__slot(bb_party *p, int i);

/* Fills the plain part of p from row r of res (BB_PARTY_COLS from column 0). */
void bb_party__from_row(const PGresult *res, int r, bb_party *p);

/* Decrypts p's personal fields when the handle holds the keys (each call a view of personal
 * data); marks p locked otherwise. */
int bb_party__decrypt(bb_ctx *ctx, bb_party *p);

/* Reads party id (of the handle's organisation), decrypted where possible, into *out. */
int bb_party__read(bb_ctx *ctx, const char *id, bb_party **out);

/* Checks the personal input of an add (adding: the name is required) or an edit; postcode
 * gets the canonical postcode ("" when none given). */
int bb_party__check_personal(bb_ctx *ctx, const bb_party_new *in, bool adding, char postcode[8]);

/* Checks the plain attributes: keys of their lists (the role is required when adding). */
int bb_party__check_plain(bb_ctx *ctx, const bb_party_new *in, bool adding);

/* Encrypts the personal fields in gives (non-NULL) for party id under key and recomputes
 * the indexes they feed ("name", "phone", "address"). */
int bb_party__write_personal(bb_ctx *ctx, const char *key, const char *id, const bb_party_new *in,
                             const char *postcode);

/* Whether case case_id has a melder other than party except (NULL: any). */
int bb_party__has_melder(bb_ctx *ctx, const char *case_id, const char *except, bool *has);

/* Wipes and frees p's personal strings (not p itself). */
void bb_party__clear(bb_party *p);

#endif
