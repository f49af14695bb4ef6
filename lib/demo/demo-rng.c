/* The demo's own PRNG and day arithmetic: the same seed gives the same numbers on every
 * machine (xoshiro256** by Blackman and Vigna, seeded through splitmix64), never rand(). */
#include "demo/demo.h"

#include <sodium.h>
#include <stdio.h>
#include <time.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void demo_rng_seed(demo_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(demo_rng *r)
{
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double demo_rng_unit(demo_rng *r)
{
    return (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
}

int demo_rng_range(demo_rng *r, int lo, int hi)
{
    return lo + (int)(demo_rng_unit(r) * (double)(hi - lo + 1));
}

bool demo_rng_chance(demo_rng *r, double p)
{
    return demo_rng_unit(r) < p;
}

double demo_rng_normal(demo_rng *r, double mean, double sd)
{
    double z = -6.0;

    /* Irwin-Hall: twelve uniforms sum to a good enough normal, and no libm is needed. */
    for (int i = 0; i < 12; i++)
        z += demo_rng_unit(r);
    return mean + sd * z;
}

double demo_exp(double x)
{
    double y = 1.0 + x / 1024.0;

    for (int i = 0; i < 10; i++)
        y *= y; /* (1 + x/1024)^1024: within a few percent for |x| < 4 */
    return y;
}

int demo_rng_pick(demo_rng *r, const int *weights, int n)
{
    int total = 0, x;

    for (int i = 0; i < n; i++)
        total += weights[i];
    x = (int)(demo_rng_unit(r) * total);
    for (int i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

void demo_ids_start(demo_ids *g)
{
    uint64_t seed;
    struct timespec now;

    randombytes_buf(&seed, sizeof seed);
    demo_rng_seed(&g->r, seed);
    clock_gettime(CLOCK_REALTIME, &now);
    g->next = ((uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000) << 12;
}

void demo_id(demo_ids *g, demo_uuid *out)
{
    uint64_t c = g->next++, lo = demo_rng_next(&g->r);
    uint64_t hi = (c >> 12) << 16 | 0x7000 | (c & 0xfff); /* 48 bits, version 7, 12 bits */

    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; /* RFC 4122 variant */
    for (int i = 0; i < 8; i++) {
        out->b[i] = (uint8_t)(hi >> (56 - 8 * i));
        out->b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
    }
}

void demo_uuid_text(const demo_uuid *u, char out[37])
{
    static const char hex[] = "0123456789abcdef";
    int o = 0;

    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[u->b[i] >> 4];
        out[o++] = hex[u->b[i] & 15];
    }
    out[o] = '\0';
}

bool demo_uuid_parse(const char *text, demo_uuid *out)
{
    int n = 0;

    for (const char *p = text; *p != '\0'; p++) {
        int v = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
        if (*p == '-')
            continue;
        if (v < 0 || n >= 32)
            return false;
        out->b[n / 2] = (uint8_t)(n % 2 ? out->b[n / 2] | v : v << 4);
        n++;
    }
    return n == 32;
}

/* Howard Hinnant's days_from_civil and civil_from_days (public domain). */
int demo_day(int y, int m, int d)
{
    int era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil(int z, int *y, int *m, int *d)
{
    int era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

void demo_date(int day, char out[11])
{
    int y, m, d;

    civil(day, &y, &m, &d);
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

int demo_year(int day)
{
    int y, m, d;

    civil(day, &y, &m, &d);
    return y;
}

int demo_weekday(int day)
{
    /* 1970-01-01 was a Thursday (4). */
    return (int)((day % 7 + 7 + 3) % 7) + 1;
}

int demo_workday(int day)
{
    int wd = demo_weekday(day);
    return wd == 6 ? day + 2 : wd == 7 ? day + 1 : day;
}
