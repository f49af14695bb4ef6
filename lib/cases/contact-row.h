/* What contact.c shares with contact-edit.c. Not public. */
#ifndef BB_CONTACT_ROW_H
#define BB_CONTACT_ROW_H

#include "bb/contact.h"

/* Checks the volunteer numbers of a contact moment (known ones are checked by the caller) and
 * writes them as an int array literal ("{3,7}") into out. */
int bb_contact__with(bb_ctx *ctx, const char *const *with, size_t n_with, char *out, size_t size);

/* Reads contact id of organisation org, its note decrypted when unlocked, into a new *out
 * (bb_contact_free); BB_ENOTFOUND when there is none. */
int bb_contact__read(bb_ctx *ctx, const char *org, const char *id, bb_contact **out);

#endif
