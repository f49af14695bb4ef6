/* bbctl audit: read the audit log, verify its hash chain, print its head. */
#include "cli.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct audit_args {
    bb_audit_filter filter;
    const char *expect_head;
    bool json;
} audit_args;

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

static int audit_log(const cli_command *cmd, int argc, char **argv)
{
    audit_args a = {0};
    bb_audit_entry *e = NULL;
    bb_ctx *ctx = NULL;
    int n = 0, rc = cli_parse(cmd, argc, argv, &a);

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

static int audit_verify(const cli_command *cmd, int argc, char **argv)
{
    audit_args a = {0};
    bb_audit_verdict v;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

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

static int audit_head(const cli_command *cmd, int argc, char **argv)
{
    audit_args a = {0};
    char head[65];
    long long seq = 0;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

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

static const cli_option log_options[] = {
    {"case", CLI_STRING_AT(audit_args, filter.case_number), .value = N_("CASE"),
     .help = N_("only the records of this case")},
    {"user", CLI_STRING_AT(audit_args, filter.actor), .value = N_("LOGIN"),
     .help = N_("only what this user did")},
    {"since", CLI_STRING_AT(audit_args, filter.since), .value = N_("DATE"),
     .help = N_("only records of this day and later")},
    {"after", CLI_LLONG_AT(audit_args, filter.after_seq), .value = N_("SEQ"),
     .help = N_("the records after number SEQ (the next page)")},
    CLI_OPT_LIMIT(audit_args, filter.limit),
    CLI_OPT_JSON(audit_args, json),
    CLI_OPTIONS_END,
};

static const cli_option verify_options[] = {
    {"expect-head", CLI_STRING_AT(audit_args, expect_head), .value = N_("HASH"),
     .help = N_("the hash of the newest record kept outside the database ('audit head')")},
    CLI_OPTIONS_END,
};

const cli_command cli_audit_commands[] = {
    {"audit", "log", audit_log, N_("List audit records, oldest first, a page at a time"),
     log_options, 0},
    {"audit", "verify", audit_verify,
     N_("Recompute the audit log's hash chain and name the first record that is wrong"),
     verify_options, 0},
    {"audit", "head", audit_head,
     N_("Print the number and hash of the newest audit record, to keep outside the database"),
     cli_no_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
