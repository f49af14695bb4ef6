/* bbctl case: register, list, show, move, close, void and reopen cases. */
#include "args.h"
#include "cli.h"
#include "note.h"
#include "out.h"
#include "personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct new_args {
    bb_case_new in;
    cli_list types;
    const char *note_file;
} new_args;

static int case_new(const cli_command *cmd, int argc, char **argv)
{
    new_args a = {0};
    char id[BB_UUID_SIZE];
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    char *note = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK)
        rc = cli_note_take(cmd, &a.in.note, a.note_file, &note);
    /* A case gets its data key at once: registering needs the keys. */
    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        goto done;
    a.in.types = a.types.item;
    a.in.n_types = a.types.n;
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
done:
    cli_note_free(note);
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
    jw_str(j, "number", c->number);
    jw_str(j, "id", c->id);
    jw_str(j, "status", c->status);
    jw_str(j, "reported_on", c->reported_on);
    jw_str(j, "source", c->source);
    jw_key_open(j, "types", '[');
    for (size_t i = 0; i < c->n_types; i++)
        jw_str(j, NULL, c->types[i]);
    jw_close(j, ']');
    jw_str_or_null(j, "area", c->area);
    jw_str_or_null(j, "outcome", c->outcome);
    jw_str_or_null(j, "closed_on", c->closed_on);
    jw_str_or_null(j, "reported_back_on", c->reported_back_on);
    jw_int(j, "version", c->version);
    jw_str(j, "created_at", c->created_at);
    jw_str(j, "updated_at", c->updated_at);
    if (c->intake_suitable < 0)
        jw_null(j, "intake_suitable");
    else
        jw_bool(j, "intake_suitable", c->intake_suitable == 1);
    jw_str_or_null(j, "intake_reason", c->intake_reason);
    jw_str_or_null(j, "intake_on", c->intake_on);
    jw_key_open(j, "volunteers", '[');
    for (int i = 0; i < 2 && *c->volunteers[i]; i++)
        jw_str(j, NULL, c->volunteers[i]);
    jw_close(j, ']');
}

