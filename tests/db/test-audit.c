/* The audit log: every table audited, changes, views and logins recorded with who and from
 * where, append-only, and a hash chain whose breaks verify names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "keys/vault.h"

#define PASS "correct horse battery staple"

typedef struct fixture {
    char *ci;
    bb_ctx *ctx;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char *dir = dbt_tempdir("audit"), pins[512];

    snprintf(pins, sizeof pins, "%s/pins", dir);
    free(dir);
    setenv("BB_PIN_FILE", pins, 1);
    f->ci = dbt_create_db(0);
    f->ctx = dbt_open(f->ci);
    bb_set_program(f->ctx, "testprog");
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

static long count(fixture *f, const char *sql)
{
    char *v = dbt_query(f->ci, sql);
    long n = v ? atol(v) : -1;
    free(v);
    return n;
}

/* The owner bypasses the append-only triggers the way an attacker with superuser would. */
static void as_owner(fixture *f, const char *sql)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "SET session_replication_role = replica; %s", sql);
    free(dbt_query(f->ci, buf));
}

/* Exempt: the log itself, the schema's ledgers, counters and revisions kept by triggers of
 * audited tables, the fixed workflow table, and the figures' derived tables (stat_*), which
 * are rebuilt from audited tables. */
static void every_table_is_audited(void **state)
{
    fixture *f = *state;
    char *missing = dbt_query(
        f->ci, "SELECT string_agg(c.relname, ', ') FROM pg_class c JOIN pg_namespace n"
               " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
               " AND c.relname NOT IN ('audit_log', 'bb_schema_migration', 'bb_schema_source',"
               " 'number_counter', 'row_revision', 'case_transition')"
               " AND c.relname NOT LIKE 'stat\\_%'"
               " AND (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid"
               "      AND t.tgname IN ('audit_insert', 'audit_update', 'audit_delete',"
               "                       'audit_truncate')) <> 4");
    if (missing != NULL)
        fail_msg("tables without audit triggers: %s", missing);
}

static void changes_name_the_actor_and_program(void **state)
{
    fixture *f = *state;
    char dk[37];

    assert_int_equal(bb_vault__new_data_key(f->ctx, dk), BB_OK);
    assert_int_equal(bb_vault__put(f->ctx, dk, "party", "11111111-1111-4111-8111-111111111111",
                                   "name", "Jansen", 6),
                     BB_OK);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action ="
                              " 'insert:personal_field' AND actor = 'beheer'"
                              " AND program = 'testprog'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'insert:organisation'"),
                     1);
    /* A change made outside bb names its database role and 'sql'. */
    free(dbt_query(f->ci, "UPDATE setting SET value = value"));
    free(dbt_query(f->ci, "INSERT INTO setting (org_id, key, value) SELECT id, 'x.y', '1'"
                          " FROM organisation"));
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'insert:setting'"
                              " AND program = 'sql' AND actor = 'bb'"),
                     1);
    /* A statement that changes nothing writes nothing. */
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'update:setting'"), 0);
}

static void views_of_personal_data_are_recorded_without_the_value(void **state)
{
    fixture *f = *state;
    char dk[37], *v = NULL;
    const char *row = "22222222-2222-4222-8222-222222222222";

    assert_int_equal(bb_vault__new_data_key(f->ctx, dk), BB_OK);
    assert_int_equal(bb_vault__put(f->ctx, dk, "party", row, "phone", "0612345678", 10), BB_OK);
    assert_int_equal(bb_vault__get(f->ctx, "party", row, "phone", &v), BB_OK);
    bb_vault__free(v);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'view'"
                              " AND detail->>'field' = 'phone' AND detail->>'table' = 'party'"
                              " AND actor = 'beheer'"),
                     1);
    /* The whole value: a part as short as '0612' turns up in random ids now and then. */
    assert_int_equal(
        count(f, "SELECT count(*) FROM audit_log WHERE detail::text LIKE '%0612345678%'"), 0);
}

