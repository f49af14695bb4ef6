/* loadtest: coordinators and a reporter working at once against one server, as a region would
 * (docs/benchmarks.md, "A region's load"). Each coordinator is a thread with a connection of
 * its own, as one of the login roles given; it thinks a while, then searches, opens a case,
 * registers a report with two parties or adds a contact moment. The reporter computes the
 * published figures once a period. At the end: p50, p95 and p99 per action, and the errors.
 * Run by scripts/bench-load, which makes the database; built, never installed. */
#include "bb.h"

#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum action { SEARCH, OPEN, REGISTER, CONTACT, EXPORT, N_ACTIONS };
static const char *const action_names[] = {"search", "open", "register", "contact", "export"};
/* Of every 100 actions of a coordinator: search 35, open 35, register 15, contact 15. */
static const int mix[] = {35, 70, 85, 100};

#define MAX_PEOPLE 16
#define MAX_CASES  4000
#define MAX_ERRORS 5

typedef struct person {
    char org[128], login[64], conninfo[512], passphrase[256];
    int kept; /* its keys are in the kernel keyring: later connections restore them */
} person;

typedef struct samples {
    double *ms;
    size_t n, cap;
    long errors;
} samples;

typedef struct worker {
    pthread_t thread;
    person *who;
    bb_ctx *ctx; /* connected (and unlocked) before the clock starts */
    int index;
    unsigned seed;
    samples s[N_ACTIONS];
    char cases[64][BB_NUMBER_SIZE]; /* open cases this worker registered */
    size_t n_cases;
    char phones[64][16]; /* a phone of each: searches that find something */
} worker;

static struct {
    person people[MAX_PEOPLE], reporter;
    int n_people, has_reporter, coordinators, seconds, think_ms, export_every;
    const char *period;
    char cases[MAX_CASES][BB_NUMBER_SIZE]; /* open cases of the first person's organisation */
    int n_cases;
    double end;
    atomic_int errors_shown;
} cfg = {.coordinators = 20, .seconds = 300, .think_ms = 2000, .export_every = 60};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

static void record(samples *s, double ms, int rc, bb_ctx *ctx, const char *what)
{
    if (rc != BB_OK) {
        s->errors++;
        if (atomic_fetch_add(&cfg.errors_shown, 1) < MAX_ERRORS)
            fprintf(stderr, "loadtest: %s: %s\n", what, bb_errmsg(ctx));
        return;
    }
    if (s->n == s->cap) {
        double *more = realloc(s->ms, (s->cap ? s->cap * 2 : 256) * sizeof *more);
        if (more == NULL)
            return;
        s->ms = more;
        s->cap = s->cap ? s->cap * 2 : 256;
    }
    s->ms[s->n++] = ms;
}

/* person spec: ORG|LOGIN|CONNINFO|PASSPHRASE-FILE (no passphrase for the reporter). */
static int parse_person(const char *spec, person *p)
{
    char buf[1024], file[512] = "";
    char *f[4] = {0}, *save = NULL;
    FILE *in;

    snprintf(buf, sizeof buf, "%s", spec);
    f[0] = strtok_r(buf, "|", &save);
    for (int i = 1; i < 4 && f[i - 1] != NULL; i++)
        f[i] = strtok_r(NULL, "|", &save);
    if (f[0] == NULL || f[1] == NULL || f[2] == NULL)
        return -1;
    snprintf(p->org, sizeof p->org, "%s", f[0]);
    snprintf(p->login, sizeof p->login, "%s", f[1]);
    snprintf(p->conninfo, sizeof p->conninfo, "%s", f[2]);
    if (f[3] == NULL)
        return 0;
    snprintf(file, sizeof file, "%s", f[3]);
    if ((in = fopen(file, "r")) == NULL || fgets(p->passphrase, sizeof p->passphrase, in) == NULL) {
        fprintf(stderr, "loadtest: cannot read a passphrase from %s\n", file);
        if (in != NULL)
            fclose(in);
        return -1;
    }
    fclose(in);
    p->passphrase[strcspn(p->passphrase, "\n")] = '\0';
    return 0;
}

/* --people FILE: one coordinator's spec a line. */
static int read_people(const char *path)
{
    char line[1024];
    FILE *in = fopen(path, "r");
    int rc = in != NULL ? 0 : -1;

    while (rc == 0 && cfg.n_people < MAX_PEOPLE && in != NULL && fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != '\0' && (rc = parse_person(line, &cfg.people[cfg.n_people])) == 0)
            cfg.n_people++;
    }
    if (in != NULL)
        fclose(in);
    return rc;
}