static void print_list(const bb_case_list *l, bool json)
{
    json_out j = {0};

    if (json) {
        jw_open(&j, '{');
        jw_key_open(&j, "cases", '[');
        for (size_t i = 0; i < l->n; i++) {
            jw_open(&j, '{');
            json_case_fields(&j, &l->items[i]);
            jw_close(&j, '}');
        }
        jw_close(&j, ']');
        jw_str_or_null(&j, "next", l->next);
        jw_close(&j, '}');
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

typedef struct list_args {
    bb_case_filter f;
    bool json;
} list_args;

static int case_list(const cli_command *cmd, int argc, char **argv)
{
    list_args a = {0};
    bb_case_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_case_list_get(ctx, &a.f, &l);
    return cli_case_list_done(ctx, rc, l, a.json, _("cannot list the cases"));
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
        if (e->note != NULL)
            cli_note_print(_("      note: "), e->note);
    }
}

static void json_show(const struct shown *s)
{
    json_out j = {0};

    jw_open(&j, '{');
    json_case_fields(&j, s->c);
    jw_bool(&j, "locked", s->locked);
    cli_json_parties(&j, "parties", s->parties);
    jw_key_open(&j, "events", '[');
    for (size_t i = 0; i < s->ev->n; i++) {
        const bb_case_event *e = &s->ev->items[i];
        jw_open(&j, '{');
        jw_str(&j, "at", e->at);
        jw_str_or_null(&j, "from", e->from);
        jw_str(&j, "to", e->to);
        jw_str(&j, "user", e->user);
        jw_str_or_null(&j, "note", e->note);
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_close(&j, '}');
}

typedef struct show_args {
    const char *number;
    bool json;
} show_args;

static int case_show(const cli_command *cmd, int argc, char **argv)
{
    show_args a = {0};
    struct shown s = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    s.locked = !bb_is_unlocked(ctx);
    rc = bb_case_get(ctx, a.number, &s.c);
    if (rc == BB_OK)
        rc = bb_case_events(ctx, a.number, &s.ev);
    if (rc == BB_OK)
        rc = bb_party_list_get(ctx, a.number, &s.parties);
    if (rc == BB_OK && a.json)
        json_show(&s);
    else if (rc == BB_OK)
        print_show(&s);
    else
        rc = cli_fail(ctx, rc, _("cannot show the case"));
    if (rc == CLI_OK && s.locked && !a.json)
        cli_tell_locked();
    bb_party_list_free(s.parties);
    bb_case_event_list_free(s.ev);
    bb_case_free(s.c);
    bb_close(ctx);
    return rc;
}

/* What a change command was given: CASE, STATUS or --outcome, and options. */
typedef struct change_args {
    const char *number, *value, *date;
    const char *note, *reason; /* the event's note: --note, or --reason of case close */
    const char *note_file;     /* --note-file */
    long long version;         /* 0: the version read just before the change */
} change_args;

enum change { CHANGE_MOVE, CHANGE_CLOSE, CHANGE_BACK, CHANGE_VOID, CHANGE_REOPEN };

static int apply_change(bb_ctx *ctx, enum change what, const change_args *a, bb_case **c)
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
        return bb_case_close(ctx, a->number, version, a->value, a->date, a->note, c);
    if (what == CHANGE_VOID)
        return bb_case_void(ctx, a->number, version, a->note, c);
    if (what == CHANGE_REOPEN)
        return bb_case_reopen(ctx, a->number, version, a->note, c);
    return bb_case_reported_back(ctx, a->number, version, a->date, c);
}

static int run_change(const cli_command *cmd, enum change what, int argc, char **argv)
{
    change_args a = {0};
    bb_case *c = NULL;
    bb_ctx *ctx = NULL;
    char *note = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK && a.note != NULL && a.reason != NULL)
        rc = cli_usage_error(cmd, "%s", _("give one note: --note or --reason"));
    if (rc == CLI_OK)
        rc = cli_note_take(cmd, &a.note, a.note_file, &note);
    if (rc != CLI_OK)
        goto done;
    a.note = a.note ? a.note : a.reason;
    /* Only a note is personal data: a move without one needs no keys. */
    rc = a.note != NULL ? cli_open_unlocked(&ctx) : cli_open_writer(&ctx);
    if (rc != CLI_OK)
        goto done;
    rc = apply_change(ctx, what, &a, &c);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the case was not changed"));
    else if (what == CHANGE_MOVE)
        printf(_("Case %s is now '%s' (version %lld).\n"), c->number, c->status, c->version);
    else if (what == CHANGE_CLOSE)
        printf(_("Case %s is closed: %s (version %lld).\n"), c->number, c->outcome, c->version);
    else if (what == CHANGE_VOID)
        printf(_("Case %s is void; its personal data is destroyed (version %lld).\n"), c->number,
               c->version);
    else if (what == CHANGE_REOPEN)
        printf(_("Case %s is reopened: '%s' again (version %lld).\n"), c->number, c->status,
               c->version);
    else
        printf(_("Case %s: outcome reported back on %s (version %lld).\n"), c->number,
               c->reported_back_on, c->version);
    bb_case_free(c);
    bb_close(ctx);
done:
    cli_note_free(note);
    return rc;
}

static int case_move(const cli_command *cmd, int argc, char **argv)
{
    return run_change(cmd, CHANGE_MOVE, argc, argv);
}

static int case_close(const cli_command *cmd, int argc, char **argv)
{
    return run_change(cmd, CHANGE_CLOSE, argc, argv);
}

static int case_reported_back(const cli_command *cmd, int argc, char **argv)
{
    return run_change(cmd, CHANGE_BACK, argc, argv);
}

static int case_void(const cli_command *cmd, int argc, char **argv)
{
    return run_change(cmd, CHANGE_VOID, argc, argv);
}

static int case_reopen(const cli_command *cmd, int argc, char **argv)
{
    return run_change(cmd, CHANGE_REOPEN, argc, argv);
}

static const cli_option new_options[] = {
    {"reported", CLI_STRING_AT(new_args, in.reported_on), .value = N_("DATE"),
     .flags = CLI_REQUIRED, .help = N_("the day it was reported")},
    {"source", CLI_STRING_AT(new_args, in.source), .value = N_("SOURCE"), .flags = CLI_REQUIRED,
     .help = N_("who reported it (docs/cases.md)")},
    {"type", CLI_LIST_AT(new_args, types), .value = N_("TYPE[,TYPE...]"), .flags = CLI_REQUIRED,
     .max = BB_TYPES_MAX, .help = N_("its conflict types")},
    {"area", CLI_STRING_AT(new_args, in.area), .value = N_("AREA"),
     .help = N_("its area (default: none)")},
    CLI_OPT_NOTE(new_args, in.note, note_file, N_("a note with the report (stored encrypted)")),
    CLI_OPT_ID(new_args, in.id),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    {"status", CLI_STRING_AT(list_args, f.status), .value = N_("S"),
     .help = N_("only cases with this status")},
    {"open", CLI_FLAG_AT(list_args, f.open),
     .help = N_("only open cases (not afgesloten or vervallen)")},
    {"void", CLI_FLAG_AT(list_args, f.void_too), .help = N_("void cases too (vervallen)")},
    {"area", CLI_STRING_AT(list_args, f.area), .value = N_("A"),
     .help = N_("only cases in this area")},
    {"source", CLI_STRING_AT(list_args, f.source), .value = N_("S"),
     .help = N_("only cases from this source")},
    {"volunteer", CLI_STRING_AT(list_args, f.volunteer), .value = N_("V"),
     .help = N_("only cases this volunteer is paired to")},
    {"from", CLI_STRING_AT(list_args, f.from), .value = N_("DATE"),
     .help = N_("only cases reported on this day or later")},
    {"to", CLI_STRING_AT(list_args, f.to), .value = N_("DATE"),
     .help = N_("only cases reported on this day or earlier")},
    CLI_OPTS_PAGE(list_args, f.after, f.limit, json, N_("CASE")),
    CLI_OPTIONS_END,
};

