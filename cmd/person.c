/* bbctl person find and erase: the rights of the people in bb (docs/admin.md). The report is
 * in person-report.c. */
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
        cli_cell(m->id, 36);
        fputs("  ", stdout);
        cli_cell(*m->case_number ? m->case_number : _("volunteer"), 12);
        fputs("  ", stdout);
        cli_cell(m->role, 12);
        fputs("  ", stdout);
        cli_cell(m->name != NULL ? m->name : _("(erased)"), 0);
        putchar('\n');
    }
}

static void json_matches(const bb_person_list *l)
{
    json_out j = {0};

    json_open(&j, '{');
    json_key_open(&j, "people", '[');
    for (size_t i = 0; i < l->n; i++) {
        const bb_person_match *m = &l->items[i];
        json_open(&j, '{');
        json_str(&j, "id", m->id);
        json_str(&j, "kind", m->kind);
        json_str_or_null(&j, "case", m->case_number);
        json_str(&j, "role", m->role);
        if (m->name != NULL)
            json_str(&j, "name", m->name);
        else
            json_null(&j, "name");
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
}

static int person_find(int argc, char **argv)
{
    static const struct option opts[] = {
        {"postcode", required_argument, NULL, 'p'},
        {"number", required_argument, NULL, 'n'},
        {"phone", required_argument, NULL, 'P'},
        {"name", required_argument, NULL, 'N'},
        {"email", required_argument, NULL, 'e'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const cli_command *cmd = cli_find("person", "find");
    bb_person_query q = {0};
    bb_person_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int opt, rc;

    optind = 0;
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        const char **slot = opt == 'p'   ? &q.postcode
                            : opt == 'n' ? &q.house_number
                            : opt == 'P' ? &q.phone
                            : opt == 'N' ? &q.name
                            : opt == 'e' ? &q.email
                                         : NULL;
        if (opt == 'j')
            json = true;
        else if (slot != NULL)
            *slot = optarg;
        else
            return cli_bad_option(cmd, opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
    if ((q.postcode || q.house_number) + (q.phone != NULL) + (q.name != NULL) + (q.email != NULL) !=
        1)
        return cli_usage_error(cmd, "%s",
                               _("give one of --postcode with --number, --phone, --name or "
                                 "--email"));
    if ((q.postcode == NULL) != (q.house_number == NULL))
        return cli_usage_error(cmd, "%s", _("an address needs --postcode and --number"));
    if ((rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_person_find(ctx, &q, &l);
    if (rc == BB_OK && json)
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
    char answer[16] = "";

    fprintf(stderr,
            ngettext("This destroys the personal data of %s in %zu record (%ld encrypted fields, "
                     "%ld search indexes):",
                     "This destroys the personal data of %s in %zu records (%ld encrypted "
                     "fields, %ld search indexes):",
                     r->n),
            person, r->n, r->fields, r->indexes);
    for (size_t i = 0; i < r->n && i < BB_PERSON_CASES_MAX; i++)
        fprintf(stderr, " %s", *r->cases[i] ? r->cases[i] : _("volunteer"));
    fprintf(stderr, "\n%s ", _("It cannot be undone. Erase? [y/N]"));
    if (fgets(answer, sizeof answer, stdin) == NULL)
        return false;
    answer[strcspn(answer, "\n")] = '\0';
    /* English and Dutch alike, whatever the locale: the prompt may be in either. */
    return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0 ||
           strcasecmp(answer, "j") == 0 || strcasecmp(answer, "ja") == 0;
}

typedef struct erase_args {
    const char *person, *case_number, *reason;
    enum bb_erase_scope scope;
    bool yes, dry_run;
} erase_args;

static int parse_erase(const cli_command *cmd, int argc, char **argv, erase_args *a)
{
    static const struct option opts[] = {
        {"case", required_argument, NULL, 'c'},   {"all-cases", no_argument, NULL, 'A'},
        {"reason", required_argument, NULL, 'r'}, {"yes", no_argument, NULL, 'y'},
        {"dry-run", no_argument, NULL, 'n'},      {NULL, 0, NULL, 0},
    };
    int opt, scopes = 0;

    optind = 0;
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt == 'c')
            a->case_number = optarg, a->scope = BB_ERASE_CASE, scopes++;
        else if (opt == 'A')
            a->scope = BB_ERASE_ALL_CASES, scopes++;
        else if (opt == 'r')
            a->reason = optarg;
        else if (opt == 'y')
            a->yes = true;
        else if (opt == 'n')
            a->dry_run = true;
        else
            return cli_bad_option(cmd, opt, argv);
    }
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one person (an id from 'bbctl person find')"));
    a->person = argv[optind];
    if (scopes > 1)
        return cli_usage_error(cmd, "%s", _("give --case or --all-cases, not both"));
    if (a->reason == NULL || *a->reason == '\0')
        return cli_usage_error(cmd, _("%s is required"), "--reason");
    if (!a->yes && !a->dry_run && !isatty(STDIN_FILENO))
        return cli_usage_error(cmd, "%s",
                               _("not on a terminal: give --yes to confirm the erasure"));
    return CLI_OK;
}

static int person_erase(int argc, char **argv)
{
    const cli_command *cmd = cli_find("person", "erase");
    erase_args a = {0};
    bb_erase_result r;
    bb_ctx *ctx = NULL;
    int rc = parse_erase(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_person_erase(ctx, a.person, a.scope, a.case_number, a.reason, 1, &r);
    if (rc == BB_OK && !a.dry_run && !a.yes && !confirm(&r, a.person)) {
        fprintf(stderr, "%s\n", _("Nothing erased."));
        rc = CLI_FAILURE;
        goto done;
    }
    if (rc == BB_OK && !a.dry_run)
        rc = bb_person_erase(ctx, a.person, a.scope, a.case_number, a.reason, 0, &r);
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

const cli_command cli_person_commands[] = {
    {"person", "find", person_find,
     N_("Find a person's records across cases and volunteers (for an access or erasure "
        "request)"),
     N_("(--postcode P --number N | --phone P | --name NAME | --email E) [--json]")},
    {"person", "report", cli_person_report,
     N_("Everything bb holds about a person, for an access request (AVG art. 15)"),
     N_("PERSON [--out FILE] [--json] [--with-notes]")},
    {"person", "erase", person_erase,
     N_("Destroy a person's personal data in one case or all (AVG art. 17)"),
     N_("PERSON [--case CASE | --all-cases] --reason TEXT [--yes] [--dry-run]")},
    {NULL, NULL, NULL, NULL, NULL},
};
