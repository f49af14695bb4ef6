/* Contact moments of a case: date, kind, minutes, which volunteers took part, and a note
 * (personal data, stored encrypted under the case's data key). */
#ifndef BB_CONTACT_H
#define BB_CONTACT_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stdbool.h>
#include <stddef.h>

/* At most this many volunteers take part in one contact moment. */
#define BB_CONTACT_WITH_MAX 8
#define BB_MINUTES_MAX      1440

typedef struct bb_contact {
    char id[BB_UUID_SIZE];
    char case_number[BB_NUMBER_SIZE];
    char date[BB_DATE_SIZE];
    char kind[BB_KEY_SIZE];                         /* BB_VOCAB_CONTACT_KIND */
    int minutes;                                    /* -1 when not recorded */
    char with[BB_CONTACT_WITH_MAX][BB_NUMBER_SIZE]; /* volunteer numbers */
    size_t n_with;
    char created_at[32];
    long long version; /* for bb_contact_edit */
    char by[64];       /* the bb user who logged it (before 0022: their database login) */
    char *note;        /* decrypted note; NULL when none or when the handle is locked */
} bb_contact;

typedef struct bb_contact_new {
    const char *id;          /* client-made UUID as in bb_case_new; NULL: libbb makes one */
    const char *case_number; /* "BB-2024-0007" */
    const char *kind;
    const char *date;        /* NULL: today; not before the report, not in the future */
    int minutes;             /* -1: not recorded; else 0..BB_MINUTES_MAX */
    const char *const *with; /* volunteer numbers, no repeats, at most BB_CONTACT_WITH_MAX */
    size_t n_with;
    const char *note; /* NULL or at most BB_NOTE_MAX characters; needs an unlocked handle */
} bb_contact_new;

/* Records a contact moment in one transaction, its note encrypted. *out (may be NULL) gets it
 * (bb_contact_free); a known id returns that contact, writing nothing. On error nothing is
 * written: BB_EINVAL names the field and value (a note's problem without its text),
 * BB_ENOTFOUND an unknown case or volunteer, BB_EDENIED a note with a locked handle. */
BB_API int bb_contact_add(bb_ctx *ctx, const bb_contact_new *in, bb_contact **out);

/* Frees a contact, wiping its note; NULL-safe. */
BB_API void bb_contact_free(bb_contact *c);

typedef struct bb_contact_list {
    bb_contact *items;
    size_t n;
} bb_contact_list;

/* The contact moments of one case, oldest first, into *out (bb_contact_list_free). With an
 * unlocked handle the notes are decrypted (a view of personal data). BB_ENOTFOUND for an
 * unknown case. */
BB_API int bb_contact_list_get(bb_ctx *ctx, const char *case_number, bb_contact_list **out);

/* Frees a contact list, wiping the notes; NULL-safe. */
BB_API void bb_contact_list_free(bb_contact_list *list);

/* Keeps a contact moment's minutes in bb_contact_changes. */
#define BB_CONTACT_KEEP_MINUTES (-2)

/* Corrections to a contact moment; NULL (and BB_CONTACT_KEEP_MINUTES) keep a field. */
typedef struct bb_contact_changes {
    const char *date;        /* not before the report, not in the future */
    const char *kind;        /* BB_VOCAB_CONTACT_KIND */
    int minutes;             /* BB_CONTACT_KEEP_MINUTES, -1 (not recorded) or 0..BB_MINUTES_MAX */
    bool set_with;           /* replace the volunteers with `with` (none when n_with is 0) */
    const char *const *with; /* volunteer numbers, as in bb_contact_new */
    size_t n_with;
    const char *note; /* a new note (needs an unlocked handle); NULL keeps it */
} bb_contact_changes;

/* Corrects contact moment `contact` of case case_number (its id, or the first 8 or more
 * characters of it, as `bbctl contact list` shows) in one transaction; the figures follow.
 * expected_version is the version the caller saw: when the contact changed since, nothing is
 * written and BB_ECONFLICT says what changed. *out (may be NULL) gets it as stored. BB_EINVAL
 * names a bad field and value (a void case too), BB_ENOTFOUND an unknown case, contact or
 * volunteer. */
BB_API int bb_contact_edit(bb_ctx *ctx, const char *case_number, const char *contact,
                           long long expected_version, const bb_contact_changes *changes,
                           bb_contact **out);

/* Removes a contact moment recorded by mistake, with its note, in one transaction; the
 * figures follow, and the case's data key is renewed (no earlier copy of the note opens
 * again). reason (required, plain text without personal data: it is kept in the
 * audit log) says why. Errors as for bb_contact_edit. */
BB_API int bb_contact_remove(bb_ctx *ctx, const char *case_number, const char *contact,
                             const char *reason);

#endif
