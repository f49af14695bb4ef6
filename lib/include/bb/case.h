/* Cases: create, read, list (keyset paged), move through the workflow, close, edit and the
 * intake decision. The handle's organisation (bb_org_use) is the one worked in. Notes are
 * personal data, stored encrypted under the case's data key: writing or reading them needs an
 * unlocked handle (bb_unlock). Parties are in bb/party.h, pairing in bb/pairing.h. */
#ifndef BB_CASE_H
#define BB_CASE_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stdbool.h>
#include <stddef.h>

/* A case as stored; every string is a NUL-terminated copy ("" when not set). */
typedef struct bb_case {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];    /* "BB-2024-0007" */
    char reported_on[BB_DATE_SIZE]; /* YYYY-MM-DD */
    char source[BB_KEY_SIZE];
    char types[BB_TYPES_MAX][BB_KEY_SIZE];
    size_t n_types;          /* at least 1 */
    char area[BB_AREA_SIZE]; /* "" when none */
    char status[BB_KEY_SIZE];
    char outcome[BB_KEY_SIZE];           /* "" while open */
    char closed_on[BB_DATE_SIZE];        /* "" while open */
    char reported_back_on[BB_DATE_SIZE]; /* "" until the referrer heard the outcome */
    int intake_suitable;                 /* -1 undecided, 0 not suitable, 1 suitable */
    long long version;                   /* for the expected_version of a later change */
    char created_at[32];                 /* ISO 8601, UTC */
    char updated_at[32];
    char intake_reason[BB_KEY_SIZE];    /* BB_VOCAB_INTAKE_REASON when not suitable, else "" */
    char intake_on[BB_DATE_SIZE];       /* date of the intake decision, "" while undecided */
    char volunteers[2][BB_NUMBER_SIZE]; /* the paired volunteers ("V-0003"), "" while unpaired */
    int shredded; /* 1: its data key was destroyed, with every personal value of the case */
} bb_case;

/* What a new case needs. */
typedef struct bb_case_new {
    /* Client-made UUID (bb_uuid_generate). When a case with this id exists already, that case
     * is returned and nothing is written, so a create may be retried safely. NULL: libbb makes
     * one (then a retry after a lost COMMIT could create a second case). */
    const char *id;
    const char *reported_on;  /* YYYY-MM-DD, not in the future */
    const char *source;       /* BB_VOCAB_SOURCE */
    const char *const *types; /* BB_VOCAB_CONFLICT_TYPE, 1 to BB_TYPES_MAX, no repeats */
    size_t n_types;
    const char *area; /* an area of bb_area_list_get(), or NULL */
    const char *note; /* the creation event's note (personal data, encrypted), or NULL */
} bb_case_new;

/* Creates a case in one transaction: takes the next gap-free number of this year for the
 * organisation, makes the case's data key and records the creation event (with its note).
 * Needs an unlocked handle (else BB_EDENIED). *out (may be NULL) gets the stored case (free
 * with bb_case_free). On error nothing is written, *out is NULL and bb_errmsg() names the
 * field and value (a note's problem without its text): BB_EINVAL for bad input, BB_EEXISTS
 * when the id belongs to another organisation's case. */
BB_API int bb_case_create(bb_ctx *ctx, const bb_case_new *in, bb_case **out);

/* Reads the case with the given number ("BB-2024-0007") into *out (free with bb_case_free).
 * BB_EINVAL for a malformed number, BB_ENOTFOUND when the organisation has no such case. */
BB_API int bb_case_get(bb_ctx *ctx, const char *number, bb_case **out);

/* Expands a case number as people type it into its full form: "BB-2024-0007" (the prefix in
 * any case, leading zeros optional), "2024-7", or "7" for case 7 of this year. "This year" is
 * the database's (current_date), the year bb_case_create numbers new cases in, so a client
 * with another clock or time zone still means the same case around New Year. Only the short
 * form "7" asks the database. Blanks around it are ignored. out gets "BB-2024-0007"; the case
 * need not exist (bb_case_get says so). BB_EINVAL names the value and the forms expected
 * (years from 2000, numbers from 1); out is then "". */
