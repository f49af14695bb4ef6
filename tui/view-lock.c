/* The lock screen: covers everything (title and bars too) after idle time or 'L'. What lies
 * below, a half-filled form included, stays as it was. With keys held before, Enter asks the
 * passphrase; without, Enter only uncovers the screen. */
#include "tui.h"
#include "draw.h"
#include "unlock.h"

#include <stdio.h>

static int lock_open(tui_view *v, void *arg)
{
    v->win = NULL;
    return BB_OK;
}

static void lock_close(tui_view *v)
{
}

static void lock_layout(tui_view *v)
{
    WINDOW *win = newwin(LINES, COLS, 0, 0);

    if (win == NULL)
        return;
    if (v->panel == NULL)
        v->panel = new_panel(win);
    else
        replace_panel(v->panel, win); /* before the old window goes: the panel reads it */
    if (v->win != NULL)
        delwin(v->win);
    v->win = win;
}

static void lock_draw(tui_view *v)
{
    int y = LINES / 2 - 2;
    const char *how = v->app->had_keys ? _("Press Enter and give your passphrase to go on.")
                                       : _("Press Enter to go on.");

    if (v->win == NULL)
        return;
    werase(v->win);
    tui_put(v->win, y, (COLS - tui_width(_("bbtui is locked."))) / 2, 0, _("bbtui is locked."),
            A_BOLD, false);
    tui_put(v->win, y + 2, (COLS - tui_width(how)) / 2, 0, how, A_NORMAL, false);
    tui_put(v->win, y + 4, (COLS - tui_width(_("Q quits."))) / 2, 0, _("Q quits."), A_NORMAL,
            false);
}

static int lock_request(tui_view *v, enum tui_request req, int key)
{
    tui_app *app = v->app;

    switch (req) {
    case TUI_REQ_ENTER:
        if (app->had_keys)
            return tui_unlock_ask(app, v);
        app->locked = false;
        tui_pop(app);
        return TUI_REDRAW;
    case TUI_REQ_QUIT:
    case TUI_REQ_REDRAW:
        return TUI_UNHANDLED;
    default:
        return TUI_HANDLED; /* nothing else gets past the lock */
    }
}

static const char *lock_title(tui_view *v)
{
    return _("Locked");
}

const tui_view_ops tui_view_lock = {
    .name = "lock",
    .scopes = TUI_S_DIALOG,
    .flags = TUI_V_OVERLAY,
    .open = lock_open,
    .close = lock_close,
    .layout = lock_layout,
    .draw = lock_draw,
    .request = lock_request,
    .title = lock_title,
};
