/* bbctl followup: record and list the follow-up (nazorg) of cases with agreements. */
#include "args.h"
#include "cli.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct followup_args {
    bb_followup_new in;
    const char *number;
    bool json;
} followup_args;

static void json_fields(json_out *j, const bb_followup *f)
{
    jw_open(j, '{');
    jw_str(j, "id", f->id);
    jw_str(j, "case", f->case_number);
    jw_str(j, "date", f->date);
    jw_str_or_null(j, "melder_agreements", f->melder_agreements);
    jw_str_or_null(j, "melder_improved", f->melder_improved);
    jw_str_or_null(j, "wederpartij_agreements", f->wederpartij_agreements);
    jw_str_or_null(j, "wederpartij_improved", f->wederpartij_improved);
    jw_str(j, "created_at", f->created_at);
    jw_close(j, '}');
}

static int followup_add(const cli_command *cmd, int argc, char **argv)
{
    followup_args a = {0};
    char id[BB_UUID_SIZE];
    bb_followup *f = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
        return rc;
    if (a.in.id == NULL) {
        bb_uuid_generate(id);
        a.in.id = id;
    }
    rc = bb_followup_add(ctx, &a.in, &f);
    if (rc == BB_ECONN) /* same id: a follow-up recorded before the connection broke is found */
        rc = bb_followup_add(ctx, &a.in, &f);
    if (rc == BB_OK && a.json) {
        json_out j = {0};
        json_fields(&j, f);
    } else if (rc == BB_OK) {
        printf(_("Recorded the follow-up of %s on %s.\n"), f->case_number, f->date);
    } else {
        rc = cli_fail(ctx, rc, _("cannot record the follow-up"));
    }
    bb_followup_free(f);
    bb_close(ctx);
    return rc;
}

static void print_list(const bb_followup_list *l)
{
    printf("%-12s%-20s%-18s%-25s%s\n", _("DATE"), _("MELDER AGREEMENTS"), _("MELDER IMPROVED"),
           _("WEDERPARTIJ AGREEMENTS"), _("WEDERPARTIJ IMPROVED"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_followup *f = &l->items[i];
        printf("%-12s%-20s%-18s%-25s%s\n", f->date,
               *f->melder_agreements ? f->melder_agreements : "-",
               *f->melder_improved ? f->melder_improved : "-",
               *f->wederpartij_agreements ? f->wederpartij_agreements : "-",
               *f->wederpartij_improved ? f->wederpartij_improved : "-");
    }
}

static int followup_list(const cli_command *cmd, int argc, char **argv)
{
    followup_args a = {0};
    bb_followup_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_followup_list_get(ctx, a.number, &l);
    if (rc == BB_OK && a.json) {
        json_out j = {0};
        jw_open(&j, '{');
        jw_key_open(&j, "followups", '[');
        for (size_t i = 0; i < l->n; i++)
            json_fields(&j, &l->items[i]);
        jw_close(&j, ']');
        jw_close(&j, '}');
    } else if (rc == BB_OK) {
        print_list(l);
    } else {
        rc = cli_fail(ctx, rc, _("cannot list the follow-ups"));
    }
    bb_followup_list_free(l);
    bb_close(ctx);
    return rc;
}

/* clang-format off */
#define ANSWER(option, f, help_text)                                                               \
    {option, CLI_STRING_AT(followup_args, in.f), .value = N_("A"), .help = help_text}
/* clang-format on */

static const cli_option add_options[] = {
    CLI_ARG_CASE(followup_args, in.case_number, N_("give one case number")),
    CLI_OPT_DATE(followup_args, in.date, N_("the day of the follow-up (default: today)")),
    ANSWER("melder-agreements", melder_agreements,
           N_("the melder: do the agreements hold (ja, deels, nee)")),
    ANSWER("melder-improved", melder_improved, N_("the melder: did it improve (ja, deels, nee)")),
    ANSWER("wederpartij-agreements", wederpartij_agreements,
           N_("the other party: do the agreements hold")),
    ANSWER("wederpartij-improved", wederpartij_improved, N_("the other party: did it improve")),
    CLI_OPT_ID(followup_args, in.id),
    CLI_OPT_JSON(followup_args, json),
    CLI_OPTIONS_END,
};

static const cli_option list_options[] = {
    CLI_ARG_CASE(followup_args, number, N_("give one case number")),
    CLI_OPT_JSON(followup_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_followup_commands[] = {
    {"followup", "add", followup_add,
     N_("Record a follow-up: per party, do the agreements hold, did it improve (ja/deels/nee)"),
     add_options, 0},
    {"followup", "list", followup_list, N_("List the follow-ups of a case"), list_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
