/* bbctl referral: refer a case to professional mediation, record hours and status, close the
 * referral, list referrals. */
#include "args.h"
#include "cli.h"
#include "money.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything the referral commands take; each command's table names its own. */
typedef struct referral_args {
    const char *number, *practice, *reason, *mediator, *date, *id, *status, *hours, *outcome;
    const char *after;
    int limit;
    bool cancel, json;
    long long version; /* 0: the version read just before the change */
} referral_args;

static void json_fields(json_out *j, const bb_referral *r)
{
    jw_str(j, "case", r->case_number);
    jw_int(j, "seq", r->seq);
    jw_str(j, "id", r->id);
    jw_str(j, "practice", r->practice);
    jw_str_or_null(j, "mediator", r->mediator);
    jw_str(j, "reason", r->reason);
    jw_str(j, "referred_on", r->referred_on);
    jw_str(j, "status", r->status);
    cli_json_hours(j, "hours", r->hours_quarters);
    jw_int(j, "rate_cents", r->rate_cents);
    jw_int(j, "cost_cents", r->cost_cents);
    jw_str_or_null(j, "outcome", r->outcome);
    jw_str_or_null(j, "closed_on", r->closed_on);
    jw_int(j, "version", r->version);
    jw_str(j, "created_at", r->created_at);
    jw_str(j, "updated_at", r->updated_at);
}

static void json_one(const bb_referral *r)
{
    json_out j = {0};

    jw_open(&j, '{');
    json_fields(&j, r);
    jw_close(&j, '}');
}

/* The human answer to new, update and close; a warning on standard error when the practice
 * is over its budget of the referral's year now (the referral is saved all the same). */
static void print_one(bb_ctx *ctx, const bb_referral *r)
{
    char hours[16], rate[32], cost[32], budget[32];
    bb_budget_use use;

    printf(_("Referral %s/%d to "), r->case_number, r->seq);
    cli_cell(r->practice, 0);
    printf(_(": %s, %s hours at %s euros = %s euros (version %lld).\n"), r->status,
           cli_hours(hours, r->hours_quarters), cli_euros(rate, r->rate_cents),
           cli_euros(cost, r->cost_cents), r->version);
    if (bb_referral_budget_get(ctx, r->id, &use) == BB_OK && use.budget_cents >= 0 &&
        use.cost_cents > use.budget_cents) {
        fprintf(stderr, _("Warning: the referrals of %d to "), use.year);
        cli_cell_to(stderr, r->practice, 0);
        fprintf(stderr, _(" cost %s euros together, over the budget of %s euros.\n"),
                cli_euros(cost, use.cost_cents), cli_euros(budget, use.budget_cents));
    }
}

static int referral_new(const cli_command *cmd, int argc, char **argv)
{
    referral_args a = {0};
    char id[BB_UUID_SIZE];
    bb_referral *r = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
        return rc;
    if (a.id == NULL)
        bb_uuid_generate(id);
    bb_referral_new in = {a.id ? a.id : id, a.number, a.practice, a.mediator, a.reason, a.date};
    rc = bb_referral_create(ctx, &in, &r);
    if (rc == BB_ECONN) /* same id: a referral made before the connection broke is found */
        rc = bb_referral_create(ctx, &in, &r);
    if (rc == BB_OK && a.json)
        json_one(r);
    else if (rc == BB_OK)
        print_one(ctx, r);
    else
        rc = cli_fail(ctx, rc, _("cannot refer the case"));
    bb_referral_free(r);
    bb_close(ctx);
    return rc;
}

/* The version of the case's open referral now, for a change without --version. */
static int open_version(bb_ctx *ctx, const char *number, long long *version)
{
    bb_referral_filter f = {.case_number = number};
    bb_referral_list *l = NULL;
    int rc = bb_referral_list_get(ctx, &f, &l);

    for (size_t i = 0; rc == BB_OK && i < l->n; i++)
        if (strcmp(l->items[i].status, "aangevraagd") == 0 ||
            strcmp(l->items[i].status, "lopend") == 0)
            *version = l->items[i].version;
    bb_referral_list_free(l);
    if (rc == BB_OK && *version == 0)
        *version = 1; /* none open: libbb says so */
    return rc;
}

#define CLOSE_USAGE N_("give either --outcome OUTCOME or --cancel")

/* Runs update (closing false) or close on a->number. */
static int change(referral_args *a, bool closing)
{
    bb_referral *r = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_open_writer(&ctx);

    if (rc != CLI_OK)
        return rc;
    if (a->version == 0)
        rc = open_version(ctx, a->number, &a->version);
    if (rc == BB_OK && closing) {
        bb_referral_closing in = {a->outcome, a->cancel, a->hours, a->date};
        rc = bb_referral_close(ctx, a->number, a->version, &in, &r);
    } else if (rc == BB_OK) {
        bb_referral_change in = {a->status, a->hours, a->mediator};
        rc = bb_referral_update(ctx, a->number, a->version, &in, &r);
    }
    if (rc == BB_OK && a->json)
        json_one(r);
    else if (rc == BB_OK)
        print_one(ctx, r);
    else
        rc = cli_fail(ctx, rc, _("the referral was not changed"));
    bb_referral_free(r);
    bb_close(ctx);
    return rc;
}

static int referral_update(const cli_command *cmd, int argc, char **argv)
{
    referral_args a = {0};
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK && a.status == NULL && a.hours == NULL && a.mediator == NULL)
        rc = cli_usage_error(cmd, "%s",
                             _("nothing to change: give --status, --hours or --mediator"));
    return rc == CLI_OK ? change(&a, false) : rc;
}