static bb_ctx *connect_as(person *p, int unlock)
{
    bb_open_options opts = {.conninfo = p->conninfo};
    bb_ctx *ctx = NULL;
    int rc = bb_open(&ctx, &opts);

    if (rc == BB_OK) {
        bb_set_program(ctx, "loadtest");
        rc = bb_org_use(ctx, p->org);
    }
    /* One Argon2id per person, not per connection: the others restore the kept keys. */
    if (rc == BB_OK && unlock && !(p->kept && bb_session_restore(ctx, p->login) == BB_OK)) {
        rc = bb_unlock(ctx, p->login, p->passphrase, strlen(p->passphrase));
        p->kept = rc == BB_OK && bb_session_save(ctx, 3600) == BB_OK;
    }
    if (rc != BB_OK) {
        fprintf(stderr, "loadtest: %s: %s\n", p->login, bb_errmsg(ctx));
        bb_close(ctx);
        return NULL;
    }
    return ctx;
}

/* A few thousand open cases of the first organisation, for opening and contact moments. */
static int collect_cases(bb_ctx *ctx)
{
    bb_case_filter f = {.limit = 1000, .open = true};
    char after[BB_NUMBER_SIZE] = "";
    bb_case_list *page = NULL;
    int rc = BB_OK;

    while (cfg.n_cases < MAX_CASES && rc == BB_OK) {
        f.after = after[0] ? after : NULL;
        if ((rc = bb_case_list_get(ctx, &f, &page)) != BB_OK)
            break;
        for (size_t i = 0; i < page->n && cfg.n_cases < MAX_CASES; i++)
            snprintf(cfg.cases[cfg.n_cases++], BB_NUMBER_SIZE, "%s", page->items[i].number);
        snprintf(after, sizeof after, "%s", page->next);
        bb_case_list_free(page);
        if (after[0] == '\0')
            break;
    }
    return rc;
}

/* A case to open or to add to: one of our own, else one of the collected ones. */
static const char *some_case(worker *w)
{
    if (w->n_cases > 0 && (rand_r(&w->seed) % 2 == 0 || w->who != &cfg.people[0]))
        return w->cases[rand_r(&w->seed) % w->n_cases];
    if (w->who == &cfg.people[0] && cfg.n_cases > 0)
        return cfg.cases[rand_r(&w->seed) % cfg.n_cases];
    return NULL;
}

static int do_search(bb_ctx *ctx, worker *w)
{
    char phone[16];
    bb_case_query q = {.phone = phone};
    bb_case_list *found = NULL;
    int rc;

    if (w->n_cases > 0 && rand_r(&w->seed) % 2 == 0)
        snprintf(phone, sizeof phone, "%s", w->phones[rand_r(&w->seed) % w->n_cases]);
    else
        snprintf(phone, sizeof phone, "06-%08u", rand_r(&w->seed) % 100000000u);
    rc = bb_case_search(ctx, &q, &found);
    bb_case_list_free(found);
    return rc;
}

static int do_open(bb_ctx *ctx, worker *w)
{
    const char *number = some_case(w);
    bb_case *c = NULL;
    bb_party_list *parties = NULL;
    bb_contact_list *contacts = NULL;
    int rc;

    if (number == NULL)
        return do_search(ctx, w);
    rc = bb_case_get(ctx, number, &c);
    if (rc == BB_OK)
        rc = bb_party_list_get(ctx, number, &parties);
    if (rc == BB_OK)
        rc = bb_contact_list_get(ctx, number, &contacts);
    bb_case_free(c);
    bb_party_list_free(parties);
    bb_contact_list_free(contacts);
    return rc;
}

