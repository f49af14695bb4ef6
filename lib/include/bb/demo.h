/* Demo data: a fictional but realistic organisation (the pilot's villages, volunteers, cases
 * with their history, contacts, referrals, follow-ups) for trying bb and for benchmarks
 * (docs/demo.md, docs/benchmarks.md). */
#ifndef BB_DEMO_H
#define BB_DEMO_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/keys.h"
#include "bb/registry.h"

/* Most cases one seed makes. */
#define BB_DEMO_MAX_CASES 10000000L

typedef struct bb_demo_options {
    long cases;              /* 1..BB_DEMO_MAX_CASES */
    unsigned long long seed; /* same seed, cases and today: the same data */
    const char *today;       /* YYYY-MM-DD; NULL: today. Reports fall in the two years before */
    bb_progress_fn progress; /* called now and then with cases done of total; may be NULL */
    void *progress_data;
    int keep_checks; /* 1: check foreign keys row by row even for a superuser (slower) */
    long named;      /* 0..cases: the parties of this many newest cases get made-up names and
                        addresses (encrypted, one transaction each, after the load) */
} bb_demo_options;

/* What a seed made. */
typedef struct bb_demo_result {
    long areas; /* areas added (existing ones of the same name are kept) */
    long practices;
    long volunteers;
    long cases;
    long events;
    long contacts;
    long referrals;
    long followups;
    long named;           /* parties that got a made-up name and address */
    double load_seconds;  /* the bulk load, from start to commit */
    double named_seconds; /* the naming after it */
} bb_demo_result;

/* Fills the handle's organisation, which must have no cases, volunteers or practices yet,
 * with demo data in one transaction, sent with COPY: the villages of the pilot (Twenterand)
 * as areas with made-up postcode ranges, two practices with rates and budgets, volunteers,
 * and opts->cases cases over the two years before today with their status history, contacts,
 * parties' plain attributes, referrals and follow-ups; every case and volunteer gets its own
 * data key, so the handle must be unlocked. No personal value (name, address, note) is made.
 * Case and volunteer counters are set past the numbers used. The single-row triggers rest for
 * this transaction (the generator keeps their rules): for a superuser through
 * session_replication_role, foreign keys included, unless opts->keep_checks; for anyone else
 * by ALTER TABLE ... DISABLE TRIGGER, which needs the tables' owner and holds other writers
 * off until the commit. Then, when opts->named, the parties of the newest cases get made-up
 * names and addresses through bb_party_edit, each in its own transaction: an error there
 * leaves the loaded data and the parties named so far (out->named). *out (may be NULL) gets
 * the counts. On error in the load nothing is written: BB_EINVAL names a bad option,
 * BB_EEXISTS says the organisation is not empty, BB_EDENIED that the handle is locked. */
BB_API int bb_demo_seed(bb_ctx *ctx, const bb_demo_options *opts, bb_demo_result *out);

#endif
