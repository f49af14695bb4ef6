/* How bbctl gets an unlocked handle: who acts (--user, BB_USER, the OS account), keys kept in
 * this terminal session (libbb's bb_session_*), else the passphrase. */
#ifndef BB_CMD_SESSION_H
#define BB_CMD_SESSION_H

#include "cli.h"

/* The acting user's login: --user, else BB_USER, else the name of the OS account; borrowed.
 * NULL (after a message) when there is none. */
const char *cli_session_login(void);

/* The idle time keys are kept for, from BB_UNLOCK_TIMEOUT (seconds, 0 = never keep;
 * default BB_SESSION_DEFAULT_TIMEOUT). -1 after a message when the value is not valid. */
long cli_session_timeout(void);

/* Unlocks the open handle as the acting user: with the keys kept in this terminal session if
 * there are, else with the passphrase (pass_file, else BB_PASSPHRASE_FILE, else the terminal),
 * then keeps the keys for the idle time. Returns CLI_OK, or the exit code after a message. */
int cli_session_unlock(bb_ctx *ctx, const char *pass_file);

/* cli_open() and cli_session_unlock() in one: on success *out is an open, unlocked handle
 * (bb_close it); else *out is NULL and the exit code is returned after a message. */
int cli_session_open(bb_ctx **out, const char *pass_file);

/* Asks the acting user's passphrase (pass_file, else BB_PASSPHRASE_FILE, else the terminal)
 * and unlocks the open handle with it; keeps nothing. Returns CLI_OK or the exit code after a
 * message. */
int cli_session_ask(bb_ctx *ctx, const char *pass_file);

/* Keeps (or keeps again, after the keys changed) the keys of an unlocked handle for the idle
 * time. Says why at verbose level when they cannot be kept; true when they are kept. */
bool cli_session_keep(bb_ctx *ctx);

/* The newest organisation key version of the handle's organisation (0 when unknown). */
int cli_session_key_version(bb_ctx *ctx);

/* Says on stdout for how long the keys are kept, and how to lock them. */
void cli_session_tell_kept(void);

/* "15 minutes" or "90 seconds", for messages; static buffer. */
const char *cli_session_duration(long seconds);

#endif
