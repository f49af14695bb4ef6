/* The editing keys of a text field (see form-edit.h). */
#include "form-edit.h"
#include "tui.h"

#include <wchar.h>

bool tui_form_edit(FORM *form, int key)
{
    static const struct {
        int key, req;
    } edits[] = {
        {TUI_FN(KEY_LEFT), REQ_LEFT_CHAR},
        {TUI_FN(KEY_RIGHT), REQ_RIGHT_CHAR},
        {TUI_FN(KEY_HOME), REQ_BEG_FIELD},
        {TUI_FN(KEY_END), REQ_END_FIELD},
        {TUI_FN(KEY_BACKSPACE), REQ_DEL_PREV},
        {0x7f, REQ_DEL_PREV},
        {8, REQ_DEL_PREV},
        {TUI_FN(KEY_DC), REQ_DEL_CHAR},
        {TUI_CTRL('u'), REQ_CLR_FIELD},
    };

    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++)
        if (edits[i].key == key) {
            form_driver(form, edits[i].req);
            return true;
        }
    if (TUI_IS_FN(key) || key < 0x20)
        return false;
    form_driver_w(form, OK, (wchar_t)key);
    return true;
}
