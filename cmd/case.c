/* bbctl case: register, list, show, move and close cases. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int missing(const cli_command *cmd, const char *option)
{
    return cli_usage_error(cmd, _("%s is required"), option);
}

struct new_args {
    bb_case_new in;
    const char *types[BB_TYPES_MAX];
    char *type_list;
};

static int parse_new(const cli_command *cmd, int argc, char **argv, struct new_args *a)
{
    static const struct option opts[] = {
        {"reported", required_argument, NULL, 'r'},
        {"source", required_argument, NULL, 's'},
        {"type", required_argument, NULL, 't'},
        {"area", required_argument, NULL, 'a'},
        {"id", required_argument, NULL, 'i'},
        {"note", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    int opt, n;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (opt) {
        case 'r':
            a->in.reported_on = optarg;
            break;
        case 's':
            a->in.source = optarg;
            break;
        case 't':
            a->type_list = optarg;
            break;
        case 'a':
            a->in.area = optarg;
            break;
        case 'i':
            a->in.id = optarg;
            break;
        case 'n':
            a->in.note = optarg;
            break;
        default:
            return cli_bad_option(cmd, opt, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
    if (a->in.reported_on == NULL || a->in.source == NULL || a->type_list == NULL)
        return missing(cmd, a->in.reported_on == NULL ? "--reported"
                            : a->in.source == NULL    ? "--source"
                                                      : "--type");
    n = cli_split(a->type_list, a->types, BB_TYPES_MAX);
    if (n < 0)
        return cli_usage_error(cmd, "%s", _("--type: expected TYPE[,TYPE...]"));
    a->in.types = a->types;
    a->in.n_types = (size_t)n;
    return CLI_OK;
}

static int case_new(int argc, char **argv)
{
    const cli_command *cmd = cli_find("case", "new");
    struct new_args a = {0};
    char id[BB_UUID_SIZE];
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_new(cmd, argc, argv, &a);

    /* A case gets its data key at once: registering needs the keys. */
    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    if (a.in.id == NULL) {
        bb_uuid_generate(id);
        a.in.id = id;
    }
    rc = bb_case_create(ctx, &a.in, &c);
    /* Same id again: if the first COMMIT went through, that case is found, not made twice. */
    if (rc == BB_ECONN)
        rc = bb_case_create(ctx, &a.in, &c);
    if (rc == BB_OK)
        printf("%s\n", c->number);
    else
        rc = cli_fail(ctx, rc, _("cannot register the case"));
    bb_case_free(c);
    bb_close(ctx);
    return rc;
}

static void print_case_row(const bb_case *c)
{
    char types[BB_TYPES_MAX * BB_KEY_SIZE] = "";
    size_t o = 0;

    for (size_t i = 0; i < c->n_types && o < sizeof types; i++)
        o += (size_t)snprintf(types + o, sizeof types - o, "%s%s", i ? "," : "", c->types[i]);
    cli_cell(c->number, 14);
    cli_cell(c->reported_on, 12);
    cli_cell(c->status, 14);
    cli_cell(c->source, 18);
    cli_cell(*c->area ? c->area : "-", 16);
    cli_cell(types, 0);
    putchar('\n');
}

static void json_case_fields(json_out *j, const bb_case *c)
{
    json_str(j, "number", c->number);
    json_str(j, "id", c->id);
    json_str(j, "status", c->status);
    json_str(j, "reported_on", c->reported_on);
    json_str(j, "source", c->source);
    json_key_open(j, "types", '[');
    for (size_t i = 0; i < c->n_types; i++)
        json_str(j, NULL, c->types[i]);
    json_close(j, ']');
    json_str_or_null(j, "area", c->area);
    json_str_or_null(j, "outcome", c->outcome);
    json_str_or_null(j, "closed_on", c->closed_on);
    json_str_or_null(j, "reported_back_on", c->reported_back_on);
    json_int(j, "version", c->version);
    json_str(j, "created_at", c->created_at);
    json_str(j, "updated_at", c->updated_at);
    if (c->intake_suitable < 0)
        json_null(j, "intake_suitable");
    else
        json_bool(j, "intake_suitable", c->intake_suitable == 1);
    json_str_or_null(j, "intake_reason", c->intake_reason);
    json_str_or_null(j, "intake_on", c->intake_on);
    json_key_open(j, "volunteers", '[');
    for (int i = 0; i < 2 && *c->volunteers[i]; i++)
        json_str(j, NULL, c->volunteers[i]);
    json_close(j, ']');
}

