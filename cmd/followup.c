/* bbctl followup: record and list the follow-up (nazorg) of cases with agreements. */
#include "args.h"
#include "cli.h"
#include "out.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_add(const cli_command *cmd, int argc, char **argv, bb_followup_new *in, bool *json)
{
    static const struct option opts[] = {
        {"date", required_argument, NULL, 'd'},
        {"melder-agreements", required_argument, NULL, 'a'},
        {"melder-improved", required_argument, NULL, 'b'},
        {"wederpartij-agreements", required_argument, NULL, 'c'},
        {"wederpartij-improved", required_argument, NULL, 'e'},
        {"id", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt == 'd')
            in->date = optarg;
        else if (opt == 'a')
            in->melder_agreements = optarg;
        else if (opt == 'b')
            in->melder_improved = optarg;
        else if (opt == 'c')
            in->wederpartij_agreements = optarg;
        else if (opt == 'e')
            in->wederpartij_improved = optarg;
        else if (opt == 'i')
            in->id = optarg;
        else if (opt == 'j')
            *json = true;
        else
            return cli_bad_option(cmd, opt, argv);
    }
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one case number"));
    in->case_number = argv[optind];
    return CLI_OK;
}

static void json_fields(json_out *j, const bb_followup *f)
{
    json_open(j, '{');
    json_str(j, "id", f->id);
    json_str(j, "case", f->case_number);
    json_str(j, "date", f->date);
    json_str_or_null(j, "melder_agreements", f->melder_agreements);
    json_str_or_null(j, "melder_improved", f->melder_improved);
    json_str_or_null(j, "wederpartij_agreements", f->wederpartij_agreements);
    json_str_or_null(j, "wederpartij_improved", f->wederpartij_improved);
    json_str(j, "created_at", f->created_at);
    json_close(j, '}');
}

static int followup_add(int argc, char **argv)
{
    bb_followup_new in = {0};
    char id[BB_UUID_SIZE];
    bb_followup *f = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc = parse_add(cli_find("followup", "add"), argc, argv, &in, &json);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if (in.id == NULL) {
        bb_uuid_generate(id);
        in.id = id;
    }
    rc = bb_followup_add(ctx, &in, &f);
    if (rc == BB_ECONN) /* same id: a follow-up recorded before the connection broke is found */
        rc = bb_followup_add(ctx, &in, &f);
    if (rc == BB_OK && json) {
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

static int followup_list(int argc, char **argv)
{
    const cli_command *cmd = cli_find("followup", "list");
    bb_followup_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc;

    rc = cli_parse_json_one(cmd, argc, argv, _("give one case number"), &json);
    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_followup_list_get(ctx, argv[optind], &l);
    if (rc == BB_OK && json) {
        json_out j = {0};
        json_open(&j, '{');
        json_key_open(&j, "followups", '[');
        for (size_t i = 0; i < l->n; i++)
            json_fields(&j, &l->items[i]);
        json_close(&j, ']');
        json_close(&j, '}');
    } else if (rc == BB_OK) {
        print_list(l);
    } else {
        rc = cli_fail(ctx, rc, _("cannot list the follow-ups"));
    }
    bb_followup_list_free(l);
    bb_close(ctx);
    return rc;
}

const cli_command cli_followup_commands[] = {
    {"followup", "add", followup_add,
     N_("Record a follow-up: per party, do the agreements hold, did it improve (ja/deels/nee)"),
     N_("CASE [--date DATE] [--melder-agreements A] [--melder-improved A] "
        "[--wederpartij-agreements A] [--wederpartij-improved A] [--id UUID] [--json]")},
    {"followup", "list", followup_list, N_("List the follow-ups of a case"), N_("CASE [--json]")},
    {NULL, NULL, NULL, NULL, NULL},
};
