/* Output helpers of bbctl's commands: the JSON writer, table cells that never
 * pass control characters to the terminal, and opening the database with the chosen
 * organisation. */
#ifndef BB_CLI_OUT_H
#define BB_CLI_OUT_H

#include "cli.h"
#include "jw.h"

#include <stdbool.h>
#include <stdio.h>

/* Opens the database and chooses the organisation (--org, or the only one). Returns CLI_OK
 * with *ctx set, or prints why and returns the exit code (*ctx NULL). */
int cli_open_org(bb_ctx **ctx);

/* Chooses the --org organisation (or the only one) on the open handle *ctx; on failure says
 * why, closes it (*ctx NULL) and returns the exit code. */
int cli_use_org(bb_ctx **ctx);

/* Opens the database for a change without personal data, in the chosen organisation: on a
 * person's own login role as it is (they act as themselves); on any other connection (the
 * embedded database) unlocked as cli_open_unlocked does, since the database takes a change
 * only from a user of the organisation who has unlocked (docs/security.md, "Who acted").
 * Returns CLI_OK with *ctx set, or the exit code after a message (*ctx NULL). In personal.c,
 * beside cli_open_unlocked. */
int cli_open_writer(bb_ctx **ctx);

/* Unlocks the open handle *ctx as the acting user; --org may only name their organisation.
 * Returns CLI_OK, or closes the handle (*ctx NULL) and returns the exit code after a message. */
int cli_unlock_in_org(bb_ctx **ctx);

/* Prints s padded to width columns (counted in characters), made safe as bbtui shows text
 * (bb_text_sanitize: control characters, escape sequences, direction overrides and broken
 * UTF-8 as visible placeholders); never cut: a longer value is followed by one space, so it
 * does not run into the next column. width 0 pads nothing. */
void cli_cell(const char *s, int width);

/* Asks question on standard error and reads the answer from standard input: true for y, yes,
 * j or ja (any case), false for anything else and at the end of input. */
bool cli_ask_yes(const char *question);

/* cli_cell on f (standard error for a warning). */
void cli_cell_to(FILE *f, const char *s, int width);

#endif
