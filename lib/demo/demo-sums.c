/* The per-day sums of the demo load (schema 0011's stat_day and stat_pair_sum), counted by the
 * generator over all its cases and written once at the end of the load: rows of those tables
 * are sums over many cases, so a batch cannot write its own. A hash table with open
 * addressing; the categories are the generator's fixed keys (compared by address) or a number
 * of days. */
#include "demo/demo.h"
#include "bb/error.h"
#include "base/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fact_names[] = {"reported", "closed", "intake", "open"};
static const char *const dim_names[] = {"total", "source", "area", "type", "outcome",
                                        "step", "days", "share", "resolved_source", "status"};

struct demo_sum {
    int day;
    signed char fact; /* enum demo_fact; -1: a free slot; DEMO_PAIR: a row of stat_pair_sum */
    signed char dim;  /* enum demo_dim */
    const char *cat;  /* the category, or NULL: the number num */
    int num;          /* days; for DEMO_PAIR the day before (INT32_MIN: none) */
    long long n, minutes;
};

static uint64_t hash(int day, int fact, int dim, const char *cat, int num)
{
    uint64_t h = (uint64_t)(uint32_t)day * 0x9e3779b97f4a7c15ULL;
    h ^= ((uint64_t)(fact * 16 + dim) << 32) ^ (uint64_t)(uintptr_t)cat ^ (uint64_t)(uint32_t)num;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

static bool same(const struct demo_sum *e, int day, int fact, int dim, const char *cat, int num)
{
    return e->day == day && e->fact == fact && e->dim == dim && e->cat == cat && e->num == num;
}

/* Doubles the table (starting at 64k slots); false when out of memory. */
static bool grow(demo_sums *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1 << 16;
    struct demo_sum *slots = malloc(cap * sizeof *slots);

    if (slots == NULL)
        return false;
    for (size_t i = 0; i < cap; i++)
        slots[i].fact = -1;
    for (size_t i = 0; i < s->cap; i++) {
        const struct demo_sum *e = &s->slots[i];
        if (e->fact < 0)
            continue;
        size_t j = hash(e->day, e->fact, e->dim, e->cat, e->num) & (cap - 1);
        while (slots[j].fact >= 0)
            j = (j + 1) & (cap - 1);
        slots[j] = *e;
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return true;
}

static void add(demo_sums *s, int day, int fact, int dim, const char *cat, int num, long long n,
                long long minutes)
{
    size_t j;

    if (s->oom || ((s->used + 1) * 4 > s->cap * 3 && !grow(s))) {
        s->oom = true;
        return;
    }
    j = hash(day, fact, dim, cat, num) & (s->cap - 1);
    while (s->slots[j].fact >= 0 && !same(&s->slots[j], day, fact, dim, cat, num))
        j = (j + 1) & (s->cap - 1);
    if (s->slots[j].fact < 0) {
        s->slots[j] = (struct demo_sum){day, (signed char)fact, (signed char)dim, cat, num, 0, 0};
        s->used++;
    }
    s->slots[j].n += n;
    s->slots[j].minutes += minutes;
}

void demo_sums_fact(demo_sums *s, int fact, int day, int dim, const char *cat, long long n)
{
    add(s, day, fact, dim, cat, 0, n, 0);
}

void demo_sums_days(demo_sums *s, int fact, int day, int dim, int days)
{
    add(s, day, fact, dim, NULL, days, 1, 0);
}

void demo_sums_pair(demo_sums *s, int day, int prev_on, long long minutes)
{
    add(s, day, DEMO_PAIR, 0, NULL, prev_on < 0 ? INT32_MIN : prev_on, 1, minutes);
}

/* stat_day: org_id, fact, day, dimension, category, n; stat_pair_sum: org_id, day, prev_on,
 * n, minutes. Rows that sum to nothing are left out, as the tables keep none. */
int demo_sums_flush(bb_ctx *ctx, demo_ctx *d, demo_sums *s)
{
    demo_buf day = {0}, pair = {0};
    char num[16];
    int rc;

    if (s->oom)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (size_t i = 0; i < s->cap; i++) {
        const struct demo_sum *e = &s->slots[i];
        if (e->fact == DEMO_PAIR) {
            demo_bin_row(&pair, 5);
            demo_bin_uuid(&pair, &d->org_id);
            demo_bin_date(&pair, e->day);
            demo_bin_int4(&pair, e->num == INT32_MIN ? INT32_MIN : e->num - 10957);
            demo_bin_int8(&pair, e->n);
            demo_bin_int8(&pair, e->minutes);
        } else if (e->fact >= 0 && e->n != 0) {
            snprintf(num, sizeof num, "%d", e->num);
            demo_bin_row(&day, 6);
            demo_bin_uuid(&day, &d->org_id);
            demo_bin_text(&day, fact_names[e->fact]);
            demo_bin_date(&day, e->day);
            demo_bin_text(&day, dim_names[e->dim]);
            demo_bin_text(&day, e->cat != NULL ? e->cat : num);
            demo_bin_int8(&day, e->n);
        }
    }
    rc = demo_copy(ctx, "stat_day (org_id, fact, day, dimension, category, n)", true, &day);
    if (rc == BB_OK)
        rc = demo_copy(ctx, "stat_pair_sum (org_id, day, prev_on, n, minutes)", true, &pair);
    demo_buf_free(&day);
    demo_buf_free(&pair);
    return rc;
}

void demo_sums_free(demo_sums *s)
{
    free(s->slots);
    *s = (demo_sums){0};
}