BB_API int bb_case_number_expand(bb_ctx *ctx, const char *in, char out[BB_NUMBER_SIZE]);

/* Frees a case; NULL-safe. */
BB_API void bb_case_free(bb_case *c);

/* Filters of a case list; NULL fields do not filter. */
typedef struct bb_case_filter {
    const char *status; /* BB_VOCAB_STATUS */
    const char *area;
    const char *source;    /* BB_VOCAB_SOURCE */
    const char *from;      /* reported on or after this date */
    const char *to;        /* reported on or before this date */
    const char *after;     /* keyset cursor: the page after this case number (a list's next) */
    int limit;             /* page size 1..1000; 0 means 50 */
    const char *volunteer; /* paired to this volunteer ("V-0003"); BB_ENOTFOUND when unknown */
    bool open;             /* only open cases (every status but afgesloten and vervallen) */
    bool void_too;         /* void cases too (hidden otherwise, unless status asks for them) */
} bb_case_filter;

/* One page of cases, newest number first. */
typedef struct bb_case_list {
    bb_case *items;
    size_t n;
    char next[BB_NUMBER_SIZE]; /* cursor for the next page; "" when this is the last */
} bb_case_list;

/* Lists one page of the organisation's cases that match f (NULL: no filter). Pages never
 * overlap or skip a case that existed throughout. *out gets the page (free with
 * bb_case_list_free). On error *out is NULL; BB_EINVAL names a bad filter value. */
BB_API int bb_case_list_get(bb_ctx *ctx, const bb_case_filter *f, bb_case_list **out);

/* Frees a case list; NULL-safe. */
BB_API void bb_case_list_free(bb_case_list *list);

/* Moves a case to status (not "afgesloten": use bb_case_close) when the workflow allows it,
 * recording the event. expected_version is the version the caller saw: when the case changed
 * since, nothing is written and BB_ECONFLICT says which fields changed. *out (may be NULL)
 * gets the case as stored afterwards. BB_EINVAL names a refused transition or bad status,
 * BB_ENOTFOUND an unknown case. */
BB_API int bb_case_move(bb_ctx *ctx, const char *number, long long expected_version,
                        const char *status, bb_case **out);

/* bb_case_move with a note on the event (NULL: none), stored encrypted: a note needs an
 * unlocked handle. The case needs a melder before it moves into the intake or later
 * (BB_EINVAL names the party missing). */
BB_API int bb_case_move_note(bb_ctx *ctx, const char *number, long long expected_version,
                             const char *status, const char *note, bb_case **out);

/* Closes a case from any open status with an outcome (BB_VOCAB_OUTCOME) on closed_on
 * (YYYY-MM-DD, NULL for today; not before the report, not in the future) and a reason, kept
 * encrypted as the closing event's note: it needs an unlocked handle. Versions, errors and
 * *out as for bb_case_move; BB_EINVAL names a missing reason ("reason: required") and a case
 * closed already. The database refuses a closing without the note too. */
BB_API int bb_case_close(bb_ctx *ctx, const char *number, long long expected_version,
                         const char *outcome, const char *closed_on, const char *reason,
                         bb_case **out);

/* Voids a case registered by mistake (status "vervallen", final): it leaves every figure and
 * every list (bb_case_filter.void shows it), its personal data is destroyed (its data key),
 * its number and history stay, and reason (required; it may be personal, so it is kept
 * encrypted as the voiding event's note under a new data key of the case: the handle must be
 * unlocked) says why. Versions, errors and *out as for bb_case_move; BB_EINVAL names a missing
 * reason and a case void already. */
BB_API int bb_case_void(bb_ctx *ctx, const char *number, long long expected_version,
                        const char *reason, bb_case **out);

/* Reopens a case closed by mistake: it goes back to the status it had before its last closing,
 * its outcome and closing date are cleared (the figures follow), and the closing stays in the
 * history. reason as for bb_case_void (the reopening event's note). BB_EINVAL names a missing
 * reason and a case that is not closed (or void). Versions, errors and *out as for
 * bb_case_move. */
