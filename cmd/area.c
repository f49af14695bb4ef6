/* bbctl area: villages and neighbourhoods with their postcode ranges. */
#include "args.h"
#include "cli.h"
#include "out.h"

#include <getopt.h>
#include <stdio.h>

static void json_areas(const bb_area_list *l)
{
    json_out j = {0};

    json_open(&j, '{');
    json_key_open(&j, "areas", '[');
    for (size_t i = 0; i < l->n; i++) {
        json_open(&j, '{');
        json_str(&j, "name", l->items[i].name);
        json_str(&j, "postcodes", l->items[i].postcodes);
        json_int(&j, "version", l->items[i].version);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
}

static int area_list(int argc, char **argv)
{
    const cli_command *cmd = cli_find("area", "list");
    bb_area_list *l = NULL;
    bb_ctx *ctx = NULL;
    bool json = false;
    int rc;

    if ((rc = cli_parse_json_only(cmd, argc, argv, &json)) != CLI_OK)
        return rc;
    if (optind < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_area_list_get(ctx, &l);
    if (rc == BB_OK && json) {
        json_areas(l);
    } else if (rc == BB_OK) {
        printf("%-24s%s\n", _("AREA"), _("POSTCODES"));
        for (size_t i = 0; i < l->n; i++) {
            cli_cell(l->items[i].name, 24);
            printf("%s\n", *l->items[i].postcodes ? l->items[i].postcodes : "-");
        }
    } else {
        rc = cli_fail(ctx, rc, _("cannot list the areas"));
    }
    bb_area_list_free(l);
    bb_close(ctx);
    return rc;
}

static int area_set(int argc, char **argv)
{
    static const struct option opts[] = {
        {"postcodes", required_argument, NULL, 'p'},
        {NULL, 0, NULL, 0},
    };
    const cli_command *cmd = cli_find("area", "set");
    const char *postcodes = NULL;
    bb_ctx *ctx = NULL;
    int opt, rc;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt != 'p')
            return cli_bad_option(cmd, opt, argv);
        postcodes = optarg;
    }
    if (argc - optind != 1)
        return cli_usage_error(cmd, "%s", _("give one area name (quote it if it has spaces)"));
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_area_set(ctx, argv[optind], postcodes);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the area was not changed"));
    bb_close(ctx);
    return rc;
}

static int area_rename(int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    const cli_command *cmd = cli_find("area", "rename");
    bb_ctx *ctx = NULL;
    int opt, rc;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        return cli_bad_option(cmd, opt, argv);
    if (argc - optind != 2)
        return cli_usage_error(
            cmd, "%s", _("give the area's name and its new name (quote names with spaces)"));
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_area_rename(ctx, argv[optind], argv[optind + 1]);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the area was not renamed"));
    bb_close(ctx);
    return rc;
}

const cli_command cli_area_commands[] = {
    {"area", "list", area_list, N_("List the areas and their postcode ranges"), N_("[--json]")},
    {"area", "set", area_set, N_("Create an area or replace its postcode ranges"),
     N_("NAME [--postcodes 1234-1299,1300,...]")},
    {"area", "rename", area_rename, N_("Rename an area; its cases and volunteers follow"),
     N_("NAME NEW-NAME")},
    {NULL, NULL, NULL, NULL, NULL},
};
