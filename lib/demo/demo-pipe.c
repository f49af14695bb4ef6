/* The cases of the demo in batches, in report order (so the numbers follow the dates). Two
 * sets of buffers: a thread generates the next batch while the handle's connection sends this
 * one with COPY, so the two cores work at once (the server is the slower one). The generator
 * thread never touches the handle; the progress callback runs in the caller's thread. */
#include "bb/error.h"
#include "db/db.h"
#include "demo/demo.h"
#include "base/i18n.h"

#include <pthread.h>
#include <stdlib.h>

#define BATCH 5000 /* cases per round of COPYs */

/* How reports spread over the window: the pilot grows, summer brings more noise, and few
 * reports come in at the weekend. cdf[k] is the weight of days 0..k. */
static void report_spread(const demo_world *w, double cdf[731])
{
    double sum = 0;

    for (int k = 0; k <= 730; k++) {
        int day = w->first_day + k, wd = demo_weekday(day);
        int doy = day - demo_day(demo_year(day), 1, 1);
        int from_july = doy > 196 ? doy - 196 : 196 - doy;
        /* a triangle over the year, highest mid-July: noise in summer */
        double season =
            1.0 + 0.25 * (1.0 - 2.0 * (from_july > 182 ? 365 - from_july : from_july) / 182.0);
        double weight = (0.6 + 0.8 * k / 730.0) * season * (wd == 7 ? 0.15 : wd == 6 ? 0.25 : 1.0);
        cdf[k] = sum += weight;
    }
}

/* The last case number of each year of the window (0 when none). */
static int counters(bb_ctx *ctx, demo_ctx *d, int seq[3])
{
    PGresult *res = NULL;
    int first = demo_year(d->w->first_day);
    int rc = bb_db__exec(ctx, &res,
                         "SELECT substr(series, 6)::int, last FROM number_counter"
                         " WHERE org_id = $1 AND series LIKE 'case:%'",
                         1, &d->org);

    for (int i = 0; rc == BB_OK && i < PQntuples(res); i++) {
        int y = atoi(PQgetvalue(res, i, 0)) - first;
        if (y >= 0 && y < 3)
            seq[y] = atoi(PQgetvalue(res, i, 1));
    }
    PQclear(res);
    return rc;
}

typedef struct demo_pipe {
    demo_ctx *d;
    demo_rng *r;
    long cases;
    int seq[3];
    double cdf[731];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool ready[2];   /* set s is filled and waits to be sent */
    long upto[2];    /* cases generated when set s was filled */
    bool stop, done; /* the sender failed; the generator ended */
    int gen_rc;
} demo_pipe;

/* Waits until set s is free (or the sender stopped); false when it stopped. */
static bool wait_free(demo_pipe *p, int s)
{
    bool go;

    pthread_mutex_lock(&p->mu);
    while (p->ready[s] && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
    go = !p->stop;
    pthread_mutex_unlock(&p->mu);
    return go;
}

/* Fills set s with the cases from *i on (a batch); the report days are order statistics of
 * the spread, so they come sorted whatever the number of cases. */
static int fill(demo_pipe *p, int s, long *i, int *k)
{
    demo_ctx *d = p->d;
    int first = demo_year(d->w->first_day), rc = BB_OK;
    demo_case c;

    d->buf = d->sets[s];
    for (int n = 0; n < BATCH && *i < p->cases && rc == BB_OK; n++, (*i)++) {
        double u = ((double)*i + demo_rng_unit(p->r)) / (double)p->cases * p->cdf[730];
        while (*k < 730 && p->cdf[*k] < u)
            (*k)++;
        demo_gen_case(p->r, d->w, d->w->first_day + *k, &c);
        c.year = demo_year(c.reported);
        c.seq = ++p->seq[c.year - first];
        rc = demo_rows_case(d, &c);
    }
    return rc;
}

static void *generate(void *arg)
{
    demo_pipe *p = arg;
    long i = 0;
    int k = 0, s = 0, rc = BB_OK;

    while (i < p->cases && rc == BB_OK && wait_free(p, s)) {
        rc = fill(p, s, &i, &k);
        pthread_mutex_lock(&p->mu);
        p->ready[s] = rc == BB_OK;
        p->upto[s] = i;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        s ^= 1;
    }
    pthread_mutex_lock(&p->mu);
    p->done = true;
    p->gen_rc = rc;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Waits for set s to be ready; false when the generator ended without it. */
static bool wait_ready(demo_pipe *p, int s)
{
    bool ready;

    pthread_mutex_lock(&p->mu);
    while (!p->ready[s] && !p->done)
        pthread_cond_wait(&p->cv, &p->mu);
    ready = p->ready[s];
    pthread_mutex_unlock(&p->mu);
    return ready;
}

/* Sends the sets as they are filled, reporting progress; stops the generator on failure. */
static int send_all(bb_ctx *ctx, demo_pipe *p, const bb_demo_options *o)
{
    int rc = BB_OK;

    for (int s = 0, first = 1; rc == BB_OK && wait_ready(p, s); s ^= 1, first = 0) {
        long upto;
        rc = demo_flush(ctx, p->d->sets[s], first);
        pthread_mutex_lock(&p->mu);
        upto = p->upto[s];
        p->ready[s] = false;
        p->stop = rc != BB_OK;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (rc == BB_OK && o->progress != NULL &&
            o->progress(o->progress_data, upto, p->cases) != 0)
            rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("demo data: stopped"));
    }
    if (rc != BB_OK) {
        pthread_mutex_lock(&p->mu);
        p->stop = true;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return rc;
}

int demo_cases(bb_ctx *ctx, demo_ctx *d, demo_rng *r, const bb_demo_options *o)
{
    demo_pipe *p = calloc(1, sizeof *p);
    pthread_t thread;
    int rc = p == NULL ? bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory")) : BB_OK;

    if (rc == BB_OK) {
        *p = (demo_pipe){.d = d, .r = r, .cases = o->cases};
        rc = counters(ctx, d, p->seq);
    }
    if (rc != BB_OK)
        goto done;
    report_spread(d->w, p->cdf);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&thread, NULL, generate, p) != 0) {
        rc = bb_ctx__fail(ctx, BB_EIO, "%s", _("demo data: cannot start a thread"));
    } else {
        rc = send_all(ctx, p, o);
        pthread_join(thread, NULL);
    }
    if (rc == BB_OK && p->gen_rc != BB_OK)
        rc = bb_ctx__fail(ctx, p->gen_rc, "%s", _("demo data: cannot make a data key"));
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
done:
    free(p);
    return rc;
}