BB_API int bb_case_reopen(bb_ctx *ctx, const char *number, long long expected_version,
                          const char *reason, bb_case **out);

/* The intake decision in bb_case_changes. */
enum bb_intake {
    BB_INTAKE_KEEP = 0,         /* no decision now: keep what is stored */
    BB_INTAKE_SUITABLE = 1,     /* bemiddelbaar */
    BB_INTAKE_NOT_SUITABLE = 2, /* not suitable: a reason code is required */
};

/* Changes to a case's plain fields; NULL (and BB_INTAKE_KEEP) keep a field as it is. */
typedef struct bb_case_changes {
    const char *source;       /* BB_VOCAB_SOURCE */
    const char *const *types; /* BB_VOCAB_CONFLICT_TYPE, 1 to BB_TYPES_MAX (n_types) */
    size_t n_types;
    const char *area; /* an area of bb_area_list_get(); "" for none */
    /* The intake decision (the case needs a melder first). */
    enum bb_intake intake;
    const char *intake_reason; /* BB_VOCAB_INTAKE_REASON, only when not suitable */
    const char *intake_on;     /* decision date; NULL: today. Not before the report. */
} bb_case_changes;

/* Applies changes to a case in one transaction. expected_version as for bb_case_move: a case
 * changed since is refused with BB_ECONFLICT naming what changed. A closed case is not
 * edited. BB_EINVAL names a bad field and value, BB_ENOTFOUND an unknown case. *out (may be
 * NULL) gets the case as stored afterwards. */
BB_API int bb_case_edit(bb_ctx *ctx, const char *number, long long expected_version,
                        const bb_case_changes *changes, bb_case **out);

/* Records the date (NULL: today) the outcome of a closed case was reported back to the
 * referrer. Versions, errors and *out as for bb_case_move; BB_EINVAL when the case is open. */
BB_API int bb_case_reported_back(bb_ctx *ctx, const char *number, long long expected_version,
                                 const char *on, bb_case **out);

/* One status transition of a case. */
typedef struct bb_case_event {
    char at[32];            /* ISO 8601, UTC */
    char from[BB_KEY_SIZE]; /* "" for the creation */
    char to[BB_KEY_SIZE];
    char user[64]; /* the bb user who made it (before 0022: their database login) */
    char *note;    /* decrypted note; NULL when none or when the handle is locked */
} bb_case_event;

typedef struct bb_case_event_list {
    bb_case_event *items;
    size_t n;
} bb_case_event_list;

/* The status history of a case, oldest first, into *out (free with bb_case_event_list_free).
 * With an unlocked handle the notes are decrypted (a view of personal data); with a locked
 * one they stay NULL. BB_ENOTFOUND for an unknown case. */
BB_API int bb_case_events(bb_ctx *ctx, const char *number, bb_case_event_list **out);

/* Frees an event list, wiping its notes; NULL-safe. */
BB_API void bb_case_event_list_free(bb_case_event_list *list);

/* What to search for: any of a party's name (any of its words: "Bruijn" finds "Elsa de
 * Bruijn"; several words must all be in the name), street (with or without the house
 * number), postcode (alone or with the house number) and phone number. Given together, they
 * narrow down: a party must match them all. Spelling differences the normalisation knows
 * about do not matter ("1234ab" = "1234 AB", "06-12345678" = "+31612345678", "Ëlsa" = "ELSA"). */
typedef struct bb_case_query {
    const char *postcode;
    const char *house_number; /* needs a street or a postcode */
    const char *phone;
    const char *name;
    const char *street;
} bb_case_query;

/* Finds the cases with a party matching q through the blind indexes: the candidates an index
 * gives are decrypted and compared, so false matches never come back. Ranked: the parties
 * whose name has the fewest words besides those searched first, then open cases, then the
 * newest. *out gets them (bb_case_list_free; next is ""). Needs an unlocked handle. BB_EINVAL
 * names a missing or malformed criterion (without echoing the value). */
BB_API int bb_case_search(bb_ctx *ctx, const bb_case_query *q, bb_case_list **out);

#endif
