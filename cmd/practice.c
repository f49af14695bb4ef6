/* bbctl practice: practices of professional mediation, their hourly rates and budgets. */
#include "cli.h"
#include "money.h"
#include "out.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the practice commands take: NAME and options. */
struct args {
    const char *name, *rate, *from, *amount, *id;
    int year;
    long long version; /* -1: the version read just before the change */
    bool json;
};

static int parse(const cli_command *cmd, int argc, char **argv, int names, struct args *a)
{
    static const struct option opts[] = {
        {"rate", required_argument, NULL, 'r'},    {"from", required_argument, NULL, 'f'},
        {"amount", required_argument, NULL, 'a'},  {"year", required_argument, NULL, 'y'},
        {"version", required_argument, NULL, 'V'}, {"id", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},          {NULL, 0, NULL, 0},
    };
    int opt, v;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt == 'r')
            a->rate = optarg;
        else if (opt == 'f')
            a->from = optarg;
        else if (opt == 'a')
            a->amount = optarg;
        else if (opt == 'i')
            a->id = optarg;
        else if (opt == 'j')
            a->json = true;
        else if (opt == 'y' && !cli_int_arg(cmd, "--year", optarg, &a->year))
            return CLI_USAGE;
        else if (opt == 'V' && !cli_int_arg(cmd, "--version", optarg, &v))
            return CLI_USAGE;
        else if (opt == 'V')
            a->version = v;
        else if (opt != 'y')
            return cli_bad_option(cmd, opt, argv);
    }
    if (argc - optind < names)
        return cli_usage_error(cmd, "%s", _("which practice? give its name"));
    if (argc - optind > names)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind + names]);
    a->name = names ? argv[optind] : NULL;
    return CLI_OK;
}

/* Refuses the options a command does not take, so a typo is not silently ignored. */
static int only(const cli_command *cmd, const struct args *a, const char *allowed)
{
    const struct {
        const char *name;
        bool given;
    } given[] = {
        {"--rate", a->rate != NULL},
        {"--from", a->from != NULL},
        {"--amount", a->amount != NULL},
        {"--year", a->year != 0},
        {"--version", a->version >= 0},
        {"--id", a->id != NULL},
        {"--json", a->json},
    };

    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++)
        if (given[i].given && strstr(allowed, given[i].name) == NULL)
            return cli_usage_error(cmd, _("%s does not belong to this command"), given[i].name);
    return CLI_OK;
}

static void json_practice(json_out *j, const bb_practice *p);

static int practice_add(int argc, char **argv)
{
    const cli_command *cmd = cli_find("practice", "add");
    struct args a = {.version = -1};
    char id[BB_UUID_SIZE], eur[32];
    bb_practice *p = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, 1, &a);

    if (rc == CLI_OK)
        rc = only(cmd, &a, "--rate --from --id --json");
    if (rc == CLI_OK && a.rate == NULL)
        rc = cli_usage_error(cmd, _("%s is required"), "--rate");
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if (a.id == NULL)
        bb_uuid_generate(id);
    bb_practice_new in = {a.id ? a.id : id, a.name, a.rate, a.from};
    rc = bb_practice_add(ctx, &in, &p);
    if (rc == BB_ECONN) /* same id: a practice added before the connection broke is found */
        rc = bb_practice_add(ctx, &in, &p);
    if (rc == BB_OK && a.json) {
        json_out j = {0};
        json_practice(&j, p);
    } else if (rc == BB_OK) {
        printf(_("Practice '%s' added: %s euros an hour from %s.\n"), p->name,
               cli_euros(eur, p->rate_cents), p->rate_from);
    } else {
        rc = cli_fail(ctx, rc, _("cannot add the practice"));
    }
    bb_practice_free(p);
    bb_close(ctx);
    return rc;
}

static void json_practice(json_out *j, const bb_practice *p)
{
    json_open(j, '{');
    json_str(j, "name", p->name);
    json_str(j, "id", p->id);
    if (p->rate_cents < 0)
        json_null(j, "rate_cents");
    else
        json_int(j, "rate_cents", p->rate_cents);
    json_str_or_null(j, "rate_from", p->rate_from);
    json_int(j, "year", p->year);
    if (p->budget_cents < 0)
        json_null(j, "budget_cents");
    else
        json_int(j, "budget_cents", p->budget_cents);
    json_int(j, "budget_version", p->budget_version);
    json_int(j, "referrals", p->referrals);
    cli_json_hours(j, "hours", p->hours_quarters);
    json_int(j, "cost_cents", p->cost_cents);
    json_int(j, "version", p->version);
    json_close(j, '}');
}

static void json_list(const bb_practice_list *l, int year)
{
    json_out j = {0};

    json_open(&j, '{');
    json_int(&j, "year", year);
    json_key_open(&j, "practices", '[');
    for (size_t i = 0; i < l->n; i++)
        json_practice(&j, &l->items[i]);
    json_close(&j, ']');
    json_close(&j, '}');
}