static void logins_and_failed_logins_are_recorded(void **state)
{
    fixture *f = *state;
    bb_ctx *ctx = dbt_open(f->ci);

    assert_int_equal(bb_unlock(ctx, "beheer", "wrong passphrase", 16), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(ctx), "wrong passphrase"));
    assert_int_equal(bb_unlock(ctx, "beheer", PASS, strlen(PASS)), BB_OK);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'login_failed'"
                              " AND detail->>'login' = 'beheer'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'login'"
                              " AND actor = 'beheer'"),
                     1);
    bb_close(ctx);
}

static void the_log_is_append_only(void **state)
{
    fixture *f = *state;
    PGconn *c = PQconnectdb(f->ci);
    const char *sql[3] = {"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log"};

    for (int i = 0; i < 3; i++) {
        PGresult *r = PQexec(c, sql[i]);
        assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
        assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
        PQclear(r);
    }
    PQfinish(c);
    assert_true(count(f, "SELECT count(*) FROM audit_log") > 3);
}

static void verify_passes_then_names_a_changed_record(void **state)
{
    fixture *f = *state;
    bb_audit_verdict v;

    assert_int_equal(bb_audit_verify(f->ctx, NULL, 0, &v), BB_OK);
    assert_int_equal(v.first_bad, 0);
    assert_true(v.records >= 4);
    assert_int_equal(strlen(v.head), 64);
    as_owner(f, "UPDATE audit_log SET actor = 'iemand anders' WHERE seq = 3");
    assert_int_equal(bb_audit_verify(f->ctx, NULL, 0, &v), BB_ECONFLICT);
    assert_int_equal(v.first_bad, 3);
    assert_non_null(strstr(bb_errmsg(f->ctx), "audit record 3: its content was changed"));
}

static void verify_names_a_removed_record(void **state)
{
    fixture *f = *state;
    bb_audit_verdict v;

    as_owner(f, "DELETE FROM audit_log WHERE seq = 2");
    assert_int_equal(bb_audit_verify(f->ctx, NULL, 0, &v), BB_ECONFLICT);
    assert_int_equal(v.first_bad, 3);
    assert_non_null(strstr(v.problem, "missing"));
}

static void verify_names_an_inserted_record(void **state)
{
    fixture *f = *state;
    bb_audit_verdict v;
    long long seq;

    /* A well-formed record whose own hash is right, but which does not continue the chain. */
    as_owner(f, "INSERT INTO audit_log (seq, at, actor, program, action, detail, prev_hash, hash)"
                " SELECT max(seq) + 1, now(), 'x', 'sql', 'login', '{}', ('\\x' || repeat('00', 32))::bytea,"
                " ('\\x' || repeat('00', 32))::bytea FROM audit_log;"
                "UPDATE audit_log a SET hash = sha256(a.prev_hash || bb_audit_content(a))"
                " WHERE seq = (SELECT max(seq) FROM audit_log)");
    seq = count(f, "SELECT max(seq) FROM audit_log");
    assert_int_equal(bb_audit_verify(f->ctx, NULL, 0, &v), BB_ECONFLICT);
    assert_int_equal(v.first_bad, seq);
    assert_non_null(strstr(v.problem, "does not follow"));
}

/* The newest record as an anchor, as `bbctl audit head` gives it. */
static bb_audit_anchor take_anchor(fixture *f)
{
    bb_audit_anchor a = {0};

    assert_int_equal(bb_audit_head(f->ctx, a.hash, &a.seq), BB_OK);
    assert_true(a.seq > 0);
    return a;
}

static void a_rewritten_chain_is_caught_by_the_kept_head(void **state)
{
    fixture *f = *state;
    bb_audit_verdict v;
    bb_audit_anchor a = take_anchor(f);

    assert_int_equal(bb_audit_verify(f->ctx, &a, 1, &v), BB_OK);
    /* Someone changes a record and recomputes every hash after it: the chain is whole... */
    as_owner(f, "UPDATE audit_log SET actor = 'niemand' WHERE seq = 2;"
                "DO $$ DECLARE r audit_log; prev bytea := '\\x' || repeat('00', 32); BEGIN"
                " FOR r IN SELECT * FROM audit_log ORDER BY seq LOOP"
                "  r.prev_hash := prev; r.hash := sha256(prev || bb_audit_content(r));"
                "  UPDATE audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE seq = r.seq;"
                "  prev := r.hash; END LOOP; END $$");
    assert_int_equal(bb_audit_verify(f->ctx, NULL, 0, &v), BB_OK);
    /* ...but its record no longer has the hash kept outside the database. */
    assert_int_equal(bb_audit_verify(f->ctx, &a, 1, &v), BB_ECONFLICT);
    assert_non_null(strstr(bb_errmsg(f->ctx), "not the anchor's"));
}

