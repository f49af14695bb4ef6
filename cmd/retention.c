/* bbctl retention run: destroy the personal data that has been kept long enough. */
#include "cli.h"
#include "out.h"

#include <stdio.h>

typedef struct retention_args {
    bool dry_run;
    bool json;
    const char *today;
} retention_args;

static void print_json(const bb_retention_report *r, bool dry_run)
{
    json_out j = {.f = stdout};

    jw_open(&j, '{');
    jw_bool(&j, "dry_run", dry_run);
    jw_int(&j, "months", r->months);
    jw_str(&j, "today", r->today);
    jw_str(&j, "cutoff", r->cutoff);
    jw_int(&j, "cases", r->cases);
    jw_int(&j, "volunteers", r->volunteers);
    jw_key_open(&j, "years", '[');
    for (int i = 0; i < r->n_years; i++) {
        jw_open(&j, '{');
        jw_int(&j, "year", r->years[i].year);
        jw_int(&j, "cases", r->years[i].cases);
        jw_int(&j, "volunteers", r->years[i].volunteers);
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_close(&j, '}');
}

static void print_text(const bb_retention_report *r, bool dry_run)
{
    printf(dry_run
               ? _("Retention %d months: closed or stopped before %s. Would destroy the personal "
                   "data of %ld cases and %ld volunteers.\n")
               : _("Retention %d months: closed or stopped before %s. Destroyed the personal "
                   "data of %ld cases and %ld volunteers.\n"),
           r->months, r->cutoff, r->cases, r->volunteers);
    if (r->n_years > 0)
        printf("%-6s %8s %12s\n", _("year"), _("cases"), _("volunteers"));
    for (int i = 0; i < r->n_years; i++)
        printf("%-6d %8ld %12ld\n", r->years[i].year, r->years[i].cases, r->years[i].volunteers);
}

static int retention_run(const cli_command *cmd, int argc, char **argv)
{
    retention_args a = {0};
    bb_retention_report r = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_retention_run(ctx, a.today, a.dry_run, &r);
    if (rc == BB_EINVAL) {
        rc = cli_fail(ctx, rc, _("--today refused; nothing was destroyed"));
        goto done;
    }
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("retention stopped; run it again to go on"));
        goto done;
    }
    if (a.json)
        print_json(&r, a.dry_run);
    else
        print_text(&r, a.dry_run);
done:
    bb_retention_report_free(&r);
    bb_close(ctx);
    return rc;
}

static const cli_option run_options[] = {
    {"dry-run", CLI_FLAG_AT(retention_args, dry_run),
     .help = N_("only say what would go (may count from a later day)")},
    {"today", CLI_STRING_AT(retention_args, today), .value = N_("DATE"),
     .help = N_("count from this earlier day instead of the database's today")},
    CLI_OPT_JSON(retention_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_retention_commands[] = {
    {"retention", "run", retention_run,
     N_("Destroy the personal data of cases closed and volunteers stopped longer ago than "
        "retention.months (daily)"),
     run_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
