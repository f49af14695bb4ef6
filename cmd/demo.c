/* bbctl demo: fill an organisation with fictional but realistic data. */
#include "cli.h"
#include "out.h"
#include "passphrase.h"
#include "session.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct args {
    bb_demo_options o;
    const char *pass_file;
    bool json;
};

/* A whole number option of the demo: cases, seed. */
static bool number_arg(const cli_command *cmd, const char *option, const char *arg,
                       unsigned long long max, unsigned long long *out)
{
    char *end;

    errno = 0;
    *out = strtoull(arg, &end, 10);
    if (errno == 0 && end != arg && *end == '\0' && arg[0] != '-' && *out <= max)
        return true;
    cli_usage_error(cmd, _("%s: '%s' is not a whole number from 0 to %llu"), option, arg, max);
    return false;
}

static int parse(const cli_command *cmd, int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {
        {"cases", required_argument, NULL, 'c'},
        {"seed", required_argument, NULL, 's'},
        {"today", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"named", required_argument, NULL, 'n'},
        CLI_PASS_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    unsigned long long v;
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt == 'c' && !number_arg(cmd, "--cases", optarg, BB_DEMO_MAX_CASES, &v))
            return CLI_USAGE;
        else if (opt == 'c')
            a->o.cases = (long)v;
        else if (opt == 'n' && !number_arg(cmd, "--named", optarg, BB_DEMO_MAX_CASES, &v))
            return CLI_USAGE;
        else if (opt == 'n')
            a->o.named = (long)v;
        else if (opt == 's' && !number_arg(cmd, "--seed", optarg, ~0ULL, &a->o.seed))
            return CLI_USAGE;
        else if (opt == 't')
            a->o.today = optarg;
        else if (opt == 'j')
            a->json = true;
        else if (opt == 'F')
            a->pass_file = optarg;
        else if (opt != 's')
            return cli_option_error(cmd, opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
    if (a->o.cases == 0)
        return cli_usage_error(cmd, _("%s is required (1 or more)"), "--cases");
    return CLI_OK;
}

/* Progress on standard error, when that is a terminal. */
static int progress(void *data, long done, long total)
{
    (void)data;
    fprintf(stderr, _("\rbbctl: %ld of %ld cases"), done, total);
    if (done == total)
        fputc('\n', stderr);
    return 0;
}

static void report(const struct args *a, const bb_demo_result *r)
{
    if (a->json) {
        json_out j = {0};
        json_open(&j, '{');
        json_int(&j, "seed", (long long)a->o.seed);
        json_int(&j, "cases", r->cases);
        json_int(&j, "events", r->events);
        json_int(&j, "contacts", r->contacts);
        json_int(&j, "referrals", r->referrals);
        json_int(&j, "followups", r->followups);
        json_int(&j, "volunteers", r->volunteers);
        json_int(&j, "practices", r->practices);
        json_int(&j, "areas", r->areas);
        json_int(&j, "named_parties", r->named);
        json_int(&j, "load_milliseconds", (long long)(r->load_seconds * 1000));
        json_int(&j, "named_milliseconds", (long long)(r->named_seconds * 1000));
        json_close(&j, '}');
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

static int demo_seed(int argc, char **argv)
{
    const cli_command *cmd = cli_find("demo", "seed");
    struct args a = {0};
    bb_demo_result r = {0};
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
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

const cli_command cli_demo_commands[] = {
    {"demo", "seed", demo_seed,
     N_("Fill an empty organisation with fictional demo data (the same seed gives the same data)"),
     N_("--cases N [--seed S] [--today DATE] [--named N] [--passphrase-file FILE] [--json]")},
    {NULL, NULL, NULL, NULL, NULL},
};
