/* bbctl practice: practices of professional mediation, their hourly rates and budgets. */
#include "cli.h"
#include "money.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the practice commands take: NAME and options. */
typedef struct practice_args {
    const char *name, *rate, *from, *amount, *id;
    int year;
    long long version; /* -1: the version read just before the change */
    bool json;
} practice_args;

static void json_practice(json_out *j, const bb_practice *p);

static int practice_add(const cli_command *cmd, int argc, char **argv)
{
    practice_args a = {.version = -1};
    char id[BB_UUID_SIZE], eur[32];
    bb_practice *p = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
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
    jw_open(j, '{');
    jw_str(j, "name", p->name);
    jw_str(j, "id", p->id);
    if (p->rate_cents < 0)
        jw_null(j, "rate_cents");
    else
        jw_int(j, "rate_cents", p->rate_cents);
    jw_str_or_null(j, "rate_from", p->rate_from);
    jw_int(j, "year", p->year);
    if (p->budget_cents < 0)
        jw_null(j, "budget_cents");
    else
        jw_int(j, "budget_cents", p->budget_cents);
    jw_int(j, "budget_version", p->budget_version);
    jw_int(j, "referrals", p->referrals);
    cli_json_hours(j, "hours", p->hours_quarters);
    jw_int(j, "cost_cents", p->cost_cents);
    jw_int(j, "version", p->version);
    jw_close(j, '}');
}

static void json_list(const bb_practice_list *l, int year)
{
    json_out j = {0};

    jw_open(&j, '{');
    jw_int(&j, "year", year);
    jw_key_open(&j, "practices", '[');
    for (size_t i = 0; i < l->n; i++)
        json_practice(&j, &l->items[i]);
    jw_close(&j, ']');
    jw_close(&j, '}');
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

static int practice_list(const cli_command *cmd, int argc, char **argv)
{
    practice_args a = {.version = -1};
    bb_practice_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

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

static int practice_rate(const cli_command *cmd, int argc, char **argv)
{
    practice_args a = {.version = -1};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
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

static int practice_budget(const cli_command *cmd, int argc, char **argv)
{
    practice_args a = {.version = -1};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
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

/* clang-format off */
#define NAME_ARGUMENT                                                                              \
    {NULL, CLI_STRING_AT(practice_args, name), .value = N_("NAME"), .flags = CLI_REQUIRED,         \
     .help = N_("the practice's name"), .missing = N_("which practice? give its name")}
#define RATE_OPTIONS                                                                               \
    {"rate", CLI_STRING_AT(practice_args, rate), .value = N_("EUROS"), .flags = CLI_REQUIRED,      \
     .help = N_("its hourly rate")},                                                               \
    {"from", CLI_STRING_AT(practice_args, from), .value = N_("DATE"),                              \
     .help = N_("the rate holds from this day on (default: today)")}
/* clang-format on */

static const cli_option add_options[] = {
    NAME_ARGUMENT,   RATE_OPTIONS, CLI_OPT_ID(practice_args, id), CLI_OPT_JSON(practice_args, json),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    {"year", CLI_INT_AT(practice_args, year), .value = N_("YEAR"),
     .help = N_("the year of the figures (default: this year)")},
    CLI_OPT_JSON(practice_args, json),
    CLI_OPTIONS_END,
};

static const cli_option rate_options[] = {
    NAME_ARGUMENT,
    RATE_OPTIONS,
    CLI_OPTIONS_END,
};

static const cli_option budget_options[] = {
    NAME_ARGUMENT,
    {"year", CLI_INT_AT(practice_args, year), .value = N_("YEAR"), .flags = CLI_REQUIRED,
     .help = N_("the year of the budget")},
    {"amount", CLI_STRING_AT(practice_args, amount), .value = N_("EUROS"), .flags = CLI_REQUIRED,
     .help = N_("the budget")},
    CLI_OPT_VERSION(practice_args, version),
    CLI_OPTIONS_END,
};

const cli_command cli_practice_commands[] = {
    {"practice", "add", practice_add, N_("Add a practice of professional mediation"), add_options,
     0},
    {"practice", "list", practice_list,
     N_("List the practices with their rate, and a year's referrals, hours, cost and budget"),
     list_options, 0},
    {"practice", "rate", practice_rate, N_("Record a practice's hourly rate from a date on"),
     rate_options, 0},
    {"practice", "budget", practice_budget, N_("Set a practice's budget for a year"),
     budget_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
