/* bbctl retention run: destroy the personal data that has been kept long enough. */
#include "cli.h"
#include "out.h"

#include <getopt.h>
#include <stdio.h>

static int retention_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"today", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const cli_command *self = cli_find("retention", "run");
    const char *today = NULL;
    bb_retention_report r;
    bb_ctx *ctx = NULL;
    int opt, dry = 0, rc = CLI_OK;

    optind = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (opt == 'n')
            dry = 1;
        else if (opt == 't')
            today = optarg;
        else
            return cli_bad_option(self, opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(self, _("unexpected argument '%s'"), argv[optind]);
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if ((rc = bb_retention_run(ctx, today, dry, &r)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("retention stopped; run it again to go on"));
        goto done;
    }
    printf(dry ? _("Retention %d months: closed or stopped before %s. Would destroy the personal "
                   "data of %ld cases and %ld volunteers.\n")
               : _("Retention %d months: closed or stopped before %s. Destroyed the personal "
                   "data of %ld cases and %ld volunteers.\n"),
           r.months, r.cutoff, r.cases, r.volunteers);
done:
    bb_close(ctx);
    return rc;
}

const cli_command cli_retention_commands[] = {
    {"retention", "run", retention_run,
     N_("Destroy the personal data of cases closed and volunteers stopped longer ago than "
        "retention.months (daily)"),
     N_("[--dry-run] [--today DATE]")},
    {NULL, NULL, NULL, NULL, NULL},
};
