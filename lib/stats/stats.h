/* Insides of the figures (lib/stats/). Not public. */
#ifndef BB_STATS_INT_H
#define BB_STATS_INT_H

#include "bb/stats.h"

#include <stdbool.h>

/* Days since 1970-01-01 of a calendar date, and back (YYYY-MM-DD into out). */
long bb_stats__day(int y, int m, int d);
void bb_stats__date(long day, char out[BB_DATE_SIZE]);

/* Parses YYYY-MM-DD of a real calendar day into its day number; false if it is none. */
bool bb_stats__parse_day(const char *s, long *day);

#endif
