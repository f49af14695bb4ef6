/* bbctl retention run: destroy the personal data that has been kept long enough. */
#include "cli.h"
#include "out.h"

#include <stdio.h>

typedef struct retention_args {
    bool dry_run;
    const char *today;
} retention_args;

static int retention_run(const cli_command *cmd, int argc, char **argv)
{
    retention_args a = {0};
    bb_retention_report r;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if ((rc = bb_retention_run(ctx, a.today, a.dry_run, &r)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("retention stopped; run it again to go on"));
        goto done;
    }
    printf(a.dry_run
               ? _("Retention %d months: closed or stopped before %s. Would destroy the personal "
                   "data of %ld cases and %ld volunteers.\n")
               : _("Retention %d months: closed or stopped before %s. Destroyed the personal "
                   "data of %ld cases and %ld volunteers.\n"),
           r.months, r.cutoff, r.cases, r.volunteers);
done:
    bb_close(ctx);
    return rc;
}

static const cli_option run_options[] = {
    {"dry-run", CLI_FLAG_AT(retention_args, dry_run), .help = N_("only say what would go")},
    {"today", CLI_STRING_AT(retention_args, today), .value = N_("DATE"),
     .help = N_("count from this day instead of today")},
    CLI_OPTIONS_END,
};

const cli_command cli_retention_commands[] = {
    {"retention", "run", retention_run,
     N_("Destroy the personal data of cases closed and volunteers stopped longer ago than "
        "retention.months (daily)"),
     run_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
