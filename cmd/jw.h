/* The JSON writer of every bbctl command, on jansson (docs/dependencies.md): one document per
 * command, compact, ending with a newline, printed when its outermost object or array closes.
 * Keys and strings are escaped; empty optional strings become null with jw_str_or_null. A
 * string that is not valid UTF-8 fails the document: nothing is printed, the key is named on
 * standard error and the process exits with JW_FAILURE (bbctl's CLI_FAILURE). */
#ifndef BB_CLI_JW_H
#define BB_CLI_JW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit status when a document cannot be written (as CLI_FAILURE). */
#define JW_FAILURE 1

#define JSON_OUT_DEPTH 16

typedef struct json_out {
    FILE *f; /* NULL: stdout */
    json_t *root, *stack[JSON_OUT_DEPTH];
    int depth;
    bool failed;
    char bad_key[64];
} json_out;

void jw_open(json_out *j, char kind); /* '{' or '[' (top level or inside an array) */
void jw_key_open(json_out *j, const char *key, char kind);
void jw_close(json_out *j, char kind); /* '}' or ']'; at depth 0 also the newline */
void jw_str(json_out *j, const char *key, const char *value); /* key NULL in arrays */
void jw_str_or_null(json_out *j, const char *key, const char *value);
void jw_int(json_out *j, const char *key, long long value);
void jw_real(json_out *j, const char *key, double value);
void jw_null(json_out *j, const char *key);
void jw_bool(json_out *j, const char *key, bool value);
/* Writes text as it is when it is a JSON object's text (as PostgreSQL prints a jsonb object:
 * valid JSON, so its first and last characters tell), otherwise as a string. */
void jw_object_text(json_out *j, const char *key, const char *text);

#endif
