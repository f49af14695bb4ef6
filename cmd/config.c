/* bbctl config: the organisation's settings (signal thresholds). */
#include "cli.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One setting: "key value (default)", only the value (one key asked), or a JSON object. */
static int print_one(bb_ctx *ctx, const char *key, bool with_key, json_out *j)
{
    char *value = NULL;
    int is_default = 0, rc = bb_config_get(ctx, key, &value, &is_default);

    if (rc != BB_OK)
        return cli_fail(ctx, rc, _("cannot read the setting"));
    if (j != NULL) {
        json_open(j, '{');
        json_str(j, "key", key);
        json_str(j, "value", value);
        json_bool(j, "default", is_default != 0);
        json_close(j, '}');
    } else if (with_key) {
        printf("%-26s%s%s\n", key, value, is_default ? _(" (default)") : "");
    } else {
        printf("%s\n", value);
    }
    free(value);
    return CLI_OK;
}

static int config_get(int argc, char **argv)
{
    const cli_command *cmd = cli_find("config", "get");
    const char *key = NULL;
    json_out j = {0}, *jp = NULL;
    bb_ctx *ctx = NULL;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            jp = &j;
        else if (argv[i][0] == '-')
            return cli_usage_error(cmd, _("unknown option '%s'"), argv[i]);
        else if (key != NULL)
            return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
        else
            key = argv[i];
    }
    if ((rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if (key != NULL) {
        rc = print_one(ctx, key, false, jp);
    } else {
        if (jp != NULL) {
            json_open(jp, '{');
            json_key_open(jp, "settings", '[');
        }
        for (const char *const *k = bb_config_keys(); *k != NULL && rc == CLI_OK; k++)
            rc = print_one(ctx, *k, true, jp);
        if (jp != NULL && rc == CLI_OK) {
            json_close(jp, ']');
            json_close(jp, '}');
        }
    }
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
    {"config", "get", config_get, N_("Show one setting, or all with their defaults"),
     N_("[KEY] [--json]")},
    {"config", "set", config_set, N_("Change a setting"), N_("KEY VALUE")},
    {NULL, NULL, NULL, NULL, NULL},
};
