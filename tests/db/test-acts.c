/* Who acted (issue 13, schema/functions/acts.sql): every act names the bb user who did it, and
 * on a connection that is no person's login role (the embedded database's superuser) a change
 * needs a user of the organisation who has unlocked: their keys prove who they are. Each
 * attempt to act as nobody, as someone unproven or across organisations is refused with
 * nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/handle.h"
#include "regtest.h"

static void expect_sql(regt *t, const char *sql, const char *want)
{
    char *v = dbt_query(t->ci, sql);

    if (strcmp(v ? v : "(null)", want) != 0)
        fail_msg("%s: %s, not %s", sql, v ? v : "(null)", want);
    free(v);
}

/* Runs sql on a plain superuser connection after the settings given (NULL: none); returns the
 * SQLSTATE of its error (free()), or NULL when it succeeded. */
static char *as_superuser(regt *t, const char *user, const char *proof, const char *sql)
{
    PGconn *c = PQconnectdb(t->ci);
    const char *p[2] = {user ? user : "", proof ? proof : ""};
    PGresult *r;
    char *state = NULL;

    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect: %s", PQerrorMessage(c));
    PQclear(PQexecParams(c,
                         "SELECT set_config('bb.act_user', $1, false),"
                         " set_config('bb.act_proof', $2, false)",
                         2, NULL, p, NULL, NULL, 0));
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        state = strdup(PQresultErrorField(r, PG_DIAG_SQLSTATE));
    PQclear(r);
    PQfinish(c);
    return state;
}

static void every_act_names_the_user(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_contact_new in = {.kind = "telefoon", .minutes = 10};
    bb_case_event_list *ev = NULL;
    bb_contact_list *contacts = NULL;
    char sql[256];

    (void)state;
    regt_move(t, &c, "intake");
    in.case_number = c->number;
    if (bb_contact_add(t->ctx, &in, NULL) != BB_OK)
        fail_msg("bb_contact_add: %s", bb_errmsg(t->ctx));
    snprintf(sql, sizeof sql, "SELECT id FROM bb_user WHERE login = '%s'", REGT_LOGIN);
    char *me = dbt_query(t->ci, sql);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FILTER (WHERE user_id = '%s') || '/' || count(*) FROM case_event",
             me);
    expect_sql(t, sql, "2/2");
    snprintf(sql, sizeof sql, "SELECT acted_by = '%s' FROM contact", me);
    expect_sql(t, sql, "t");
    snprintf(sql, sizeof sql,
             "SELECT bool_and(acted_by = '%s') FROM row_revision WHERE tbl = 'bb_case'", me);
    expect_sql(t, sql, "t");
    /* Every record of a change in the audit log names the person, never the database role. */
    expect_sql(t,
               "SELECT string_agg(DISTINCT actor, ',') FROM audit_log"
               " WHERE action LIKE 'insert:%' OR action LIKE 'update:%'",
               REGT_LOGIN);
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_string_equal(ev->items[1].user, REGT_LOGIN);
    assert_int_equal(bb_contact_list_get(t->ctx, c->number, &contacts), BB_OK);
    assert_string_equal(contacts->items[0].by, REGT_LOGIN);
    bb_contact_list_free(contacts);
    bb_case_event_list_free(ev);
    free(me);
    bb_case_free(c);
    regt_free(t);
}

static void a_locked_handle_changes_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *after = NULL;
    char *before;

    (void)state;
    before = regt_fingerprint(t);
    bb_lock(t->ctx);
    assert_int_equal(bb_write_needs_unlock(t->ctx), 1);
    assert_int_equal(bb_case_move(t->ctx, c->number, c->version, "intake", &after), BB_EDENIED);
    regt_msg_has(t->ctx, "nobody acts", "unlocked", NULL);
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "2000-2099"), BB_EDENIED);
    assert_null(after);
    char *now = regt_fingerprint(t);
    assert_string_equal(before, now);
    free(now);
    free(before);
    bb_case_free(c);
    regt_free(t);
}

