/* Unlocking and locking: the keys kept in this terminal session (bb_session_restore), else the
 * passphrase (no echo); the lock screen after idle time. See docs/tui.md, "Unlocking". */
#ifndef BB_TUI_UNLOCK_H
#define BB_TUI_UNLOCK_H

#include "tui.h"

/* At start: unlocks with the keys kept in this session when there are (quietly otherwise),
 * then chooses the organisation. */
void tui_unlock_start(tui_app *app);

/* Asks the passphrase over asker (the top screen) and unlocks; keeps the keys in the session
 * keyring for app->keep_seconds. Returns TUI_* flags. */
int tui_unlock_ask(tui_app *app, tui_view *asker);

/* Whether a change may start: true on a person's own login role or once unlocked; else says
 * that changes need the keys, asks the passphrase over asker and returns false (the user
 * presses the key again once unlocked). */
bool tui_write_ready(tui_app *app, tui_view *asker);

/* Screen v needs the keys: it is opened (with its argument) and waits; asks the passphrase
 * over the top screen and, once unlocked, puts v on top of it. Returns TUI_* flags. */
int tui_unlock_then(tui_app *app, tui_view *v);

/* Closes the screen waiting for the keys, if one is. */
void tui_unlock_drop(tui_app *app);

/* Locks now: forgets the keys and puts the lock screen over everything. */
int tui_lock_now(tui_app *app);

/* Called about once a second: locks after app->idle_lock seconds without a key. */
int tui_idle(tui_app *app, double now);

#endif