static int do_register(bb_ctx *ctx, worker *w)
{
    static const char *const types[] = {"geluid_personen"};
    char ids[3][BB_UUID_SIZE], names[2][64], phones[2][16], numbers[2][8];
    bb_party_new parties[2];
    bb_report_new in = {.n_parties = 2};
    bb_case *c = NULL;
    char today[BB_DATE_SIZE];
    time_t t = time(NULL);
    struct tm tm;
    int rc;

    strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&t, &tm));
    for (int i = 0; i < 3; i++)
        bb_uuid_generate(ids[i]);
    for (int i = 0; i < 2; i++) {
        snprintf(names[i], sizeof names[i], "Buur%d Werker%d Nr%u", i, w->index,
                 rand_r(&w->seed) % 100000u);
        snprintf(phones[i], sizeof phones[i], "06-%08u", rand_r(&w->seed) % 100000000u);
        snprintf(numbers[i], sizeof numbers[i], "%u", 1 + rand_r(&w->seed) % 200u);
        parties[i] = (bb_party_new){.id = ids[i + 1],
                                    .role = i ? "wederpartij" : "melder",
                                    .name = names[i],
                                    .street = "Dorpsstraat",
                                    .house_number = numbers[i],
                                    .postcode = "7671 AB",
                                    .place = "Vriezenveen",
                                    .phone = phones[i]};
    }
    in.report = (bb_case_new){.id = ids[0],
                              .reported_on = today,
                              .source = "zelfmelder",
                              .types = types,
                              .n_types = 1,
                              .note = "Geluidsoverlast in de avond; belt terug."};
    in.parties = parties;
    rc = bb_report_create(ctx, &in, &c, NULL);
    if (rc == BB_OK && w->n_cases < sizeof w->cases / sizeof w->cases[0]) {
        snprintf(w->cases[w->n_cases], BB_NUMBER_SIZE, "%s", c->number);
        snprintf(w->phones[w->n_cases++], sizeof w->phones[0], "%s", phones[0]);
    }
    bb_case_free(c);
    return rc;
}

static int do_contact(bb_ctx *ctx, worker *w)
{
    const char *number = some_case(w);
    bb_contact_new in = {.case_number = number,
                         .kind = "telefoon",
                         .minutes = 15,
                         .note = "Gebeld; afspraak voor een gesprek."};
    char id[BB_UUID_SIZE];

    if (number == NULL)
        return do_register(ctx, w);
    bb_uuid_generate(id);
    in.id = id;
    return bb_contact_add(ctx, &in, NULL);
}

static void *coordinator(void *arg)
{
    worker *w = arg;
    bb_ctx *ctx = w->ctx;

    nap_ms(rand_r(&w->seed) % (unsigned)(cfg.think_ms + 1)); /* not all at once */
    while (now() < cfg.end) {
        int pick = (int)(rand_r(&w->seed) % 100), a = 0, rc;
        double t0;

        while (pick >= mix[a])
            a++;
        t0 = now();
        rc = a == SEARCH     ? do_search(ctx, w)
             : a == OPEN     ? do_open(ctx, w)
             : a == REGISTER ? do_register(ctx, w)
                             : do_contact(ctx, w);
        record(&w->s[a], (now() - t0) * 1000.0, rc, ctx, action_names[a]);
        /* Think time: half to one and a half times the mean. */
        nap_ms(cfg.think_ms / 2 + (long)(rand_r(&w->seed) % (unsigned)(cfg.think_ms + 1)));
    }
    bb_close(ctx);
    return NULL;
}

static void *reporter(void *arg)
{
    worker *w = arg;
    bb_ctx *ctx = w->ctx;
    bb_stats_options o = {.period = cfg.period, .exact = 0, .compare = 1, .quarters = 1};

    while (now() < cfg.end) {
        double t0 = now(), next = t0 + cfg.export_every;
        bb_stats *s = NULL;
        int rc = bb_stats_compute(ctx, &o, &s);

        bb_stats_free(s);
        if (rc == BB_OK)
            rc = bb_audit_record(ctx, "export", NULL, "{\"format\":\"loadtest\"}");
        record(&w->s[EXPORT], (now() - t0) * 1000.0, rc, ctx, "export");
        while (now() < next && now() < cfg.end)
            nap_ms(200);
    }
    bb_close(ctx);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double percentile(const samples *s, double p)
{
    size_t i = (size_t)(p / 100.0 * (double)(s->n - 1) + 0.5);

    return s->n ? s->ms[i] : 0.0;
}

/* Merges the workers' samples per action and prints the table; returns the errors. */
static long report(worker *w, int n)
{
    long errors = 0;

    printf("%-9s %7s %9s %9s %9s %9s %7s\n", "action", "count", "p50 ms", "p95 ms", "p99 ms",
           "max ms", "errors");
    for (int a = 0; a < N_ACTIONS; a++) {
        samples all = {0};
        for (int i = 0; i < n; i++) {
            for (size_t j = 0; j < w[i].s[a].n; j++)
                record(&all, w[i].s[a].ms[j], BB_OK, NULL, NULL);
            all.errors += w[i].s[a].errors;
        }
        qsort(all.ms, all.n, sizeof *all.ms, by_value);
        printf("%-9s %7zu %9.1f %9.1f %9.1f %9.1f %7ld\n", action_names[a], all.n,
               percentile(&all, 50), percentile(&all, 95), percentile(&all, 99),
               all.n ? all.ms[all.n - 1] : 0.0, all.errors);
        errors += all.errors;
        free(all.ms);
    }
    return errors;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: loadtest [--seconds N] [--coordinators N] [--think-ms N] [--export-every S]\n"
            "                [--period P] --coordinator 'ORG|LOGIN|CONNINFO|PASSFILE'... | "
            "--people FILE\n"
            "                [--reporter 'ORG|LOGIN|CONNINFO']\n");
    exit(2);
}

