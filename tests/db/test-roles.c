/* Roles and row-level security (schema/0009-roles.sql): the catalogue checks that fail when a
 * table lacks forced RLS, an application role owns a table or bypasses RLS, or a SECURITY
 * DEFINER function is open to PUBLIC or lacks a fixed search_path; and bbctl user add's login
 * roles. What each role may do is tested with pgTAP in tests/sql/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dbtest.h"

#define PASS "correct horse battery staple"

typedef struct fixture {
    char *ci;
    bb_ctx *ctx;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char *dir = dbt_tempdir("roles"), pins[512];

    snprintf(pins, sizeof pins, "%s/pins", dir);
    free(dir);
    setenv("BB_PIN_FILE", pins, 1);
    f->ci = dbt_create_db(0);
    f->ctx = dbt_open(f->ci);
    if (bb_init(f->ctx, "Welzijn De Brug", "beheer", PASS, strlen(PASS)) != BB_OK)
        fail_msg("bb_init: %s", bb_errmsg(f->ctx));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bb_close(f->ctx);
    dbt_drop_db(f->ci);
    free(f);
    return 0;
}

/* Fails with the list when the query finds anything. */
static void expect_none(fixture *f, const char *what, const char *sql)
{
    char *found = dbt_query(f->ci, sql);
    if (found != NULL)
        fail_msg("%s: %s", what, found);
}

#define TABLES_WITHOUT_FORCED_RLS                                                                  \
    "SELECT string_agg(c.relname, ', ') FROM pg_class c"                                           \
    " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')"                   \
    " AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"

static void every_table_forces_row_level_security(void **state)
{
    expect_none(*state, "tables without ENABLE and FORCE ROW LEVEL SECURITY",
                TABLES_WITHOUT_FORCED_RLS);
}

/* The group roles and every role that is a member of one, directly or not. */
#define APPLICATION_ROLES                                                                          \
    "WITH RECURSIVE app(oid) AS ("                                                                 \
    " SELECT oid FROM pg_roles WHERE rolname IN ('bb_admin', 'bb_coordinator', 'bb_mediator',"     \
    " 'bb_reporter')"                                                                              \
    " UNION SELECT m.member FROM pg_auth_members m JOIN app ON m.roleid = app.oid) "

static void no_application_role_owns_a_table_or_bypasses_security(void **state)
{
    expect_none(*state, "application roles that are superuser or have BYPASSRLS",
                APPLICATION_ROLES "SELECT string_agg(r.rolname, ', ') FROM pg_roles r JOIN app"
                                  " ON app.oid = r.oid WHERE r.rolsuper OR r.rolbypassrls");
    expect_none(*state, "tables owned by an application role",
                APPLICATION_ROLES "SELECT string_agg(c.relname, ', ') FROM pg_class c JOIN app"
                                  " ON app.oid = c.relowner"
                                  " WHERE c.relnamespace = 'public'::regnamespace");
    expect_none(*state, "functions owned by an application role",
                APPLICATION_ROLES "SELECT string_agg(p.proname, ', ') FROM pg_proc p JOIN app"
                                  " ON app.oid = p.proowner"
                                  " WHERE p.pronamespace = 'public'::regnamespace");
}

static void everything_belongs_to_the_owner(void **state)
{
    expect_none(*state, "tables, sequences and types not owned by bb_owner",
                "SELECT string_agg(c.relname, ', ') FROM pg_class c"
                " WHERE c.relnamespace = 'public'::regnamespace"
                " AND c.relkind IN ('r', 'p', 'S', 'v', 'm', 'c')"
                " AND c.relowner <> 'bb_owner'::regrole");
    expect_none(*state, "functions not owned by bb_owner",
                "SELECT string_agg(p.proname, ', ') FROM pg_proc p"
                " WHERE p.pronamespace = 'public'::regnamespace"
                " AND p.proowner <> 'bb_owner'::regrole");
}

static void every_security_definer_function_is_pinned_and_not_public(void **state)
{
    expect_none(*state, "SECURITY DEFINER functions without search_path ending in pg_temp",
                "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p"
                " WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef"
                " AND NOT EXISTS (SELECT FROM unnest(p.proconfig) AS s"
                "  WHERE s ~ '^search_path=' AND s ~ '(^search_path=|, *)pg_temp$')");
    expect_none(*state, "SECURITY DEFINER functions that PUBLIC may run",
                "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p"
                " WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef"
                " AND has_function_privilege('public', p.oid, 'EXECUTE')");
}

/* The checks above can fail: a table without forced RLS is named. */
static void the_catalogue_check_names_an_unprotected_table(void **state)
{
    fixture *f = *state;
    char *found;

    free(dbt_query(f->ci, "ALTER TABLE area NO FORCE ROW LEVEL SECURITY"));
    found = dbt_query(f->ci, TABLES_WITHOUT_FORCED_RLS);
    assert_non_null(found);
    assert_string_equal(found, "area");
    free(found);
}

