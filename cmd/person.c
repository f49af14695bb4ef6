/* bbctl person find and erase: the rights of the people in bb (docs/admin.md). The report is
 * in person-report.c. */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_matches(const bb_person_list *l)
{
    if (l->n == 0) {
        printf("%s\n", _("No one found."));
        return;
    }
    printf("%-36s  %-12s  %-12s  %s\n", _("ID"), _("CASE"), _("ROLE"), _("NAME"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_person_match *m = &l->items[i];
        cli_cell(m->id, 38);
        cli_cell(*m->case_number ? m->case_number : _("volunteer"), 14);
        cli_cell(m->role, 14);
        cli_cell(m->name != NULL ? m->name : _("(erased)"), 0);
        putchar('\n');
    }
}

static void json_matches(const bb_person_list *l)
{
    json_out j = {0};

    jw_open(&j, '{');
    jw_key_open(&j, "people", '[');
    for (size_t i = 0; i < l->n; i++) {
        const bb_person_match *m = &l->items[i];
        jw_open(&j, '{');
        jw_str(&j, "id", m->id);
        jw_str(&j, "kind", m->kind);
        jw_str_or_null(&j, "case", m->case_number);
        jw_str(&j, "role", m->role);
        if (m->name != NULL)
            jw_str(&j, "name", m->name);
        else
            jw_null(&j, "name");
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_close(&j, '}');
}

#define FIND_USAGE N_("give one of --postcode with --number, --phone, --name or --email")

typedef struct find_args {
    bb_person_query q;
    bool json;
} find_args;

static int person_find(const cli_command *cmd, int argc, char **argv)
{
    find_args a = {0};
    const bb_person_query *q = &a.q;
    bb_person_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((q->postcode || q->house_number) + (q->phone != NULL) + (q->name != NULL) +
            (q->email != NULL) !=
        1)
        return cli_usage_error(cmd, "%s", _(FIND_USAGE));
    if ((q->postcode == NULL) != (q->house_number == NULL))
        return cli_usage_error(cmd, "%s", _("an address needs --postcode and --number"));
    if ((rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_person_find(ctx, q, &l);
    if (rc == BB_OK && a.json)
        json_matches(l);
    else if (rc == BB_OK)
        print_matches(l);
    else
        rc = cli_fail(ctx, rc, _("cannot search"));
    bb_person_list_free(l);
    bb_close(ctx);
    return rc;
}

/* Asks on the terminal; true for yes ("y", "yes", "j", "ja"). */
static bool confirm(const bb_erase_result *r, const char *person)
{
    fprintf(stderr,
            ngettext("This destroys the personal data of %s in %zu record (%ld encrypted fields, "
                     "%ld search indexes):",
                     "This destroys the personal data of %s in %zu records (%ld encrypted "
                     "fields, %ld search indexes):",
                     r->n),
            person, r->n, r->fields, r->indexes);
    for (size_t i = 0; i < r->n && i < BB_PERSON_CASES_MAX; i++)
        fprintf(stderr, " %s", *r->cases[i] ? r->cases[i] : _("volunteer"));
    fputc('\n', stderr);
    return cli_ask_yes(_("It cannot be undone. Erase? [y/N]"));
}

typedef struct erase_args {
    const char *person, *case_number, *reason;
    bool all_cases, yes, dry_run;
} erase_args;

/* What the options say together. */
static int check_erase(const cli_command *cmd, const erase_args *a)
{
    if (a->case_number != NULL && a->all_cases)
        return cli_usage_error(cmd, "%s", _("give --case or --all-cases, not both"));
    if (*a->reason == '\0')
        return cli_usage_error(cmd, _("%s is required"), "--reason");
    if (!a->yes && !a->dry_run && !isatty(STDIN_FILENO))
        return cli_usage_error(cmd, "%s",
                               _("not on a terminal: give --yes to confirm the erasure"));
    return CLI_OK;
}

static int person_erase(const cli_command *cmd, int argc, char **argv)
{
    erase_args a = {0};
    enum bb_erase_scope scope;
    bb_erase_result r;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = check_erase(cmd, &a)) != CLI_OK ||
        (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    scope = a.all_cases ? BB_ERASE_ALL_CASES : a.case_number ? BB_ERASE_CASE : BB_ERASE_RECORD;
    rc = bb_person_erase(ctx, a.person, scope, a.case_number, a.reason, 1, &r);
    if (rc == BB_OK && !a.dry_run && !a.yes && !confirm(&r, a.person)) {
        fprintf(stderr, "%s\n", _("Nothing erased."));
        rc = CLI_FAILURE;
        goto done;
    }
    if (rc == BB_OK && !a.dry_run)
        rc = bb_person_erase(ctx, a.person, scope, a.case_number, a.reason, 0, &r);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("nothing was erased"));
        goto done;
    }
    printf(a.dry_run
               ? ngettext("Would erase %zu record: %ld encrypted fields, %ld search "
                          "indexes.\n",
                          "Would erase %zu records: %ld encrypted fields, %ld search "
                          "indexes.\n",
                          r.n)
               : ngettext("Erased %zu record: %ld encrypted fields, %ld search indexes.\n",
                          "Erased %zu records: %ld encrypted fields, %ld search indexes.\n", r.n),
           r.n, r.fields, r.indexes);
done:
    bb_close(ctx);
    return rc;
}

static const cli_option find_options[] = {
    {"postcode", CLI_STRING_AT(find_args, q.postcode), .value = N_("P"), .flags = CLI_REQUIRED,
     .missing = FIND_USAGE, .help = N_("a postcode")},
    {"number", CLI_STRING_AT(find_args, q.house_number), .value = N_("N"), .join = CLI_AND,
     .help = N_("and house number")},
    {"phone", CLI_STRING_AT(find_args, q.phone), .value = N_("P"), .join = CLI_OR,
     .help = N_("a phone number")},
    {"name", CLI_STRING_AT(find_args, q.name), .value = N_("NAME"), .join = CLI_OR,
     .help = N_("a name")},
    {"email", CLI_STRING_AT(find_args, q.email), .value = N_("E"), .join = CLI_OR,
     .help = N_("an e-mail address")},
    CLI_OPT_JSON(find_args, json),
    CLI_OPTIONS_END,
};

static const cli_option erase_options[] = {
    CLI_ARG_PERSON(erase_args, person),
    {"case", CLI_CASE_AT(erase_args, case_number), .value = N_("CASE"),
     .help = N_("only their record in this case")},
    {"all-cases", CLI_FLAG_AT(erase_args, all_cases), .join = CLI_OR,
     .help = N_("every record of the same person")},
    {"reason", CLI_STRING_AT(erase_args, reason), .value = N_("TEXT"), .flags = CLI_REQUIRED,
     .help = N_("why, for the audit log (no personal data)")},
    {"yes", CLI_FLAG_AT(erase_args, yes), .help = N_("ask no confirmation")},
    {"dry-run", CLI_FLAG_AT(erase_args, dry_run), .help = N_("only say what would go")},
    CLI_OPTIONS_END,
};

const cli_command cli_person_commands[] = {
    {"person", "find", person_find,
     N_("Find a person's records across cases and volunteers (for an access or erasure "
        "request)"),
     find_options, 0},
    {"person", "report", cli_person_report,
     N_("Everything bb holds about a person, for an access request (AVG art. 15)"),
     cli_person_report_options, 0},
    {"person", "erase", person_erase,
     N_("Destroy a person's personal data in one case or all (AVG art. 17)"), erase_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
