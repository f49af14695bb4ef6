/* Helpers of the referral, follow-up, signal and demo tests (on top of regtest.h). */
#ifndef BB_REFTEST_H
#define BB_REFTEST_H

#include "regtest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* regt_fingerprint and the tables of schema 0006: nothing written when equal. */
static inline char *reft_fingerprint(regt *t)
{
    static const char sql[] =
        "SELECT md5(concat_ws('|',"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM practice x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM practice_rate x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM practice_budget x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM referral x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM followup x)))";
    char *a = regt_fingerprint(t), *b = dbt_query(t->ci, sql), *out = malloc(strlen(a) + 34);

    sprintf(out, "%s/%s", a, b);
    free(a);
    free(b);
    return out;
}

/* Asserts that the fingerprint is still before (and frees both). */
static inline void reft_unchanged(regt *t, char *before)
{
    char *after = reft_fingerprint(t);

    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* A case reported on reported, moved along the given statuses (NULL-terminated). */
static inline bb_case *reft_case_at(regt *t, const char *reported, const char *source, ...)
{
    bb_case *c = regt_case(t, reported, source, "geluid_personen");
    va_list ap;
    const char *st;

    va_start(ap, source);
    while ((st = va_arg(ap, const char *)) != NULL)
        regt_move(t, &c, st);
    va_end(ap);
    return c;
}

/* Runs SQL that must succeed (a fixture the API cannot make, such as an old event time). */
static inline void reft_sql(regt *t, const char *sql)
{
    char *err = regt_sql_error(t->ci, sql);

    if (err != NULL)
        fail_msg("SQL failed (%s): %s", err, sql);
}

#endif
