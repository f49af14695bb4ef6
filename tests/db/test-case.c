/* Cases: numbering, the workflow (in libbb and in the database), closing, optimistic locking,
 * retried creates, paging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "regtest.h"

static void create_numbers_cases_per_year(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case(t, "2024-03-01", "politie", "parkeren,pesten");
    bb_case *b = regt_case(t, "2024-03-02", "zelfmelder", "overig");
    bb_case_event_list *ev = NULL;
    char want[24];

    (void)state;
    regt_number(want, 1);
    assert_string_equal(a->number, want);
    regt_number(want, 2);
    assert_string_equal(b->number, want);
    assert_string_equal(a->status, "aangemeld");
    assert_int_equal(a->n_types, 2);
    assert_string_equal(a->types[1], "pesten");
    assert_int_equal(a->version, 1);
    assert_int_equal(bb_case_events(t->ctx, a->number, &ev), BB_OK);
    assert_int_equal(ev->n, 1);
    assert_string_equal(ev->items[0].from, "");
    assert_string_equal(ev->items[0].to, "aangemeld");
    bb_case_event_list_free(ev);
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

/* "7" is case 7 of the database's year (the year new cases are numbered in); the longer forms
 * need no database; a malformed one names the value and the forms. */
static void short_numbers_expand_to_this_years(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case(t, "2024-03-01", "politie", "overig");
    char want[24], out[BB_NUMBER_SIZE];

    (void)state;
    regt_number(want, 1);
    assert_string_equal(a->number, want);
    assert_int_equal(bb_case_number_expand(t->ctx, " 1 ", out), BB_OK);
    assert_string_equal(out, want);
    assert_int_equal(bb_case_number_expand(t->ctx, want + 3, out), BB_OK); /* "2026-0001" */
    assert_string_equal(out, want);
    assert_int_equal(bb_case_number_expand(t->ctx, "bb-2024-7", out), BB_OK);
    assert_string_equal(out, "BB-2024-0007");
    assert_int_equal(bb_case_number_expand(t->ctx, "12-2026", out), BB_EINVAL);
    assert_string_equal(out, "");
    assert_non_null(strstr(bb_errmsg(t->ctx), "case: '12-2026' is not a case number"));
    assert_non_null(strstr(bb_errmsg(t->ctx), "2024-7, or 7"));
    assert_int_equal(bb_case_number_expand(t->ctx, "2026-0", out), BB_EINVAL);
    bb_case_free(a);
    regt_free(t);
}

static void transitions_follow_the_table(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case_event_list *ev = NULL;
    const char *path[] = {"intake",      "lopend", "nazorg",       "lopend",
                          "in_de_wacht", "lopend", "doorverwezen", "lopend"};

    (void)state;
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++)
        regt_move(t, &c, path[i]);
    assert_string_equal(c->status, "lopend");
    assert_int_equal(c->version, 9);
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_int_equal(ev->n, 9);
    assert_string_equal(ev->items[8].from, "doorverwezen");
    bb_case_event_list_free(ev);
    bb_case_free(c);
    regt_free(t);
}

static void refused_transition_names_it_and_writes_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *out = NULL;
    char *before = regt_fingerprint(t), *after;

    (void)state;
    assert_false(bb_case_can_move("aangemeld", "lopend"));
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "lopend", &out), BB_EINVAL);
    assert_null(out);
    MSG_HAS(t->ctx, "status", "'aangemeld'", "'lopend'", "intake");
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "aangemeld", NULL), BB_EINVAL);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    regt_free(t);
}

static void library_and_database_share_the_table(void **state)
{
    regt *t = regt_new();
    size_t n;
    const bb_transition *tr = bb_case_transitions(&n);
    char sql[256], *v;

    (void)state;
    v = dbt_query(t->ci, "SELECT count(*) FROM case_transition");
    assert_int_equal(atoi(v), (int)n);
    free(v);
    for (size_t i = 0; i < n; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT 1 FROM case_transition WHERE from_status = '%s' AND to_status = '%s'",
                 tr[i].from, tr[i].to);
        v = dbt_query(t->ci, sql);
        if (v == NULL)
            fail_msg("database lacks %s -> %s", tr[i].from, tr[i].to);
        free(v);
        assert_true(bb_vocab_has(BB_VOCAB_STATUS, tr[i].from));
        assert_true(bb_vocab_has(BB_VOCAB_STATUS, tr[i].to));
    }
    regt_free(t);
}