/* An anchor stays valid as records follow it; verify counts them after the newest anchor. */
static void a_kept_anchor_stays_valid(void **state)
{
    fixture *f = *state;
    bb_audit_verdict v;
    bb_audit_anchor a[2];

    a[0] = take_anchor(f);
    for (int i = 0; i < 3; i++)
        assert_int_equal(bb_audit_record(f->ctx, "export", NULL, NULL), BB_OK);
    assert_int_equal(bb_audit_verify(f->ctx, a, 1, &v), BB_OK);
    assert_int_equal(v.anchor_seq, a[0].seq);
    assert_int_equal(v.after_anchor, 3);
    assert_int_equal(v.head_seq, a[0].seq + 3);
    a[1] = take_anchor(f);
    assert_int_equal(bb_audit_record(f->ctx, "export", NULL, NULL), BB_OK);
    assert_int_equal(bb_audit_verify(f->ctx, a, 2, &v), BB_OK);
    assert_int_equal(v.anchor_seq, a[1].seq); /* the newest, whatever the order given */
    assert_int_equal(v.after_anchor, 1);
    /* A record before the anchor changed, the triggers bypassed: the chain breaks there. */
    as_owner(f, "UPDATE audit_log SET actor = 'iemand anders' WHERE seq = 2");
    assert_int_equal(bb_audit_verify(f->ctx, a, 2, &v), BB_ECONFLICT);
    assert_int_equal(v.first_bad, 2);
}

/* Records cut off after an anchor pass a plain verify, not one with the anchor. */
static void records_cut_off_after_an_anchor_are_caught(void **state)
{
    fixture *f = *state;
    bb_audit_verdict v;
    bb_audit_anchor a;
    char sql[128];

    assert_int_equal(bb_audit_record(f->ctx, "export", NULL, NULL), BB_OK);
    a = take_anchor(f);
    snprintf(sql, sizeof sql, "DELETE FROM audit_log WHERE seq >= %lld", a.seq);
    as_owner(f, sql);
    assert_int_equal(bb_audit_verify(f->ctx, NULL, 0, &v), BB_OK);
    assert_int_equal(bb_audit_verify(f->ctx, &a, 1, &v), BB_ENOTFOUND);
    snprintf(sql, sizeof sql, "no audit record %lld (the log ends at record %lld)", a.seq,
             a.seq - 1);
    assert_non_null(strstr(bb_errmsg(f->ctx), sql));
}

/* Malformed anchors are refused naming the value; a wrong hash and an unknown record are told
 * apart. */
static void wrong_and_malformed_anchors_are_refused(void **state)
{
    fixture *f = *state;
    static const char *bad[] = {"", "12", "abc:def", "0:", ":ab", "-1:", "1:xyz", "1 :"};
    char text[160];
    bb_audit_anchor a = take_anchor(f), parsed;
    bb_audit_verdict v;

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(text, sizeof text, "%s%s", bad[i],
                 strchr(bad[i], ':') && i != 2 && i != 4 ? a.hash : "");
        assert_int_equal(bb_audit_anchor_parse(f->ctx, text, &parsed), BB_EINVAL);
        assert_non_null(strstr(bb_errmsg(f->ctx), "expect-head: '"));
    }
    snprintf(text, sizeof text, "%lld:%.63s", a.seq, a.hash); /* a digit short */
    assert_int_equal(bb_audit_anchor_parse(f->ctx, text, &parsed), BB_EINVAL);
    snprintf(text, sizeof text, "%lld:%s", a.seq, a.hash);
    for (char *p = text; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p); /* upper case is the same */
    assert_int_equal(bb_audit_anchor_parse(f->ctx, text, &parsed), BB_OK);
    assert_int_equal(parsed.seq, a.seq);
    assert_string_equal(parsed.hash, a.hash);
    parsed.hash[0] = parsed.hash[0] == '0' ? '1' : '0';
    assert_int_equal(bb_audit_verify(f->ctx, &parsed, 1, &v), BB_ECONFLICT);
    assert_non_null(strstr(bb_errmsg(f->ctx), "not the anchor's"));
    parsed.seq = a.seq + 1000;
    assert_int_equal(bb_audit_verify(f->ctx, &parsed, 1, &v), BB_ENOTFOUND);
}

