/* Output helpers of bbctl's registry commands: a small JSON writer, table cells that never
 * pass control characters to the terminal, and opening the database with the chosen
 * organisation. */
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
/* Writes text as it is when it is a JSON object's text (as PostgreSQL prints a jsonb object:
 * valid JSON, so its first and last characters tell), otherwise as a string. */
void json_object_text(json_out *j, const char *key, const char *text);

/* Prints s padded to width columns (counted in characters), control characters shown as
 * '?'; width 0 prints it as is (still made safe). */
void cli_cell(const char *s, int width);

#endif
