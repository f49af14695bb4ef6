/* Signals on the start screen and their lists (bb/signals.h). */
#ifndef BB_TUI_SIGNALS_H
#define BB_TUI_SIGNALS_H

#include "tui.h"

/* The line of a signal kind with its threshold ("No contact for 14 days or more"). */
const char *tui_signal_text(int kind, int threshold, char *buf, size_t n);

/* Counts the cases of a signal kind, paging up to max (then *count is max + 1); *threshold
 * gets the setting in force. */
int tui_signal_count(bb_ctx *ctx, int kind, long max, long *count, int *threshold);

/* The cases of one signal; arg of tui_push points to the kind (an int). */
extern const tui_view_ops tui_view_signals;

#endif
