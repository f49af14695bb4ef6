/* bbctl config: the organisation's settings (signal thresholds). */
#include "cli.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>

static int print_one(bb_ctx *ctx, const char *key, bool with_key)
{
    char *value = NULL;
    int is_default = 0, rc = bb_config_get(ctx, key, &value, &is_default);

    if (rc != BB_OK)
        return cli_fail(ctx, rc, _("cannot read the setting"));
    if (with_key)
        printf("%-26s%s%s\n", key, value, is_default ? _(" (default)") : "");
    else
        printf("%s\n", value);
    free(value);
    return CLI_OK;
}

static int config_get(int argc, char **argv)
{
    const cli_command *cmd = cli_find("config", "get");
    bb_ctx *ctx = NULL;
    int rc;

    if (argc > 2)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[2]);
    if (argc == 2 && argv[1][0] == '-')
        return cli_usage_error(cmd, _("unknown option '%s'"), argv[1]);
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if (argc == 2)
        rc = print_one(ctx, argv[1], false);
    for (const char *const *k = bb_config_keys(); argc == 1 && *k != NULL && rc == CLI_OK; k++)
        rc = print_one(ctx, *k, true);
    bb_close(ctx);
    return rc;
}

static int config_set(int argc, char **argv)
{
    const cli_command *cmd = cli_find("config", "set");
    bb_ctx *ctx = NULL;
    int rc;

    if (argc != 3)
        return cli_usage_error(cmd, "%s", _("give a key and a value"));
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    rc = bb_config_set(ctx, argv[1], argv[2]);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the setting was not changed"));
    bb_close(ctx);
    return rc;
}

const cli_command cli_config_commands[] = {
    {"config", "get", config_get, N_("Show one setting, or all with their defaults"), N_("[KEY]")},
    {"config", "set", config_set, N_("Change a setting"), N_("KEY VALUE")},
    {NULL, NULL, NULL, NULL, NULL},
};
