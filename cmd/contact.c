/* bbctl contact: record, list, correct and remove the contact moments of a case, with their
 * notes (stored encrypted). */
#include "args.h"
#include "cli.h"
#include "note.h"
#include "out.h"
#include "personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct add_args {
    bb_contact_new in;
    cli_list with;
    const char *note_file;
} add_args;

static int contact_add(const cli_command *cmd, int argc, char **argv)
{
    add_args a = {.in.minutes = -1};
    char id[BB_UUID_SIZE];
    bb_contact *k = NULL;
    bb_ctx *ctx = NULL;
    char *note = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK)
        rc = cli_note_take(cmd, &a.in.note, a.note_file, &note);
    if (rc != CLI_OK)
        goto done;
    a.in.with = a.with.item;
    a.in.n_with = a.with.n;
    /* Only a note is personal data: a contact without one needs no keys. */
    rc = a.in.note != NULL ? cli_open_unlocked(&ctx) : cli_open_writer(&ctx);
    if (rc != CLI_OK)
        goto done;
    if (a.in.id == NULL) {
        bb_uuid_generate(id);
        a.in.id = id;
    }
    rc = bb_contact_add(ctx, &a.in, &k);
    if (rc == BB_ECONN) /* same id: a contact recorded before the connection broke is found */
        rc = bb_contact_add(ctx, &a.in, &k);
    if (rc == BB_OK)
        printf(_("Recorded %s on %s for case %s.\n"), k->kind, k->date, k->case_number);
    else
        rc = cli_fail(ctx, rc, _("cannot record the contact"));
    bb_contact_free(k);
    bb_close(ctx);
done:
    cli_note_free(note);
    return rc;
}