static void database_refuses_a_raw_transition(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *err, *status;

    (void)state;
    /* A second client that skips libbb meets the same rule in the trigger. */
    err = regt_sql_error(t->ci, "UPDATE bb_case SET status = 'nazorg'");
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    err = regt_sql_error(t->ci, "INSERT INTO bb_case (id, org_id, year, seq, reported_on, source,"
                                " conflict_types, status) SELECT gen_random_uuid(), org_id, 2024,"
                                " 99, '2024-01-01', 'politie', '{overig}', 'lopend' FROM bb_case");
    assert_non_null(err);
    free(err);
    /* An allowed raw move passes, and still leaves its event. */
    assert_null(regt_sql_error(t->ci, "UPDATE bb_case SET status = 'intake'"));
    status = dbt_query(t->ci, "SELECT string_agg(to_status, ',' ORDER BY seq) FROM case_event");
    assert_string_equal(status, "aangemeld,intake");
    free(status);
    bb_case_free(c);
    regt_free(t);
}

static void closing_needs_an_outcome(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *before = regt_fingerprint(t), *after, *err;

    (void)state;
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "afgesloten", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "outcome");
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, NULL, NULL, "reason", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "outcome", "missing");
    err = regt_sql_error(t->ci, "UPDATE bb_case SET status = 'afgesloten',"
                                " closed_on = current_date");
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    regt_free(t);
}

static void close_from_every_open_status(void **state)
{
    static const char *const routes[][3] = {
        {NULL},
        {"intake"},
        {"intake", "lopend"},
        {"intake", "lopend", "nazorg"},
        {"in_de_wacht"},
        {"intake", "doorverwezen"},
    };
    regt *t = regt_new();

    (void)state;
    for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
        bb_case *c = regt_case(t, "2024-03-01", "gemeente", "overig"), *closed = NULL;
        for (int i = 0; i < 3 && routes[r][i] != NULL; i++)
            regt_move(t, &c, routes[r][i]);
        if (bb_case_close(t->ctx, c->number, c->version, "ingetrokken", "2024-03-05", "reason",
                          &closed))
            fail_msg("close from %s: %s", c->status, bb_errmsg(t->ctx));
        assert_string_equal(closed->status, "afgesloten");
        assert_string_equal(closed->outcome, "ingetrokken");
        assert_string_equal(closed->closed_on, "2024-03-05");
        bb_case_free(c);
        bb_case_free(closed);
    }
    regt_free(t);
}

static void a_closed_case_stays_closed(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *closed = NULL;

    (void)state;
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "verhuisd", NULL, "reason", &closed),
                     BB_OK);
    assert_int_equal(bb_case_move(t->ctx, c->number, closed->version, "lopend", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "afgesloten", "lopend");
    assert_int_equal(
        bb_case_close(t->ctx, c->number, closed->version, "opgelost", NULL, "reason", NULL),
        BB_EINVAL);
    MSG_HAS(t->ctx, "closed already");
    bb_case_free(c);
    bb_case_free(closed);
    regt_free(t);
}

static void reported_back_only_after_closing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *done = NULL;
    char today[11];

    (void)state;
    regt_today(today);
    assert_int_equal(bb_case_reported_back(t->ctx, c->number, 1, NULL, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "not closed");
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "opgelost", "2024-04-01", "reason", NULL),
                     BB_OK);
    assert_int_equal(bb_case_reported_back(t->ctx, c->number, 2, "2024-03-20", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "2024-03-20", "2024-04-01");
    assert_int_equal(bb_case_reported_back(t->ctx, c->number, 2, NULL, &done), BB_OK);
    assert_string_equal(done->reported_back_on, today);
    bb_case_free(c);
    bb_case_free(done);
    regt_free(t);
}

