/* The editing keys of a text field, for the form engine (form-engine.c) and the prompt
 * (view-prompt.c). */
#ifndef BB_TUI_FORM_EDIT_H
#define BB_TUI_FORM_EDIT_H

#include <form.h>
#include <stdbool.h>

/* Applies key to the current field of form: cursor keys, Backspace, Delete, Ctrl-U (clear)
 * and printable characters. Returns whether it was such a key (the form counts as touched);
 * other keys (function keys, control characters) are left alone. */
bool tui_form_edit(FORM *form, int key);

#endif
