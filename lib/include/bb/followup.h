/* Follow-up (nazorg): some weeks after the agreements the volunteers ask both parties whether
 * the agreements hold and whether the situation improved (docs/followup.md). Plain answers
 * only, so the share improved is counted without a key. */
#ifndef BB_FOLLOWUP_H
#define BB_FOLLOWUP_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stddef.h>

/* The answers: "ja", "deels", "nee", ending with NULL; static. */
BB_API const char *const *bb_followup_answers(void);

/* One follow-up of a case. Each answer is "ja", "deels", "nee", or "" when that party was not
 * asked or not reached. */
typedef struct bb_followup {
    char id[BB_UUID_SIZE];
    char case_number[BB_NUMBER_SIZE];
    char date[BB_DATE_SIZE];
    char melder_agreements[BB_KEY_SIZE];
    char melder_improved[BB_KEY_SIZE];
    char wederpartij_agreements[BB_KEY_SIZE];
    char wederpartij_improved[BB_KEY_SIZE];
    char created_at[32];
} bb_followup;

typedef struct bb_followup_new {
    const char *id;          /* client-made UUID; NULL: libbb makes one */
    const char *case_number; /* a case that reached nazorg */
    const char *date;        /* NULL: today; not before the report, not in the future */
    /* Answers as above; NULL: not asked. At least one is given. */
    const char *melder_agreements;
    const char *melder_improved;
    const char *wederpartij_agreements;
    const char *wederpartij_improved;
} bb_followup_new;

/* Records a follow-up in one transaction. Only a case that reached agreements (went through
 * status nazorg) has one. *out (may be NULL) gets it (bb_followup_free); a known id returns
 * that follow-up, writing nothing. On error nothing is written: BB_EINVAL names the field and
 * value (also a case that never reached nazorg), BB_ENOTFOUND an unknown case. */
BB_API int bb_followup_add(bb_ctx *ctx, const bb_followup_new *in, bb_followup **out);

/* Frees a follow-up; NULL-safe. */
BB_API void bb_followup_free(bb_followup *f);

typedef struct bb_followup_list {
    bb_followup *items;
    size_t n;
} bb_followup_list;

/* The follow-ups of one case, oldest first, into *out (bb_followup_list_free). BB_ENOTFOUND
 * for an unknown case. */
BB_API int bb_followup_list_get(bb_ctx *ctx, const char *case_number, bb_followup_list **out);

/* Frees a follow-up list; NULL-safe. */
BB_API void bb_followup_list_free(bb_followup_list *list);

#endif