static void stale_version_is_a_conflict_naming_the_change(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *other = NULL;
    char *before, *after;

    (void)state;
    /* Someone else moves the case after we read version 1. */
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "intake", &other), BB_OK);
    before = regt_fingerprint(t);
    assert_int_equal(bb_case_move(t->ctx, c->number, c->version, "in_de_wacht", NULL),
                     BB_ECONFLICT);
    MSG_HAS(t->ctx, c->number, "version 1", "now version 2", "status");
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "opgelost", NULL, "reason", NULL),
                     BB_ECONFLICT);
    assert_int_equal(bb_case_move(t->ctx, c->number, 7, "lopend", NULL), BB_ECONFLICT);
    MSG_HAS(t->ctx, "version 7");
    assert_int_equal(bb_case_move(t->ctx, c->number, 0, "lopend", NULL), BB_EINVAL);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    bb_case_free(other);
    regt_free(t);
}

static void retried_create_returns_the_first_case(void **state)
{
    regt *t = regt_new();
    const char *types[] = {"parkeren"};
    bb_case_new in = {.id = "6F1C7E2A-0B7D-4E59-9C39-2C9A4C3C1D11",
                      .reported_on = "2024-03-01",
                      .source = "politie",
                      .types = types,
                      .n_types = 1};
    bb_case *first = NULL, *again = NULL;
    char *count;

    (void)state;
    assert_int_equal(bb_case_create(t->ctx, &in, &first), BB_OK);
    assert_string_equal(first->id, "6f1c7e2a-0b7d-4e59-9c39-2c9a4c3c1d11");
    in.source = "gemeente"; /* a retry is the same create: the stored case wins */
    assert_int_equal(bb_case_create(t->ctx, &in, &again), BB_OK);
    assert_string_equal(again->number, first->number);
    assert_string_equal(again->source, "politie");
    count = dbt_query(t->ci, "SELECT count(*) || '/' || (SELECT last FROM number_counter)"
                             " FROM bb_case");
    assert_string_equal(count, "1/1");
    free(count);
    bb_case_free(first);
    bb_case_free(again);
    regt_free(t);
}

static void an_id_of_another_organisation_is_refused(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    const char *types[] = {"overig"};
    bb_case_new in = {.id = c->id,
                      .reported_on = "2024-03-01",
                      .source = "politie",
                      .types = types,
                      .n_types = 1};
    bb_case *got = NULL;

    (void)state;
    free(dbt_query(t->ci, "INSERT INTO organisation (name) VALUES ('Welzijn West')"));
    assert_int_equal(bb_org_use(t->ctx, "Welzijn West"), BB_OK);
    assert_int_equal(bb_case_create(t->ctx, &in, NULL), BB_EEXISTS);
    MSG_HAS(t->ctx, c->id);
    /* Nor is the other organisation's case visible. */
    assert_int_equal(bb_case_get(t->ctx, c->number, &got), BB_ENOTFOUND);
    bb_case_free(c);
    regt_free(t);
}

#define WORKERS    8
#define PER_WORKER 10
#define SHARED_ID  "0d6c1a52-3f0e-4d1b-8a8e-7e5b2f9a4c01"

/* One concurrent creator in its own process and connection; its exit status says how it went.
 * Halfway it retries a create whose id every worker shares: one makes it, the others find it. */
static int worker(regt *t, int start_fd)
{
    const char *types[] = {"overig"};
    bb_case_new in = {
        .reported_on = "2024-03-01", .source = "politie", .types = types, .n_types = 1};
    bb_ctx *ctx = regt_child_handle(t); /* its own connection, the keys it inherited */
    char go;
    int rc = 0;

    if (read(start_fd, &go, 1) < 0) /* all start at once: the parent closes the pipe */
        return 3;
    for (int i = 0; i <= PER_WORKER && rc == 0; i++) {
        in.id = i == PER_WORKER / 2 ? SHARED_ID : NULL;
        if (bb_case_create(ctx, &in, NULL) != BB_OK) {
            fprintf(stderr, "worker: %s\n", bb_errmsg(ctx));
            rc = 1;
        }
    }
    bb_close(ctx);
    return rc;
}

