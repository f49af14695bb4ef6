/* Reading passphrases: from a file (for scripts and tests) or the terminal without echo, never
 * from the command line (other users can read it in ps). */
#ifndef BB_CMD_PASSPHRASE_H
#define BB_CMD_PASSPHRASE_H

#include "cli.h"

#include <stddef.h>

/* Shortest new passphrase, in characters. */
#define CLI_PASS_MIN 10

/* Longest passphrase, in bytes. */
#define CLI_PASS_MAX 1024

enum cli_pass_kind {
    CLI_PASS_CURRENT, /* an existing passphrase: asked once */
    CLI_PASS_NEW,     /* a new one: asked twice on the terminal, at least CLI_PASS_MIN long */
};

/* A passphrase in locked memory; wipe with cli_pass_wipe. */
typedef struct cli_pass {
    char *text; /* NUL-terminated */
    size_t len; /* bytes, without the NUL */
} cli_pass;

/* Reads a passphrase: the first line of `file` (an option's value) when not NULL, else of the
 * file named by the environment variable `env_var`, else from the terminal (/dev/tty) with the
 * prompt. On success returns CLI_OK and fills *out; else prints why and returns the exit code,
 * with *out empty. */
int cli_pass_read(cli_pass *out, const char *file, const char *env_var, const char *prompt,
                  enum cli_pass_kind kind);

/* Wipes and frees the passphrase; NULL-safe, may be called twice. */
void cli_pass_wipe(cli_pass *p);

#endif