static void print_list(const bb_practice_list *l, int year)
{
    char rate[32], budget[32], cost[32], hours[16];

    printf(_("Figures of %d (referrals dated in that year):\n"), year);
    printf("%-10s%-12s%-10s%-9s%-12s%-12s%s\n", _("RATE"), _("SINCE"), _("REFERRALS"), _("HOURS"),
           _("COST"), _("BUDGET"), _("PRACTICE"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_practice *p = &l->items[i];
        printf("%-10s%-12s%-10ld%-9s%-12s%-12s",
               p->rate_cents < 0 ? "-" : cli_euros(rate, p->rate_cents),
               *p->rate_from ? p->rate_from : "-", p->referrals,
               cli_hours(hours, p->hours_quarters), cli_euros(cost, p->cost_cents),
               p->budget_cents < 0 ? "-" : cli_euros(budget, p->budget_cents));
        cli_cell(p->name, 0); /* last: names differ in length */
        putchar('\n');
    }
}

static int practice_list(int argc, char **argv)
{
    const cli_command *cmd = cli_find("practice", "list");
    struct args a = {.version = -1};
    bb_practice_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, 0, &a);

    if (rc == CLI_OK)
        rc = only(cmd, &a, "--year --json");
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if (a.year == 0) { /* this year, as the user's calendar has it */
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        a.year = tm.tm_year + 1900;
    }
    rc = bb_practice_list_get(ctx, a.year, &l);
    if (rc == BB_OK) {
        if (a.json)
            json_list(l, a.year);
        else
            print_list(l, a.year);
    } else {
        rc = cli_fail(ctx, rc, _("cannot list the practices"));
    }
    bb_practice_list_free(l);
    bb_close(ctx);
    return rc;
}

static int practice_rate(int argc, char **argv)
{
    const cli_command *cmd = cli_find("practice", "rate");
    struct args a = {.version = -1};
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, 1, &a);

    if (rc == CLI_OK)
        rc = only(cmd, &a, "--rate --from");
    if (rc == CLI_OK && a.rate == NULL)
        rc = cli_usage_error(cmd, _("%s is required"), "--rate");
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_practice_set_rate(ctx, a.name, a.rate, a.from);
    if (rc == BB_OK)
        printf(_("Practice '%s': new rate recorded; referrals keep the rate of their own date.\n"),
               a.name);
    else
        rc = cli_fail(ctx, rc, _("the rate was not recorded"));
    bb_close(ctx);
    return rc;
}

/* The budget's version now (0: none yet), for a change without --version. */
static int budget_version(bb_ctx *ctx, const char *name, int year, long long *version)
{
    bb_practice_list *l = NULL;
    int rc = bb_practice_list_get(ctx, year, &l);

    for (size_t i = 0; rc == BB_OK && i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            *version = l->items[i].budget_version;
    bb_practice_list_free(l);
    return rc;
}

static int practice_budget(int argc, char **argv)
{
    const cli_command *cmd = cli_find("practice", "budget");
    struct args a = {.version = -1};
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, 1, &a);

    if (rc == CLI_OK)
        rc = only(cmd, &a, "--year --amount --version");
    if (rc == CLI_OK && (a.year == 0 || a.amount == NULL))
        rc = cli_usage_error(cmd, _("%s is required"), a.year == 0 ? "--year" : "--amount");
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    /* Without --version, the version read now (libbb names a bad year or practice). */
    if (a.version < 0 && a.year >= 2000 && a.year <= 2999)
        rc = budget_version(ctx, a.name, a.year, &a.version);
    if (rc == BB_OK)
        rc = bb_practice_set_budget(ctx, a.name, a.year, a.amount, a.version < 0 ? 0 : a.version);
    if (rc == BB_OK)
        printf(_("Practice '%s': budget %d set to %s euros.\n"), a.name, a.year, a.amount);
    else
        rc = cli_fail(ctx, rc, _("the budget was not set"));
    bb_close(ctx);
    return rc;
}

const cli_command cli_practice_commands[] = {
    {"practice", "add", practice_add, N_("Add a practice of professional mediation"),
     N_("NAME --rate EUROS [--from DATE] [--id UUID] [--json]")},
    {"practice", "list", practice_list,
     N_("List the practices with their rate, and a year's referrals, hours, cost and budget"),
     N_("[--year YEAR] [--json]")},
    {"practice", "rate", practice_rate, N_("Record a practice's hourly rate from a date on"),
     N_("NAME --rate EUROS [--from DATE]")},
    {"practice", "budget", practice_budget, N_("Set a practice's budget for a year"),
     N_("NAME --year YEAR --amount EUROS [--version N]")},
    {NULL, NULL, NULL, NULL, NULL},
};