static void numbers_stay_gap_free_under_concurrency(void **state)
{
    regt *t = regt_new();
    pid_t pids[WORKERS];
    int fds[2], status;
    char *v;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    for (int w = 0; w < WORKERS; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0) {
            close(fds[1]);
            _exit(worker(t, fds[0]));
        }
    }
    close(fds[0]);
    close(fds[1]);
    for (int w = 0; w < WORKERS; w++) {
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    /* Every worker's own cases plus the one shared: numbers 1..N, each once. */
    v = dbt_query(t->ci, "SELECT count(*) || ' ' || count(DISTINCT seq) || ' ' || min(seq) || ' '"
                         " || max(seq) || ' ' || (SELECT last FROM number_counter) FROM bb_case");
    assert_string_equal(v, "81 81 1 81 81");
    free(v);
    regt_free(t);
}

/* Pages through the cases matching f, checking order; returns how many it saw. */
static int walk(regt *t, bb_case_filter f, char seen[][24], bool add_midway)
{
    bb_case_list *l = NULL;
    char after[24] = "";
    int n = 0;

    do {
        f.after = *after ? after : NULL;
        if (bb_case_list_get(t->ctx, &f, &l) != BB_OK)
            fail_msg("list: %s", bb_errmsg(t->ctx));
        for (size_t i = 0; i < l->n; i++, n++) {
            assert_true(n == 0 || strcmp(l->items[i].number, seen[n - 1]) < 0);
            snprintf(seen[n], 24, "%s", l->items[i].number);
        }
        snprintf(after, sizeof after, "%s", l->next);
        bb_case_list_free(l);
        if (add_midway && n == f.limit) /* new cases arrive while paging */
            for (int k = 0; k < 3; k++)
                bb_case_free(regt_case(t, "2024-04-01", "politie", "overig"));
    } while (*after);
    return n;
}

static void paging_returns_each_case_once(void **state)
{
    regt *t = regt_new();
    char seen[64][24], date[11];
    bb_case_filter f = {.limit = 5};

    (void)state;
    for (int i = 0; i < 23; i++) {
        bb_case *c;
        snprintf(date, sizeof date, "2024-03-%02d", i + 1);
        c = regt_case(t, date, i % 2 ? "politie" : "gemeente", "overig");
        if (i % 3 == 0)
            regt_move(t, &c, "intake");
        bb_case_free(c);
    }
    assert_int_equal(walk(t, f, seen, true), 23); /* the later 3 sort before the cursor */
    f = (bb_case_filter){.limit = 2, .status = "intake"};
    assert_int_equal(walk(t, f, seen, false), 8);
    f = (bb_case_filter){.limit = 4, .from = "2024-03-05", .to = "2024-03-10"};
    assert_int_equal(walk(t, f, seen, false), 6);
    f = (bb_case_filter){.source = "politie", .limit = 1000};
    assert_int_equal(walk(t, f, seen, false), 11 + 3);
    f = (bb_case_filter){.area = "Noord"};
    assert_int_equal(walk(t, f, seen, false), 0);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_numbers_cases_per_year),
        cmocka_unit_test(short_numbers_expand_to_this_years),
        cmocka_unit_test(transitions_follow_the_table),
        cmocka_unit_test(refused_transition_names_it_and_writes_nothing),
        cmocka_unit_test(library_and_database_share_the_table),
        cmocka_unit_test(database_refuses_a_raw_transition),
        cmocka_unit_test(closing_needs_an_outcome),
        cmocka_unit_test(close_from_every_open_status),
        cmocka_unit_test(a_closed_case_stays_closed),
        cmocka_unit_test(reported_back_only_after_closing),
        cmocka_unit_test(stale_version_is_a_conflict_naming_the_change),
        cmocka_unit_test(retried_create_returns_the_first_case),
        cmocka_unit_test(an_id_of_another_organisation_is_refused),
        cmocka_unit_test(numbers_stay_gap_free_under_concurrency),
        cmocka_unit_test(paging_returns_each_case_once),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
