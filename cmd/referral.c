/* bbctl referral: refer a case to professional mediation, record hours and status, close the
 * referral, list referrals. */
#include "args.h"
#include "cli.h"
#include "money.h"
#include "out.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything the referral commands take; each command refuses what is not its own. */
struct args {
    const char *number, *practice, *reason, *mediator, *date, *id, *status, *hours, *outcome;
    const char *after;
    int limit;
    bool cancel, json;
    long long version; /* 0: the version read just before the change */
};

/* Stores one option in a; CLI_OK or the usage error's exit code. */
static int option(const cli_command *cmd, int opt, char **argv, struct args *a)
{
    switch (opt) {
    case 'p':
        a->practice = optarg;
        break;
    case 'r':
        a->reason = optarg;
        break;
    case 'm':
        a->mediator = optarg;
        break;
    case 'd':
        a->date = optarg;
        break;
    case 'i':
        a->id = optarg;
        break;
    case 's':
        a->status = optarg;
        break;
    case 'h':
        a->hours = optarg;
        break;
    case 'o':
        a->outcome = optarg;
        break;
    case 'c':
        a->cancel = true;
        break;
    case 'V':
        return cli_version_arg(cmd, optarg, &a->version) ? CLI_OK : CLI_USAGE;
    default:
        return cli_list_option(cmd, opt, argv, &a->after, &a->limit, &a->json);
    }
    return CLI_OK;
}

/* Parses the options and the case number (required when need_case, else optional); refuses
 * any option whose letter is not in allowed. */
static int parse(const cli_command *cmd, int argc, char **argv, bool need_case, const char *allowed,
                 struct args *a)
{
    static const struct option opts[] = {
        {"practice", required_argument, NULL, 'p'}, {"reason", required_argument, NULL, 'r'},
        {"mediator", required_argument, NULL, 'm'}, {"date", required_argument, NULL, 'd'},
        {"id", required_argument, NULL, 'i'},       {"status", required_argument, NULL, 's'},
        {"hours", required_argument, NULL, 'h'},    {"outcome", required_argument, NULL, 'o'},
        {"after", required_argument, NULL, 'A'},    {"limit", required_argument, NULL, 'l'},
        {"cancel", no_argument, NULL, 'c'},         {"json", no_argument, NULL, 'j'},
        {"version", required_argument, NULL, 'V'},  {NULL, 0, NULL, 0},
    };
    int opt, rc = CLI_OK;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        for (size_t i = 0; opts[i].name && opt != ':' && opt != '?' && strchr(allowed, opt) == NULL;
             i++)
            if (opts[i].val == opt)
                return cli_usage_error(cmd, _("--%s does not belong to this command"),
                                       opts[i].name);
        rc = option(cmd, opt, argv, a);
    }
    if (rc != CLI_OK)
        return rc;
    if (need_case && argc - optind < 1)
        return cli_usage_error(cmd, "%s", _("which case? give its number"));
    if (argc - optind > 1)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
    a->number = optind < argc ? argv[optind] : NULL;
    return CLI_OK;
}

static void json_fields(json_out *j, const bb_referral *r)
{
    json_str(j, "case", r->case_number);
    json_int(j, "seq", r->seq);
    json_str(j, "id", r->id);
    json_str(j, "practice", r->practice);
    json_str_or_null(j, "mediator", r->mediator);
    json_str(j, "reason", r->reason);
    json_str(j, "referred_on", r->referred_on);
    json_str(j, "status", r->status);
    cli_json_hours(j, "hours", r->hours_quarters);
    json_int(j, "rate_cents", r->rate_cents);
    json_int(j, "cost_cents", r->cost_cents);
    json_str_or_null(j, "outcome", r->outcome);
    json_str_or_null(j, "closed_on", r->closed_on);
    json_int(j, "version", r->version);
    json_str(j, "created_at", r->created_at);
    json_str(j, "updated_at", r->updated_at);
}

static void json_one(const bb_referral *r)
{
    json_out j = {0};

    json_open(&j, '{');
    json_fields(&j, r);
    json_close(&j, '}');
}

/* The human answer to new, update and close. */
static void print_one(const bb_referral *r)
{
    char hours[16], rate[32], cost[32];

    printf(_("Referral %s/%d to "), r->case_number, r->seq);
    cli_cell(r->practice, 0);
    printf(_(": %s, %s hours at %s euros = %s euros (version %lld).\n"), r->status,
           cli_hours(hours, r->hours_quarters), cli_euros(rate, r->rate_cents),
           cli_euros(cost, r->cost_cents), r->version);
}

static int referral_new(int argc, char **argv)
{
    const cli_command *cmd = cli_find("referral", "new");
    struct args a = {0};
    char id[BB_UUID_SIZE];
    bb_referral *r = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, true, "prmdij", &a);

    if (rc == CLI_OK && (a.practice == NULL || a.reason == NULL))
        rc = cli_usage_error(cmd, _("%s is required"), a.practice ? "--reason" : "--practice");
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
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
        print_one(r);
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

/* Runs update (closing false) or close on a->number. */
static int change(struct args *a, bool closing)
{
    bb_referral *r = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_open_org(&ctx);

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
        print_one(r);
    else
        rc = cli_fail(ctx, rc, _("the referral was not changed"));
    bb_referral_free(r);
    bb_close(ctx);
    return rc;
}

static int referral_update(int argc, char **argv)
{
    const cli_command *cmd = cli_find("referral", "update");
    struct args a = {0};
    int rc = parse(cmd, argc, argv, true, "shmVj", &a);

    if (rc == CLI_OK && a.status == NULL && a.hours == NULL && a.mediator == NULL)
        rc = cli_usage_error(cmd, "%s",
                             _("nothing to change: give --status, --hours or --mediator"));
    return rc == CLI_OK ? change(&a, false) : rc;
}

static int referral_close(int argc, char **argv)
{
    const cli_command *cmd = cli_find("referral", "close");
    struct args a = {0};
    int rc = parse(cmd, argc, argv, true, "ochdVj", &a);

    if (rc == CLI_OK && (a.outcome != NULL) == a.cancel)
        rc = cli_usage_error(cmd, "%s", _("give either --outcome OUTCOME or --cancel"));
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

    json_open(&j, '{');
    json_key_open(&j, "referrals", '[');
    for (size_t i = 0; i < l->n; i++) {
        json_open(&j, '{');
        json_fields(&j, &l->items[i]);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_str_or_null(&j, "next", l->next);
    json_close(&j, '}');
}

static int referral_list(int argc, char **argv)
{
    const cli_command *cmd = cli_find("referral", "list");
    struct args a = {0};
    bb_referral_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, false, "spAlj", &a);

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

const cli_command cli_referral_commands[] = {
    {"referral", "new", referral_new,
     N_("Refer a case to professional mediation; the case becomes doorverwezen"),
     N_("CASE --practice NAME --reason REASON [--mediator NAME] [--date DATE] [--id UUID] "
        "[--json]")},
    {"referral", "update", referral_update,
     N_("Record the hours, the start or the mediator of a case's open referral"),
     N_("CASE [--status lopend] [--hours H] [--mediator NAME] [--version N] [--json]")},
    {"referral", "close", referral_close,
     N_("Close a case's open referral with its outcome, or cancel it"),
     N_("CASE (--outcome OUTCOME | --cancel) [--hours H] [--date DATE] [--version N] [--json]")},
    {"referral", "list", referral_list, N_("List referrals, newest case first, a page at a time"),
     N_("[CASE] [--status S] [--practice NAME] [--after CASE/N] [--limit N] [--json]")},
    {NULL, NULL, NULL, NULL, NULL},
};
