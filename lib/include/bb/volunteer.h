/* Volunteers: the plain parts (number, area, pipeline status, capacity, preferences), and
 * their personal data: name, phone and e-mail encrypted under the volunteer's own data key.
 * The home postcode (and house number) derive the area and are kept only as blind indexes,
 * for the pairing rule "never a volunteer who lives next to a party" (bb/pairing.h). */
#ifndef BB_VOLUNTEER_H
#define BB_VOLUNTEER_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stdbool.h>
#include <stddef.h>

#define BB_CAPACITY_MAX 20

typedef struct bb_volunteer {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE]; /* "V-0003" */
    char area[BB_AREA_SIZE];     /* "" when none */
    char status[BB_KEY_SIZE];    /* BB_VOCAB_VOLUNTEER_STATUS */
    char status_since[BB_DATE_SIZE];
    char resume[BB_KEY_SIZE];              /* gestopt: the status they may go back to; else "" */
    int capacity;                          /* concurrent cases, 0..BB_CAPACITY_MAX */
    char types[BB_TYPES_MAX][BB_KEY_SIZE]; /* preferred conflict types */
    size_t n_types;
    long long version;
    char created_at[32];
} bb_volunteer;

typedef struct bb_volunteer_new {
    const char *id;           /* client-made UUID, as in bb_case_new; NULL: libbb makes one */
    const char *name;         /* required; personal data, stored encrypted */
    const char *phone;        /* NULL or a phone number; encrypted */
    const char *email;        /* NULL or an e-mail address; encrypted */
    const char *postcode;     /* "1234 AB" (or "1234AB"); required; only indexed, not stored */
    const char *house_number; /* NULL or "12a": with the postcode, the "address" index */
    const char *area;         /* NULL: derived from the postcode through the area table */
    int capacity;             /* -1: the default, 2 */
    const char *status;       /* NULL: "aangemeld" */
    const char *since;        /* date the status began, NULL: today */
    /* The dates the steps before status began, in the pipeline's order from aangemeld
     * (aangemeld, in_opleiding, gecertificeerd, actief): one for each step before status, so
     * none for aangemeld and four for gestopt. Each on or after the one before; since last. */
    const char *const *steps;
    size_t n_steps;
    const char *const *types; /* preferred conflict types, may be empty */
    size_t n_types;
} bb_volunteer_new;

/* Whether a volunteer may go from status from to status to: one step along the pipeline
 * (aangemeld -> in_opleiding -> gecertificeerd -> actief), to gestopt from any other status,
 * and from gestopt back to resume (bb_volunteer.resume) only. The database keeps the same
 * rule (volunteer_step_ok); only new steps are checked, a history from before stays. */
BB_API bool bb_volunteer_step_allowed(const char *from, const char *to, const char *resume);

/* The statuses a volunteer in status from (with resume, as above) may go to, in the pipeline's
 * order, into out (at most max); returns how many. */
BB_API size_t bb_volunteer_next_steps(const char *from, const char *resume, const char **out,
                                      size_t max);

/* Adds a volunteer with the organisation's next number and their own data key in one
 * transaction: name, phone and e-mail encrypted, the postcode (and house number) as blind
 * indexes. Needs an unlocked handle (else BB_EDENIED). A later start status is recorded as
 * each step before it with its date (steps), so the history holds every step. *out (may be NULL)
 * gets the stored volunteer (bb_volunteer_free). A known id returns that volunteer, writing
 * nothing. On error nothing is written; BB_EINVAL names the field and value (for personal fields
 * the field and the problem, never the value). */
BB_API int bb_volunteer_add(bb_ctx *ctx, const bb_volunteer_new *in, bb_volunteer **out);

/* Reads a volunteer by number ("V-0003", "v3" or "3") into *out (bb_volunteer_free).
 * BB_EINVAL for a malformed number, BB_ENOTFOUND when unknown. */
BB_API int bb_volunteer_get(bb_ctx *ctx, const char *number, bb_volunteer **out);

/* Frees a volunteer; NULL-safe. */
BB_API void bb_volunteer_free(bb_volunteer *v);

/* A volunteer's personal data, decrypted; NULL where not recorded (or destroyed). */
typedef struct bb_volunteer_contact {
    char *name, *phone, *email;
} bb_volunteer_contact;

/* Decrypts a volunteer's name, phone and e-mail into *out (bb_volunteer_contact_free): a view
 * of personal data. Needs an unlocked handle (BB_EDENIED). BB_ENOTFOUND when unknown. */