static void print_list(const bb_case_list *l, bool json)
{
    json_out j = {0};

    if (json) {
        json_open(&j, '{');
        json_key_open(&j, "cases", '[');
        for (size_t i = 0; i < l->n; i++) {
            json_open(&j, '{');
            json_case_fields(&j, &l->items[i]);
            json_close(&j, '}');
        }
        json_close(&j, ']');
        json_str_or_null(&j, "next", l->next);
        json_close(&j, '}');
        return;
    }
    printf("%-14s%-12s%-14s%-18s%-16s%s\n", _("NUMBER"), _("REPORTED"), _("STATUS"), _("SOURCE"),
           _("AREA"), _("TYPES"));
    for (size_t i = 0; i < l->n; i++)
        print_case_row(&l->items[i]);
    if (*l->next)
        fprintf(stderr, _("More cases follow: add --after %s\n"), l->next);
}

int cli_case_list_done(bb_ctx *ctx, int rc, bb_case_list *l, bool json, const char *what)
{
    if (rc == BB_OK)
        print_list(l, json);
    else
        rc = cli_fail(ctx, rc, what);
    bb_case_list_free(l);
    bb_close(ctx);
    return rc;
}

static int parse_list(const cli_command *cmd, int argc, char **argv, bb_case_filter *f, bool *json)
{
    static const struct option opts[] = {
        {"status", required_argument, NULL, 's'},    {"area", required_argument, NULL, 'a'},
        {"source", required_argument, NULL, 'o'},    {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},        {"after", required_argument, NULL, 'A'},
        {"limit", required_argument, NULL, 'l'},     {"json", no_argument, NULL, 'j'},
        {"volunteer", required_argument, NULL, 'v'}, {NULL, 0, NULL, 0},
    };
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (opt) {
        case 's':
            f->status = optarg;
            break;
        case 'a':
            f->area = optarg;
            break;
        case 'o':
            f->source = optarg;
            break;
        case 'v':
            f->volunteer = optarg;
            break;
        case 'f':
            f->from = optarg;
            break;
        case 't':
            f->to = optarg;
            break;
        default:
            if (cli_list_option(cmd, opt, argv, &f->after, &f->limit, json) != CLI_OK)
                return CLI_USAGE;
        }
    }
    return cli_no_more_args(cmd, argc, argv, optind);
}

static int case_list(int argc, char **argv)
{
    bb_case_filter f = {0};
    bb_case_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc = parse_list(cli_find("case", "list"), argc, argv, &f, &json);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_case_list_get(ctx, &f, &l);
    return cli_case_list_done(ctx, rc, l, json, _("cannot list the cases"));
}

/* What a case show prints: the case, its history, its parties. */
struct shown {
    bb_case *c;
    bb_case_event_list *ev;
    bb_party_list *parties;
    bool locked;
};

static void print_intake(const bb_case *c)
{
    printf("%s", _("Intake:        "));
    if (c->intake_suitable < 0)
        printf("-\n");
    else if (c->intake_suitable == 1)
        printf(_("suitable (%s)\n"), c->intake_on);
    else
        printf(_("not suitable: %s (%s)\n"), c->intake_reason, c->intake_on);
    printf("%s", _("Volunteers:    "));
    if (*c->volunteers[0])
        printf("%s, %s\n", c->volunteers[0], c->volunteers[1]);
    else
        printf("-\n");
}

