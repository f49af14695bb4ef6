/* bbctl audit: read the audit log, verify its hash chain, print its head. */
#include "args.h"
#include "cli.h"
#include "out.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct audit_args {
    bb_audit_filter filter;
    const char *expect_head;
    bool json;
} audit_args;

static int parse(const cli_command *self, int argc, char **argv, audit_args *a)
{
    static const struct option longopts[] = {
        {"case", required_argument, NULL, 'c'},  {"user", required_argument, NULL, 'u'},
        {"since", required_argument, NULL, 's'}, {"after", required_argument, NULL, 'a'},
        {"limit", required_argument, NULL, 'l'}, {"expect-head", required_argument, NULL, 'e'},
        {"json", no_argument, NULL, 'j'},        {NULL, 0, NULL, 0},
    };
    bool is_log = strcmp(self->verb, "log") == 0, is_verify = strcmp(self->verb, "verify") == 0;
    int opt, li = 0, n;

    optind = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, &li)) != -1) {
        if (opt == 'c' && is_log)
            a->filter.case_number = optarg;
        else if (opt == 'u' && is_log)
            a->filter.actor = optarg;
        else if (opt == 's' && is_log)
            a->filter.since = optarg;
        else if ((opt == 'a' || opt == 'l') && is_log) {
            if (!cli_int_arg(self, opt == 'a' ? "--after" : "--limit", optarg, &n))
                return CLI_USAGE;
            if (opt == 'a')
                a->filter.after_seq = n;
            else
                a->filter.limit = n;
        }
        else if (opt == 'e' && is_verify)
            a->expect_head = optarg;
        else if (opt == 'j' && is_log)
            a->json = true;
        else
            return cli_bad_option(self, opt, argv);
    }
    return cli_no_more_args(self, argc, argv, optind);
}

static void print_json(const bb_audit_entry *e, int n)
{
    json_out j = {stdout, 0, {false}};

    json_open(&j, '[');
    for (int i = 0; i < n; i++) {
        json_open(&j, '{');
        json_int(&j, "seq", e[i].seq);
        json_str(&j, "at", e[i].at);
        json_str(&j, "actor", e[i].actor);
        json_str(&j, "program", e[i].program);
        json_str(&j, "action", e[i].action);
        json_str_or_null(&j, "case", e[i].case_number);
        json_str(&j, "detail", e[i].detail);
        json_close(&j, '}');
    }
    json_close(&j, ']');
}

static void print_table(const bb_audit_entry *e, int n)
{
    for (int i = 0; i < n; i++) {
        printf("%7lld  %s  ", e[i].seq, e[i].at);
        cli_cell(e[i].actor, 12);
        cli_cell(e[i].program, 7);
        cli_cell(e[i].action, 24);
        cli_cell(e[i].case_number, 13);
        cli_cell(e[i].detail, 0);
        putchar('\n');
    }
    if (n > 0)
        printf(_("More may follow: add --after %lld\n"), e[n - 1].seq);
}

static int audit_log(int argc, char **argv)
{
    audit_args a = {0};
    bb_audit_entry *e = NULL;
    bb_ctx *ctx = NULL;
    int n = 0, rc = parse(cli_find("audit", "log"), argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        goto done;
    if ((rc = bb_audit_list(ctx, &a.filter, &e, &n)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot read the audit log"));
        goto done;
    }
    if (a.json)
        print_json(e, n);
    else
        print_table(e, n);
done:
    bb_audit_list_free(e, n);
    bb_close(ctx);
    return rc;
}

static int audit_verify(int argc, char **argv)
{
    audit_args a = {0};
    bb_audit_verdict v;
    bb_ctx *ctx = NULL;
    int rc = parse(cli_find("audit", "verify"), argc, argv, &a);

    if (rc != CLI_OK || (ctx = cli_open()) == NULL) {
        rc = rc != CLI_OK ? rc : CLI_FAILURE;
        goto done;
    }
    rc = bb_audit_verify(ctx, a.expect_head, &v);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("the audit log is not intact"));
        goto done;
    }
    printf(ngettext("The audit log is intact: %lld record, head %s.\n",
                    "The audit log is intact: %lld records, head %s.\n",
                    (unsigned long)v.records),
           v.records, v.head[0] ? v.head : "-");
done:
    bb_close(ctx);
    return rc;
}

static int audit_head(int argc, char **argv)
{
    audit_args a = {0};
    char head[65];
    long long seq = 0;
    bb_ctx *ctx = NULL;
    int rc = parse(cli_find("audit", "head"), argc, argv, &a);

    if (rc != CLI_OK || (ctx = cli_open()) == NULL) {
        rc = rc != CLI_OK ? rc : CLI_FAILURE;
        goto done;
    }
    if ((rc = bb_audit_head(ctx, head, &seq)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot read the audit log"));
        goto done;
    }
    printf("%lld %s\n", seq, head[0] ? head : "-");
done:
    bb_close(ctx);
    return rc;
}

const cli_command cli_audit_commands[] = {
    {"audit", "log", audit_log, N_("List audit records, oldest first, a page at a time"),
     N_("[--case CASE] [--user LOGIN] [--since DATE] [--after SEQ] [--limit N] [--json]")},
    {"audit", "verify", audit_verify,
     N_("Recompute the audit log's hash chain and name the first record that is wrong"),
     N_("[--expect-head HASH]")},
    {"audit", "head", audit_head,
     N_("Print the number and hash of the newest audit record, to keep outside the database"),
     ""},
    {NULL, NULL, NULL, NULL, NULL},
};
