#include "cli.h"
#include "bb/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

cli_globals cli_opts;

void cli_log(void *data, enum bb_log_level level, const char *msg)
{
    static const char *const names[] = {"debug", "info", "warning", "error"};
    int min = cli_opts.verbose >= 2 ? BB_LOG_DEBUG : cli_opts.verbose == 1 ? BB_LOG_INFO
                                                                            : BB_LOG_WARNING;
    (void)data;
    if ((int)level >= min)
        fprintf(stderr, "bbctl: %s: %s\n", names[level], msg);
}

const char *cli_report_conninfo(void)
{
    const char *report = getenv("BB_REPORT_DATABASE_URL");

    return cli_opts.db == NULL && report != NULL && *report != '\0' ? report : NULL;
}

/* The figures (stats, export) may come from their own server, a standby; everything else
 * uses --db, or what libbb finds (BB_DATABASE_URL ...). */
static const char *conninfo(void)
{
    if (cli_opts.report && cli_report_conninfo() != NULL)
        return cli_report_conninfo();
    return cli_opts.db;
}

bb_ctx *cli_open(void)
{
    bb_open_options opts = {
        .conninfo = conninfo(),
        .data_dir = cli_opts.data_dir,
        .log = cli_log,
        .allow_insecure_tls = cli_opts.allow_insecure_tls,
    };
    bb_ctx *ctx = NULL;
    int rc = bb_open(&ctx, &opts);

    if (rc == BB_OK) {
        bb_set_program(ctx, "bbctl"); /* audit records say where an action came from */
        if (!cli_opts.any_schema && (rc = bb_schema_refuse_newer(ctx)) != BB_OK)
            cli_fail(ctx, rc, _("cannot open the database"));
        else if ((rc = cli_expand_cases(ctx)) == BB_OK)
            return ctx;
        else
            cli_fail(ctx, rc, _("cannot read the case number"));
    } else {
        cli_fail(ctx, rc, _("cannot open the database"));
    }
    bb_close(ctx);
    return NULL;
}

int cli_exit_code(int status)
{
    switch (status) {
    case BB_OK:
        return CLI_OK;
    case BB_ENOTFOUND:
        return CLI_NOTFOUND;
    case BB_ECONFLICT:
    case BB_EEXISTS: /* a name that is taken: a conflict with what is there */
        return CLI_CONFLICT;
    case BB_EDENIED:
        return CLI_DENIED;
    case BB_ECONN:
        return CLI_NOCONN;
    default:
        return CLI_FAILURE;
    }
}

int cli_fail(bb_ctx *ctx, int status, const char *what)
{
    const char *msg = bb_errmsg(ctx);

    if (msg == NULL || *msg == '\0')
        msg = bb_strerror(status);
    const char *given = status == BB_ENOTFOUND ? cli_case_given(msg) : NULL;

    if (status == BB_ECONN)
        cli_opts.conn_failed = true; /* also where the caller returns CLI_FAILURE */

    if (given != NULL)
        fprintf(stderr, _("bbctl: %s: %s (given as '%s')\n"), what, msg, given);
    else
        fprintf(stderr, "bbctl: %s: %s\n", what, msg);
    return cli_exit_code(status);
}

int cli_usage_error_near(const cli_command *cmd, const char *near, const char *fmt, ...)
{
    va_list ap;

    fputs("bbctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (near != NULL) {
        fputs(" (", stderr);
        fprintf(stderr, _("did you mean '%s'?"), near);
        fputc(')', stderr);
    }
    if (cmd != NULL && cmd->group != NULL && cmd->verb != NULL)
        fprintf(stderr, _("; try 'bbctl help %s %s'\n"), cmd->group, cmd->verb);
    else if (cmd != NULL && cmd->group != NULL)
        fprintf(stderr, _("; try 'bbctl help %s'\n"), cmd->group);
    else
        fputs(_("; try 'bbctl --help'\n"), stderr);
    return CLI_USAGE;
}
