/* bbctl volunteer: add volunteers, list and show them, follow their pipeline status. Names
 * and contact details are stored encrypted; the home postcode only as blind indexes. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct add_args {
    bb_volunteer_new in;
    const char *types[BB_TYPES_MAX];
};

/* Handles one option of volunteer add; CLI_OK or the usage error's exit code. */
static int add_option(const cli_command *cmd, int opt, char **argv, struct add_args *a)
{
    int n;

    switch (opt) {
    case 'p':
        a->in.postcode = optarg;
        return CLI_OK;
    case 'a':
        a->in.area = optarg;
        return CLI_OK;
    case 's':
        a->in.status = optarg;
        return CLI_OK;
    case 'S':
        a->in.since = optarg;
        return CLI_OK;
    case 'i':
        a->in.id = optarg;
        return CLI_OK;
    case 'N':
        a->in.name = optarg;
        return CLI_OK;
    case 'P':
        a->in.phone = optarg;
        return CLI_OK;
    case 'E':
        a->in.email = optarg;
        return CLI_OK;
    case 'n':
        a->in.house_number = optarg;
        return CLI_OK;
    case 'c':
        return cli_int_arg(cmd, "--capacity", optarg, &a->in.capacity) ? CLI_OK : CLI_USAGE;
    case 't':
        if ((n = cli_split(optarg, a->types, BB_TYPES_MAX)) < 0)
            return cli_usage_error(cmd, "%s", _("--type: expected TYPE[,TYPE...]"));
        a->in.types = a->types;
        a->in.n_types = (size_t)n;
        return CLI_OK;
    default:
        return cli_bad_option(cmd, opt, argv);
    }
}

