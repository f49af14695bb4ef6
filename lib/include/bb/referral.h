/* Professional mediation: practices with a history of hourly rates and a budget per year, and
 * the referrals of cases to them with hours, cost and outcome (docs/referrals.md). Everything
 * here is plain: a mediator's name is a professional's, not personal data of the parties. */
#ifndef BB_REFERRAL_H
#define BB_REFERRAL_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stddef.h>

/* A practice's name: 1 to 80 characters; a mediator's name: 1 to 60. */
#define BB_PRACTICE_MAX  80
#define BB_PRACTICE_SIZE (BB_PRACTICE_MAX * 4 + 1)
#define BB_MEDIATOR_MAX  60
#define BB_MEDIATOR_SIZE (BB_MEDIATOR_MAX * 4 + 1)
/* Highest hourly rate (1000 euros) and budget (10 million euros), in cents. */
#define BB_RATE_MAX_CENTS   100000
#define BB_BUDGET_MAX_CENTS 1000000000LL
/* Hours are counted in quarters, up to 999.75. */
#define BB_HOURS_MAX_QUARTERS 3999

/* The reasons for a referral (escalatie, complex, vastgelopen, familie, ...), ending with NULL;
 * static. */
BB_API const char *const *bb_referral_reasons(void);

/* The statuses of a referral: aangevraagd, lopend, afgerond, geannuleerd; NULL-terminated,
 * static. */
BB_API const char *const *bb_referral_statuses(void);

/* A practice with its rate and its figures for one year. */
typedef struct bb_practice {
    char id[BB_UUID_SIZE];
    char name[BB_PRACTICE_SIZE];
    int rate_cents;               /* rate valid on the day asked for; -1 when none yet */
    char rate_from[BB_DATE_SIZE]; /* since when; "" when none */
    int year;                     /* the year of the figures below */
    long long budget_cents;       /* that year's budget; -1 when none is set */
    long long budget_version;     /* 0 when none is set */
    long referrals;               /* referrals dated in that year */
    int hours_quarters;           /* their hours, in quarters of an hour */
    long long cost_cents;         /* their cost */
    long long version;
} bb_practice;

typedef struct bb_practice_new {
    const char *id;        /* client-made UUID (bb_uuid_generate); NULL: libbb makes one */
    const char *name;      /* 1..BB_PRACTICE_MAX characters, unique in the organisation */
    const char *rate;      /* hourly rate in euros: "85", "85.50" or "85,50" */
    const char *rate_from; /* first day of the rate; NULL: it holds for every earlier date */
} bb_practice_new;

/* Adds a practice with its first hourly rate in one transaction. *out (may be NULL) gets it
 * (bb_practice_free). A known id returns that practice, writing nothing. On error nothing is
 * written: BB_EINVAL names the field and value, BB_EEXISTS a name already in use. */
BB_API int bb_practice_add(bb_ctx *ctx, const bb_practice_new *in, bb_practice **out);

/* Adds a rate (euros, as in bb_practice_new) from date from (NULL: today) to practice name.
 * Rates are a history: referrals keep the rate of their own date. BB_EEXISTS when the
 * practice has a rate from that date already, BB_ENOTFOUND for an unknown practice, BB_EINVAL
 * naming a bad value; nothing is written on error. */
BB_API int bb_practice_set_rate(bb_ctx *ctx, const char *name, const char *rate, const char *from);

/* Sets the budget (euros) of practice name for year (2000..2999) in one transaction.
 * expected_version is the budget's version the caller saw, 0 when it had none: a budget set
 * or changed meanwhile is refused with BB_ECONFLICT and nothing is written. BB_ENOTFOUND for
 * an unknown practice, BB_EINVAL naming a bad value. */
BB_API int bb_practice_set_budget(bb_ctx *ctx, const char *name, int year, const char *amount,
                                  long long expected_version);

/* How a referral's practice stands against its budget for the year of the referral. */
typedef struct bb_budget_use {
    int year;               /* the year of the referral's date */
    long long budget_cents; /* the practice's budget of that year; -1 when none is set */
    long long cost_cents;   /* what the practice's referrals of that year cost together */
} bb_budget_use;

/* Reads into *out how the practice of referral (an id, as bb_referral.id) stands against its
 * budget in the referral's year: over it when budget_cents >= 0 and cost_cents exceeds it, as
 * bbctl and bbtui warn after a referral is saved (the signal budget_over lists such cases).
 * BB_ENOTFOUND for a referral the organisation does not have. */
BB_API int bb_referral_budget_get(bb_ctx *ctx, const char *referral_id, bb_budget_use *out);

/* Reads practice name with the rate valid today and this year's figures into *out
 * (bb_practice_free). BB_ENOTFOUND when unknown. */
BB_API int bb_practice_get(bb_ctx *ctx, const char *name, bb_practice **out);

/* Frees a practice; NULL-safe. */
BB_API void bb_practice_free(bb_practice *p);

typedef struct bb_practice_list {
    bb_practice *items;
    size_t n;
} bb_practice_list;

/* Every practice of the organisation, by name, with the rate valid today and the figures of
 * year (0: this year), into *out (bb_practice_list_free). An organisation has a handful of
 * practices: one load, not a page. BB_EINVAL for a year outside 2000..2999. */
