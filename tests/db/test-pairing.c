/* Pairing: two different active volunteers under their capacity, never one who lives where a
 * party lives (confirmed past the blind index's false matches); in libbb and, for the plain
 * rules, in the database; suggestions ranked with their reasons. */
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

/* Adds an active volunteer with an area, capacity and preferred types (comma list or NULL). */
static bb_volunteer *active(regt *t, const char *postcode, const char *number, int capacity,
                            const char *area, const char *types)
{
    char buf[128] = "", *save = NULL;
    const char *parts[BB_TYPES_MAX];
    size_t n = 0;
    bb_volunteer_new in = {.name = "Vera",
                           .postcode = postcode,
                           .house_number = number,
                           .capacity = capacity,
                           .status = "actief",
                           .steps = regt_steps,
                           .n_steps = 3,
                           .area = area,
                           .types = parts};
    bb_volunteer *v = NULL;

    snprintf(buf, sizeof buf, "%s", types ? types : "");
    for (char *p = strtok_r(buf, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save))
        parts[n++] = p;
    in.n_types = n;
    if (bb_volunteer_add(t->ctx, &in, &v) != BB_OK)
        fail_msg("bb_volunteer_add: %s", bb_errmsg(t->ctx));
    return v;
}

/* A refused pairing: status, message parts, nothing written. */
static void refuse(regt *t, const bb_case *c, const char *v1, const char *v2, int status,
                   const char *want)
{
    char *before = regt_fingerprint(t), *after;

    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, v1, v2, NULL), status);
    MSG_HAS(t->ctx, want);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void two_active_volunteers_are_paired(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *out = NULL;
    bb_volunteer *a = active(t, "1050 AA", NULL, 2, NULL, NULL);
    bb_volunteer *b = active(t, "1060 BB", "4", 1, NULL, NULL);

    (void)state;
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, "v1", "V-0002", &out), BB_OK);
    assert_string_equal(out->volunteers[0], "V-0001");
    assert_string_equal(out->volunteers[1], "V-0002");
    assert_int_equal(out->version, c->version + 1);
    /* Pairing the same two again replaces the pair: their load does not count this case. */
    assert_int_equal(bb_case_assign(t->ctx, c->number, out->version, "2", "1", NULL), BB_OK);
    bb_case_free(out);
    assert_int_equal(bb_case_get(t->ctx, c->number, &out), BB_OK);
    assert_string_equal(out->volunteers[0], "V-0002");
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, "1", "2", NULL), BB_ECONFLICT);
    MSG_HAS(t->ctx, "volunteer1_id");
    bb_case_free(out);
    bb_volunteer_free(a);
    bb_volunteer_free(b);
    bb_case_free(c);
    regt_free(t);
}

static void the_rules_refuse_and_name_the_volunteer(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case *other = regt_case(t, "2024-03-01", "politie", "pesten");
    bb_volunteer *a = active(t, "1050 AA", NULL, 1, NULL, NULL);
    bb_volunteer *b = active(t, "1060 BB", NULL, 2, NULL, NULL);
    bb_volunteer *d = active(t, "1070 CC", NULL, 2, NULL, NULL);
    bb_volunteer *trainee = regt_volunteer(t, "Tom", "1080 DD", NULL, "in_opleiding", -1);
    bb_case *closed = NULL;

    (void)state;
    refuse(t, c, "V-0002", "v2", BB_EINVAL, "V-0002 is given twice");
    refuse(t, c, "V-0002", "V-0004", BB_EINVAL, "V-0004 is 'in_opleiding', not 'actief'");
    refuse(t, c, "V-0002", "V-0009", BB_ENOTFOUND, "no volunteer V-0009");
    refuse(t, c, "V-0002", "x", BB_EINVAL, "'x' is not a volunteer number");
    assert_int_equal(bb_case_assign(t->ctx, other->number, other->version, "1", "3", NULL), BB_OK);
    refuse(t, c, "V-0001", "V-0002", BB_EINVAL,
           "V-0001 is at capacity (open cases: 1, capacity: 1)");
    /* A closed case frees its volunteers, and is not paired itself. */
    assert_int_equal(bb_case_close(t->ctx, other->number, other->version + 1, "opgelost", NULL,
                                   "reason", &closed),
                     BB_OK);
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, "1", "2", NULL), BB_OK);
    refuse(t, closed, "V-0002", "V-0003", BB_EINVAL, "is closed");
    bb_case_free(closed);
    bb_volunteer_free(a);
    bb_volunteer_free(b);
    bb_volunteer_free(d);
    bb_volunteer_free(trainee);
    bb_case_free(other);
    bb_case_free(c);
    regt_free(t);
}