static int parse_add(const cli_command *cmd, int argc, char **argv, struct add_args *a)
{
    static const struct option opts[] = {
        {"postcode", required_argument, NULL, 'p'}, {"area", required_argument, NULL, 'a'},
        {"capacity", required_argument, NULL, 'c'}, {"status", required_argument, NULL, 's'},
        {"since", required_argument, NULL, 'S'},    {"type", required_argument, NULL, 't'},
        {"id", required_argument, NULL, 'i'},       {"name", required_argument, NULL, 'N'},
        {"phone", required_argument, NULL, 'P'},    {"email", required_argument, NULL, 'E'},
        {"number", required_argument, NULL, 'n'},   {NULL, 0, NULL, 0},
    };
    int opt, rc = CLI_OK;

    a->in.capacity = -1;
    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        rc = add_option(cmd, opt, argv, a);
    if (rc != CLI_OK)
        return rc;
    if (optind < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
    if (a->in.name == NULL)
        return cli_usage_error(cmd, _("%s is required"), "--name");
    if (a->in.postcode == NULL)
        return cli_usage_error(cmd, _("%s is required"), "--postcode");
    return CLI_OK;
}

static int volunteer_add(int argc, char **argv)
{
    struct add_args a = {0};
    char id[BB_UUID_SIZE];
    bb_volunteer *v = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_add(cli_find("volunteer", "add"), argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    if (a.in.id == NULL) {
        bb_uuid_generate(id);
        a.in.id = id;
    }
    rc = bb_volunteer_add(ctx, &a.in, &v);
    if (rc == BB_ECONN) /* same id: a volunteer added before the connection broke is found */
        rc = bb_volunteer_add(ctx, &a.in, &v);
    if (rc == BB_OK)
        printf("%s\n", v->number);
    else
        rc = cli_fail(ctx, rc, _("cannot add the volunteer"));
    bb_volunteer_free(v);
    bb_close(ctx);
    return rc;
}

/* A volunteer as JSON; with show, also the personal fields (null when locked). */
static void json_volunteer(json_out *j, const bb_volunteer *v, bool show,
                           const bb_volunteer_contact *c)
{
    json_open(j, '{');
    json_str(j, "number", v->number);
    json_str(j, "id", v->id);
    json_str(j, "status", v->status);
    json_str(j, "status_since", v->status_since);
    json_str_or_null(j, "area", v->area);
    json_int(j, "capacity", v->capacity);
    json_key_open(j, "types", '[');
    for (size_t i = 0; i < v->n_types; i++)
        json_str(j, NULL, v->types[i]);
    json_close(j, ']');
    json_int(j, "version", v->version);
    json_str(j, "created_at", v->created_at);
    if (show) {
        json_bool(j, "locked", c == NULL);
        json_str_or_null(j, "name", c ? c->name : NULL);
        json_str_or_null(j, "phone", c ? c->phone : NULL);
        json_str_or_null(j, "email", c ? c->email : NULL);
    }
    json_close(j, '}');
}

static void print_volunteer_row(const bb_volunteer *v)
{
    char cap[16];

    snprintf(cap, sizeof cap, "%d", v->capacity);
    cli_cell(v->number, 10);
    cli_cell(v->status, 16);
    cli_cell(v->status_since, 12);
    cli_cell(cap, 10);
    cli_cell(*v->area ? v->area : "-", 16);
    for (size_t i = 0; i < v->n_types; i++)
        printf("%s%s", i ? "," : "", v->types[i]);
    putchar('\n');
}

static int parse_list(const cli_command *cmd, int argc, char **argv, bb_volunteer_filter *f,
                      bool *json)
{
    static const struct option opts[] = {
        {"status", required_argument, NULL, 's'}, {"area", required_argument, NULL, 'a'},
        {"after", required_argument, NULL, 'A'},  {"limit", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},         {NULL, 0, NULL, 0},
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
        default:
            if (cli_list_option(cmd, opt, argv, &f->after, &f->limit, json) != CLI_OK)
                return CLI_USAGE;
        }
    }
    return cli_no_more_args(cmd, argc, argv, optind);
}

static void print_list(const bb_volunteer_list *l, bool json)
{
    json_out j = {0};

    if (json) {
        json_open(&j, '{');
        json_key_open(&j, "volunteers", '[');
        for (size_t i = 0; i < l->n; i++)
            json_volunteer(&j, &l->items[i], false, NULL);
        json_close(&j, ']');
        json_str_or_null(&j, "next", l->next);
        json_close(&j, '}');
        return;
    }
    printf("%-10s%-16s%-12s%-10s%-16s%s\n", _("NUMBER"), _("STATUS"), _("SINCE"), _("CAPACITY"),
           _("AREA"), _("TYPES"));
    for (size_t i = 0; i < l->n; i++)
        print_volunteer_row(&l->items[i]);
    if (*l->next)
        fprintf(stderr, _("More volunteers follow: add --after %s\n"), l->next);
}

static int volunteer_list(int argc, char **argv)
{
    bb_volunteer_filter f = {0};
    bb_volunteer_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc = parse_list(cli_find("volunteer", "list"), argc, argv, &f, &json);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_volunteer_list_get(ctx, &f, &l);
    if (rc == BB_OK)
        print_list(l, json);
    else
        rc = cli_fail(ctx, rc, _("cannot list the volunteers"));
    bb_volunteer_list_free(l);
    bb_close(ctx);
    return rc;
}

static void print_show(const bb_volunteer *v, const bb_volunteer_contact *c)
{
    printf("%-10s%-16s%-12s%-10s%-16s%s\n", _("NUMBER"), _("STATUS"), _("SINCE"), _("CAPACITY"),
           _("AREA"), _("TYPES"));
    print_volunteer_row(v);
    if (c == NULL)
        return;
    printf("%s", _("Name:   "));
    cli_cell(c->name ? c->name : "-", 0);
    printf("%s", _("\nPhone:  "));
    cli_cell(c->phone ? c->phone : "-", 0);
    printf("%s", _("\nE-mail: "));
    cli_cell(c->email ? c->email : "-", 0);
    putchar('\n');
}

static int volunteer_show(int argc, char **argv)
{
    const cli_command *cmd = cli_find("volunteer", "show");
    json_out j = {0};
    bb_volunteer *v = NULL;
    bb_volunteer_contact *c = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc;

    rc = cli_parse_json_one(cmd, argc, argv, _("give one volunteer number"), &json);
    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    rc = bb_volunteer_get(ctx, argv[optind], &v);
    if (rc == BB_OK && bb_is_unlocked(ctx))
        rc = bb_volunteer_contact_get(ctx, argv[optind], &c);
    if (rc == BB_OK && json)
        json_volunteer(&j, v, true, c);
    else if (rc == BB_OK)
        print_show(v, c);
    else
        rc = cli_fail(ctx, rc, _("cannot show the volunteer"));
    if (rc == CLI_OK && !json && c == NULL)
        cli_tell_locked();
    bb_volunteer_contact_free(c);
    bb_volunteer_free(v);
    bb_close(ctx);
    return rc;
}

static int parse_status(const cli_command *cmd, int argc, char **argv, const char **since,
                        long long *version)
{
    static const struct option opts[] = {
        {"since", required_argument, NULL, 'S'},
        {"version", required_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt == 'S')
            *since = optarg;
        else if (opt != 'V')
            return cli_bad_option(cmd, opt, argv);
        else if (!cli_version_arg(cmd, optarg, version))
            return CLI_USAGE;
    }
    if (argc - optind != 2)
        return cli_usage_error(cmd, "%s", _("give a volunteer number and a status"));
    return CLI_OK;
}

static int volunteer_status(int argc, char **argv)
{
    const char *since = NULL;
    long long version = 0;
    bb_volunteer *v = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_status(cli_find("volunteer", "status"), argc, argv, &since, &version);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    /* Without --version, the version read now: only a change in between is refused. */
    if (version == 0 && (rc = bb_volunteer_get(ctx, argv[optind], &v)) == BB_OK)
        version = v->version;
    bb_volunteer_free(v);
    v = NULL;
    if (rc == BB_OK)
        rc = bb_volunteer_set_status(ctx, argv[optind], version, argv[optind + 1], since, &v);
    if (rc == BB_OK)
        printf(_("Volunteer %s is now '%s' since %s.\n"), v->number, v->status, v->status_since);
    else
        rc = cli_fail(ctx, rc, _("the volunteer was not changed"));
    bb_volunteer_free(v);
    bb_close(ctx);
    return rc;
}

const cli_command cli_volunteer_commands[] = {
    {"volunteer", "add", volunteer_add, N_("Add a volunteer; prints the volunteer's number"),
     N_("--name NAME --postcode P [--number N] [--phone P] [--email E] [--area AREA] "
        "[--capacity N] [--status STATUS] [--since DATE] [--type TYPE[,TYPE...]] [--id UUID]")},
    {"volunteer", "list", volunteer_list, N_("List volunteers by number, a page at a time"),
     N_("[--status S] [--area A] [--after VOLUNTEER] [--limit N] [--json]")},
    {"volunteer", "show", volunteer_show, N_("Show a volunteer"), N_("VOLUNTEER [--json]")},
    {"volunteer", "status", volunteer_status, N_("Set a volunteer's pipeline status"),
     N_("VOLUNTEER STATUS [--since DATE] [--version N]")},
    {NULL, NULL, NULL, NULL, NULL},
};
