/* Output and option helpers of bbctl's registry commands: a small JSON writer, table cells
 * that never pass control characters to the terminal, comma lists, whole numbers, and opening
 * the database with the chosen organisation. */
#ifndef BB_CLI_OUT_H
#define BB_CLI_OUT_H

#include "cli.h"

#include <stdbool.h>
#include <stdio.h>

/* Opens the database and chooses the organisation (--org, or the only one). Returns CLI_OK
 * with *ctx set, or prints why and returns the exit code (*ctx NULL). */
int cli_open_org(bb_ctx **ctx);

/* A JSON writer: one document per command on stdout, compact, ending with a newline. Keys
 * and strings are escaped; empty optional strings become null with json_str_or_null. */
typedef struct json_out {
    FILE *f;
    int depth;
    bool need_comma[16];
} json_out;

/* Writes s as a JSON string: quotes, backslashes and control characters escaped; UTF-8
 * passes. */
void json_quoted(FILE *f, const char *s);

void json_open(json_out *j, char kind); /* '{' or '[' (top level or inside an array) */
void json_key_open(json_out *j, const char *key, char kind);
void json_close(json_out *j, char kind); /* '}' or ']'; at depth 0 also the newline */
void json_str(json_out *j, const char *key, const char *value); /* key NULL in arrays */
void json_str_or_null(json_out *j, const char *key, const char *value);
void json_int(json_out *j, const char *key, long long value);
void json_null(json_out *j, const char *key);
void json_bool(json_out *j, const char *key, bool value);

/* Prints s padded to width columns (counted in characters), control characters shown as
 * '?'; width 0 prints it as is (still made safe). */
void cli_cell(const char *s, int width);

/* Splits a comma list in place into at most max parts; returns the count, or -1 when there
 * are more than max or a part is empty. */
int cli_split(char *s, const char **parts, int max);

/* Parses a whole number option; prints a usage error and returns false when it is not one. */
bool cli_int_arg(const cli_command *cmd, const char *option, const char *arg, int *out);

/* Parses a --version option's value (1 or more). */
bool cli_version_arg(const cli_command *cmd, const char *arg, long long *out);

/* Prints the usage error for a getopt failure (opt is ':' or '?') and returns CLI_USAGE. */
int cli_bad_option(const cli_command *cmd, int opt, char **argv);

#endif