static int referral_close(const cli_command *cmd, int argc, char **argv)
{
    referral_args a = {0};
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK && (a.outcome != NULL) == a.cancel)
        rc = cli_usage_error(cmd, "%s", _(CLOSE_USAGE));
    return rc == CLI_OK ? change(&a, true) : rc;
}

static void print_list(const bb_referral_list *l)
{
    char hours[16], cost[32], ref[BB_NUMBER_SIZE + 8];

    printf("%-18s%-12s%-13s%-15s%-8s%-11s%-18s%s\n", _("REFERRAL"), _("DATE"), _("STATUS"),
           _("REASON"), _("HOURS"), _("COST"), _("OUTCOME"), _("PRACTICE"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_referral *r = &l->items[i];
        snprintf(ref, sizeof ref, "%s/%d", r->case_number, r->seq);
        printf("%-18s%-12s%-13s%-15s%-8s%-11s%-18s", ref, r->referred_on, r->status, r->reason,
               cli_hours(hours, r->hours_quarters), cli_euros(cost, r->cost_cents),
               *r->outcome ? r->outcome : "-");
        cli_cell(r->practice, 0); /* last: names differ in length */
        putchar('\n');
    }
    if (*l->next)
        fprintf(stderr, _("More referrals follow: add --after %s\n"), l->next);
}

static void json_list(const bb_referral_list *l)
{
    json_out j = {0};

    jw_open(&j, '{');
    jw_key_open(&j, "referrals", '[');
    for (size_t i = 0; i < l->n; i++) {
        jw_open(&j, '{');
        json_fields(&j, &l->items[i]);
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_str_or_null(&j, "next", l->next);
    jw_close(&j, '}');
}

static int referral_list(const cli_command *cmd, int argc, char **argv)
{
    referral_args a = {0};
    bb_referral_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    bb_referral_filter f = {a.number, a.status, a.practice, a.after, a.limit};
    rc = bb_referral_list_get(ctx, &f, &l);
    if (rc == BB_OK && a.json)
        json_list(l);
    else if (rc == BB_OK)
        print_list(l);
    else
        rc = cli_fail(ctx, rc, _("cannot list the referrals"));
    bb_referral_list_free(l);
    bb_close(ctx);
    return rc;
}

/* clang-format off */
#define CASE_ARGUMENT CLI_ARG_CASE(referral_args, number, N_("which case? give its number"))
#define OPTION(option, f, placeholder, help_text)                                                  \
    {option, CLI_STRING_AT(referral_args, f), .value = placeholder, .help = help_text}
#define MEDIATOR OPTION("mediator", mediator, N_("NAME"), N_("the practice's mediator"))
#define HOURS                                                                                      \
    OPTION("hours", hours, N_("H"), N_("all hours so far, in quarters of an hour (3.25)"))
/* clang-format on */

static const cli_option new_options[] = {
    CASE_ARGUMENT,
    {"practice", CLI_STRING_AT(referral_args, practice), .value = N_("NAME"), .flags = CLI_REQUIRED,
     .help = N_("the practice it goes to")},
    {"reason", CLI_STRING_AT(referral_args, reason), .value = N_("REASON"), .flags = CLI_REQUIRED,
     .help = N_("why (docs/referrals.md)")},
    MEDIATOR,
    CLI_OPT_DATE(referral_args, date, N_("the day of the referral (default: today)")),
    CLI_OPT_ID(referral_args, id),
    CLI_OPT_JSON(referral_args, json),
    CLI_OPTIONS_END,
};

static const cli_option update_options[] = {
    CASE_ARGUMENT,
    OPTION("status", status, N_("lopend"), N_("the mediation has started")),
    HOURS,
    MEDIATOR,
    CLI_OPT_VERSION(referral_args, version),
    CLI_OPT_JSON(referral_args, json),
    CLI_OPTIONS_END,
};

static const cli_option close_options[] = {
    CASE_ARGUMENT,
    {"outcome", CLI_STRING_AT(referral_args, outcome), .value = N_("OUTCOME"),
     .flags = CLI_REQUIRED, .missing = CLOSE_USAGE, .help = N_("how it ended")},
    {"cancel", CLI_FLAG_AT(referral_args, cancel), .join = CLI_OR,
     .help = N_("it did not take place")},
    HOURS,
    CLI_OPT_DATE(referral_args, date, N_("the day it ended (default: today)")),
    CLI_OPT_VERSION(referral_args, version),
    CLI_OPT_JSON(referral_args, json),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    {NULL, CLI_CASE_AT(referral_args, number), .value = N_("CASE"),
     .help = N_("only this case's referrals")},
    OPTION("status", status, N_("S"), N_("only referrals with this status")),
    OPTION("practice", practice, N_("NAME"), N_("only referrals to this practice")),
    CLI_OPTS_PAGE(referral_args, after, limit, json, N_("CASE/N")),
    CLI_OPTIONS_END,
};

const cli_command cli_referral_commands[] = {
    {"referral", "new", referral_new,
     N_("Refer a case to professional mediation; the case becomes doorverwezen"), new_options, 0},
    {"referral", "update", referral_update,
     N_("Record the hours, the start or the mediator of a case's open referral"), update_options,
     0},
    {"referral", "close", referral_close,
     N_("Close a case's open referral with its outcome, or cancel it"), close_options, 0},
    {"referral", "list", referral_list, N_("List referrals, newest case first, a page at a time"),
     list_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
