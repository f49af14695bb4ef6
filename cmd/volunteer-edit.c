/* bbctl volunteer edit: change a volunteer's name, contact details, postcode, area, capacity
 * or preferred conflict types; "" (or --clear FIELD) removes an optional personal field. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What --clear may remove. */
enum { CLEAR_PHONE = 1, CLEAR_EMAIL = 2, CLEAR_NUMBER = 4, CLEAR_AREA = 8, CLEAR_TYPES = 16 };

typedef struct edit_args {
    bb_volunteer_changes ch;
    const char *number;
    cli_list types;
    int clear; /* CLEAR_* */
    long long version;
} edit_args;

/* --clear FIELD is the same as giving the option as "". */
static void apply_clear(edit_args *a)
{
    a->ch.phone = a->clear & CLEAR_PHONE ? "" : a->ch.phone;
    a->ch.email = a->clear & CLEAR_EMAIL ? "" : a->ch.email;
    a->ch.house_number = a->clear & CLEAR_NUMBER ? "" : a->ch.house_number;
    a->ch.area = a->clear & CLEAR_AREA ? "" : a->ch.area;
    if (a->types.given) {
        a->ch.types_given = true;
        a->ch.types = a->types.item;
        a->ch.n_types = a->types.n;
    }
    if (a->clear & CLEAR_TYPES) {
        a->ch.types_given = true;
        a->ch.n_types = 0;
    }
}

static bool personal_change(const bb_volunteer_changes *ch)
{
    return ch->name || ch->phone || ch->email || ch->postcode || ch->house_number;
}

static int volunteer_edit(const cli_command *cmd, int argc, char **argv)
{
    edit_args a = {.ch.capacity = -1};
    bb_volunteer *v = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);
    const char *number = a.number;

    if (rc != CLI_OK)
        return rc;
    apply_clear(&a);
    rc = personal_change(&a.ch) ? cli_open_unlocked(&ctx) : cli_open_writer(&ctx);
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

static const cli_keyword clearable[] = {
    {"phone", CLEAR_PHONE},
    {"email", CLEAR_EMAIL},
    {"number", CLEAR_NUMBER},
    {"area", CLEAR_AREA},
    {"types", CLEAR_TYPES},
    {"type", CLEAR_TYPES},
    {NULL, 0},
};

/* clang-format off */
#define FIELD(option, f, placeholder, help_text)                                                   \
    {option, CLI_STRING_AT(edit_args, ch.f), .value = placeholder, .help = help_text}
/* clang-format on */

static const cli_option edit_options[] = {
    CLI_ARG_VOLUNTEER(edit_args, number, N_("give one volunteer number")),
    FIELD("name", name, N_("NAME"), N_("their name")),
    FIELD("phone", phone, N_("P"), N_("their phone number ('': none)")),
    FIELD("email", email, N_("E"), N_("their e-mail address ('': none)")),
    FIELD("postcode", postcode, N_("P"), N_("their postcode; the area follows unless --area")),
    {"number", CLI_STRING_AT(edit_args, ch.house_number), .value = N_("N"), .join = CLI_INNER,
     .help = N_("their house number, with the postcode ('': none)")},
    FIELD("area", area, N_("AREA"), N_("their area ('': none)")),
    {"capacity", CLI_INT_AT(edit_args, ch.capacity), .value = N_("N"), .min = 0, .max = 1000000,
     .help = N_("how many cases at once")},
    {"types", CLI_LIST_AT(edit_args, types), .value = N_("TYPE[,TYPE...]"),
     .flags = CLI_MAY_BE_EMPTY, .max = BB_TYPES_MAX,
     .help = N_("the conflict types they prefer ('': none)")},
    {"type", CLI_LIST_AT(edit_args, types), .value = N_("TYPE[,TYPE...]"),
     .flags = CLI_MAY_BE_EMPTY | CLI_HIDDEN, .max = BB_TYPES_MAX},
    {"clear", CLI_KEYWORDS_AT(edit_args, clear), .value = N_("FIELD"), .flags = CLI_REPEAT,
     .words = clearable,
     .bad = N_("%s: '%s' is not a field that can be cleared (phone, email, number, area, types)"),
     .help = N_("remove phone, email, number, area or types")},
    CLI_OPT_VERSION(edit_args, version),
    CLI_OPTIONS_END,
};

const cli_command cli_volunteer_edit_commands[] = {
    {"volunteer", "edit", volunteer_edit,
     N_("Change a volunteer's name, contact details, postcode, area, capacity or preferences"),
     edit_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
