/* bbctl config: the organisation's settings (signal thresholds). */
#include "cli.h"
#include "session.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One setting: "key value (default)" with the key padded to key_width (0: only the value, when
 * one key was asked for), or a JSON object. */
static int print_one(bb_ctx *ctx, const char *key, int key_width, json_out *j)
{
    char *value = NULL;
    int is_default = 0, rc = bb_config_get(ctx, key, &value, &is_default);

    if (rc != BB_OK)
        return cli_fail(ctx, rc, _("cannot read the setting"));
    if (j != NULL) {
        jw_open(j, '{');
        jw_str(j, "key", key);
        jw_str(j, "value", value);
        jw_bool(j, "default", is_default != 0);
        jw_close(j, '}');
    } else if (key_width > 0) {
        cli_cell(key, key_width);
        printf("%s%s\n", value, is_default ? _(" (default)") : "");
    } else {
        printf("%s\n", value);
    }
    free(value);
    return CLI_OK;
}

typedef struct config_args {
    const char *key, *value;
    bool json;
} config_args;

static int config_get(const cli_command *cmd, int argc, char **argv)
{
    config_args a = {0};
    json_out j = {0}, *jp = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    jp = a.json ? &j : NULL;
    if (a.key != NULL) {
        rc = print_one(ctx, a.key, 0, jp);
    } else {
        if (jp != NULL) {
            jw_open(jp, '{');
            jw_key_open(jp, "settings", '[');
        }
        int width = 0;
        for (const char *const *k = bb_config_keys(); *k != NULL; k++)
            width = (int)strlen(*k) + 2 > width ? (int)strlen(*k) + 2 : width;
        for (const char *const *k = bb_config_keys(); *k != NULL && rc == CLI_OK; k++)
            rc = print_one(ctx, *k, width, jp);
        if (jp != NULL && rc == CLI_OK) {
            jw_close(jp, ']');
            jw_close(jp, '}');
        }
    }
    bb_close(ctx);
    return rc;
}

static int config_set(const cli_command *cmd, int argc, char **argv)
{
    config_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    /* A bad value is said before any passphrase is asked. */
    rc = bb_config_check(ctx, a.key, a.value);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("the setting was not changed"));
        goto done;
    }
    if ((bb_config_needs_admin(a.key) || bb_write_needs_unlock(ctx)) &&
        (rc = cli_unlock_in_org(&ctx)) != CLI_OK) {
        if (bb_config_needs_admin(a.key))
            fprintf(stderr,
                    _("bbctl: the setting was not changed: %s needs an unlocked administrator\n"),
                    a.key);
        goto done;
    }
    rc = bb_config_set(ctx, a.key, a.value);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("the setting was not changed"));
done:
    bb_close(ctx);
    return rc;
}

static const cli_option get_options[] = {
    {NULL, CLI_STRING_AT(config_args, key), .value = N_("KEY"),
     .help = N_("one setting (default: all)")},
    CLI_OPT_JSON(config_args, json),
    CLI_OPTIONS_END,
};

/* In order: a VALUE may begin with '-'. */
static const cli_option set_options[] = {
    {NULL, CLI_STRING_AT(config_args, key), .value = N_("KEY"), .flags = CLI_REQUIRED,
     .help = N_("the setting (docs/areas-and-settings.md)"),
     .missing = N_("give a key and a value")},
    {NULL, CLI_STRING_AT(config_args, value), .value = N_("VALUE"), .flags = CLI_REQUIRED,
     .help = N_("its new value"), .missing = N_("give a key and a value")},
    CLI_OPTIONS_END,
};

const cli_command cli_config_commands[] = {
    {"config", "get", config_get, N_("Show one setting, or all with their defaults"), get_options,
     0},
    {"config", "set", config_set, N_("Change a setting"), set_options, CLI_IN_ORDER},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
