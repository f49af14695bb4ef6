/* bbctl case edit, assign, suggest and search: the intake decision, pairing, and finding cases
 * by a party's address, phone number or name. */
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The version to base a change on: --version, else the case's current one. */
static int case_version(bb_ctx *ctx, const char *number, long long *version)
{
    bb_case *c = NULL;
    int rc = BB_OK;

    if (*version == 0 && (rc = bb_case_get(ctx, number, &c)) == BB_OK)
        *version = c->version;
    bb_case_free(c);
    return rc;
}

struct edit_args {
    bb_case_changes ch;
    const char *types[BB_TYPES_MAX];
    const char *number;
    long long version;
};

/* One option of case edit; CLI_OK or the usage error's exit code. */
static int edit_option(const cli_command *cmd, int opt, char **argv, struct edit_args *a)
{
    int n;

    switch (opt) {
    case 's':
        a->ch.source = optarg;
        return CLI_OK;
    case 'a':
        a->ch.area = optarg;
        return CLI_OK;
    case 'A':
        a->ch.area = "";
        return CLI_OK;
    case 'r':
        a->ch.intake_reason = optarg;
        return CLI_OK;
    case 'd':
        a->ch.intake_on = optarg;
        return CLI_OK;
    case 'u':
        if (strcmp(optarg, "yes") != 0 && strcmp(optarg, "no") != 0)
            return cli_usage_error(cmd, _("--suitable: '%s' is not yes or no"), optarg);
        a->ch.intake = strcmp(optarg, "yes") == 0 ? BB_INTAKE_SUITABLE : BB_INTAKE_NOT_SUITABLE;
        return CLI_OK;
    case 't':
        if ((n = cli_split(optarg, a->types, BB_TYPES_MAX)) < 0)
            return cli_usage_error(cmd, "%s", _("--type: expected TYPE[,TYPE...]"));
        a->ch.types = a->types;
        a->ch.n_types = (size_t)n;
        return CLI_OK;
    case 'V':
        return cli_version_arg(cmd, optarg, &a->version) ? CLI_OK : CLI_USAGE;
    default:
        return cli_bad_option(cmd, opt, argv);
    }
}

