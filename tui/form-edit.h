/* What every form of bbtui does with its ncurses form: placing it and its editing keys. */
#ifndef BB_TUI_FORM_EDIT_H
#define BB_TUI_FORM_EDIT_H

#include <form.h>
#include <stdbool.h>

/* Applies key to the current field of form: cursor keys, Backspace, Delete, Ctrl-U (clear)
 * and printable characters. Returns whether it was such a key (the form counts as touched);
 * other keys (function keys, control characters) are left alone. */
bool tui_form_edit(FORM *form, int key);

/* Posts form on win after a layout (unposting it first when posted), keeping the current
 * field. Returns whether it is posted (a window too small for it is not). */
bool tui_form_place(FORM *form, WINDOW *win, bool posted);

#endif
