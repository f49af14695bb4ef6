/* Pairing suggestions in words: why a pair is suggested, why a volunteer is left out. */
#ifndef BB_TUI_PAIR_TEXT_H
#define BB_TUI_PAIR_TEXT_H

#include "tui.h"

/* "V-0003 + V-0007: both in the case's area; 2 preferred conflict types; load 1/3, 0/2". */
void tui_pair_describe(const bb_pair *p, char *buf, size_t n);

/* The excluded volunteers and why, "; "-separated ("" when none). */
void tui_pair_excluded(const bb_pair_list *l, char *buf, size_t n);

#endif
