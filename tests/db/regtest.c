#include "regtest.h"
#include "base/handle.h"
#include "keys/keychain.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Pins of this test process: a file of its own, so tests never share trust. */
static void private_pins(void)
{
    static char path[512];
    char *dir;

    if (*path != '\0')
        return;
    dir = dbt_tempdir("pins");
    snprintf(path, sizeof path, "%s/pins", dir);
    free(dir);
    setenv("BB_PIN_FILE", path, 1);
}

regt *regt_new(void)
{
    regt *t = calloc(1, sizeof *t);

    private_pins();
    t->ci = dbt_create_db(0);
    t->ctx = dbt_open(t->ci);
    if (bb_init(t->ctx, "Welzijn Oost", REGT_LOGIN, REGT_PASS, strlen(REGT_PASS)) != BB_OK)
        fail_msg("bb_init: %s", bb_errmsg(t->ctx));
    t->org_id = dbt_query(t->ci, "SELECT id FROM organisation WHERE name = 'Welzijn Oost'");
    assert_int_equal(bb_area_set(t->ctx, "Noord", "1000-1099"), BB_OK);
    return t;
}

bb_ctx *regt_child_handle(regt *t)
{
    bb_ctx *ctx = dbt_open(t->ci);

    assert_int_equal(bb_org_use(ctx, NULL), BB_OK);
    /* The child's copy of the parent's keys moves to the new handle; the parent's handle is
     * never closed in the child, so nothing is freed twice. */
    ctx->keys = t->ctx->keys;
    t->ctx->keys = NULL;
    assert_int_equal(bb_keychain__act_as_handle(ctx), BB_OK); /* and acts as that user */
    return ctx;
}

void regt_free(regt *t)
{
    bb_close(t->ctx);
    dbt_drop_db(t->ci);
    free(t->org_id);
    free(t);
}

bb_case *regt_case(regt *t, const char *reported, const char *source, const char *types)
{
    bb_case *c = regt_case_bare(t, reported, source, types), *fresh = NULL;

    regt_party(t, c->number, "melder", "Mieke Melder", NULL, NULL, NULL);
    assert_int_equal(bb_case_get(t->ctx, c->number, &fresh), BB_OK);
    bb_case_free(c);
    return fresh;
}

int regt_party(regt *t, const char *number, const char *role, const char *name,
               const char *postcode, const char *house_number, const char *phone)
{
    bb_party_new in = {.role = role,
                       .name = name,
                       .postcode = postcode,
                       .house_number = house_number,
                       .phone = phone};
    bb_party *p = NULL;
    int n;

    if (bb_party_add(t->ctx, number, &in, &p) != BB_OK)
        fail_msg("bb_party_add: %s", bb_errmsg(t->ctx));
    n = p->number;
    bb_party_free(p);
    return n;
}

const char *const regt_steps[4] = {"2020-01-06", "2020-02-03", "2020-03-02", "2020-04-06"};

size_t regt_n_steps(const char *status)
{
    static const char *const order[] = {"in_opleiding", "gecertificeerd", "actief", "gestopt"};

    for (size_t i = 0; status != NULL && i < 4; i++)
        if (strcmp(status, order[i]) == 0)
            return i + 1;
    return 0;
}

bb_volunteer *regt_volunteer(regt *t, const char *name, const char *postcode,
                             const char *house_number, const char *status, int capacity)
{
    bb_volunteer_new in = {.name = name,
                           .postcode = postcode,
                           .house_number = house_number,
                           .status = status,
                           .steps = regt_steps,
                           .n_steps = regt_n_steps(status),
                           .capacity = capacity};
    bb_volunteer *v = NULL;

    if (bb_volunteer_add(t->ctx, &in, &v) != BB_OK)
        fail_msg("bb_volunteer_add: %s", bb_errmsg(t->ctx));
    return v;
}

bb_case *regt_case_bare(regt *t, const char *reported, const char *source, const char *types)
{
    char buf[256], *save = NULL;
    const char *parts[BB_TYPES_MAX];
    size_t n = 0;
    bb_case_new in = {.reported_on = reported, .source = source, .types = parts};
    bb_case *c = NULL;

    snprintf(buf, sizeof buf, "%s", types);
    for (char *p = strtok_r(buf, ",", &save); p && n < BB_TYPES_MAX; p = strtok_r(NULL, ",", &save))
        parts[n++] = p;
    in.n_types = n;
    if (bb_case_create(t->ctx, &in, &c) != BB_OK)
        fail_msg("bb_case_create: %s", bb_errmsg(t->ctx));
    return c;
}

void regt_move(regt *t, bb_case **c, const char *status)
{
    bb_case *moved = NULL;

    if (bb_case_move(t->ctx, (*c)->number, (*c)->version, status, &moved) != BB_OK)
        fail_msg("move %s to %s: %s", (*c)->number, status, bb_errmsg(t->ctx));
    bb_case_free(*c);
    *c = moved;
}

char *regt_fingerprint(regt *t)
{
    static const char sql[] =
        "SELECT md5(concat_ws('|',"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM bb_case x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM case_event x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM number_counter x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM volunteer x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM volunteer_status_event x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM contact x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM contact_volunteer x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM area x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM setting x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM row_revision x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM party x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM data_key x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM personal_field x),"
        " (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM blind_index x)))";
    return dbt_query(t->ci, sql);
}

char *regt_sql_error_field(const char *ci, const char *sql, int field)
{
    PGconn *c = dbt_connect_owner(ci);
    PGresult *r;
    char *value = NULL;

    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect: %s", PQerrorMessage(c));
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        value = strdup(PQresultErrorField(r, field));
    PQclear(r);
    PQfinish(c);
    return value;
}

char *regt_sql_error(const char *ci, const char *sql)
{
    return regt_sql_error_field(ci, sql, PG_DIAG_SQLSTATE);
}

void regt_msg_has(bb_ctx *ctx, ...)
{
    va_list ap;
    const char *want;

    va_start(ap, ctx);
    while ((want = va_arg(ap, const char *)) != NULL)
        if (strstr(bb_errmsg(ctx), want) == NULL)
            fail_msg("message '%s' lacks '%s'", bb_errmsg(ctx), want);
    va_end(ap);
}

void regt_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void regt_number(char out[24], int seq)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    snprintf(out, 24, "BB-%04d-%04d", tm.tm_year + 1900, seq);
}
