/* Signals on the start screen and their lists, when libbb has them (bb/signals.h, which bb.h
 * includes once it exists): TUI_HAVE_SIGNALS says so, and the screens slot them in. */
#ifndef BB_TUI_SIGNALS_H
#define BB_TUI_SIGNALS_H

#include "tui.h"

#if __has_include(<bb/signals.h>)
#define TUI_HAVE_SIGNALS 1
#define TUI_SIGNAL_KINDS BB_SIGNAL_KINDS

/* The line of a signal kind with its threshold ("No contact for 14 days or more"). */
const char *tui_signal_text(int kind, int threshold, char *buf, size_t n);

/* Counts the cases of a signal kind, paging up to max (then *count is max + 1); *threshold
 * gets the setting in force. */
int tui_signal_count(bb_ctx *ctx, int kind, long max, long *count, int *threshold);

/* The cases of one signal; arg of tui_push points to the kind (an int). */
extern const tui_view_ops tui_view_signals;
#else
#define TUI_HAVE_SIGNALS 0
#define TUI_SIGNAL_KINDS 0
#endif

#endif
