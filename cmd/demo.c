/* bbctl demo: fill an organisation with fictional but realistic data. */
#include "cli.h"
#include "out.h"
#include "passphrase.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct demo_args {
    bb_demo_options o;
    long long cases, named;
    const char *pass_file;
    bool json;
} demo_args;

/* Progress on standard error, when that is a terminal. */
static int progress(void *data, long done, long total)
{
    (void)data;
    fprintf(stderr, _("\rbbctl: %ld of %ld cases"), done, total);
    if (done == total)
        fputc('\n', stderr);
    return 0;
}

static void report(const demo_args *a, const bb_demo_result *r)
{
    if (a->json) {
        json_out j = {0};
        jw_open(&j, '{');
        jw_int(&j, "seed", (long long)a->o.seed);
        jw_int(&j, "cases", r->cases);
        jw_int(&j, "events", r->events);
        jw_int(&j, "contacts", r->contacts);
        jw_int(&j, "referrals", r->referrals);
        jw_int(&j, "followups", r->followups);
        jw_int(&j, "volunteers", r->volunteers);
        jw_int(&j, "practices", r->practices);
        jw_int(&j, "areas", r->areas);
        jw_int(&j, "named_parties", r->named);
        jw_int(&j, "load_milliseconds", (long long)(r->load_seconds * 1000));
        jw_int(&j, "named_milliseconds", (long long)(r->named_seconds * 1000));
        jw_close(&j, '}');
        return;
    }
    printf(_("Demo data (seed %llu): %ld cases with %ld status events, %ld contacts, %ld "
             "referrals and %ld follow-ups; %ld volunteers, %ld practices, %ld new areas.\n"),
           a->o.seed, r->cases, r->events, r->contacts, r->referrals, r->followups, r->volunteers,
           r->practices, r->areas);
    printf(_("Took %.2f s (%.0f cases a second).\n"), r->load_seconds,
           r->load_seconds > 0 ? (double)r->cases / r->load_seconds : 0.0);
    if (r->named > 0)
        printf(ngettext("%ld party got a made-up name and address in %.2f s.\n",
                        "%ld parties got a made-up name and address in %.2f s.\n", r->named),
               r->named, r->named_seconds);
}

static int demo_seed(const cli_command *cmd, int argc, char **argv)
{
    demo_args a = {0};
    bb_demo_result r = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    a.o.cases = (long)a.cases;
    a.o.named = (long)a.named;
    /* The cases get their data keys, wrapped by the organisation key: unlock first. */
    if ((rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        return rc;
    if (isatty(STDERR_FILENO))
        a.o.progress = progress;
    rc = bb_demo_seed(ctx, &a.o, &r);
    if (rc == BB_OK)
        report(&a, &r);
    else if (r.cases > 0) /* the load went through; naming a party failed */
        rc = cli_fail(ctx, rc, _("the demo data was loaded, but not every party got a name"));
    else
        rc = cli_fail(ctx, rc, _("no demo data was made"));
    bb_close(ctx);
    return rc;
}

static const cli_option seed_options[] = {
    {"cases", CLI_LLONG_AT(demo_args, cases), .value = N_("N"), .flags = CLI_REQUIRED, .min = 1,
     .max = BB_DEMO_MAX_CASES, .missing = N_("%s is required (1 or more)"),
     .help = N_("how many cases to make")},
    {"seed", CLI_ULLONG_AT(demo_args, o.seed), .value = N_("S"),
     .help = N_("the same seed gives the same data (default 0)")},
    {"today", CLI_STRING_AT(demo_args, o.today), .value = N_("DATE"),
     .help = N_("the data as of this day (default: today)")},
    {"named", CLI_LLONG_AT(demo_args, named), .value = N_("N"), .min = 0, .max = BB_DEMO_MAX_CASES,
     .help = N_("give N parties made-up names and addresses")},
    CLI_OPT_PASSPHRASE_FILE(demo_args, pass_file),
    CLI_OPT_JSON(demo_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_demo_commands[] = {
    {"demo", "seed", demo_seed,
     N_("Fill an empty organisation with fictional demo data (the same seed gives the same data)"),
     seed_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
