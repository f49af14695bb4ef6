/* bbctl case edit, assign, suggest and search: the intake decision, pairing, and finding cases
 * by a party's address, phone number or name. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

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

typedef struct edit_args {
    bb_case_changes ch;
    cli_list types;
    bool no_area;
    int suitable; /* enum bb_intake */
    const char *number;
    long long version;
} edit_args;

static int case_edit(const cli_command *cmd, int argc, char **argv)
{
    edit_args a = {0};
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
        return rc;
    if (a.no_area)
        a.ch.area = "";
    if (a.types.given) {
        a.ch.types = a.types.item;
        a.ch.n_types = a.types.n;
    }
    a.ch.intake = (enum bb_intake)a.suitable;
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

typedef struct assign_args {
    const char *number, *first, *second;
    long long version;
} assign_args;

static int case_assign(const cli_command *cmd, int argc, char **argv)
{
    assign_args a = {0};
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    /* Where the volunteers live is checked against the parties: that needs the keys. */
    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = case_version(ctx, a.number, &a.version);
    if (rc == BB_OK)
        rc = bb_case_assign(ctx, a.number, a.version, a.first, a.second, &c);
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

    jw_open(&j, '{');
    jw_str(&j, "case", number);
    jw_key_open(&j, "pairs", '[');
    for (size_t p = 0; p < l->n; p++) {
        jw_open(&j, '{');
        jw_key_open(&j, "volunteers", '[');
        for (int i = 0; i < 2; i++) {
            const bb_pair_member *m = &l->items[p].member[i];
            jw_open(&j, '{');
            jw_str(&j, "number", m->number);
            jw_str_or_null(&j, "area", m->area);
            jw_bool(&j, "same_area", m->same_area);
            jw_int(&j, "preferred_types", m->preferred);
            jw_int(&j, "load", m->load);
            jw_int(&j, "capacity", m->capacity);
            jw_close(&j, '}');
        }
        jw_close(&j, ']');
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_key_open(&j, "excluded", '[');
    for (size_t i = 0; i < l->n_excluded; i++) {
        jw_open(&j, '{');
        jw_str(&j, "number", l->excluded[i].number);
        jw_str(&j, "reason", exclusion_key(l->excluded[i].why));
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_close(&j, '}');
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

typedef struct suggest_args {
    const char *number;
    int limit;
    bool json;
} suggest_args;

static int case_suggest(const cli_command *cmd, int argc, char **argv)
{
    suggest_args a = {0};
    bb_pair_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_case_suggest(ctx, a.number, a.limit, &l);
    if (rc == BB_OK && a.json)
        json_suggest(a.number, l);
    else if (rc == BB_OK)
        print_suggest(a.number, l);
    else
        rc = cli_fail(ctx, rc, _("cannot suggest volunteers"));
    bb_pair_list_free(l);
    bb_close(ctx);
    return rc;
}

#define SEARCH_USAGE                                                                               \
    N_("give --name, --street, --postcode or --phone (--number with a street or a postcode)")

typedef struct search_args {
    bb_case_query q;
    bool json;
} search_args;

static int case_search(const cli_command *cmd, int argc, char **argv)
{
    search_args a = {0};
    const bb_case_query *q = &a.q;
    bb_case_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK && ((!q->name && !q->street && !q->postcode && !q->phone) ||
                         (q->house_number && !q->street && !q->postcode)))
        rc = cli_usage_error(cmd, "%s", _(SEARCH_USAGE));
    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_case_search(ctx, q, &l);
    return cli_case_list_done(ctx, rc, l, a.json, _("cannot search"));
}

static const cli_keyword yes_no[] = {
    {"yes", BB_INTAKE_SUITABLE},
    {"no", BB_INTAKE_NOT_SUITABLE},
    {NULL, 0},
};

static const cli_option edit_options[] = {
    CLI_ARG_CASE(edit_args, number, N_("give one case number")),
    {"source", CLI_STRING_AT(edit_args, ch.source), .value = N_("S"),
     .help = N_("who reported it")},
    {"type", CLI_LIST_AT(edit_args, types), .value = N_("TYPE[,TYPE...]"), .max = BB_TYPES_MAX,
     .help = N_("its conflict types, instead of those it has")},
    {"area", CLI_STRING_AT(edit_args, ch.area), .value = N_("AREA"), .help = N_("its area")},
    {"no-area", CLI_FLAG_AT(edit_args, no_area), .join = CLI_OR, .help = N_("no area")},
    {"suitable", CLI_KEYWORD_AT(edit_args, suitable), .value = N_("yes|no"), .words = yes_no,
     .bad = N_("%s: '%s' is not yes or no"),
     .help = N_("the intake decision: suitable for mediation or not")},
    {"reason-code", CLI_STRING_AT(edit_args, ch.intake_reason), .value = N_("CODE"),
     .join = CLI_INNER, .help = N_("why not suitable (docs/cases.md)")},
    {"intake-date", CLI_STRING_AT(edit_args, ch.intake_on), .value = N_("DATE"), .join = CLI_INNER,
     .help = N_("the day of the decision (default: today)")},
    CLI_OPT_VERSION(edit_args, version),
    CLI_OPTIONS_END,
};

#define PAIR_USAGE N_("give a case number and two volunteer numbers")

static const cli_option assign_options[] = {
    CLI_ARG_CASE(assign_args, number, PAIR_USAGE),
    CLI_ARG_VOLUNTEER(assign_args, first, PAIR_USAGE),
    CLI_ARG_VOLUNTEER(assign_args, second, PAIR_USAGE),
    CLI_OPT_VERSION(assign_args, version),
    CLI_OPTIONS_END,
};

static const cli_option suggest_options[] = {
    CLI_ARG_CASE(suggest_args, number, N_("give one case number")),
    CLI_OPT_LIMIT(suggest_args, limit),
    CLI_OPT_JSON(suggest_args, json),
    CLI_OPTIONS_END,
};

static const cli_option search_options[] = {
    {"name", CLI_STRING_AT(search_args, q.name), .value = N_("NAME"),
     .help = N_("words of a party's name: each must be in it")},
    {"street", CLI_STRING_AT(search_args, q.street), .value = N_("STREET"),
     .help = N_("a party's street")},
    {"postcode", CLI_STRING_AT(search_args, q.postcode), .value = N_("P"),
     .help = N_("a party's postcode")},
    {"number", CLI_STRING_AT(search_args, q.house_number), .value = N_("N"),
     .help = N_("and house number (with --street or --postcode)")},
    {"phone", CLI_STRING_AT(search_args, q.phone), .value = N_("P"),
     .help = N_("a party's phone number")},
    CLI_OPT_JSON(search_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_case_more_commands[] = {
    {"case", "edit", case_edit, N_("Change a case, or record the intake decision"), edit_options,
     0},
    {"case", "assign", case_assign, N_("Pair two volunteers to a case"), assign_options, 0},
    {"case", "suggest", case_suggest, N_("Suggest pairs of volunteers for a case, and say why"),
     suggest_options, 0},
    {"case", "search", case_search, N_("Find cases by a party's name, address or phone number"),
     search_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
