/* bbctl volunteer: add volunteers, list and show them, follow their pipeline status. Names
 * and contact details are stored encrypted; the home postcode only as blind indexes. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct add_args {
    bb_volunteer_new in;
    cli_list types, steps;
} add_args;

static int volunteer_add(const cli_command *cmd, int argc, char **argv)
{
    add_args a = {.in.capacity = -1};
    char id[BB_UUID_SIZE];
    bb_volunteer *v = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    a.in.types = a.types.item;
    a.in.n_types = a.types.n;
    a.in.steps = a.steps.item;
    a.in.n_steps = a.steps.n;
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

/* A volunteer's status history as JSON: [{"status": S, "since": D}, ...] in order. */
static void json_history(json_out *j, const bb_volunteer_history *h)
{
    jw_key_open(j, "history", '[');
    for (size_t i = 0; i < h->n; i++) {
        jw_open(j, '{');
        jw_str(j, "status", h->items[i].status);
        jw_str(j, "since", h->items[i].since);
        jw_close(j, '}');
    }
    jw_close(j, ']');
}

/* A volunteer as JSON; with show (h given), also the personal fields (null when locked) and
 * the status history. */
static void json_volunteer(json_out *j, const bb_volunteer *v, const bb_volunteer_history *h,
                           const bb_volunteer_contact *c)
{
    bool show = h != NULL;

    jw_open(j, '{');
    jw_str(j, "number", v->number);
    jw_str(j, "id", v->id);
    jw_str(j, "status", v->status);
    jw_str(j, "status_since", v->status_since);
    jw_str_or_null(j, "area", v->area);
    jw_int(j, "capacity", v->capacity);
    jw_key_open(j, "types", '[');
    for (size_t i = 0; i < v->n_types; i++)
        jw_str(j, NULL, v->types[i]);
    jw_close(j, ']');
    jw_int(j, "version", v->version);
    jw_str(j, "created_at", v->created_at);
    if (show) {
        jw_bool(j, "locked", c == NULL);
        jw_str_or_null(j, "name", c ? c->name : NULL);
        jw_str_or_null(j, "phone", c ? c->phone : NULL);
        jw_str_or_null(j, "email", c ? c->email : NULL);
        json_history(j, h);
    }
    jw_close(j, '}');
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

typedef struct list_args {
    bb_volunteer_filter f;
    bool json;
} list_args;

static void print_list(const bb_volunteer_list *l, bool json)
{
    json_out j = {0};

    if (json) {
        jw_open(&j, '{');
        jw_key_open(&j, "volunteers", '[');
        for (size_t i = 0; i < l->n; i++)
            json_volunteer(&j, &l->items[i], NULL, NULL);
        jw_close(&j, ']');
        jw_str_or_null(&j, "next", l->next);
        jw_close(&j, '}');
        return;
    }
    printf("%-10s%-16s%-12s%-10s%-16s%s\n", _("NUMBER"), _("STATUS"), _("SINCE"), _("CAPACITY"),
           _("AREA"), _("TYPES"));
    for (size_t i = 0; i < l->n; i++)
        print_volunteer_row(&l->items[i]);
    if (*l->next)
        fprintf(stderr, _("More volunteers follow: add --after %s\n"), l->next);
}

static int volunteer_list(const cli_command *cmd, int argc, char **argv)
{
    list_args a = {0};
    bb_volunteer_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_volunteer_list_get(ctx, &a.f, &l);
    if (rc == BB_OK)
        print_list(l, a.json);
    else
        rc = cli_fail(ctx, rc, _("cannot list the volunteers"));
    bb_volunteer_list_free(l);
    bb_close(ctx);
    return rc;
}

static void print_show(const bb_volunteer *v, const bb_volunteer_history *h,
                       const bb_volunteer_contact *c)
{
    printf("%-10s%-16s%-12s%-10s%-16s%s\n", _("NUMBER"), _("STATUS"), _("SINCE"), _("CAPACITY"),
           _("AREA"), _("TYPES"));
    print_volunteer_row(v);
    printf("%s", _("History:\n"));
    for (size_t i = 0; i < h->n; i++)
        printf("  %-12s%s\n", h->items[i].since, h->items[i].status);
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

typedef struct one_args {
    const char *number, *status, *since;
    long long version;
    bool json;
} one_args;

static int volunteer_show(const cli_command *cmd, int argc, char **argv)
{
    one_args a = {0};
    json_out j = {0};
    bb_volunteer *v = NULL;
    bb_volunteer_contact *c = NULL;
    bb_volunteer_history *h = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    rc = bb_volunteer_get(ctx, a.number, &v);
    if (rc == BB_OK)
        rc = bb_volunteer_history_get(ctx, a.number, &h);
    if (rc == BB_OK && bb_is_unlocked(ctx))
        rc = bb_volunteer_contact_get(ctx, a.number, &c);
    if (rc == BB_OK && a.json)
        json_volunteer(&j, v, h, c);
    else if (rc == BB_OK)
        print_show(v, h, c);
    else
        rc = cli_fail(ctx, rc, _("cannot show the volunteer"));
    if (rc == CLI_OK && !a.json && c == NULL)
        cli_tell_locked();
    bb_volunteer_contact_free(c);
    bb_volunteer_history_free(h);
    bb_volunteer_free(v);
    bb_close(ctx);
    return rc;
}

static int volunteer_status(const cli_command *cmd, int argc, char **argv)
{
    one_args a = {0};
    bb_volunteer *v = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
        return rc;
    /* Without --version, the version read now: only a change in between is refused. */
    if (a.version == 0 && (rc = bb_volunteer_get(ctx, a.number, &v)) == BB_OK)
        a.version = v->version;
    bb_volunteer_free(v);
    v = NULL;
    if (rc == BB_OK)
        rc = bb_volunteer_set_status(ctx, a.number, a.version, a.status, a.since, &v);
    if (rc == BB_OK)
        printf(_("Volunteer %s is now '%s' since %s.\n"), v->number, v->status, v->status_since);
    else
        rc = cli_fail(ctx, rc, _("the volunteer was not changed"));
    bb_volunteer_free(v);
    bb_close(ctx);
    return rc;
}

/* clang-format off */
#define VOLUNTEER_FIELD(T, option, f, placeholder, help_text)                                      \
    {option, CLI_STRING_AT(T, f), .value = placeholder, .help = help_text}
/* clang-format on */

static const cli_option add_options[] = {
    {"name", CLI_STRING_AT(add_args, in.name), .value = N_("NAME"), .flags = CLI_REQUIRED,
     .help = N_("their name")},
    {"postcode", CLI_STRING_AT(add_args, in.postcode), .value = N_("P"), .flags = CLI_REQUIRED,
     .help = N_("their postcode (kept only as a search index)")},
    VOLUNTEER_FIELD(add_args, "number", in.house_number, N_("N"),
                    N_("their house number (kept only as a search index)")),
    VOLUNTEER_FIELD(add_args, "phone", in.phone, N_("P"), N_("their phone number")),
    VOLUNTEER_FIELD(add_args, "email", in.email, N_("E"), N_("their e-mail address")),
    VOLUNTEER_FIELD(add_args, "area", in.area, N_("AREA"),
                    N_("their area (default: the postcode's)")),
    {"capacity", CLI_INT_AT(add_args, in.capacity), .value = N_("N"),
     .help = N_("how many cases at once")},
    VOLUNTEER_FIELD(add_args, "status", in.status, N_("STATUS"),
                    N_("aangemeld, in_opleiding, gecertificeerd, actief or gestopt")),
    VOLUNTEER_FIELD(add_args, "since", in.since, N_("DATE"), N_("in that status since DATE")),
    {"steps", CLI_LIST_AT(add_args, steps), .value = N_("DATE[,DATE...]"), .max = 4,
     .help = N_("with a later --status: the dates of the steps before it, from aangemeld on")},
    {"type", CLI_LIST_AT(add_args, types), .value = N_("TYPE[,TYPE...]"), .max = BB_TYPES_MAX,
     .help = N_("the conflict types they prefer")},
    CLI_OPT_ID(add_args, in.id),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    VOLUNTEER_FIELD(list_args, "status", f.status, N_("S"), N_("only volunteers with this status")),
    VOLUNTEER_FIELD(list_args, "area", f.area, N_("A"), N_("only volunteers in this area")),
    CLI_OPTS_PAGE(list_args, f.after, f.limit, json, N_("VOLUNTEER")),
    CLI_OPTIONS_END,
};

static const cli_option show_options[] = {
    CLI_ARG_VOLUNTEER(one_args, number, N_("give one volunteer number")),
    CLI_OPT_JSON(one_args, json),
    CLI_OPTIONS_END,
};

#define STATUS_USAGE N_("give a volunteer number and a status")

static const cli_option status_options[] = {
    CLI_ARG_VOLUNTEER(one_args, number, STATUS_USAGE),
    {NULL, CLI_STRING_AT(one_args, status), .value = N_("STATUS"), .flags = CLI_REQUIRED,
     .missing = STATUS_USAGE, .help = N_("the status to set")},
    VOLUNTEER_FIELD(one_args, "since", since, N_("DATE"), N_("since this day (default: today)")),
    CLI_OPT_VERSION(one_args, version),
    CLI_OPTIONS_END,
};

const cli_command cli_volunteer_commands[] = {
    {"volunteer", "add", volunteer_add, N_("Add a volunteer; prints the volunteer's number"),
     add_options, 0},
    {"volunteer", "list", volunteer_list, N_("List volunteers by number, a page at a time"),
     list_options, 0},
    {"volunteer", "show", volunteer_show, N_("Show a volunteer"), show_options, 0},
    {"volunteer", "status", volunteer_status, N_("Set a volunteer's pipeline status"),
     status_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
