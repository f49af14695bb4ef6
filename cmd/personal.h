/* bbctl and personal data: opening an unlocked handle for commands that write or need it,
 * opening a handle that shows personal data only when the keys are at hand, and printing
 * parties. */
#ifndef BB_CMD_PERSONAL_H
#define BB_CMD_PERSONAL_H

#include "cli.h"
#include "out.h"

/* Opens the database unlocked as the acting user (keys kept in this terminal session, else
 * the passphrase: BB_PASSPHRASE_FILE or the terminal), in the user's organisation; --org must
 * name that one. Returns CLI_OK with *ctx set, or the exit code after a message (*ctx NULL). */
int cli_open_unlocked(bb_ctx **ctx);

/* Opens the database in the chosen organisation and unlocks it only when that needs no
 * question: keys kept in this terminal session, or BB_PASSPHRASE_FILE. Otherwise the handle
 * stays locked and personal data stays hidden. Returns CLI_OK or the exit code. */
int cli_open_reader(bb_ctx **ctx);

/* Says on standard error that personal data is hidden because the handle is locked. */
void cli_tell_locked(void);

/* The parties of a case as a table (with names and contact details when unlocked). */
void cli_print_parties(const bb_party_list *l);

/* The parties as a JSON array under key (see docs/json.md for the shape). */
void cli_json_parties(json_out *j, const char *key, const bb_party_list *l);

/* Ends `case list` and `case search` (case.c): prints the page of cases l when rc is BB_OK,
 * else says "bbctl: what: ..."; then frees l and closes ctx. Returns the exit code. */
int cli_case_list_done(bb_ctx *ctx, int rc, bb_case_list *l, bool json, const char *what);

/* bbctl person report (person-report.c), and its options. */
int cli_person_report(const cli_command *cmd, int argc, char **argv);
extern const cli_option cli_person_report_options[];

#endif
