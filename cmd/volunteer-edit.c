/* bbctl volunteer edit: change a volunteer's name, contact details, postcode, area, capacity
 * or preferred conflict types; "" (or --clear FIELD) removes an optional personal field. */
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct edit_args {
    bb_volunteer_changes ch;
    const char *types[BB_TYPES_MAX];
    long long version;
};

/* --clear phone|email|number|area|types: the same as giving the option as "". */
static int clear_field(const cli_command *cmd, const char *field, struct edit_args *a)
{
    if (strcmp(field, "phone") == 0)
        a->ch.phone = "";
    else if (strcmp(field, "email") == 0)
        a->ch.email = "";
    else if (strcmp(field, "number") == 0)
        a->ch.house_number = "";
    else if (strcmp(field, "area") == 0)
        a->ch.area = "";
    else if (strcmp(field, "types") == 0 || strcmp(field, "type") == 0)
        a->ch.types_given = true, a->ch.n_types = 0;
    else
        return cli_usage_error(cmd,
                               _("--clear: '%s' is not a field that can be cleared (phone, email, "
                                 "number, area, types)"),
                               field);
    return CLI_OK;
}

static int edit_option(const cli_command *cmd, int opt, char **argv, struct edit_args *a)
{
    int n;

    switch (opt) {
    case 'N':
        a->ch.name = optarg;
        return CLI_OK;
    case 'P':
        a->ch.phone = optarg;
        return CLI_OK;
    case 'E':
        a->ch.email = optarg;
        return CLI_OK;
    case 'p':
        a->ch.postcode = optarg;
        return CLI_OK;
    case 'n':
        a->ch.house_number = optarg;
        return CLI_OK;
    case 'a':
        a->ch.area = optarg;
        return CLI_OK;
    case 'c':
        return cli_int_arg(cmd, "--capacity", optarg, &a->ch.capacity) && a->ch.capacity >= 0
                   ? CLI_OK
                   : cli_usage_error(cmd, _("--capacity: '%s' is not a number of cases"), optarg);
    case 't':
        a->ch.types_given = true;
        a->ch.types = a->types;
        if (*optarg == '\0') { /* --types '': prefers none */
            a->ch.n_types = 0;
            return CLI_OK;
        }
        if ((n = cli_split(optarg, a->types, BB_TYPES_MAX)) < 0)
            return cli_usage_error(cmd, "%s", _("--types: expected TYPE[,TYPE...]"));
        a->ch.n_types = (size_t)n;
        return CLI_OK;
    case 'C':
        return clear_field(cmd, optarg, a);
    case 'V':
        return cli_version_arg(cmd, optarg, &a->version) ? CLI_OK : CLI_USAGE;
    default:
        return cli_bad_option(cmd, opt, argv);
    }
}

static int parse_edit(const cli_command *cmd, int argc, char **argv, struct edit_args *a)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'N'},     {"phone", required_argument, NULL, 'P'},
        {"email", required_argument, NULL, 'E'},    {"postcode", required_argument, NULL, 'p'},
        {"number", required_argument, NULL, 'n'},   {"area", required_argument, NULL, 'a'},
        {"capacity", required_argument, NULL, 'c'}, {"types", required_argument, NULL, 't'},
        {"type", required_argument, NULL, 't'},     {"clear", required_argument, NULL, 'C'},
        {"version", required_argument, NULL, 'V'},  {NULL, 0, NULL, 0},
    };
    int opt, rc = CLI_OK;

    a->ch.capacity = -1;
    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        rc = edit_option(cmd, opt, argv, a);
    if (rc != CLI_OK)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one volunteer number"));
    return CLI_OK;
}

static bool personal_change(const bb_volunteer_changes *ch)
{
    return ch->name || ch->phone || ch->email || ch->postcode || ch->house_number;
}

static int volunteer_edit(int argc, char **argv)
{
    struct edit_args a = {0};
    bb_volunteer *v = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_edit(cli_find("volunteer", "edit"), argc, argv, &a);
    const char *number = argv[optind];

    if (rc != CLI_OK)
        return rc;
    rc = personal_change(&a.ch) ? cli_open_unlocked(&ctx) : cli_open_org(&ctx);
    if (rc != CLI_OK)
        return rc;
    /* Without --version, the version read now: only a change in between is refused. */
    if (a.version == 0 && (rc = bb_volunteer_get(ctx, number, &v)) == BB_OK)
        a.version = v->version;
    bb_volunteer_free(v);
    v = NULL;
    if (rc == BB_OK)
        rc = bb_volunteer_edit(ctx, number, a.version, &a.ch, &v);
    if (rc == BB_OK)
        printf(_("Volunteer %s is changed (version %lld).\n"), v->number, v->version);
    else
        rc = cli_fail(ctx, rc, _("the volunteer was not changed"));
    bb_volunteer_free(v);
    bb_close(ctx);
    return rc;
}

const cli_command cli_volunteer_edit_commands[] = {
    {"volunteer", "edit", volunteer_edit,
     N_("Change a volunteer's name, contact details, postcode, area, capacity or preferences"),
     N_("VOLUNTEER [--name NAME] [--phone P] [--email E] [--postcode P [--number N]] "
        "[--area AREA] [--capacity N] [--types TYPE[,TYPE...]] "
        "[--clear phone|email|number|area|types]... [--version N]")},
    {NULL, NULL, NULL, NULL, NULL},
};
