/* bbctl contact: record and list the contact moments of a case, with their notes (stored
 * encrypted). */
#include "args.h"
#include "cli.h"
#include "out.h"
#include "personal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct add_args {
    bb_contact_new in;
    const char *with[BB_CONTACT_WITH_MAX];
};

static int parse_add(const cli_command *cmd, int argc, char **argv, struct add_args *a)
{
    static const struct option opts[] = {
        {"kind", required_argument, NULL, 'k'},
        {"date", required_argument, NULL, 'd'},
        {"minutes", required_argument, NULL, 'm'},
        {"with", required_argument, NULL, 'w'},
        {"id", required_argument, NULL, 'i'},
        {"note", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    int opt, n;

    a->in.minutes = -1;
    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (opt) {
        case 'k':
            a->in.kind = optarg;
            break;
        case 'd':
            a->in.date = optarg;
            break;
        case 'i':
            a->in.id = optarg;
            break;
        case 'n':
            a->in.note = optarg;
            break;
        case 'm':
            if (!cli_int_arg(cmd, "--minutes", optarg, &a->in.minutes))
                return CLI_USAGE;
            break;
        case 'w':
            if ((n = cli_split(optarg, a->with, BB_CONTACT_WITH_MAX)) < 0)
                return cli_usage_error(cmd, "%s", _("--with: expected VOLUNTEER[,VOLUNTEER...]"));
            a->in.with = a->with;
            a->in.n_with = (size_t)n;
            break;
        default:
            return cli_bad_option(cmd, opt, argv);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one case number"));
    if (a->in.kind == NULL)
        return cli_usage_error(cmd, _("%s is required"), "--kind");
    a->in.case_number = argv[optind];
    return CLI_OK;
}

static int contact_add(int argc, char **argv)
{
    struct add_args a = {0};
    char id[BB_UUID_SIZE];
    bb_contact *k = NULL;
    bb_ctx *ctx = NULL;
    int rc = parse_add(cli_find("contact", "add"), argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    /* Only a note is personal data: a contact without one needs no keys. */
    rc = a.in.note != NULL ? cli_open_unlocked(&ctx) : cli_open_org(&ctx);
    if (rc != CLI_OK)
        return rc;
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
    return rc;
}

static void json_list(const bb_contact_list *l)
{
    json_out j = {0};

    json_open(&j, '{');
    json_key_open(&j, "contacts", '[');
    for (size_t i = 0; i < l->n; i++) {
        const bb_contact *k = &l->items[i];
        json_open(&j, '{');
        json_str(&j, "id", k->id);
        json_str(&j, "case", k->case_number);
        json_str(&j, "date", k->date);
        json_str(&j, "kind", k->kind);
        if (k->minutes < 0)
            json_null(&j, "minutes");
        else
            json_int(&j, "minutes", k->minutes);
        json_key_open(&j, "with", '[');
        for (size_t w = 0; w < k->n_with; w++)
            json_str(&j, NULL, k->with[w]);
        json_close(&j, ']');
        json_str(&j, "created_at", k->created_at);
        json_str_or_null(&j, "note", k->note);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
}

static void print_list(const bb_contact_list *l)
{
    printf("%-12s%-22s%-9s%s\n", _("DATE"), _("KIND"), _("MINUTES"), _("WITH"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_contact *k = &l->items[i];
        char minutes[16] = "-";
        if (k->minutes >= 0)
            snprintf(minutes, sizeof minutes, "%d", k->minutes);
        printf("%-12s%-22s%-9s", k->date, k->kind, minutes);
        for (size_t w = 0; w < k->n_with; w++)
            printf("%s%s", w ? "," : "", k->with[w]);
        putchar('\n');
        if (k->note != NULL) {
            printf("%s", _("    note: "));
            cli_cell(k->note, 0);
            putchar('\n');
        }
    }
}

static int contact_list(int argc, char **argv)
{
    const cli_command *cmd = cli_find("contact", "list");
    bb_contact_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc;

    rc = cli_parse_json_one(cmd, argc, argv, _("give one case number"), &json);
    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_open_reader(&ctx)) != CLI_OK)
        return rc;
    rc = bb_contact_list_get(ctx, argv[optind], &l);
    if (rc == BB_OK && json)
        json_list(l);
    else if (rc == BB_OK)
        print_list(l);
    else
        rc = cli_fail(ctx, rc, _("cannot list the contacts"));
    if (rc == CLI_OK && !json && !bb_is_unlocked(ctx))
        cli_tell_locked();
    bb_contact_list_free(l);
    bb_close(ctx);
    return rc;
}

const cli_command cli_contact_commands[] = {
    {"contact", "add", contact_add, N_("Record a contact moment of a case"),
     N_("CASE --kind KIND [--date DATE] [--minutes N] [--with VOLUNTEER,...] [--note TEXT]")},
    {"contact", "list", contact_list, N_("List the contact moments of a case"),
     N_("CASE [--json]")},
    {NULL, NULL, NULL, NULL, NULL},
};