static int parse_edit(const cli_command *cmd, int argc, char **argv, struct edit_args *a)
{
    static const struct option opts[] = {
        {"source", required_argument, NULL, 's'},
        {"type", required_argument, NULL, 't'},
        {"area", required_argument, NULL, 'a'},
        {"no-area", no_argument, NULL, 'A'},
        {"suitable", required_argument, NULL, 'u'},
        {"reason-code", required_argument, NULL, 'r'},
        {"intake-date", required_argument, NULL, 'd'},
        {"version", required_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int opt, rc = CLI_OK;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        rc = edit_option(cmd, opt, argv, a);
    if (rc != CLI_OK)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one case number"));
    a->number = argv[optind];
    return CLI_OK;
}

static int case_edit(int argc, char **argv)
{
    struct edit_args a = {0};
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_edit(cli_find("case", "edit"), argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = case_version(ctx, a.number, &a.version);
    if (rc == BB_OK)
        rc = bb_case_edit(ctx, a.number, a.version, &a.ch, &c);
    if (rc == BB_OK)
        printf(_("Case %s is changed (version %lld).\n"), c->number, c->version);
    else
        rc = cli_fail(ctx, rc, _("the case was not changed"));
    bb_case_free(c);
    bb_close(ctx);
    return rc;
}

static int case_assign(int argc, char **argv)
{
    static const struct option opts[] = {{"version", required_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};
    const cli_command *cmd = cli_find("case", "assign");
    long long version = 0;
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    int opt, rc;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        if (opt != 'V')
            return cli_bad_option(cmd, opt, argv);
        else if (!cli_version_arg(cmd, optarg, &version))
            return CLI_USAGE;
    if (argc - optind != 3)
        return cli_usage_error(cmd, "%s", _("give a case number and two volunteer numbers"));
    /* Where the volunteers live is checked against the parties: that needs the keys. */
    if ((rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = case_version(ctx, argv[optind], &version);
    if (rc == BB_OK)
        rc = bb_case_assign(ctx, argv[optind], version, argv[optind + 1], argv[optind + 2], &c);
    if (rc == BB_OK)
        printf(_("Case %s is paired to %s and %s (version %lld).\n"), c->number, c->volunteers[0],
               c->volunteers[1], c->version);
    else
        rc = cli_fail(ctx, rc, _("the case was not paired"));
    bb_case_free(c);
    bb_close(ctx);
    return rc;
}

static const char *exclusion_key(enum bb_pair_exclusion why)
{
    return why == BB_PAIR_AT_CAPACITY ? "at_capacity"
           : why == BB_PAIR_AT_PARTY  ? "at_party"
                                      : "near_party";
}

static void json_suggest(const char *number, const bb_pair_list *l)
{
    json_out j = {0};

    json_open(&j, '{');
    json_str(&j, "case", number);
    json_key_open(&j, "pairs", '[');
    for (size_t p = 0; p < l->n; p++) {
        json_open(&j, '{');
        json_key_open(&j, "volunteers", '[');
        for (int i = 0; i < 2; i++) {
            const bb_pair_member *m = &l->items[p].member[i];
            json_open(&j, '{');
            json_str(&j, "number", m->number);
            json_str_or_null(&j, "area", m->area);
            json_bool(&j, "same_area", m->same_area);
            json_int(&j, "preferred_types", m->preferred);
            json_int(&j, "load", m->load);
            json_int(&j, "capacity", m->capacity);
            json_close(&j, '}');
        }
        json_close(&j, ']');
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_key_open(&j, "excluded", '[');
    for (size_t i = 0; i < l->n_excluded; i++) {
        json_open(&j, '{');
        json_str(&j, "number", l->excluded[i].number);
        json_str(&j, "reason", exclusion_key(l->excluded[i].why));
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
}

/* Why one volunteer of a pair counts: area, preferences, load. */
static void print_member(const bb_pair_member *m)
{
    printf("     %s: ", m->number);
    if (m->same_area) {
        printf("%s", _("lives in the case's area; "));
    } else {
        printf("%s", _("area "));
        cli_cell(*m->area ? m->area : "-", 0);
        printf("; ");
    }
    printf(_("prefers %d of the case's conflict types; "), m->preferred);
    printf(ngettext("%d open case of %d\n", "%d open cases of %d\n", m->load), m->load,
           m->capacity);
}

static void print_suggest(const char *number, const bb_pair_list *l)
{
    static const char *const why[] = {
        [BB_PAIR_AT_CAPACITY] = N_("at capacity"),
        [BB_PAIR_NEAR_PARTY] = N_("lives at the postcode of a party (a neighbour)"),
        [BB_PAIR_AT_PARTY] = N_("lives at the address of a party"),
    };

    if (l->n == 0)
        printf(_("No pair of active volunteers is possible for case %s.\n"), number);
    else
        printf(_("Pairs for case %s, best first:\n"), number);
    for (size_t p = 0; p < l->n; p++) {
        printf("  %zu. %s + %s\n", p + 1, l->items[p].member[0].number,
               l->items[p].member[1].number);
        print_member(&l->items[p].member[0]);
        print_member(&l->items[p].member[1]);
    }
    if (l->n_excluded > 0)
        printf("%s", _("Left out:\n"));
    for (size_t i = 0; i < l->n_excluded; i++)
        printf("  %s: %s\n", l->excluded[i].number, _(why[l->excluded[i].why]));
}

static int case_suggest(int argc, char **argv)
{
    static const struct option opts[] = {{"limit", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const cli_command *cmd = cli_find("case", "suggest");
    bb_pair_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int opt, rc, limit = 0;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        if (opt == 'j')
            json = true;
        else if (opt != 'l')
            return cli_bad_option(cmd, opt, argv);
        else if (!cli_int_arg(cmd, "--limit", optarg, &limit))
            return CLI_USAGE;
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one case number"));
    if ((rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_case_suggest(ctx, argv[optind], limit, &l);
    if (rc == BB_OK && json)
        json_suggest(argv[optind], l);
    else if (rc == BB_OK)
        print_suggest(argv[optind], l);
    else
        rc = cli_fail(ctx, rc, _("cannot suggest volunteers"));
    bb_pair_list_free(l);
    bb_close(ctx);
    return rc;
}

static int parse_search(const cli_command *cmd, int argc, char **argv, bb_case_query *q, bool *json)
{
    static const struct option opts[] = {
        {"postcode", required_argument, NULL, 'p'}, {"number", required_argument, NULL, 'n'},
        {"phone", required_argument, NULL, 'P'},    {"name", required_argument, NULL, 'N'},
        {"json", no_argument, NULL, 'j'},           {NULL, 0, NULL, 0},
    };
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt == 'p')
            q->postcode = optarg;
        else if (opt == 'n')
            q->house_number = optarg;
        else if (opt == 'P')
            q->phone = optarg;
        else if (opt == 'N')
            q->name = optarg;
        else if (opt == 'j')
            *json = true;
        else
            return cli_bad_option(cmd, opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
    if ((q->postcode != NULL) + (q->phone != NULL) + (q->name != NULL) != 1 ||
        (q->postcode != NULL) != (q->house_number != NULL))
        return cli_usage_error(cmd, "%s",
                               _("give --postcode with --number, or --phone, or --name"));
    return CLI_OK;
}

static int case_search(int argc, char **argv)
{
    bb_case_query q = {0};
    bb_case_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc = parse_search(cli_find("case", "search"), argc, argv, &q, &json);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_case_search(ctx, &q, &l);
    return cli_case_list_done(ctx, rc, l, json, _("cannot search"));
}

const cli_command cli_case_more_commands[] = {
    {"case", "edit", case_edit, N_("Change a case, or record the intake decision"),
     N_("CASE [--source S] [--type TYPE[,TYPE...]] [--area AREA | --no-area] "
        "[--suitable yes|no [--reason-code CODE] [--intake-date DATE]] [--version N]")},
    {"case", "assign", case_assign, N_("Pair two volunteers to a case"),
     N_("CASE VOLUNTEER VOLUNTEER [--version N]")},
    {"case", "suggest", case_suggest, N_("Suggest pairs of volunteers for a case, and say why"),
     N_("CASE [--limit N] [--json]")},
    {"case", "search", case_search, N_("Find cases by a party's address, phone number or name"),
     N_("(--postcode P --number N | --phone P | --name NAME) [--json]")},
    {NULL, NULL, NULL, NULL, NULL},
};