BB_API int bb_practice_list_get(bb_ctx *ctx, int year, bb_practice_list **out);

/* Frees a practice list; NULL-safe. */
BB_API void bb_practice_list_free(bb_practice_list *list);

/* A referral of a case to professional mediation. */
typedef struct bb_referral {
    char id[BB_UUID_SIZE];
    char case_number[BB_NUMBER_SIZE];
    int seq; /* 1, 2, ... within the case: "BB-2024-0007/1" */
    char practice[BB_PRACTICE_SIZE];
    char mediator[BB_MEDIATOR_SIZE]; /* "" when not given */
    char reason[BB_KEY_SIZE];        /* bb_referral_reasons() */
    char referred_on[BB_DATE_SIZE];
    char status[BB_KEY_SIZE];     /* bb_referral_statuses() */
    int hours_quarters;           /* hours spent, in quarters of an hour */
    int rate_cents;               /* the practice's rate on referred_on */
    long long cost_cents;         /* hours x rate, rounded to a cent */
    char outcome[BB_KEY_SIZE];    /* BB_VOCAB_OUTCOME; "" unless afgerond */
    char closed_on[BB_DATE_SIZE]; /* "" while open */
    long long version;
    char created_at[32];
    char updated_at[32];
} bb_referral;

typedef struct bb_referral_new {
    const char *id;          /* client-made UUID; NULL: libbb makes one */
    const char *case_number; /* "BB-2024-0007" */
    const char *practice;    /* a practice's name */
    const char *mediator;    /* the professional's name, NULL when not known yet */
    const char *reason;      /* bb_referral_reasons() */
    const char *referred_on; /* NULL: today; not before the report, not in the future */
} bb_referral_new;

/* Refers a case to professional mediation in one transaction: the referral (status
 * aangevraagd, the practice's rate of referred_on copied onto it) and, unless the case is
 * doorverwezen already, the case's move to doorverwezen (allowed from intake and lopend). A
 * case has at most one open referral. *out (may be NULL) gets the referral
 * (bb_referral_free); a known id returns that referral, writing nothing. On error nothing is
 * written: BB_EINVAL names the field and value (also a case whose status does not allow it),
 * BB_ENOTFOUND an unknown case or practice, BB_EEXISTS an open referral of the case. */
BB_API int bb_referral_create(bb_ctx *ctx, const bb_referral_new *in, bb_referral **out);

/* What bb_referral_update changes; NULL fields stay as they are. */
typedef struct bb_referral_change {
    const char *status;   /* only "lopend" (close with bb_referral_close) */
    const char *hours;    /* hours spent so far: "3", "3.5", "3,75"; quarters only */
    const char *mediator; /* the professional's name */
} bb_referral_change;

/* Changes the open referral of case case_number. expected_version is the referral's version
 * the caller saw: a referral changed since is refused with BB_ECONFLICT naming what changed.
 * *out (may be NULL) gets the referral as stored. BB_ENOTFOUND when the case has no open
 * referral, BB_EINVAL naming a bad value; nothing is written on error. */
BB_API int bb_referral_update(bb_ctx *ctx, const char *case_number, long long expected_version,
                              const bb_referral_change *ch, bb_referral **out);

/* How a referral ends. */
typedef struct bb_referral_closing {
    const char *outcome;   /* BB_VOCAB_OUTCOME: status afgerond; NULL when cancelled */
    int cancelled;         /* 1: status geannuleerd, without an outcome */
    const char *hours;     /* final hours, NULL: keep */
    const char *closed_on; /* NULL: today; not before the referral, not in the future */
} bb_referral_closing;

/* Closes the open referral of case case_number (afgerond with an outcome, or geannuleerd).
 * The case itself stays where it is: close it or move it on with bb_case_*. Versions, errors
 * and *out as for bb_referral_update; BB_EINVAL for an outcome with a cancel, or neither. */
BB_API int bb_referral_close(bb_ctx *ctx, const char *case_number, long long expected_version,
                             const bb_referral_closing *in, bb_referral **out);

/* Frees a referral; NULL-safe. */
BB_API void bb_referral_free(bb_referral *r);

/* Filters of a referral list; NULL fields do not filter. */
typedef struct bb_referral_filter {
    const char *case_number; /* one case's referrals */
    const char *status;      /* bb_referral_statuses() */
    const char *practice;    /* a practice's name */
    const char *after;       /* keyset cursor: a list's next ("BB-2024-0007/1") */
    int limit;               /* page size 1..1000; 0 means 50 */
} bb_referral_filter;

typedef struct bb_referral_list {
    bb_referral *items;
    size_t n;
    char next[BB_NUMBER_SIZE + 8]; /* cursor of the next page; "" on the last */
} bb_referral_list;

/* One page of referrals matching f (NULL: all), newest case first, into *out
 * (bb_referral_list_free). BB_EINVAL names a bad filter value; BB_ENOTFOUND an unknown case. */
BB_API int bb_referral_list_get(bb_ctx *ctx, const bb_referral_filter *f, bb_referral_list **out);

/* Frees a referral list; NULL-safe. */
BB_API void bb_referral_list_free(bb_referral_list *list);

#endif