BB_API int bb_volunteer_contact_get(bb_ctx *ctx, const char *number, bb_volunteer_contact **out);

/* Decrypts only a volunteer's name into *out (phone and e-mail NULL; bb_volunteer_contact_free),
 * for showing names beside numbers: one read less per field than bb_volunteer_contact_get.
 * Needs an unlocked handle (BB_EDENIED). BB_ENOTFOUND when unknown. */
BB_API int bb_volunteer_name_get(bb_ctx *ctx, const char *number, bb_volunteer_contact **out);

/* Frees (and wipes) what bb_volunteer_contact_get or bb_volunteer_name_get gave; NULL-safe. */
BB_API void bb_volunteer_contact_free(bb_volunteer_contact *c);

typedef struct bb_volunteer_filter {
    const char *status; /* NULL: all */
    const char *area;   /* NULL: all */
    const char *after;  /* keyset cursor: a list's next */
    int limit;          /* 1..1000, 0 means 50 */
} bb_volunteer_filter;

/* One page of volunteers, by number. */
typedef struct bb_volunteer_list {
    bb_volunteer *items;
    size_t n;
    char next[BB_NUMBER_SIZE]; /* "" on the last page */
} bb_volunteer_list;

/* Lists a page of volunteers matching f (NULL: all) into *out (bb_volunteer_list_free).
 * BB_EINVAL names a bad filter value. */
BB_API int bb_volunteer_list_get(bb_ctx *ctx, const bb_volunteer_filter *f,
                                 bb_volunteer_list **out);

/* Frees a volunteer list; NULL-safe. */
BB_API void bb_volunteer_list_free(bb_volunteer_list *list);

/* Sets a volunteer's pipeline status as of since (NULL: today), recording the date. A
 * volunteer changed since expected_version is refused with BB_ECONFLICT naming the changed
 * fields. *out (may be NULL) gets the stored volunteer. BB_EINVAL names a bad value, a step
 * bb_volunteer_step_allowed refuses (with the steps allowed) or a since before the current
 * status began. */
BB_API int bb_volunteer_set_status(bb_ctx *ctx, const char *number, long long expected_version,
                                   const char *status, const char *since, bb_volunteer **out);

/* One status a volunteer entered, and the day. */
typedef struct bb_volunteer_step {
    char status[BB_KEY_SIZE];
    char since[BB_DATE_SIZE];
} bb_volunteer_step;

typedef struct bb_volunteer_history {
    bb_volunteer_step *items;
    size_t n;
} bb_volunteer_history;

/* A volunteer's status history, in the order the statuses were entered, into *out
 * (bb_volunteer_history_free). BB_EINVAL for a malformed number, BB_ENOTFOUND when unknown. */
BB_API int bb_volunteer_history_get(bb_ctx *ctx, const char *number, bb_volunteer_history **out);

/* Frees a history; NULL-safe. */
BB_API void bb_volunteer_history_free(bb_volunteer_history *h);

/* The changes of bb_volunteer_edit: NULL (capacity -1, types_given false) leaves a field as
 * it is. phone, email and house_number given as "" are cleared; name and postcode cannot be
 * cleared. A new postcode derives the area again unless area is given, and replaces the
 * address index: give house_number with it to keep one (a house number alone needs the
 * postcode too, which is not stored). area "" leaves the volunteer without an area. */
typedef struct bb_volunteer_changes {
    const char *name, *phone, *email, *postcode, *house_number, *area;
    int capacity;             /* -1: unchanged */
    bool types_given;         /* replace the preferred conflict types with types (may be none) */
    const char *const *types; /* BB_VOCAB_CONFLICT_TYPE keys */
    size_t n_types;
} bb_volunteer_changes;

/* Changes a volunteer in one transaction, with the same checks as bb_volunteer_add. A
 * volunteer changed since expected_version is refused with BB_ECONFLICT naming the changed
 * fields (personal ones by name only). Needs an unlocked handle when a personal field changes
 * (else BB_EDENIED). *out (may be NULL) gets the stored volunteer. BB_EINVAL names a bad
 * value (personal fields: the field and the problem) or "nothing to change"; BB_ENOTFOUND an
 * unknown volunteer. On error nothing is written. */
BB_API int bb_volunteer_edit(bb_ctx *ctx, const char *number, long long expected_version,
                             const bb_volunteer_changes *ch, bb_volunteer **out);

#endif
