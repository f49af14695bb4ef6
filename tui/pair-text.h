/* Pairing suggestions in words: why a pair is suggested, why a volunteer is left out. */
#ifndef BB_TUI_PAIR_TEXT_H
#define BB_TUI_PAIR_TEXT_H

#include "tui.h"

/* "Vera Jansen (V-0003) + V-0007: both in the area; 2 preferred types; load 1/3, 0/2":
 * volunteers by name beside the number when ctx is unlocked. */
void tui_pair_describe(bb_ctx *ctx, const bb_pair *p, char *buf, size_t n);

/* The excluded volunteers folded into one line: per reason how many and the first numbers
 * ("12 at capacity (V-0003, V-0004, V-0005, ...)"); "" when none. */
void tui_pair_excluded(const bb_pair_list *l, char *buf, size_t n);

#endif
