/* Insides of the demo generator (lib/demo/). Not public.
 *
 * demo-rng.c   the PRNG (xoshiro256**, seeded by splitmix64: never rand()), day numbers
 * demo-data.c  the fixed tables: villages, category mixes, practices
 * demo-gen.c   one case's life: report, intake, talks, outcome, referral, follow-up, cut at today
 * demo-copy.c  COPY text rows and the batches sent with PQputCopyData
 * demo-rows.c  the rows of one case
 * demo-index.c indexes that rest in a new database, and statistics after the load
 * demo.c       the transaction: areas, practices, volunteers, batches of cases and their
 *              figures' rows (made by the server's definitions), counters */
#ifndef BB_DEMO_INT_H
#define BB_DEMO_INT_H

#include "bb/demo.h"
#include "base/handle.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- PRNG and days (demo-rng.c) ---- */

typedef struct demo_rng {
    uint64_t s[4];
} demo_rng;

/* Seeds r from seed through splitmix64 (any seed, 0 too, gives a good state). */
void demo_rng_seed(demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(demo_rng *r);
/* Uniform in [0, 1). */
double demo_rng_unit(demo_rng *r);
/* Uniform whole number in [lo, hi]. */
int demo_rng_range(demo_rng *r, int lo, int hi);
/* True with probability p. */
bool demo_rng_chance(demo_rng *r, double p);
/* A normal variate (Irwin-Hall sum of twelve uniforms). */
double demo_rng_normal(demo_rng *r, double mean, double sd);
/* e^x, close enough for drawing waits (no libm). */
double demo_exp(double x);
/* Index i of weights[0..n) with probability weights[i] / sum. */
int demo_rng_pick(demo_rng *r, const int *weights, int n);
/* A UUID as its 16 bytes (as binary COPY sends it). */
typedef struct demo_uuid {
    uint8_t b[16];
} demo_uuid;

/* Row ids: time-ordered UUIDs (version 7 layout: a rising 60-bit counter that starts at the
 * clock's milliseconds, then random bits), so every index on an id or a case id grows at its
 * right end instead of at random pages: what makes a bulk load of a million cases fast. */
typedef struct demo_ids {
    demo_rng r;
    uint64_t next;
} demo_ids;

/* Starts g at the clock, with random bits from the system's CSPRNG (not part of the seed). */
void demo_ids_start(demo_ids *g);
/* The next id. */
void demo_id(demo_ids *g, demo_uuid *out);
/* Its text form, 36 lower-case characters and a NUL (as PostgreSQL prints it). */
void demo_uuid_text(const demo_uuid *u, char out[37]);
/* Reads the text form; false when it is not one. */
bool demo_uuid_parse(const char *text, demo_uuid *out);

/* Days since 1970-01-01 for a calendar date, and back ("YYYY-MM-DD" into out[11]). */
int demo_day(int y, int m, int d);
void demo_date(int day, char out[11]);
int demo_year(int day);
/* ISO weekday: 1 Monday .. 7 Sunday. */
int demo_weekday(int day);
/* day, or the next Monday when it falls on a weekend. */
int demo_workday(int day);

/* ---- fixed tables (demo-data.c) ---- */

typedef struct demo_village {
    const char *name;
    const char *postcodes; /* made-up ranges in 7670-7699, "7670-7673" */
    int weight;            /* share of the reports */
} demo_village;

extern const demo_village demo_villages[];
extern const int demo_n_villages;

/* A category list with weights: keys[i] is drawn with weight weights[i]. */
typedef struct demo_mix {
    const char *const *keys;
    const int *weights;
    int n;
} demo_mix;

extern const demo_mix demo_sources, demo_types, demo_intake_reasons, demo_capacities;
extern const char *const demo_statuses[]; /* indexed by enum demo_status */
extern const char *const demo_outcomes[]; /* indexed by enum demo_outcome */
extern const char *const demo_kinds[];    /* contact kinds, indexed by enum demo_kind */
extern const char *const demo_answers[];  /* "ja", "deels", "nee" */
extern const char *const demo_referral_reasons_intake[];
extern const char *const demo_mediators[]; /* made-up professionals */
extern const int demo_n_reasons_intake, demo_n_mediators;

typedef struct demo_practice {
    const char *name;
    int old_rate, new_rate; /* cents; new_rate from 1 January of today's year */
    int weight;
} demo_practice;

extern const demo_practice demo_practices[];
extern const int demo_n_practices;

/* ---- one case (demo-gen.c) ---- */

enum demo_status {
    ST_AANGEMELD,
    ST_INTAKE,
    ST_LOPEND,
    ST_NAZORG,
    ST_AFGESLOTEN,
    ST_WACHT,
    ST_DOORVERWEZEN
};
enum demo_outcome {
    OC_NONE = -1,
    OC_OPGELOST,
    OC_DEELS,
    OC_NIET,
    OC_NIET_BEMIDDELBAAR,
    OC_VANZELF,
    OC_VERHUISD,
    OC_INGETROKKEN,
    OC_GEEN_CONTACT
};
enum demo_kind {
    K_TELEFOON,
    K_HUISBEZOEK_A,
    K_HUISBEZOEK_B,
    K_BEMIDDELING,
    K_PENDEL,
    K_NAZORG,
    K_VERWIJZER,
    K_OVERIG
};

#define DEMO_MAX_EVENTS   12
#define DEMO_POOL_KEYS    128 /* data keys made per call to the CSPRNG (4096 bytes) */
#define DEMO_MAX_CONTACTS 14

typedef struct demo_event {
    int day, minute;      /* minute of the day */
    signed char from, to; /* enum demo_status; from -1 for the creation */
} demo_event;

typedef struct demo_contact {
    int day;
    signed char kind;
    short minutes;
    bool with_pair; /* the case's two volunteers took part */
} demo_contact;

typedef struct demo_referral {
    bool made;
    int practice, mediator;
    const char *reason; /* one of bb_referral_reasons() */
    int day, closed;    /* closed: day number, or -1 while open */
    signed char status; /* 0 aangevraagd, 1 lopend, 2 afgerond, 3 geannuleerd */
    int quarters;
    signed char outcome; /* enum demo_outcome */
} demo_referral;

typedef struct demo_followup {
    bool made;
    int day;
    signed char answer[4]; /* melder agreements/improved, wederpartij agreements/improved */
} demo_followup;

typedef struct demo_case {
    int year, seq;
    int reported;      /* day number */
    int source, area;  /* area -1: none */
    uint16_t types;    /* bit i: demo_types.keys[i] */
    int intake_day;    /* -1: no intake decision yet */
    int intake_reason; /* -1: suitable; else index into demo_intake_reasons */
    signed char status, outcome;
    int closed, reported_back; /* -1: none */
    int vol[2];                /* volunteer indexes, -1 when unpaired */
    demo_event ev[DEMO_MAX_EVENTS];
    int n_ev;
    demo_contact ct[DEMO_MAX_CONTACTS];
    int n_ct;
    demo_referral ref;
    demo_followup fu;
} demo_case;

/* A volunteer as the generator sees it. */
typedef struct demo_volunteer {
    demo_uuid uid;
    char id[37]; /* the same as text */
    int number, area, capacity;
    int status, since; /* enum index into the volunteer statuses, day */
    int steps[5];      /* day each pipeline status began, -1 when not (yet) */
    int load;          /* open cases paired to them at today */
    uint16_t types;
} demo_volunteer;

/* What the generator needs besides its PRNG. */
typedef struct demo_world {
    int today;
    int first_day; /* today - 730 */
    demo_volunteer *vols;
    int n_vols;
    int *active; /* indexes of volunteers active at today */
    int n_active;
    int *ever; /* indexes of volunteers who were active at some time */
    int n_ever;
} demo_world;

/* Makes the life of a case reported on day `reported`, cut at w->today. */
void demo_gen_case(demo_rng *r, demo_world *w, int reported, demo_case *c);

/* ---- COPY (demo-copy.c) ---- */

typedef struct demo_buf {
    char *p;
    size_t len, cap;
    bool oom;
} demo_buf;

void demo_buf_put(demo_buf *b, const char *s, size_t n);
void demo_buf_str(demo_buf *b, const char *s);
void demo_buf_int(demo_buf *b, long long v);
void demo_buf_char(demo_buf *b, char c);
void demo_buf_free(demo_buf *b);

/* Binary COPY fields (the PGCOPY format): a row begins with its number of fields; day
 * numbers become dates, (day, minute) a timestamptz in UTC; NULL strings and negative days
 * are NULL. */
void demo_bin_row(demo_buf *b, int fields);
void demo_bin_null(demo_buf *b);
void demo_bin_uuid(demo_buf *b, const demo_uuid *u);
void demo_bin_int2(demo_buf *b, int v);
void demo_bin_int4(demo_buf *b, int v);
void demo_bin_int8(demo_buf *b, long long v);
void demo_bin_bool(demo_buf *b, bool v);
void demo_bin_date(demo_buf *b, int day);
void demo_bin_time(demo_buf *b, int day, int minute);
void demo_bin_text(demo_buf *b, const char *s);
void demo_bin_bytes(demo_buf *b, const void *p, size_t n);
/* The header of a one-dimensional array of n elements of type oid without NULLs, whose
 * elements (each with its length) follow in `bytes` bytes. */
void demo_bin_array(demo_buf *b, uint32_t oid, int n, size_t bytes);
/* A text[] of the keys whose bit is set in mask. */
void demo_bin_keys(demo_buf *b, const char *const *keys, int n, uint16_t mask);

/* Sends b as the data of `COPY <target> FROM STDIN` (binary: in the binary format, b holding
 * the rows only) and empties it. The server's message and status on failure. */
int demo_copy(bb_ctx *ctx, const char *target, bool binary, demo_buf *b);

/* The tables one batch of cases fills, in the order they are sent. */
enum demo_table {
    T_DATA_KEY,
    T_CASE,
    T_EVENT,
    T_CONTACT,
    T_CONTACT_VOL,
    T_REFERRAL,
    T_FOLLOWUP,
    T_PARTY,
    T_FIELD,    /* personal_field: each case's (empty) list of rows with personal data */
    T_CASE_IDS, /* not copied: the batch's case ids, "{id,id,...}" without the closing brace */
    T_COUNT
};

typedef struct demo_ctx demo_ctx;

/* The indexes that rest during a load into an empty database (demo-index.c): their
 * definitions, to build them again. */
typedef struct demo_indexes {
    char **defs;
    int n;
} demo_indexes;

/* Drops the secondary indexes of the tables the load fills when all of them are empty (else
 * does nothing), but those through which the server finds a batch's rows for its figures;
 * demo_indexes_build makes them again. */
int demo_indexes_rest(bb_ctx *ctx, demo_indexes *ix);
int demo_indexes_build(bb_ctx *ctx, demo_indexes *ix);
void demo_indexes_free(demo_indexes *ix);
/* Brings the planner's statistics of the loaded tables up to date: inside the load once its
 * first batch is in, and after the commit (a new database has none, and the first list or
 * figures would be planned blind until autovacuum comes by). */
int demo_analyze(bb_ctx *ctx);

/* Everything the row writers need that is not in the case. */
struct demo_ctx {
    const char *org;
    demo_uuid org_id; /* the same, for binary rows */
    demo_world *w;
    demo_ids ids;     /* row ids, not part of the seeded data */
    demo_rng parties; /* the parties' attributes: a stream of their own */
    char practice_ids[4][37];
    int key_version;
    struct bb_secret *org_key; /* wraps the data keys */
    struct bb_secret *dk;      /* secret memory for a pool of fresh data keys */
    struct bb_secret *case_dk; /* the data key of the case being written, a copy from the pool */
    uint8_t *case_key;         /* its bytes, writable while the load runs */
    uint8_t *pool;             /* its bytes, writable while the load runs */
    int pool_left;             /* keys of the pool not used yet */
    bool key_open;             /* org_key is held readable (released at the end) */
    demo_buf sets[2][T_COUNT]; /* one filled by the generator while the other is sent */
    demo_buf *buf;             /* the set the row writers fill */
    bb_demo_result *res;
    long long cost[4][3]; /* per practice, per year of the window */
};

/* Writes the rows of case c into d->buf. Runs in the generator thread: never touches the
 * handle; BB_ECRYPTO when a data key could not be made. */
int demo_rows_case(demo_ctx *d, const demo_case *c);
/* Sends one set of buffers (a batch), each table with its own COPY, then has the server make
 * the batch's figures' rows (bb_demo_stat_cases, schema/functions/demo.sql); first: the load's first batch. */
int demo_flush(bb_ctx *ctx, demo_buf *set, bool first);
/* A new data key wrapped by the organisation key as a row of data_key in d->buf, its bytes also
 * in d->case_key; id gets its UUID. BB_ECRYPTO (no message: it may run in the generator
 * thread) on failure. */
int demo_data_key(demo_ctx *d, demo_uuid *id);
/* Gives the parties of the organisation's newest `cases` cases made-up names and addresses
 * through bb_party_edit, one transaction each; *named counts them. */
int demo_name_parties(bb_ctx *ctx, const char *org, long cases, unsigned long long seed,
                      long *named);
/* The cases in batches: a thread generates the next batch while this one is sent. */
int demo_cases(bb_ctx *ctx, demo_ctx *d, demo_rng *r, const bb_demo_options *o);

#endif