static void json_list(const bb_contact_list *l)
{
    json_out j = {0};

    jw_open(&j, '{');
    jw_key_open(&j, "contacts", '[');
    for (size_t i = 0; i < l->n; i++) {
        const bb_contact *k = &l->items[i];
        jw_open(&j, '{');
        jw_str(&j, "id", k->id);
        jw_str(&j, "case", k->case_number);
        jw_str(&j, "date", k->date);
        jw_str(&j, "kind", k->kind);
        if (k->minutes < 0)
            jw_null(&j, "minutes");
        else
            jw_int(&j, "minutes", k->minutes);
        jw_key_open(&j, "with", '[');
        for (size_t w = 0; w < k->n_with; w++)
            jw_str(&j, NULL, k->with[w]);
        jw_close(&j, ']');
        jw_str(&j, "created_at", k->created_at);
        jw_int(&j, "version", k->version);
        jw_str(&j, "by", k->by);
        jw_str_or_null(&j, "note", k->note);
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_close(&j, '}');
}

static void print_list(const bb_contact_list *l)
{
    printf("%-10s%-12s%-22s%-9s%-13s%s\n", _("ID"), _("DATE"), _("KIND"), _("MINUTES"), _("BY"),
           _("WITH"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_contact *k = &l->items[i];
        char minutes[16] = "-";
        if (k->minutes >= 0)
            snprintf(minutes, sizeof minutes, "%d", k->minutes);
        printf("%-10.8s%-12s%-22s%-9s", k->id, k->date, k->kind, minutes);
        cli_cell(k->by, 13);
        for (size_t w = 0; w < k->n_with; w++)
            printf("%s%s", w ? "," : "", k->with[w]);
        putchar('\n');
        if (k->note != NULL)
            cli_note_print(_("    note: "), k->note);
    }
}

typedef struct list_args {
    const char *number;
    bool json;
} list_args;

static int contact_list(const cli_command *cmd, int argc, char **argv)
{
    list_args a = {0};
    bb_contact_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    rc = bb_contact_list_get(ctx, a.number, &l);
    if (rc == BB_OK && a.json)
        json_list(l);
    else if (rc == BB_OK)
        print_list(l);
    else
        rc = cli_fail(ctx, rc, _("cannot list the contacts"));
    if (rc == CLI_OK && !a.json && !bb_is_unlocked(ctx))
        cli_tell_locked();
    bb_contact_list_free(l);
    bb_close(ctx);
    return rc;
}

typedef struct edit_args {
    const char *number, *contact, *note_file, *reason;
    bb_contact_changes ch;
    cli_list with;
    long long version;
} edit_args;

static int contact_edit(const cli_command *cmd, int argc, char **argv)
{
    edit_args a = {.ch.minutes = BB_CONTACT_KEEP_MINUTES};
    bb_contact *k = NULL;
    bb_ctx *ctx = NULL;
    char *note = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK)
        rc = cli_note_take(cmd, &a.ch.note, a.note_file, &note);
    if (rc != CLI_OK)
        goto done;
    a.ch.set_with = a.with.given;
    a.ch.with = a.with.item;
    a.ch.n_with = a.with.n;
    rc = a.ch.note != NULL ? cli_open_unlocked(&ctx) : cli_open_writer(&ctx);
    if (rc != CLI_OK)
        goto done;
    rc = bb_contact_edit(ctx, a.number, a.contact, a.version, &a.ch, &k);
    if (rc == BB_OK)
        printf(_("Contact %.8s of case %s: %s on %s (version %lld).\n"), k->id, k->case_number,
               k->kind, k->date, k->version);
    else
        rc = cli_fail(ctx, rc, _("the contact was not changed"));
    bb_contact_free(k);
    bb_close(ctx);
done:
    cli_note_free(note);
    return rc;
}

static int contact_remove(const cli_command *cmd, int argc, char **argv)
{
    edit_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_contact_remove(ctx, a.number, a.contact, a.reason);
    if (rc == BB_OK)
        printf(_("Contact %s of case %s is removed.\n"), a.contact, a.number);
    else
        rc = cli_fail(ctx, rc, _("the contact was not removed"));
    bb_close(ctx);
    return rc;
}

/* CASE CONTACT: the arguments of edit and remove. */
/* clang-format off */
#define CONTACT_ARGS                                                                               \
    CLI_ARG_CASE(edit_args, number, N_("missing arguments")),                                      \
    {NULL, CLI_STRING_AT(edit_args, contact), .value = N_("CONTACT"), .flags = CLI_REQUIRED,       \
     .help = N_("the contact's id, or its first 8 characters (contact list shows them)"),         \
     .missing = N_("missing arguments")}
/* clang-format on */

static const cli_option edit_options[] = {
    CONTACT_ARGS,
    CLI_OPT_DATE(edit_args, ch.date, N_("the day of the contact")),
    {"kind", CLI_STRING_AT(edit_args, ch.kind), .value = N_("KIND"),
     .help = N_("telefoon, huisbezoek_a, ... (docs/contacts.md)")},
    {"minutes", CLI_INT_AT(edit_args, ch.minutes), .value = N_("N"),
     .help = N_("how long it took")},
    {"with", CLI_LIST_AT(edit_args, with), .value = N_("VOLUNTEER[,VOLUNTEER...]"),
     .max = BB_CONTACT_WITH_MAX,
     .help = N_("the volunteers who took part, instead of those listed")},
    CLI_OPT_NOTE(edit_args, ch.note, note_file, N_("a new note (stored encrypted)")),
    {"version", CLI_LLONG_AT(edit_args, version), .value = N_("N"), .flags = CLI_REQUIRED,
     .help = N_("refuse the change when it was changed since version N")},
    CLI_OPTIONS_END,
};

static const cli_option remove_options[] = {
    CONTACT_ARGS,
    {"reason", CLI_STRING_AT(edit_args, reason), .value = N_("TEXT"), .flags = CLI_REQUIRED,
     .help = N_("why it is removed, without personal data (kept in the audit log)")},
    CLI_OPTIONS_END,
};

static const cli_option add_options[] = {
    CLI_ARG_CASE(add_args, in.case_number, N_("give one case number")),
    {"kind", CLI_STRING_AT(add_args, in.kind), .value = N_("KIND"), .flags = CLI_REQUIRED,
     .help = N_("telefoon, huisbezoek_a, ... (docs/contacts.md)")},
    CLI_OPT_DATE(add_args, in.date, N_("the day of the contact (default: today)")),
    {"minutes", CLI_INT_AT(add_args, in.minutes), .value = N_("N"), .help = N_("how long it took")},
    {"with", CLI_LIST_AT(add_args, with), .value = N_("VOLUNTEER[,VOLUNTEER...]"),
     .max = BB_CONTACT_WITH_MAX, .help = N_("the volunteers who took part")},
    CLI_OPT_NOTE(add_args, in.note, note_file, N_("a note (stored encrypted)")),
    CLI_OPT_ID(add_args, in.id),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    CLI_ARG_CASE(list_args, number, N_("give one case number")),
    CLI_OPT_JSON(list_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_contact_commands[] = {
    {"contact", "add", contact_add, N_("Record a contact moment of a case"), add_options, 0},
    {"contact", "list", contact_list, N_("List the contact moments of a case"), list_options, 0},
    {"contact", "edit", contact_edit, N_("Correct a contact moment of a case"), edit_options, 0},
    {"contact", "remove", contact_remove, N_("Remove a contact moment recorded by mistake"),
     remove_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