static void print_show(const struct shown *s)
{
    const bb_case *c = s->c;

    printf(_("Case:          %s\n"), c->number);
    printf(_("Status:        %s\n"), c->status);
    printf(_("Reported:      %s\n"), c->reported_on);
    printf(_("Source:        %s\n"), c->source);
    printf("%s", _("Types:         "));
    for (size_t i = 0; i < c->n_types; i++)
        printf("%s%s", i ? ", " : "", c->types[i]);
    printf("%s", _("\nArea:          "));
    cli_cell(*c->area ? c->area : "-", 0);
    printf(_("\nOutcome:       %s\n"), *c->outcome ? c->outcome : "-");
    printf(_("Closed:        %s\n"), *c->closed_on ? c->closed_on : "-");
    printf(_("Reported back: %s\n"), *c->reported_back_on ? c->reported_back_on : "-");
    print_intake(c);
    printf(_("Version:       %lld\n"), c->version);
    printf("%s", _("Parties:\n"));
    cli_print_parties(s->parties);
    printf("%s", _("History:\n"));
    for (size_t i = 0; i < s->ev->n; i++) {
        const bb_case_event *e = &s->ev->items[i];
        printf("  %-22s%-14s-> %-14s", e->at, *e->from ? e->from : "-", e->to);
        cli_cell(e->user, 0);
        putchar('\n');
        if (e->note != NULL) {
            printf("%s", _("      note: "));
            cli_cell(e->note, 0);
            putchar('\n');
        }
    }
}

static void json_show(const struct shown *s)
{
    json_out j = {0};

    json_open(&j, '{');
    json_case_fields(&j, s->c);
    json_bool(&j, "locked", s->locked);
    cli_json_parties(&j, "parties", s->parties);
    json_key_open(&j, "events", '[');
    for (size_t i = 0; i < s->ev->n; i++) {
        const bb_case_event *e = &s->ev->items[i];
        json_open(&j, '{');
        json_str(&j, "at", e->at);
        json_str_or_null(&j, "from", e->from);
        json_str(&j, "to", e->to);
        json_str(&j, "user", e->user);
        json_str_or_null(&j, "note", e->note);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
}

/* Parses "CASE [--json]"-style arguments: exactly one positional, optional --json. */
static int parse_one(const cli_command *cmd, int argc, char **argv, const char **arg, bool *json)
{
    int rc;

    if ((rc = cli_parse_json_only(cmd, argc, argv, json)) != CLI_OK)
        return rc;
    if (optind >= argc)
        return cli_usage_error(cmd, "%s", _("which case? give its number"));
    if (optind + 1 < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
    *arg = argv[optind];
    return CLI_OK;
}

static int case_show(int argc, char **argv)
{
    const char *number = NULL;
    struct shown s = {0};
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc = parse_one(cli_find("case", "show"), argc, argv, &number, &json);

    if (rc != CLI_OK || (rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    s.locked = !bb_is_unlocked(ctx);
    rc = bb_case_get(ctx, number, &s.c);
    if (rc == BB_OK)
        rc = bb_case_events(ctx, number, &s.ev);
    if (rc == BB_OK)
        rc = bb_party_list_get(ctx, number, &s.parties);
    if (rc == BB_OK && json)
        json_show(&s);
    else if (rc == BB_OK)
        print_show(&s);
    else
        rc = cli_fail(ctx, rc, _("cannot show the case"));
    if (rc == CLI_OK && s.locked && !json)
        cli_tell_locked();
    bb_party_list_free(s.parties);
    bb_case_event_list_free(s.ev);
    bb_case_free(s.c);
    bb_close(ctx);
    return rc;
}

/* What a change command was given: CASE, a value, and options. */
struct change_args {
    const char *number, *value, *date;
    const char *note;  /* --note, or --reason of case close: the event's note */
    long long version; /* 0: the version read just before the change */
};

static int parse_change(const cli_command *cmd, int argc, char **argv, int positionals,
                        struct change_args *a)
{
    static const struct option opts[] = {
        {"outcome", required_argument, NULL, 'o'}, {"date", required_argument, NULL, 'd'},
        {"version", required_argument, NULL, 'V'}, {"note", required_argument, NULL, 'n'},
        {"reason", required_argument, NULL, 'r'},  {NULL, 0, NULL, 0},
    };
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            a->value = optarg;
            break;
        case 'd':
            a->date = optarg;
            break;
        case 'n':
        case 'r':
            if (a->note != NULL)
                return cli_usage_error(cmd, "%s", _("give one note: --note or --reason"));
            a->note = optarg;
            break;
        case 'V':
            if (!cli_version_arg(cmd, optarg, &a->version))
                return CLI_USAGE;
            break;
        default:
            return cli_bad_option(cmd, opt, argv);
        }
    }
    if (argc - optind < positionals)
        return cli_usage_error(cmd, "%s", _("missing arguments"));
    if (argc - optind > positionals)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind + positionals]);
    if (positionals == 2 && a->value != NULL)
        return cli_usage_error(cmd, "%s", _("--outcome belongs to 'case close'"));
    if (a->note != NULL && strcmp(cmd->verb, "reported-back") == 0)
        return cli_usage_error(cmd, "%s", _("--note belongs to 'case move' and 'case close'"));
    a->number = argv[optind];
    if (positionals == 2)
        a->value = argv[optind + 1];
    return CLI_OK;
}

