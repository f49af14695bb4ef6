/* A note of several lines on bbctl's command line: --note TEXT or --note-file FILE, and
 * printed with each line under its label. */
#ifndef BB_CLI_NOTE_H
#define BB_CLI_NOTE_H

#include "cli.h"

/* --note TEXT and --note-file FILE, one or the other: T's fields note and file. */
/* clang-format off */
#define CLI_OPT_NOTE(T, note, file, help_text)                                                     \
    {"note", CLI_STRING_AT(T, note), .value = N_("TEXT"), .help = help_text},                     \
    {"note-file", CLI_STRING_AT(T, file), .value = N_("FILE"), .join = CLI_OR,                     \
     .help = N_("the note read from FILE ('-': standard input), of one or more lines")}
/* clang-format on */

/* The note a command was given: *note is --note's text, or (file not NULL) FILE's, read into
 * *buf ('-': standard input), its \r\n made \n and the line feeds at its end dropped; libbb
 * checks it as any note. Both options is a usage error; a file that cannot be read, is too
 * long or holds a NUL byte is an error naming it. Free *buf with cli_note_free. */
int cli_note_take(const cli_command *cmd, const char **note, const char *file, char **buf);

/* Wipes and frees a note read by cli_note_take; NULL-safe. */
void cli_note_free(char *buf);

/* Prints label and note, each later line of the note indented under the first, each line made
 * safe for a terminal as cli_cell does, and a line feed. */
void cli_note_print(const char *label, const char *note);

#endif