static const cli_option show_options[] = {
    CLI_ARG_CASE(show_args, number, N_("which case? give its number")),
    CLI_OPT_JSON(show_args, json),
    CLI_OPTIONS_END,
};

static const cli_option move_options[] = {
    CLI_ARG_CASE(change_args, number, N_("missing arguments")),
    {NULL, CLI_STRING_AT(change_args, value), .value = N_("STATUS"), .flags = CLI_REQUIRED,
     .help = N_("the status to move it to"), .missing = N_("missing arguments")},
    CLI_OPT_NOTE(change_args, note, note_file, N_("a note with the move (stored encrypted)")),
    CLI_OPT_VERSION(change_args, version),
    CLI_OPTIONS_END,
};

static const cli_option close_options[] = {
    CLI_ARG_CASE(change_args, number, N_("missing arguments")),
    {"outcome", CLI_STRING_AT(change_args, value), .value = N_("OUTCOME"), .flags = CLI_REQUIRED,
     .help = N_("how it ended")},
    {"reason", CLI_STRING_AT(change_args, reason), .value = N_("TEXT"), .flags = CLI_REQUIRED,
     .help = N_("why it was closed (stored encrypted)")},
    {"note", CLI_STRING_AT(change_args, note), .value = N_("TEXT"), .flags = CLI_HIDDEN,
     .join = CLI_OR},
    CLI_OPT_DATE(change_args, date, N_("the day it was closed (default: today)")),
    CLI_OPT_VERSION(change_args, version),
    CLI_OPTIONS_END,
};

static const cli_option void_options[] = {
    CLI_ARG_CASE(change_args, number, N_("missing arguments")),
    {"reason", CLI_STRING_AT(change_args, reason), .value = N_("TEXT"), .flags = CLI_REQUIRED,
     .help = N_("why it is void (stored encrypted; kept when the rest is destroyed)")},
    CLI_OPT_VERSION(change_args, version),
    CLI_OPTIONS_END,
};

static const cli_option reopen_options[] = {
    CLI_ARG_CASE(change_args, number, N_("missing arguments")),
    {"reason", CLI_STRING_AT(change_args, reason), .value = N_("TEXT"), .flags = CLI_REQUIRED,
     .help = N_("why it is reopened (stored encrypted)")},
    CLI_OPT_VERSION(change_args, version),
    CLI_OPTIONS_END,
};

static const cli_option back_options[] = {
    CLI_ARG_CASE(change_args, number, N_("missing arguments")),
    CLI_OPT_DATE(change_args, date, N_("the day the referrer heard it (default: today)")),
    CLI_OPT_VERSION(change_args, version),
    CLI_OPTIONS_END,
};

const cli_command cli_case_commands[] = {
    {"case", "new", case_new, N_("Register a new case; prints its number"), new_options, 0},
    {"case", "list", case_list, N_("List cases, newest first, a page at a time"), list_options, 0},
    {"case", "show", case_show, N_("Show a case, its parties and its history"), show_options, 0},
    {"case", "move", case_move, N_("Move a case to another status"), move_options, 0},
    {"case", "close", case_close, N_("Close a case with its outcome"), close_options, 0},
    {"case", "void", case_void,
     N_("Void a case registered by mistake: out of figures and lists, personal data destroyed"),
     void_options, 0},
    {"case", "reopen", case_reopen, N_("Reopen a case closed by mistake"), reopen_options, 0},
    {"case", "reported-back", case_reported_back,
     N_("Record that the outcome was reported back to the referrer"), back_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
