/* Helpers of the figures' database tests (test-stats.c, test-stats-safe.c). */
#ifndef BB_TEST_STATS_UTIL_H
#define BB_TEST_STATS_UTIL_H

#include "regtest.h"

/* A new database with organisation "Welzijn Oost" filled with stats-fixture.sql. */
regt *st_fixture(void);

/* The figures of a period (spec, or from and to) with compare on, k (0: the setting; -1: the
 * internal, exact figures) and today 2024-12-31; fails the test on error. */
bb_stats *st_compute(regt *t, const char *spec, const char *from, const char *to, int k);

/* Asserts the row (metric, dimension, category) of the period (previous 0) or the one before:
 * want is its value, or "<" (hidden as a small count), "x" (a sum hidden: too few referrals, or one makes most of it) or "-"
 * (a figure on too small a base). */
void st_expect(const bb_stats *s, int previous, const char *metric, const char *dimension,
               const char *category, const char *want);

/* Asserts that text contains want. */
void st_has(const char *text, const char *want);

#endif