static void parse_args(int argc, char **argv)
{
    static const struct option opts[] = {{"seconds", 1, NULL, 's'},  {"coordinators", 1, NULL, 'c'},
                                         {"think-ms", 1, NULL, 't'}, {"export-every", 1, NULL, 'e'},
                                         {"period", 1, NULL, 'p'},   {"coordinator", 1, NULL, 'C'},
                                         {"reporter", 1, NULL, 'R'}, {"people", 1, NULL, 'P'},
                                         {NULL, 0, NULL, 0}};
    int o;

    cfg.period = "2025";
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's')
            cfg.seconds = atoi(optarg);
        else if (o == 'c')
            cfg.coordinators = atoi(optarg);
        else if (o == 't')
            cfg.think_ms = atoi(optarg);
        else if (o == 'e')
            cfg.export_every = atoi(optarg);
        else if (o == 'p')
            cfg.period = optarg;
        else if (o == 'C' && cfg.n_people < MAX_PEOPLE &&
                 parse_person(optarg, &cfg.people[cfg.n_people]) == 0)
            cfg.n_people++;
        else if (o == 'P' && read_people(optarg) == 0)
            continue;
        else if (o == 'R' && parse_person(optarg, &cfg.reporter) == 0)
            cfg.has_reporter = 1;
        else
            usage();
    }
    if (cfg.n_people == 0 || cfg.coordinators < 1 || cfg.seconds < 1 || cfg.think_ms < 0 ||
        cfg.export_every < 1)
        usage();
}

int main(int argc, char **argv)
{
    worker *w;
    bb_ctx *ctx;
    int n, rc = 0;

    parse_args(argc, argv);
    n = cfg.coordinators + cfg.has_reporter;
    if ((w = calloc((size_t)n, sizeof *w)) == NULL)
        return 1;
    if ((ctx = connect_as(&cfg.people[0], 1)) == NULL || collect_cases(ctx) != BB_OK)
        return 1;
    bb_close(ctx);
    /* Everyone logs in (Argon2id for each coordinator) before the clock starts. */
    for (int i = 0; i < n; i++) {
        w[i].index = i;
        w[i].seed = (unsigned)(i * 7919 + 17);
        w[i].who = i < cfg.coordinators ? &cfg.people[i % cfg.n_people] : &cfg.reporter;
        if ((w[i].ctx = connect_as(w[i].who, i < cfg.coordinators)) == NULL)
            return 1;
    }
    fprintf(stderr, "loadtest: %d coordinators, %d s, think time %d ms, %d open cases to open\n",
            cfg.coordinators, cfg.seconds, cfg.think_ms, cfg.n_cases);
    cfg.end = now() + cfg.seconds;
    for (int i = 0; i < n; i++) {
        if (pthread_create(&w[i].thread, NULL, i < cfg.coordinators ? coordinator : reporter,
                           &w[i]) != 0)
            return 1;
    }
    for (int i = 0; i < n; i++)
        pthread_join(w[i].thread, NULL);
    rc = report(w, n) == 0 ? 0 : 1;
    for (int i = 0; i < cfg.n_people; i++)
        if (cfg.people[i].kept)
            bb_session_forget(NULL, cfg.people[i].login, NULL);
    for (int i = 0; i < n; i++)
        for (int a = 0; a < N_ACTIONS; a++)
            free(w[i].s[a].ms);
    free(w);
    return rc;
}