/* The line bbctl audit anchor keeps: the time in UTC, the head and the organisation. */
static void the_anchor_line_names_time_head_and_organisation(void **state)
{
    fixture *f = *state;
    bb_audit_anchor a = take_anchor(f), parsed;
    char *line = NULL, want[128], *space;

    assert_int_equal(bb_audit_anchor_line(f->ctx, &line), BB_OK);
    assert_true(strlen(line) > 21 && line[4] == '-' && line[10] == 'T' && line[19] == 'Z');
    snprintf(want, sizeof want, " %lld:%s Welzijn De Brug", a.seq, a.hash);
    assert_string_equal(line + 20, want);
    /* Its second word is the anchor, as verify takes it. */
    space = strchr(line + 21, ' ');
    *space = '\0';
    assert_int_equal(bb_audit_anchor_parse(f->ctx, line + 21, &parsed), BB_OK);
    assert_int_equal(parsed.seq, a.seq);
    free(line);
}

static void the_log_reads_back_filtered_and_paged(void **state)
{
    fixture *f = *state;
    bb_audit_filter filter = {.actor = "beheer", .limit = 1};
    bb_audit_entry *e = NULL;
    long long first;
    int n = 0;

    assert_int_equal(bb_audit_record(f->ctx, "export", NULL, "{\"format\": \"csv\"}"), BB_OK);
    /* A page of one, then the next page after it. */
    assert_int_equal(bb_audit_list(f->ctx, &filter, &e, &n), BB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].actor, "beheer");
    first = e[0].seq;
    bb_audit_list_free(e, n);
    filter.after_seq = first;
    assert_int_equal(bb_audit_list(f->ctx, &filter, &e, &n), BB_OK);
    assert_int_equal(n, 1);
    assert_true(e[0].seq > first);
    bb_audit_list_free(e, n);
    /* The newest of the actor's records is the export, with its detail as given. */
    filter.after_seq = 0;
    filter.limit = 1000;
    assert_int_equal(bb_audit_list(f->ctx, &filter, &e, &n), BB_OK);
    assert_string_equal(e[n - 1].action, "export");
    assert_string_equal(e[n - 1].detail, "{\"format\": \"csv\"}");
    bb_audit_list_free(e, n);
    filter.actor = "niemand";
    assert_int_equal(bb_audit_list(f->ctx, &filter, &e, &n), BB_OK);
    assert_int_equal(n, 0);
    bb_audit_list_free(e, n);
    filter.since = "gisteren";
    assert_int_equal(bb_audit_list(f->ctx, &filter, &e, &n), BB_EINVAL);
    assert_non_null(strstr(bb_errmsg(f->ctx), "since: 'gisteren'"));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_table_is_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_name_the_actor_and_program, setup, teardown),
        cmocka_unit_test_setup_teardown(views_of_personal_data_are_recorded_without_the_value,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(logins_and_failed_logins_are_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(the_log_is_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_passes_then_names_a_changed_record, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_names_a_removed_record, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_names_an_inserted_record, setup, teardown),
        cmocka_unit_test_setup_teardown(a_rewritten_chain_is_caught_by_the_kept_head, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_kept_anchor_stays_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(records_cut_off_after_an_anchor_are_caught, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(wrong_and_malformed_anchors_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(the_anchor_line_names_time_head_and_organisation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_log_reads_back_filtered_and_paged, setup, teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
