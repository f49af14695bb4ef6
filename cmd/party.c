/* bbctl party: add, edit, list, move and remove the parties of a case. Their names, addresses,
 * phone numbers and e-mail are stored encrypted: add and edit need the keys, list shows them only
 * when the keys are at hand. */
#include "args.h"
#include "cli.h"
#include "duplicates.h"
#include "out.h"
#include "personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct party_args {
    bb_party_new in;
    const char *number; /* the case */
    const char *to;     /* move: the case it belongs to */
    const char *reason; /* remove */
    int party;
    long long version;
    bool json;
    bool yes; /* add: even when another case has the same people */
} party_args;

static int party_add(const cli_command *cmd, int argc, char **argv)
{
    party_args a = {0};
    char id[BB_UUID_SIZE];
    bb_party *p = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    if (a.in.id == NULL) {
        bb_uuid_generate(id);
        a.in.id = id;
    }
    rc = cli_duplicates_check(ctx, &a.in, a.number, a.yes);
    if (rc != CLI_OK)
        goto done;
    rc = bb_party_add(ctx, a.number, &a.in, &p);
    if (rc == BB_ECONN) /* same id: a party added before the connection broke is found */
        rc = bb_party_add(ctx, a.number, &a.in, &p);
    if (rc == BB_OK)
        printf(_("Party %d (%s) of case %s is recorded.\n"), p->number, p->role, p->case_number);
    else
        rc = cli_fail(ctx, rc, _("cannot add the party"));
done:
    bb_party_free(p);
    bb_close(ctx);
    return rc;
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

static int party_edit(const cli_command *cmd, int argc, char **argv)
{
    party_args a = {0};
    bb_party *p = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = party_version(ctx, a.number, a.party, &a.version);
    if (rc == BB_OK)
        rc = bb_party_edit(ctx, a.number, a.party, a.version, &a.in, &p);
    if (rc == BB_OK)
        printf(_("Party %d (%s) of case %s is changed (version %lld).\n"), p->number, p->role,
               p->case_number, p->version);
    else
        rc = cli_fail(ctx, rc, _("the party was not changed"));
    bb_party_free(p);
    bb_close(ctx);
    return rc;
}

/* move (to non-NULL) or remove a party. */
static int run_fix(const cli_command *cmd, int argc, char **argv, bool move)
{
    party_args a = {0};
    bb_party *p = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = party_version(ctx, a.number, a.party, &a.version);
    if (rc == BB_OK && move)
        rc = bb_party_move(ctx, a.number, a.party, a.version, a.to, &p);
    else if (rc == BB_OK)
        rc = bb_party_remove(ctx, a.number, a.party, a.version, a.reason);
    if (rc == BB_OK && move)
        printf(_("Party %d of case %s is now party %d (%s) of case %s (version %lld).\n"), a.party,
               a.number, p->number, p->role, p->case_number, p->version);
    else if (rc == BB_OK)
        printf(_("Party %d of case %s is removed; its personal data is destroyed.\n"), a.party,
               a.number);
    else
        rc = cli_fail(ctx, rc, _("the party was not changed"));
    bb_party_free(p);
    bb_close(ctx);
    return rc;
}

static int party_move(const cli_command *cmd, int argc, char **argv)
{
    return run_fix(cmd, argc, argv, true);
}

static int party_remove(const cli_command *cmd, int argc, char **argv)
{
    return run_fix(cmd, argc, argv, false);
}

static int party_list(const cli_command *cmd, int argc, char **argv)
{
    party_args a = {0};
    bb_party_list *l = NULL;
    bb_ctx *ctx = NULL;
    json_out j = {0};
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    rc = bb_party_list_get(ctx, a.number, &l);
    if (rc == BB_OK && a.json) {
        jw_open(&j, '{');
        cli_json_parties(&j, "parties", l);
        jw_close(&j, '}');
    } else if (rc == BB_OK) {
        cli_print_parties(l);
    } else {
        rc = cli_fail(ctx, rc, _("cannot list the parties"));
    }
    if (rc == CLI_OK && !a.json && !bb_is_unlocked(ctx))
        cli_tell_locked();
    bb_party_list_free(l);
    bb_close(ctx);
    return rc;
}

/* clang-format off */
#define FIELD(option, f, placeholder, help_text, how)                                              \
    {option, CLI_STRING_AT(party_args, in.f), .value = placeholder, .join = how,                   \
     .help = help_text}

/* The fields of a party; add needs the role and the name, and an address whole. */
#define PARTY_FIELDS(needed, address)                                                              \
    {"role", CLI_STRING_AT(party_args, in.role), .value = N_("ROLE"), .flags = needed,             \
     .help = N_("melder, wederpartij or betrokkene")},                                             \
    {"name", CLI_STRING_AT(party_args, in.name), .value = N_("NAME"), .flags = needed,             \
     .help = N_("their name")},                                                                    \
    FIELD("street", street, N_("S"), N_("the street of their address"), CLI_ALONE),                \
    FIELD("number", house_number, N_("N"), N_("their house number"), address),                     \
    FIELD("postcode", postcode, N_("P"), N_("their postcode"), address),                           \
    FIELD("place", place, N_("PLACE"), N_("their town or village"), address),                      \
    FIELD("phone", phone, N_("P"), N_("their phone number"), CLI_ALONE),                           \
    FIELD("email", email, N_("E"), N_("their e-mail address"), CLI_ALONE),                         \
    FIELD("tenure", tenure, N_("T"), N_("how they hold their home (docs/parties.md)"), CLI_ALONE), \
    FIELD("household", household, N_("H"), N_("their household (docs/parties.md)"), CLI_ALONE),    \
    FIELD("age", age_band, N_("BAND"), N_("their age band (docs/parties.md)"), CLI_ALONE),         \
    FIELD("interpreter", interpreter, N_("ja|nee|onbekend"),                                       \
          N_("whether they need an interpreter"), CLI_ALONE)
/* clang-format on */

static const cli_option add_options[] = {
    CLI_ARG_CASE(party_args, number, N_("give one case number")),
    PARTY_FIELDS(CLI_REQUIRED, CLI_AND),
    CLI_OPT_ID(party_args, in.id),
    {"yes", CLI_FLAG_AT(party_args, yes),
     .help = N_("add it even when an open case has a party with the same address, phone or name")},
    CLI_OPTIONS_END,
};

#define EDIT_USAGE N_("give a case number and a party number")

/* CASE PARTY: the arguments of edit, move and remove. */
/* clang-format off */
#define CASE_AND_PARTY                                                                             \
    CLI_ARG_CASE(party_args, number, EDIT_USAGE),                                                  \
    {NULL, CLI_INT_AT(party_args, party), .value = N_("PARTY"), .flags = CLI_REQUIRED,             \
     .missing = EDIT_USAGE, .help = N_("the party's number in the case (party list)")}
/* clang-format on */

static const cli_option edit_options[] = {
    CASE_AND_PARTY,
    PARTY_FIELDS(0, CLI_ALONE),
    CLI_OPT_VERSION(party_args, version),
    CLI_OPTIONS_END,
};

static const cli_option move_options[] = {
    CASE_AND_PARTY,
    {"to", CLI_CASE_AT(party_args, to), .value = N_("CASE"), .flags = CLI_REQUIRED,
     .help = N_("the case it belongs to")},
    CLI_OPT_VERSION(party_args, version),
    CLI_OPTIONS_END,
};

static const cli_option remove_options[] = {
    CASE_AND_PARTY,
    {"reason", CLI_STRING_AT(party_args, reason), .value = N_("TEXT"), .flags = CLI_REQUIRED,
     .help = N_("why it is removed, without personal data (kept in the audit log)")},
    CLI_OPT_VERSION(party_args, version),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    CLI_ARG_CASE(party_args, number, N_("give one case number")),
    CLI_OPT_JSON(party_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_party_commands[] = {
    {"party", "add", party_add, N_("Add a party to a case"), add_options, 0},
    {"party", "edit", party_edit, N_("Change a party of a case"), edit_options, 0},
    {"party", "list", party_list, N_("List the parties of a case"), list_options, 0},
    {"party", "move", party_move, N_("Move a party added to the wrong case"), move_options, 0},
    {"party", "remove", party_remove, N_("Remove a party added by mistake; its data destroyed"),
     remove_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
