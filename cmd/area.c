/* bbctl area: villages and neighbourhoods with their postcode ranges. */
#include "cli.h"
#include "out.h"

#include <stdio.h>

static void json_areas(const bb_area_list *l)
{
    json_out j = {0};

    jw_open(&j, '{');
    jw_key_open(&j, "areas", '[');
    for (size_t i = 0; i < l->n; i++) {
        jw_open(&j, '{');
        jw_str(&j, "name", l->items[i].name);
        jw_str(&j, "postcodes", l->items[i].postcodes);
        jw_int(&j, "version", l->items[i].version);
        jw_close(&j, '}');
    }
    jw_close(&j, ']');
    jw_close(&j, '}');
}

typedef struct area_args {
    const char *name, *new_name, *postcodes;
    bool json;
} area_args;

static int area_list(const cli_command *cmd, int argc, char **argv)
{
    area_args a = {0};
    bb_area_list *l = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_area_list_get(ctx, &l);
    if (rc == BB_OK && a.json) {
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

static int area_set(const cli_command *cmd, int argc, char **argv)
{
    area_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
        return rc;
    rc = bb_area_set(ctx, a.name, a.postcodes);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the area was not changed"));
    bb_close(ctx);
    return rc;
}

static int area_rename(const cli_command *cmd, int argc, char **argv)
{
    area_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_writer(&ctx)) != CLI_OK)
        return rc;
    rc = bb_area_rename(ctx, a.name, a.new_name);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the area was not renamed"));
    bb_close(ctx);
    return rc;
}

static const cli_option list_options[] = {
    CLI_OPT_JSON(area_args, json),
    CLI_OPTIONS_END,
};

/* clang-format off */
#define NAME_ARGUMENT(missing_text)                                                                \
    {NULL, CLI_STRING_AT(area_args, name), .value = N_("NAME"), .flags = CLI_REQUIRED,             \
     .help = N_("the area's name (quote it if it has spaces)"), .missing = missing_text}
/* clang-format on */

static const cli_option set_options[] = {
    NAME_ARGUMENT(N_("give one area name (quote it if it has spaces)")),
    {"postcodes", CLI_STRING_AT(area_args, postcodes), .value = N_("1234-1299,1300,..."),
     .help = N_("its ranges of the postcodes' 4 digits, instead of those it has")},
    CLI_OPTIONS_END,
};

#define RENAME_USAGE N_("give the area's name and its new name (quote names with spaces)")

static const cli_option rename_options[] = {
    NAME_ARGUMENT(RENAME_USAGE),
    {NULL, CLI_STRING_AT(area_args, new_name), .value = N_("NEW-NAME"), .flags = CLI_REQUIRED,
     .help = N_("its new name"), .missing = RENAME_USAGE},
    CLI_OPTIONS_END,
};

const cli_command cli_area_commands[] = {
    {"area", "list", area_list, N_("List the areas and their postcode ranges"), list_options, 0},
    {"area", "set", area_set, N_("Create an area or replace its postcode ranges"), set_options, 0},
    {"area", "rename", area_rename, N_("Rename an area; its cases and volunteers follow"),
     rename_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
