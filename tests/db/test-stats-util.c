#include "test-stats-util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

regt *st_fixture(void)
{
    regt *t = regt_new();
    FILE *f = fopen(STATS_FIXTURE, "r");
    char *sql = NULL, *v;
    size_t n = 0;

    if (f == NULL)
        fail_msg("cannot open %s", STATS_FIXTURE);
    if (getdelim(&sql, &n, '\0', f) < 0)
        fail_msg("cannot read %s", STATS_FIXTURE);
    fclose(f);
    v = dbt_query(t->ci, sql);
    free(v);
    free(sql);
    return t;
}

bb_stats *st_compute(regt *t, const char *spec, const char *from, const char *to, int k)
{
    bb_stats_options o = {.period = spec,
                          .from = from,
                          .to = to,
                          .today = "2024-12-31",
                          .k = k > 0 ? k : 0,
                          .exact = k < 0,
                          .compare = 1,
                          .quarters = 1};
    bb_stats *s = NULL;

    if (bb_stats_compute(t->ctx, &o, &s) != BB_OK)
        fail_msg("bb_stats_compute %s: %s", spec ? spec : from, bb_errmsg(t->ctx));
    return s;
}

void st_expect(const bb_stats *s, int previous, const char *metric, const char *dimension,
               const char *category, const char *want)
{
    const bb_stat_row *r = bb_stats_find(s, previous, metric, dimension, category);
    bool small = strcmp(want, "<") == 0, hidden = small || !strcmp(want, "x") || !strcmp(want, "-");

    if (r == NULL)
        fail_msg("no row %s/%s/%s (previous %d)", metric, dimension, category, previous);
    if (hidden && (!r->suppressed || r->small != small || r->value[0] != '\0'))
        fail_msg("%s/%s/%s (previous %d): expected hidden '%s', got '%s' suppressed %d small %d",
                 metric, dimension, category, previous, want, r->value, r->suppressed, r->small);
    if (!hidden && (r->suppressed || strcmp(r->value, want) != 0))
        fail_msg("%s/%s/%s (previous %d): expected %s, got '%s'%s", metric, dimension, category,
                 previous, want, r->value, r->suppressed ? " (suppressed)" : "");
}

void st_has(const char *text, const char *want)
{
    if (strstr(text, want) == NULL)
        fail_msg("text lacks \"%s\":\n%s", want, text);
}
