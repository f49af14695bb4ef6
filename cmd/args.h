/* Option forms many of bbctl's commands share: a lone --json, the paging options of a
 * list (--after, --limit, --json), and refusing arguments left over. */
#ifndef BB_CLI_ARGS_H
#define BB_CLI_ARGS_H

#include "cli.h"

#include <stdbool.h>

/* Parses a command whose only option is --json; optind is left at the first argument.
 * Returns CLI_OK, or prints the usage error and returns CLI_USAGE. */
int cli_parse_json_only(const cli_command *cmd, int argc, char **argv, bool *json);

/* Parses "ARG [--json]": a lone --json and exactly one argument, left at argv[optind];
 * without exactly one, prints the usage error `which` (say "give one case number"). */
int cli_parse_json_one(const cli_command *cmd, int argc, char **argv, const char *which,
                       bool *json);

/* Handles one getopt result of a list: 'A' (--after), 'l' (--limit) and 'j' (--json);
 * anything else is a usage error. Returns CLI_OK or CLI_USAGE. */
int cli_list_option(const cli_command *cmd, int opt, char **argv, const char **after, int *limit,
                    bool *json);

/* Refuses argv[next] when it is there: prints the usage error and returns CLI_USAGE;
 * else CLI_OK. */
int cli_no_more_args(const cli_command *cmd, int argc, char **argv, int next);

#endif
