/* bbctl import: cases from a spreadsheet (docs/import.md), and the template to fill. */
#include "cli.h"
#include "out.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct import_args {
    const char *file, *mapping, *pass_file, *out;
    int csv;
    bool dry_run, yes, json;
} import_args;

/* A bar on standard error, when that is a terminal. */
static int progress(void *data, long done, long total)
{
    int width = 30, filled = total > 0 ? (int)(done * width / total) : width;

    (void)data;
    fprintf(stderr, "\r[%.*s%*s] %ld/%ld", filled, "##############################", width - filled,
            "", done, total);
    if (done == total)
        fputc('\n', stderr);
    return 0;
}

/* The problems (only: the rows skipped), one a line on standard error. */
static void print_problems(const bb_import_result *r, bool only_skipped)
{
    for (size_t i = 0; r != NULL && i < r->n_problems; i++) {
        const bb_import_problem *p = &r->problems[i];
        if (only_skipped && !p->skipped)
            continue;
        if (p->line > 0 && p->column[0] != '\0')
            fprintf(stderr, _("line %ld, column %s (%s): %s\n"), p->line, p->column, p->header,
                    p->message);
        else if (p->line > 0)
            fprintf(stderr, _("line %ld: %s\n"), p->line, p->message);
        else
            fprintf(stderr, "%s\n", p->message);
    }
}

static void report(const import_args *a, const bb_import_result *r)
{
    if (a->json) {
        json_out j = {0};
        jw_open(&j, '{');
        jw_str(&j, "format", r->format);
        jw_str(&j, "sha256", r->checksum);
        jw_int(&j, "rows", r->rows);
        jw_int(&j, "cases", r->cases);
        jw_int(&j, "parties", r->parties);
        jw_int(&j, "skipped", r->skipped);
        jw_str_or_null(&j, "first", r->first[0] ? r->first : NULL);
        jw_str_or_null(&j, "last", r->last[0] ? r->last : NULL);
        jw_bool(&j, "dry_run", a->dry_run);
        jw_close(&j, '}');
        return;
    }
    print_problems(r, true);
    if (r->skipped > 20)
        fprintf(stderr, _("... and %ld more rows imported before\n"), r->skipped - 20);
    /* A list, not a sentence: no "1 cases". */
    if (a->dry_run) {
        printf(_("Dry run of %s (%s); nothing was written:\n"), a->file, r->format);
        printf(_("  cases:    %ld\n"), r->cases);
    } else {
        printf(_("Imported from %s (%s):\n"), a->file, r->format);
        printf(_("  cases:    %ld, %s to %s\n"), r->cases, r->first, r->last);
    }
    printf(_("  parties:  %ld\n"), r->parties);
    printf(_("  rows:     %ld, of which %ld imported before\n"), r->rows, r->skipped);
}

/* On a terminal, what would happen, and a question; false when the answer is not yes. */
static bool confirm(bb_ctx *ctx, import_args *a)
{
    bb_import_options o = {.path = a->file, .mapping = a->mapping, .csv = a->csv, .dry_run = 1};
    bb_import_result *r = NULL;
    char line[16] = "";
    bool yes = false;

    if (bb_import_cases(ctx, &o, &r) == BB_OK) {
        printf(_("To import: cases %ld, parties %ld (rows imported before: %ld). Go on? [y/N] "),
               r->cases, r->parties, r->skipped);
        fflush(stdout);
        yes = fgets(line, sizeof line, stdin) != NULL &&
              (line[0] == 'y' || line[0] == 'j' || line[0] == 'Y' || line[0] == 'J');
    } else {
        yes = true; /* the real run reports the problems */
    }
    bb_import_result_free(r);
    return yes;
}

static int import_cases(const cli_command *cmd, int argc, char **argv)
{
    import_args a = {0};
    bb_import_result *r = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if (!a.yes && !a.dry_run && !isatty(STDIN_FILENO))
        return cli_usage_error(cmd, "%s",
                               _("--yes is needed when standard input is not a terminal"));
    if ((rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        return rc;
    if (!a.yes && !a.dry_run && !confirm(ctx, &a)) {
        fprintf(stderr, "%s\n", _("bbctl: nothing was imported"));
        bb_close(ctx);
        return CLI_FAILURE;
    }
    bb_import_options o = {.path = a.file,
                           .mapping = a.mapping,
                           .csv = a.csv,
                           .dry_run = a.dry_run,
                           .progress = isatty(STDERR_FILENO) ? progress : NULL};
    rc = bb_import_cases(ctx, &o, &r);
    if (rc == BB_OK) {
        report(&a, r);
    } else {
        print_problems(r, false);
        if (r != NULL && r->skipped > 20)
            fprintf(stderr, _("... and %ld more rows imported before\n"), r->skipped - 20);
        rc = cli_fail(ctx, rc, _("import"));
    }
    bb_import_result_free(r);
    bb_close(ctx);
    return rc;
}

int import_template(const char *path, const char **why); /* import-template.c */

static int import_template_cmd(const cli_command *cmd, int argc, char **argv)
{
    import_args a = {0};
    const char *why = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if (import_template(a.out, &why) != 0) {
        fprintf(stderr, "bbctl: %s: %s\n", a.out, why);
        return CLI_FAILURE;
    }
    printf(_("Template written to %s.\n"), a.out);
    return CLI_OK;
}

static const cli_keyword dialects[] = {
    {"rfc4180", BB_CSV_RFC4180}, {"excel-nl", BB_CSV_EXCEL_NL}, {NULL, 0}};

static const cli_option cases_options[] = {
    {NULL, CLI_STRING_AT(import_args, file), .value = N_("FILE"), .flags = CLI_REQUIRED,
     .missing = N_("%s is required: the .xlsx or .csv file"),
     .help = N_("the spreadsheet: .xlsx, or .csv")},
    {"mapping", CLI_STRING_AT(import_args, mapping), .value = N_("FILE"),
     .help = N_("how the file's columns and words map to bb's (docs/import.md)")},
    {"dry-run", CLI_FLAG_AT(import_args, dry_run),
     .help = N_("check everything and say what would be imported; write nothing")},
    {"yes", CLI_FLAG_AT(import_args, yes), .help = N_("import without asking first")},
    {"csv", CLI_KEYWORD_AT(import_args, csv), .value = N_("DIALECT"), .words = dialects,
     .bad = N_("%s: '%s' is not a CSV dialect (rfc4180, excel-nl)"),
     .help = N_("read CSV as rfc4180 (commas) or excel-nl (semicolons); default: detected")},
    CLI_OPT_PASSPHRASE_FILE(import_args, pass_file),
    CLI_OPT_JSON(import_args, json),
    CLI_OPTIONS_END,
};

static const cli_option template_options[] = {
    {"out", CLI_STRING_AT(import_args, out), .value = N_("FILE.xlsx"), .flags = CLI_REQUIRED,
     .missing = N_("%s is required: where to write the template"),
     .help = N_("write the template to this file")},
    CLI_OPTIONS_END,
};

const cli_command cli_import_commands[] = {
    {"import", "cases", import_cases,
     N_("Import cases from a spreadsheet (.xlsx or .csv): all checked first, then one "
        "transaction"),
     cases_options, 0},
    {"import", "template", import_template_cmd,
     N_("Write the spreadsheet template to fill for an import"), template_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