enum change { CHANGE_MOVE, CHANGE_CLOSE, CHANGE_BACK };

static int apply_change(bb_ctx *ctx, enum change what, const struct change_args *a, bb_case **c)
{
    long long version = a->version;
    int rc = BB_OK;

    /* Without --version, the version read now: only a change in between is refused. */
    if (version == 0 && (rc = bb_case_get(ctx, a->number, c)) == BB_OK)
        version = (*c)->version;
    bb_case_free(*c);
    *c = NULL;
    if (rc != BB_OK)
        return rc;
    if (what == CHANGE_MOVE)
        return bb_case_move_note(ctx, a->number, version, a->value, a->note, c);
    if (what == CHANGE_CLOSE)
        return bb_case_close_note(ctx, a->number, version, a->value, a->date, a->note, c);
    return bb_case_reported_back(ctx, a->number, version, a->date, c);
}

static int run_change(enum change what, const char *verb, int positionals, int argc, char **argv)
{
    const cli_command *cmd = cli_find("case", verb);
    struct change_args a = {0};
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_change(cmd, argc, argv, positionals, &a);

    if (rc == CLI_OK && what == CHANGE_CLOSE && a.value == NULL)
        rc = missing(cmd, "--outcome");
    if (rc != CLI_OK)
        return rc;
    /* Only a note is personal data: a move without one needs no keys. */
    rc = a.note != NULL ? cli_open_unlocked(&ctx) : cli_open_org(&ctx);
    if (rc != CLI_OK)
        return rc;
    rc = apply_change(ctx, what, &a, &c);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the case was not changed"));
    else if (what == CHANGE_MOVE)
        printf(_("Case %s is now '%s' (version %lld).\n"), c->number, c->status, c->version);
    else if (what == CHANGE_CLOSE)
        printf(_("Case %s is closed: %s (version %lld).\n"), c->number, c->outcome, c->version);
    else
        printf(_("Case %s: outcome reported back on %s (version %lld).\n"), c->number,
               c->reported_back_on, c->version);
    bb_case_free(c);
    bb_close(ctx);
    return rc;
}

static int case_move(int argc, char **argv)
{
    return run_change(CHANGE_MOVE, "move", 2, argc, argv);
}

static int case_close(int argc, char **argv)
{
    return run_change(CHANGE_CLOSE, "close", 1, argc, argv);
}

static int case_reported_back(int argc, char **argv)
{
    return run_change(CHANGE_BACK, "reported-back", 1, argc, argv);
}

const cli_command cli_case_commands[] = {
    {"case", "new", case_new, N_("Register a new case; prints its number"),
     N_("--reported DATE --source SOURCE --type TYPE[,TYPE...] [--area AREA] [--note TEXT] "
        "[--id UUID]")},
    {"case", "list", case_list, N_("List cases, newest first, a page at a time"),
     N_("[--status S] [--area A] [--source S] [--volunteer V] [--from DATE] [--to DATE] "
        "[--after CASE] [--limit N] [--json]")},
    {"case", "show", case_show, N_("Show a case, its parties and its history"),
     N_("CASE [--json]")},
    {"case", "move", case_move, N_("Move a case to another status"),
     N_("CASE STATUS [--note TEXT] [--version N]")},
    {"case", "close", case_close, N_("Close a case with its outcome"),
     N_("CASE --outcome OUTCOME [--reason TEXT] [--date DATE] [--version N]")},
    {"case", "reported-back", case_reported_back,
     N_("Record that the outcome was reported back to the referrer"),
     N_("CASE [--date DATE] [--version N]")},
    {NULL, NULL, NULL, NULL, NULL},
};
