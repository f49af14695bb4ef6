/* Option forms many commands share; see args.h. */
#include "args.h"
#include "out.h"

#include <getopt.h>

int cli_parse_json_only(const cli_command *cmd, int argc, char **argv, bool *json)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int opt;

    optind = 0; /* glibc: re-initialise, so options may follow the arguments */
    while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (opt != 'j')
            return cli_bad_option(cmd, opt, argv);
        *json = true;
    }
    return CLI_OK;
}

int cli_parse_json_one(const cli_command *cmd, int argc, char **argv, const char *which, bool *json)
{
    int rc = cli_parse_json_only(cmd, argc, argv, json);

    if (rc == CLI_OK && argc - optind != 1)
        return cli_usage_error(cmd, "%s", which);
    return rc;
}

int cli_list_option(const cli_command *cmd, int opt, char **argv, const char **after, int *limit,
                    bool *json)
{
    switch (opt) {
    case 'A':
        *after = optarg;
        return CLI_OK;
    case 'j':
        *json = true;
        return CLI_OK;
    case 'l':
        return cli_int_arg(cmd, "--limit", optarg, limit) ? CLI_OK : CLI_USAGE;
    default:
        return cli_bad_option(cmd, opt, argv);
    }
}

int cli_no_more_args(const cli_command *cmd, int argc, char **argv, int next)
{
    if (next < argc)
        return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[next]);
    return CLI_OK;
}
