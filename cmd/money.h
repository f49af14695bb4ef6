/* Amounts and hours as bbctl shows them: euros with cents ("85.00"), hours in quarters
 * ("3.25"); in JSON cents stay whole numbers and hours are a number ("hours": 3.25). */
#ifndef BB_CMD_MONEY_H
#define BB_CMD_MONEY_H

#include "out.h"

#include <stdio.h>

/* "1234.50" for 123450 cents; buf of 32 bytes. */
static inline const char *cli_euros(char buf[32], long long cents)
{
    long long abs = cents < 0 ? -cents : cents;

    snprintf(buf, 32, "%s%lld.%02lld", cents < 0 ? "-" : "", abs / 100, abs % 100);
    return buf;
}

/* "3.25" for 13 quarters; buf of 16 bytes. */
static inline const char *cli_hours(char buf[16], int quarters)
{
    snprintf(buf, 16, "%d.%02d", quarters / 4, quarters % 4 * 25);
    return buf;
}

/* "key": 3.25 in a JSON object (quarters of an hour are exact in binary). */
static inline void cli_json_hours(json_out *j, const char *key, int quarters)
{
    jw_real(j, key, quarters / 4.0);
}

#endif
