/* bbctl audit: read the audit log, verify its hash chain, print its head. */
#include "cli.h"
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

typedef struct audit_args {
    bb_audit_filter filter;
    cli_list expect_head;
    const char *to;
    bool syslog;
    bool json;
} audit_args;

static void print_json(const bb_audit_entry *e, int n)
{
    json_out j = {.f = stdout};

    jw_open(&j, '[');
    for (int i = 0; i < n; i++) {
        jw_open(&j, '{');
        jw_int(&j, "seq", e[i].seq);
        jw_str(&j, "at", e[i].at);
        jw_str(&j, "actor", e[i].actor);
        jw_str(&j, "program", e[i].program);
        jw_str(&j, "action", e[i].action);
        jw_str_or_null(&j, "case", e[i].case_number);
        jw_object_text(&j, "detail", e[i].detail);
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
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

/* The anchors given with --expect-head, read; CLI_OK or the exit code after a message. */
static int read_anchors(bb_ctx *ctx, const cli_list *given, bb_audit_anchor *out)
{
    for (size_t i = 0; i < given->n; i++) {
        int rc = bb_audit_anchor_parse(ctx, given->item[i], &out[i]);

        if (rc != BB_OK)
            return cli_fail(ctx, rc, _("cannot check the anchor"));
    }
    return CLI_OK;
}

static void print_verdict(const bb_audit_verdict *v)
{
    printf(ngettext("The audit log is intact: %lld record, head %lld:%s.\n",
                    "The audit log is intact: %lld records, head %lld:%s.\n",
                    (unsigned long)v->records),
           v->records, v->head_seq, v->head[0] ? v->head : "-");
    if (v->anchor_seq > 0)
        printf(ngettext("It holds the anchor of record %lld; %lld record follows it.\n",
                        "It holds the anchor of record %lld; %lld records follow it.\n",
                        (unsigned long)v->after_anchor),
               v->anchor_seq, v->after_anchor);
}

static int audit_verify(const cli_command *cmd, int argc, char **argv)
{
    audit_args a = {0};
    bb_audit_anchor anchors[CLI_LIST_MAX];
    bb_audit_verdict v;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (ctx = cli_open()) == NULL) {
        rc = rc != CLI_OK ? rc : CLI_FAILURE;
        goto done;
    }
    if ((rc = read_anchors(ctx, &a.expect_head, anchors)) != CLI_OK)
        goto done;
    rc = bb_audit_verify(ctx, anchors, a.expect_head.n, &v);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("the audit log is not intact"));
        goto done;
    }
    print_verdict(&v);
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
    printf("%lld:%s\n", seq, head[0] ? head : "-");
done:
    bb_close(ctx);
    return rc;
}

/* Appends line and a newline to path in one write, making the file mode 600 when missing. */
static int append_line(const char *path, const char *line)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int made = fd >= 0, rc = CLI_OK;
    size_t len = strlen(line);
    char *text = malloc(len + 2);

    if (fd < 0 && errno == EEXIST)
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0 || text == NULL || (made && fchmod(fd, 0600) != 0)) {
        fprintf(stderr, _("bbctl: to: cannot open '%s': %s\n"), path, strerror(errno));
        rc = CLI_FAILURE;
        goto done;
    }
    memcpy(text, line, len);
    memcpy(text + len, "\n", 2);
    if (write(fd, text, len + 1) != (ssize_t)(len + 1) || fsync(fd) != 0) {
        fprintf(stderr, _("bbctl: to: cannot write '%s': %s\n"), path, strerror(errno));
        rc = CLI_FAILURE;
    }
done:
    if (fd >= 0 && close(fd) != 0 && rc == CLI_OK) {
        fprintf(stderr, _("bbctl: to: cannot write '%s': %s\n"), path, strerror(errno));
        rc = CLI_FAILURE;
    }
    free(text);
    return rc;
}

static int audit_anchor(const cli_command *cmd, int argc, char **argv)
{
    audit_args a = {0};
    char *line = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK && a.to != NULL && a.syslog)
        rc = cli_usage_error(cmd, "%s", _("--to and --syslog: give one of them"));
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        goto done;
    if ((rc = bb_audit_anchor_line(ctx, &line)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot read the audit log"));
        goto done;
    }
    if (a.to != NULL) {
        rc = append_line(a.to, line);
    } else if (a.syslog) {
        openlog("bbctl", LOG_PID, LOG_USER);
        syslog(LOG_NOTICE, "audit anchor %s", line);
        closelog();
    } else {
        printf("%s\n", line);
    }
done:
    free(line);
    bb_close(ctx);
    return rc;
}

static const cli_option log_options[] = {
    {"case", CLI_CASE_AT(audit_args, filter.case_number), .value = N_("CASE"),
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
    {"expect-head", CLI_LIST_AT(audit_args, expect_head), .value = N_("SEQ:HASH"),
     .flags = CLI_REPEAT,
     .help = N_("an anchor kept outside the database ('audit head', 'audit anchor'): the "
                "record SEQ must have that hash (may be repeated)")},
    CLI_OPTIONS_END,
};

static const cli_option anchor_options[] = {
    {"to", CLI_STRING_AT(audit_args, to), .value = N_("FILE"),
     .help = N_("append the line to FILE (made mode 600 when missing)")},
    {"syslog", CLI_FLAG_AT(audit_args, syslog), .join = CLI_OR,
     .help = N_("send the line to the system log")},
    CLI_OPTIONS_END,
};

const cli_command cli_audit_commands[] = {
    {"audit", "log", audit_log, N_("List audit records, oldest first, a page at a time"),
     log_options, 0},
    {"audit", "verify", audit_verify,
     N_("Recompute the audit log's hash chain and name the first record that is wrong"),
     verify_options, 0},
    {"audit", "head", audit_head,
     N_("Print the number and hash of the newest audit record (SEQ:HASH), to keep outside the "
        "database"),
     cli_no_options, 0},
    {"audit", "anchor", audit_anchor,
     N_("Keep the head with the time (UTC) and the organisation outside the database: a line "
        "on stdout, appended to a file or sent to the system log"),
     anchor_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
