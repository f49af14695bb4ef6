/* bbctl party: add, edit and list the parties of a case. Their names, addresses, phone
 * numbers and e-mail are stored encrypted: add and edit need the keys, list shows them only
 * when the keys are at hand. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The options party add and party edit share. */
/* clang-format off */
#define PARTY_OPTIONS                                                                              \
    {"role", required_argument, NULL, 'r'},        {"name", required_argument, NULL, 'N'},       \
    {"street", required_argument, NULL, 's'},      {"number", required_argument, NULL, 'n'},     \
    {"postcode", required_argument, NULL, 'p'},    {"place", required_argument, NULL, 'l'},      \
    {"phone", required_argument, NULL, 'P'},       {"email", required_argument, NULL, 'e'},      \
    {"tenure", required_argument, NULL, 't'},      {"household", required_argument, NULL, 'h'},  \
    {"age", required_argument, NULL, 'a'},         {"interpreter", required_argument, NULL, 'i'}
/* clang-format on */

/* Stores one shared option in in; false when opt is not one of them. */
static bool party_option(int opt, bb_party_new *in)
{
    const char **slot = opt == 'r'   ? &in->role
                        : opt == 'N' ? &in->name
                        : opt == 's' ? &in->street
                        : opt == 'n' ? &in->house_number
                        : opt == 'p' ? &in->postcode
                        : opt == 'l' ? &in->place
                        : opt == 'P' ? &in->phone
                        : opt == 'e' ? &in->email
                        : opt == 't' ? &in->tenure
                        : opt == 'h' ? &in->household
                        : opt == 'a' ? &in->age_band
                        : opt == 'i' ? &in->interpreter
                                     : NULL;

    if (slot == NULL)
        return false;
    *slot = optarg;
    return true;
}

static int parse_add(const cli_command *cmd, int argc, char **argv, bb_party_new *in)
{
    static const struct option opts[] = {
        PARTY_OPTIONS, {"id", required_argument, NULL, 'I'}, {NULL, 0, NULL, 0}};
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        if (opt == 'I')
            in->id = optarg;
        else if (!party_option(opt, in))
            return cli_bad_option(cmd, opt, argv);
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one case number"));
    if (in->role == NULL)
        return cli_usage_error(cmd, _("%s is required"), "--role");
    if (in->name == NULL)
        return cli_usage_error(cmd, _("%s is required"), "--name");
    return CLI_OK;
}

static int party_add(int argc, char **argv)
{
    bb_party_new in = {0};
    char id[BB_UUID_SIZE];
    bb_party *p = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_add(cli_find("party", "add"), argc, argv, &in);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    if (in.id == NULL) {
        bb_uuid_generate(id);
        in.id = id;
    }
    rc = bb_party_add(ctx, argv[optind], &in, &p);
    if (rc == BB_ECONN) /* same id: a party added before the connection broke is found */
        rc = bb_party_add(ctx, argv[optind], &in, &p);
    if (rc == BB_OK)
        printf(_("Party %d (%s) of case %s is recorded.\n"), p->number, p->role, p->case_number);
    else
        rc = cli_fail(ctx, rc, _("cannot add the party"));
    bb_party_free(p);
    bb_close(ctx);
    return rc;
}

static int parse_edit(const cli_command *cmd, int argc, char **argv, bb_party_new *in, int *party,
                      long long *version)
{
    static const struct option opts[] = {
        PARTY_OPTIONS, {"version", required_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        if (opt == 'V') {
            if (!cli_version_arg(cmd, optarg, version))
                return CLI_USAGE;
        } else if (!party_option(opt, in)) {
            return cli_bad_option(cmd, opt, argv);
        }
    if (argc - optind != 2)
        return cli_usage_error(cmd, "%s", _("give a case number and a party number"));
    return cli_int_arg(cmd, _("party number"), argv[optind + 1], party) ? CLI_OK : CLI_USAGE;
}

/* The party's version now, for an edit without --version. */
static int party_version(bb_ctx *ctx, const char *number, int party, long long *version)
{
    bb_party_list *l = NULL;
    int rc = BB_OK;

    if (*version != 0)
        return BB_OK;
    rc = bb_party_list_get(ctx, number, &l);
    for (size_t i = 0; rc == BB_OK && i < l->n; i++)
        if (l->items[i].number == party)
            *version = l->items[i].version;
    bb_party_list_free(l);
    if (rc == BB_OK && *version == 0)
        *version = 1; /* no such party: the edit says so */
    return rc;
}

static int party_edit(int argc, char **argv)
{
    bb_party_new in = {0};
    long long version = 0;
    bb_party *p = NULL;
    bb_ctx *ctx = NULL;
    int party = 0;
    int rc = parse_edit(cli_find("party", "edit"), argc, argv, &in, &party, &version);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = party_version(ctx, argv[optind], party, &version);
    if (rc == BB_OK)
        rc = bb_party_edit(ctx, argv[optind], party, version, &in, &p);
    if (rc == BB_OK)
        printf(_("Party %d (%s) of case %s is changed (version %lld).\n"), p->number, p->role,
               p->case_number, p->version);
    else
        rc = cli_fail(ctx, rc, _("the party was not changed"));
    bb_party_free(p);
    bb_close(ctx);
    return rc;
}

static int party_list(int argc, char **argv)
{
    const cli_command *cmd = cli_find("party", "list");
    bb_party_list *l = NULL;
    bb_ctx *ctx = NULL;
    json_out j = {0};
    bool json = false;
    int rc;

    rc = cli_parse_json_one(cmd, argc, argv, _("give one case number"), &json);
    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    rc = bb_party_list_get(ctx, argv[optind], &l);
    if (rc == BB_OK && json) {
        json_open(&j, '{');
        cli_json_parties(&j, "parties", l);
        json_close(&j, '}');
    } else if (rc == BB_OK) {
        cli_print_parties(l);
    } else {
        rc = cli_fail(ctx, rc, _("cannot list the parties"));
    }
    if (rc == CLI_OK && !json && !bb_is_unlocked(ctx))
        cli_tell_locked();
    bb_party_list_free(l);
    bb_close(ctx);
    return rc;
}

const cli_command cli_party_commands[] = {
    {"party", "add", party_add, N_("Add a party to a case"),
     N_("CASE --role ROLE --name NAME [--street S --number N --postcode P --place PLACE] "
        "[--phone P] [--email E] [--tenure T] [--household H] [--age BAND] "
        "[--interpreter ja|nee|onbekend] [--id UUID]")},
    {"party", "edit", party_edit, N_("Change a party of a case"),
     N_("CASE PARTY [--role ROLE] [--name NAME] [--street S] [--number N] [--postcode P] "
        "[--place PLACE] [--phone P] [--email E] [--tenure T] [--household H] [--age BAND] "
        "[--interpreter ja|nee|onbekend] [--version N]")},
    {"party", "list", party_list, N_("List the parties of a case"), N_("CASE [--json]")},
    {NULL, NULL, NULL, NULL, NULL},
};
