/* The keymap, the key names and the function-key bar, all from the one table in request.h. */
#include "keymap.h"
#include "draw.h"

#include <stdio.h>
#include <string.h>

static const tui_req_info table[TUI_REQ_COUNT] = {[TUI_REQ_NONE] = {0, 0, 0, 0, NULL, NULL},
#define TUI_REQ_ROW(name, sc, k, a, f, b, h) [TUI_REQ_##name] = {sc, k, a, f, b, h},
                                                  TUI_REQUESTS(TUI_REQ_ROW)
#undef TUI_REQ_ROW
};

const tui_req_info *tui_req_get(enum tui_request r)
{
    if (r <= TUI_REQ_NONE || r >= TUI_REQ_COUNT)
        return NULL;
    return &table[r];
}

static bool req_has_key(const tui_req_info *ri, int key)
{
    return key != 0 &&
           (ri->key == key || ri->alt == key || (ri->fkey && TUI_FN(KEY_F(ri->fkey)) == key));
}

static bool printable(int key)
{
    return !TUI_IS_FN(key) && key >= 0x20 && key != 0x7f;
}

enum tui_request tui_keymap(unsigned scopes, bool text, int key)
{
    if (text && printable(key))
        return TUI_REQ_NONE;
    if (key == '\n')
        key = '\r'; /* Enter, whatever the terminal sends */
    for (int r = TUI_REQ_NONE + 1; r < TUI_REQ_COUNT; r++)
        if ((table[r].scopes & scopes) && req_has_key(&table[r], key))
            return (enum tui_request)r;
    return TUI_REQ_NONE;
}

static const char *fn_name(int code, char *buf, size_t n)
{
    switch (code) {
    case KEY_UP:
        return _("Up");
    case KEY_DOWN:
        return _("Down");
    case KEY_LEFT:
        return _("Left");
    case KEY_RIGHT:
        return _("Right");
    case KEY_PPAGE:
        return _("PgUp");
    case KEY_NPAGE:
        return _("PgDn");
    case KEY_HOME:
        return _("Home");
    case KEY_END:
        return _("End");
    case KEY_BTAB:
        return _("Shift-Tab");
    case KEY_ENTER:
        return _("Enter");
    default:
        if (code >= KEY_F(1) && code <= KEY_F(12))
            snprintf(buf, n, "F%d", code - KEY_F0);
        else
            snprintf(buf, n, "#%d", code);
        return buf;
    }
}

const char *tui_key_name(int key, char *buf, size_t n)
{
    if (TUI_IS_FN(key))
        return fn_name(key & ~0x200000, buf, n);
    switch (key) {
    case '\r':
        return _("Enter");
    case 27:
        return _("Esc");
    case '\t':
        return _("Tab");
    case ' ':
        return _("Space");
    default:
        if (key > 0 && key < 0x20)
            snprintf(buf, n, "Ctrl-%c", key + '@');
        else
            snprintf(buf, n, "%lc", (wint_t)key);
        return buf;
    }
}

const char *tui_req_keys(enum tui_request r, unsigned scopes, char *buf, size_t n)
{
    const tui_req_info *ri = tui_req_get(r);
    int keys[3];
    char one[32];
    size_t used = 0;

    buf[0] = '\0';
    if (ri == NULL)
        return buf;
    keys[0] = ri->fkey ? TUI_FN(KEY_F(ri->fkey)) : 0;
    keys[1] = ri->key;
    keys[2] = ri->alt;
    for (int i = 0; i < 3; i++) {
        /* only keys that really reach r there: another request may take the key first */
        if (keys[i] == 0 || tui_keymap(scopes, false, keys[i]) != r)
            continue;
        const char *name = tui_key_name(keys[i], one, sizeof one);
        if (used > 0 && strstr(buf, name) != NULL)
            continue; /* Enter and the keypad's Enter: one name */
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", name);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* The room one function key takes on the bar ("F2 Save "), 0 when none is bound to it. */
static int fkey_width(unsigned scopes, bool text, int f)
{
    const tui_req_info *ri = tui_req_get(tui_keymap(scopes, text, TUI_FN(KEY_F(f))));

    if (ri == NULL || ri->fkey != f)
        return 0;
    return (f >= 10 ? 4 : 3) + tui_width(_(ri->bar)) + 2;
}

void tui_draw_fkeys(WINDOW *w, int y, unsigned scopes, bool text)
{
    int x = 0, cols = getmaxx(w), quit = fkey_width(scopes, text, 10);
    char name[8];

    tui_fill(w, y, 0, tui_style(TUI_ST_NORMAL));
    for (int f = 1; f <= 12; f++) {
        enum tui_request r = tui_keymap(scopes, text, TUI_FN(KEY_F(f)));
        const tui_req_info *ri = tui_req_get(r);
        if (ri == NULL || ri->fkey != f)
            continue;
        /* On a narrow screen the keys before F10 give way, never F10 (quit) itself. */
        if (f != 10 && x + fkey_width(scopes, text, f) + (f < 10 ? quit : 0) > cols)
            continue;
        snprintf(name, sizeof name, "F%d ", f); /* "F2 Save ": the label on a bar */
        int label = tui_width(_(ri->bar)) + 1;
        if (x + (int)strlen(name) + label > cols)
            break;
        x += tui_put(w, y, x, 0, name, tui_style(TUI_ST_BAR_KEY), false);
        x += tui_put(w, y, x, label, _(ri->bar), tui_style(TUI_ST_BAR_LABEL), true);
        if (x < cols)
            x += tui_put(w, y, x, 1, " ", A_NORMAL, false);
    }
}