static void the_database_keeps_the_plain_rules(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_volunteer *a = active(t, "1050 AA", NULL, 0, NULL, NULL);
    bb_volunteer *b = active(t, "1060 BB", NULL, 2, NULL, NULL);
    bb_volunteer *trainee = regt_volunteer(t, "Tom", "1080 DD", NULL, NULL, -1);
    char sql[512], *err;
    const struct {
        const char *v1, *v2, *state;
    } cases[] = {
        {b->id, b->id, "23514"},       /* the same volunteer twice */
        {b->id, trainee->id, "23514"}, /* not active */
        {b->id, a->id, "23514"},       /* capacity 0 */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(sql, sizeof sql, "UPDATE bb_case SET volunteer1_id = '%s', volunteer2_id = '%s'",
                 cases[i].v1, cases[i].v2);
        err = regt_sql_error(t->ci, sql);
        if (err == NULL || strcmp(err, cases[i].state) != 0)
            fail_msg("case %zu: %s", i, err ? err : "accepted");
        free(err);
    }
    bb_volunteer_free(a);
    bb_volunteer_free(b);
    bb_volunteer_free(trainee);
    bb_case_free(c);
    regt_free(t);
}

static void never_a_volunteer_who_lives_with_or_next_to_a_party(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_volunteer *same = active(t, "1010ab", "12 A", 2, NULL, NULL); /* V-0001 */
    bb_volunteer *next = active(t, "1010 AB", "14", 2, NULL, NULL);  /* V-0002 */
    bb_volunteer *away = active(t, "1011 AB", "12a", 2, NULL, NULL); /* V-0003 */
    bb_volunteer *other = active(t, "2000 CD", NULL, 2, NULL, NULL); /* V-0004 */
    char *before;

    (void)state;
    regt_party(t, c->number, "melder", "Mieke", "1010 AB", "12a", NULL);
    refuse(t, c, "V-0003", "V-0001", BB_EINVAL, "V-0001 lives at the address of a party");
    refuse(t, c, "V-0002", "V-0003", BB_EINVAL, "V-0002 lives at the postcode of a party");
    /* A false index match (as the 16-bit index gives now and then) is no neighbour. */
    before = dbt_query(t->ci, "SELECT value FROM blind_index WHERE owner_id = (SELECT id FROM"
                              " volunteer WHERE number = 1) AND index_name = 'postcode'");
    free(dbt_query(t->ci, "UPDATE blind_index SET value = (SELECT value FROM blind_index i"
                          " JOIN volunteer v ON v.id = i.owner_id WHERE v.number = 1"
                          " AND i.index_name = 'postcode') WHERE index_name = 'postcode'"
                          " AND owner_id = (SELECT id FROM volunteer WHERE number = 4)"));
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, "V-0003", "V-0004", NULL),
                     BB_OK);
    free(before);
    bb_volunteer_free(same);
    bb_volunteer_free(next);
    bb_volunteer_free(away);
    bb_volunteer_free(other);
    bb_case_free(c);
    regt_free(t);
}