static void the_superuser_without_a_proven_user_changes_nothing(void **state)
{
    regt *t = regt_new();
    char *err, sql[160], *id;

    (void)state;
    /* psql as the superuser, as a coordinator with the embedded database's account would. */
    err = as_superuser(t, NULL, NULL, "UPDATE area SET postcodes = '{[9999,10000)}'");
    assert_non_null(err);
    assert_string_equal(err, "BBA01");
    free(err);
    /* Naming a user is not enough: the proof must be theirs. */
    snprintf(sql, sizeof sql, "SELECT id FROM bb_user WHERE login = '%s'", REGT_LOGIN);
    id = dbt_query(t->ci, sql);
    err = as_superuser(t, id, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                       "UPDATE area SET postcodes = '{[9999,10000)}'");
    assert_non_null(err);
    assert_string_equal(err, "BBA01");
    free(err);
    expect_sql(t, "SELECT count(*) FROM area WHERE postcodes @> 9999", "0");
    /* With the proof that only the unlocked user's keys give, it is their change. */
    assert_null(
        as_superuser(t, id, t->ctx->act_proof, "UPDATE area SET postcodes = '{[9999,10000)}'"));
    expect_sql(t, "SELECT actor FROM audit_log WHERE action = 'update:area'", REGT_LOGIN);
    free(id);
    regt_free(t);
}

static void an_owner_acting_on_purpose_is_named_as_the_database_role(void **state)
{
    regt *t = regt_new();

    (void)state;
    /* dbt_query declares bb.act_as_owner: a database administrator repairing by hand. */
    free(dbt_query(t->ci, "UPDATE area SET postcodes = '{[9999,10000)}'"));
    expect_sql(t, "SELECT actor = session_user FROM audit_log WHERE action = 'update:area'", "t");
    regt_free(t);
}

static void a_user_of_another_organisation_is_refused(void **state)
{
    regt *t = regt_new();
    bb_ctx *other = dbt_open(t->ci);
    const char *types[] = {"parkeren"};
    bb_case_new in = {
        .reported_on = "2024-03-01", .source = "politie", .types = types, .n_types = 1};
    bb_case *c = NULL;
    char *before;

    (void)state;
    assert_int_equal(bb_init(other, "Buurtwerk West", "westadmin", REGT_PASS, strlen(REGT_PASS)),
                     BB_OK);
    before = regt_fingerprint(t);
    /* Unlocked as West's administrator, with Oost's organisation chosen on the handle. */
    assert_int_equal(bb_org_use(other, "Welzijn Oost"), BB_OK);
    assert_int_equal(bb_case_create(other, &in, &c), BB_EDENIED);
    regt_msg_has(other, "not of this organisation", NULL);
    assert_null(c);
    char *now = regt_fingerprint(t);
    assert_string_equal(before, now);
    free(now);
    free(before);
    bb_close(other);
    regt_free(t);
}

static void a_statement_over_two_organisations_is_the_owners_alone(void **state)
{
    regt *t = regt_new();
    bb_ctx *other = dbt_open(t->ci);
    char sql[256], *id;

    (void)state;
    assert_int_equal(bb_init(other, "Buurtwerk West", "westadmin", REGT_PASS, strlen(REGT_PASS)),
                     BB_OK);
    assert_int_equal(bb_area_set(other, "West", "3000-3099"), BB_OK);
    snprintf(sql, sizeof sql, "SELECT id FROM bb_user WHERE login = '%s'", REGT_LOGIN);
    id = dbt_query(t->ci, sql);
    char *err =
        as_superuser(t, id, t->ctx->act_proof, "UPDATE area SET postcodes = '{[9999,10000)}'");
    assert_non_null(err);
    assert_string_equal(err, "BBA02");
    free(err);
    expect_sql(t, "SELECT count(*) FROM area WHERE postcodes @> 9999", "0");
    free(id);
    bb_close(other);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_act_names_the_user),
        cmocka_unit_test(a_locked_handle_changes_nothing),
        cmocka_unit_test(the_superuser_without_a_proven_user_changes_nothing),
        cmocka_unit_test(an_owner_acting_on_purpose_is_named_as_the_database_role),
        cmocka_unit_test(a_user_of_another_organisation_is_refused),
        cmocka_unit_test(a_statement_over_two_organisations_is_the_owners_alone),
    };

    dbt_require_server();
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
