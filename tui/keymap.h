/* The keymap, generated from request.h: which request a key is on a screen, the keys of a
 * request by name, and the function-key bar. */
#ifndef BB_TUI_KEYMAP_H
#define BB_TUI_KEYMAP_H

#include "tui.h"

typedef struct tui_req_info {
    unsigned scopes;
    int key, alt, fkey;
    const char *bar;  /* untranslated */
    const char *help; /* untranslated */
} tui_req_info;

/* The row of request r in request.h; NULL for TUI_REQ_NONE or out of range. */
const tui_req_info *tui_req_get(enum tui_request r);

/* The request key means on a screen with these scopes; TUI_REQ_NONE when none (always for a
 * printable key when text is true). */
enum tui_request tui_keymap(unsigned scopes, bool text, int key);

/* The name of key ("j", "Enter", "F2", "Ctrl-S"), translated, into buf. */
const char *tui_key_name(int key, char *buf, size_t n);

/* "k, Up" or "F2, Ctrl-S": every key of r that reaches it on screens with these scopes. */
const char *tui_req_keys(enum tui_request r, unsigned scopes, char *buf, size_t n);

/* Draws the function-key bar for a screen with these scopes on row y of w. */
void tui_draw_fkeys(WINDOW *w, int y, unsigned scopes, bool text);

#endif