static void suggestions_rank_by_area_preference_and_load(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "pesten,kinderen");
    bb_case *busy = regt_case(t, "2024-03-01", "politie", "overig");
    bb_volunteer *v[6];
    bb_pair_list *l = NULL;
    const bb_case_changes in_noord = {.area = "Noord"};
    bb_case *edited = NULL;

    (void)state;
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "2000-2099"), BB_OK);
    v[0] = active(t, "1050 AA", NULL, 2, NULL, "pesten");          /* Noord, prefers 1 */
    v[1] = active(t, "1060 BB", NULL, 3, NULL, "pesten,kinderen"); /* Noord, prefers 2 */
    v[2] = active(t, "2050 CC", NULL, 2, NULL, "pesten,kinderen"); /* Zuid, prefers 2 */
    v[3] = active(t, "1070 DD", NULL, 1, NULL, NULL);              /* at capacity below */
    v[4] = active(t, "1010 AB", NULL, 2, NULL, NULL);              /* next to the party */
    v[5] = active(t, "1080 EE", NULL, 2, NULL, NULL);              /* Noord, no preference */
    regt_party(t, c->number, "melder", "Mieke", "1010 AB", "1", NULL);
    assert_int_equal(bb_case_edit(t->ctx, c->number, c->version, &in_noord, &edited), BB_OK);
    assert_int_equal(bb_case_assign(t->ctx, busy->number, busy->version, "4", "6", NULL), BB_OK);
    assert_int_equal(bb_case_suggest(t->ctx, c->number, 4, &l), BB_OK);
    assert_int_equal(l->n, 4);
    /* Both in Noord first, most preference overlap first; then one outside the area. */
    assert_string_equal(l->items[0].member[0].number, "V-0001");
    assert_string_equal(l->items[0].member[1].number, "V-0002");
    assert_int_equal(l->items[0].member[1].preferred, 2);
    assert_string_equal(l->items[1].member[0].number, "V-0002");
    assert_string_equal(l->items[1].member[1].number, "V-0006");
    assert_int_equal(l->items[1].member[1].load, 1);
    assert_string_equal(l->items[2].member[0].number, "V-0001");
    assert_string_equal(l->items[2].member[1].number, "V-0006");
    assert_string_equal(l->items[3].member[0].number, "V-0002");
    assert_string_equal(l->items[3].member[1].number, "V-0003");
    assert_int_equal(l->items[3].member[1].same_area, 0);
    assert_int_equal(l->n_excluded, 2);
    assert_string_equal(l->excluded[0].number, "V-0004");
    assert_int_equal(l->excluded[0].why, BB_PAIR_AT_CAPACITY);
    assert_string_equal(l->excluded[1].number, "V-0005");
    assert_int_equal(l->excluded[1].why, BB_PAIR_NEAR_PARTY);
    bb_pair_list_free(l);
    for (int i = 0; i < 6; i++)
        bb_volunteer_free(v[i]);
    bb_case_free(edited);
    bb_case_free(busy);
    bb_case_free(c);
    regt_free(t);
}

/* One of two concurrent pairings of a volunteer with room for one more case. */
static int pair_worker(regt *t, const char *number, int go_fd)
{
    bb_ctx *ctx = regt_child_handle(t);
    bb_case *c = NULL;
    char go;
    int rc;

    if (bb_case_get(ctx, number, &c) != BB_OK || read(go_fd, &go, 1) < 0)
        return 2;
    rc = bb_case_assign(ctx, number, c->version, "1", number[strlen(number) - 1] == '1' ? "2" : "3",
                        NULL);
    bb_case_free(c);
    bb_close(ctx);
    return rc == BB_OK ? 0 : 1;
}

static void concurrent_pairings_respect_the_capacity(void **state)
{
    regt *t = regt_new();
    bb_case *c[2] = {regt_case(t, "2024-03-01", "politie", "overig"),
                     regt_case(t, "2024-03-01", "politie", "overig")};
    bb_volunteer *v[3] = {active(t, "1050 AA", NULL, 1, NULL, NULL),
                          active(t, "1060 BB", NULL, 2, NULL, NULL),
                          active(t, "1070 CC", NULL, 2, NULL, NULL)};
    int fds[2], status, ok = 0;
    pid_t pids[2];
    char *n;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    for (int w = 0; w < 2; w++)
        if ((pids[w] = fork()) == 0) {
            close(fds[1]);
            _exit(pair_worker(t, c[w]->number, fds[0]));
        }
    close(fds[0]);
    close(fds[1]); /* both go */
    for (int w = 0; w < 2; w++) {
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) <= 1);
        ok += WEXITSTATUS(status) == 0;
    }
    assert_int_equal(ok, 1);
    n = dbt_query(t->ci, "SELECT count(*) FROM bb_case WHERE volunteer1_id IS NOT NULL");
    assert_string_equal(n, "1");
    free(n);
    for (int i = 0; i < 3; i++)
        bb_volunteer_free(v[i]);
    bb_case_free(c[0]);
    bb_case_free(c[1]);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_active_volunteers_are_paired),
        cmocka_unit_test(the_rules_refuse_and_name_the_volunteer),
        cmocka_unit_test(the_database_keeps_the_plain_rules),
        cmocka_unit_test(never_a_volunteer_who_lives_with_or_next_to_a_party),
        cmocka_unit_test(suggestions_rank_by_area_preference_and_load),
        cmocka_unit_test(concurrent_pairings_respect_the_capacity),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
