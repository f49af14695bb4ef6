/* Signals: cases that need the coordinator's attention, with thresholds from bb_config
 * (signals.*). Each kind is one paged query; "today" is a parameter, so a test or a look
 * ahead ("what is due next week") does not depend on the clock. */
#ifndef BB_SIGNALS_H
#define BB_SIGNALS_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stddef.h>

typedef enum bb_signal_kind {
    BB_SIGNAL_NO_CONTACT,        /* open case, no contact for signals.no_contact_days */
    BB_SIGNAL_INTAKE_OVERDUE,    /* still aangemeld after signals.intake_workdays working days */
    BB_SIGNAL_FOLLOWUP_DUE,      /* in nazorg for signals.followup_weeks, no follow-up since */
    BB_SIGNAL_NOT_REPORTED_BACK, /* closed, referred by others, outcome not reported back */
    BB_SIGNAL_BUDGET_OVER,       /* a referral of this year took its practice over the budget */
    BB_SIGNAL_KINDS              /* the number of kinds */
} bb_signal_kind;

/* The key of a kind ("no_contact", "intake_overdue", "followup_due", "not_reported_back",
 * "budget_over"); static, NULL for an unknown kind. */
BB_API const char *bb_signal_key(bb_signal_kind kind);

/* The kind with this key into *kind; BB_EINVAL (naming the key and the known ones on ctx,
 * which may be NULL) when there is none. */
BB_API int bb_signal_parse(bb_ctx *ctx, const char *key, bb_signal_kind *kind);

/* One signalled case. */
typedef struct bb_signal {
    char case_number[BB_NUMBER_SIZE];
    char status[BB_KEY_SIZE];
    char since[BB_DATE_SIZE]; /* what days counts from: the last contact (or the report), the
                                 report, the start of nazorg, the closing, the referral */
    int days;                 /* days since then; working days for BB_SIGNAL_INTAKE_OVERDUE */
    int overdue;              /* how far past the threshold: days - threshold (in days for
                                 BB_SIGNAL_FOLLOWUP_DUE, whose threshold is in weeks); for
                                 BB_SIGNAL_BUDGET_OVER whole euros over the budget */
} bb_signal;

/* A page cursor: "OVERDUE/BB-2024-0007", the last signal of the page before. */
#define BB_SIGNAL_CURSOR_SIZE 40

typedef struct bb_signal_filter {
    const char *today; /* YYYY-MM-DD, any date from 2000 on; NULL: today */
    const char *after; /* keyset cursor: a list's next ("12/BB-2024-0007") */
    int limit;         /* page size 1..1000; 0 means 50 */
} bb_signal_filter;

/* One page of signalled cases, most overdue first; equally overdue ones by case number. */
typedef struct bb_signal_list {
    bb_signal_kind kind;
    int threshold;            /* the setting in force: days, working days or weeks */
    char today[BB_DATE_SIZE]; /* the day it was computed for */
    bb_signal *items;
    size_t n;
    char next[BB_SIGNAL_CURSOR_SIZE]; /* cursor of the next page; "" on the last */
} bb_signal_list;

/* Lists one page of the cases signalled for kind on f->today (f may be NULL) into *out
 * (bb_signal_list_free): most overdue first, then by case number, keyset paged on (overdue,
 * case number), so pages never overlap or skip a signal while the data and the threshold stay
 * as they were. BB_EINVAL names a bad kind or filter value (a cursor not made by a list). */
BB_API int bb_signal_list_get(bb_ctx *ctx, bb_signal_kind kind, const bb_signal_filter *f,
                              bb_signal_list **out);

/* Frees a signal list; NULL-safe. */
BB_API void bb_signal_list_free(bb_signal_list *list);

#endif