/* A name no other test on this server uses. */
static void unique_role(char *out, size_t n, const char *tag)
{
    snprintf(out, n, "t_%s_%ld_%ld", tag, (long)getpid(), (long)time(NULL) % 100000);
}

static char *member_of(fixture *f, const char *role)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m"
             " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
             " WHERE r.rolname = '%s'",
             role);
    return dbt_query(f->ci, sql);
}

static void user_add_makes_the_login_role_in_its_groups(void **state)
{
    fixture *f = *state;
    char role[64], *groups, *login;
    bb_user_new in = {.login = "anna", .roles = BB_ROLE_ADMIN | BB_ROLE_COORDINATOR};

    unique_role(role, sizeof role, "anna");
    in.db_role = role;
    assert_int_equal(bb_user_add_with(f->ctx, &in), BB_OK);
    groups = member_of(f, role);
    assert_non_null(groups);
    assert_string_equal(groups, "bb_admin,bb_coordinator");
    free(groups);
    login = dbt_query(f->ci, "SELECT db_role FROM bb_user WHERE login = 'anna'");
    assert_string_equal(login, role);
    free(login);
    assert_int_equal(bb_user_revoke(f->ctx, "anna"), BB_OK);
    assert_null(member_of(f, role));
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT rolcanlogin FROM pg_roles WHERE rolname = '%s'", role);
    login = dbt_query(f->ci, sql);
    assert_string_equal(login, "f");
    free(login);
}

static void a_taken_or_privileged_db_role_is_refused(void **state)
{
    fixture *f = *state;
    char role[64];
    bb_user_new in = {.login = "anna", .roles = BB_ROLE_COORDINATOR};
    bb_user_new bert = {.login = "bert", .roles = BB_ROLE_COORDINATOR};

    unique_role(role, sizeof role, "taken");
    in.db_role = role;
    bert.db_role = role;
    assert_int_equal(bb_user_add_with(f->ctx, &in), BB_OK);
    assert_int_equal(bb_user_add_with(f->ctx, &bert), BB_EEXISTS);
    assert_non_null(strstr(bb_errmsg(f->ctx), role));
    bert.db_role = "bb_owner";
    assert_int_equal(bb_user_add_with(f->ctx, &bert), BB_EINVAL);
    bert.db_role = getenv("BB_TEST_PGUSER"); /* the tests' superuser */
    assert_int_equal(bb_user_add_with(f->ctx, &bert), BB_EDENIED);
    bert.db_role = NULL;
    bert.practice = "Nergens";
    bert.roles = BB_ROLE_MEDIATOR;
    assert_int_equal(bb_user_add_with(f->ctx, &bert), BB_ENOTFOUND);
    char *n = dbt_query(f->ci, "SELECT count(*) FROM bb_user WHERE login = 'bert'");
    assert_string_equal(n, "0"); /* nothing written by the refused ones */
    free(n);
}

static void user_map_moves_the_login_role(void **state)
{
    fixture *f = *state;
    char first[64], second[64], *groups;
    bb_user_new in = {.login = "bert", .roles = BB_ROLE_MEDIATOR | BB_ROLE_REPORTER};

    unique_role(first, sizeof first, "first");
    unique_role(second, sizeof second, "second");
    in.db_role = first;
    assert_int_equal(bb_user_add_with(f->ctx, &in), BB_OK);
    assert_int_equal(bb_user_map(f->ctx, "bert", first), BB_OK); /* again: no change */
    groups = member_of(f, first);
    assert_string_equal(groups, "bb_mediator,bb_reporter");
    free(groups);
    assert_int_equal(bb_user_map(f->ctx, "bert", second), BB_OK);
    assert_null(member_of(f, first));
    groups = member_of(f, second);
    assert_string_equal(groups, "bb_mediator,bb_reporter");
    free(groups);
    assert_int_equal(bb_user_map(f->ctx, "nobody", second), BB_ENOTFOUND);
}

static void a_second_database_on_the_same_server_migrates(void **state)
{
    char *ci = dbt_create_db(1);
    bb_ctx *ctx = dbt_open(ci);
    int applied = 0;

    (void)state;
    if (bb_schema_migrate(ctx, &applied) != BB_OK)
        fail_msg("migrate: %s", bb_errmsg(ctx));
    assert_int_equal(applied, bb_schema_known_count());
    bb_close(ctx);
    dbt_drop_db(ci);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_table_forces_row_level_security, setup, teardown),
        cmocka_unit_test_setup_teardown(no_application_role_owns_a_table_or_bypasses_security,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(everything_belongs_to_the_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(every_security_definer_function_is_pinned_and_not_public,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_catalogue_check_names_an_unprotected_table, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(user_add_makes_the_login_role_in_its_groups, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_taken_or_privileged_db_role_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(user_map_moves_the_login_role, setup, teardown),
        cmocka_unit_test(a_second_database_on_the_same_server_migrates),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
