/* The help screen (? or F1): every action with its keys, grouped by where it works, made from
 * the one table in request.h, so it always tells the truth. */
#include "keymap.h"
#include "lines.h"

#include <stdlib.h>

static const struct {
    unsigned scope;
    const char *title;
} groups[] = {
    {TUI_S_ALL, N_("Everywhere")},
    {TUI_S_BROWSE, N_("On screens and lists")},
    {TUI_S_LIST, N_("In lists of cases and volunteers")},
    {TUI_S_CASE, N_("On a case")},
    {TUI_S_FORM, N_("In forms (letters and digits are typed there)")},
    {TUI_S_DIALOG, N_("In pick lists and questions")},
};

/* The group a request is listed under: the first of groups[] it belongs to. */
static unsigned home_scope(const tui_req_info *ri)
{
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        if (ri->scopes & groups[g].scope)
            return groups[g].scope;
    return 0;
}

static void add_group(tui_lines *l, unsigned scope, const char *title, int width)
{
    char keys[96];

    tui_lines_add(l, TUI_ST_HEADER, 0, _(title), NULL);
    for (int r = TUI_REQ_NONE + 1; r < TUI_REQ_COUNT; r++) {
        const tui_req_info *ri = tui_req_get((enum tui_request)r);
        if (home_scope(ri) != scope)
            continue;
        tui_req_keys((enum tui_request)r, scope | TUI_S_ALL, keys, sizeof keys);
        if (keys[0] != '\0')
            tui_lines_add_wrapped(l, TUI_ST_NORMAL, 2, keys, _(ri->help), width);
    }
    tui_lines_add(l, TUI_ST_NORMAL, 0, "", NULL);
}

/* The keys that are not actions of request.h: editing text, the note editor, typing in a
 * pick list. Said in the screens' own words. */
static const struct {
    const char *keys, *help;
} editing[] = {
    {N_("Left, Right"), N_("In a field: one character back or on")},
    {N_("Home, End"), N_("In a field: to its start or its end")},
    {N_("Backspace, Delete"), N_("In a field: remove the character before or under the cursor")},
    {N_("Ctrl-U"), N_("In a field: empty it")},
    {N_("Letters"), N_("In a pick list: to the first line that starts with what was typed")},
    {N_("Enter"), N_("In a note: a new line (typing or Enter on a note field opens it)")},
    {N_("Arrows, PgUp, PgDn"), N_("In a note: move through its lines")},
    {N_("F2, Ctrl-S"), N_("In a note: done, back to the form (Esc: leave the note as it was)")},
};

static void add_editing(tui_lines *l, int width)
{
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Typing"), NULL);
    for (size_t i = 0; i < sizeof editing / sizeof editing[0]; i++)
        tui_lines_add_wrapped(l, TUI_ST_NORMAL, 2, _(editing[i].keys), _(editing[i].help), width);
    tui_lines_add(l, TUI_ST_NORMAL, 0, "", NULL);
}

static int help_open(tui_view *v, void *arg)
{
    v->data = calloc(1, sizeof(tui_lines));
    return v->data != NULL ? BB_OK : BB_ENOMEM;
}

/* The lines, wrapped to the window's width. */
static void help_layout(tui_view *v)
{
    tui_lines *l = v->data;
    int top = l->top;

    tui_lines_clear(l);
    l->left_cols = 20;
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("The keys of bbtui. Esc or q closes this help."), NULL);
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("In forms and prompts, letters and digits are typed:"),
                  NULL);
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("there the function keys, Esc, Tab and Enter act."), NULL);
    tui_lines_add(l, TUI_ST_NORMAL, 0, "", NULL);
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        add_group(l, groups[g].scope, groups[g].title, getmaxx(v->win) - 2 - 2 - 20 - 2);
    add_editing(l, getmaxx(v->win) - 2 - 2 - 20 - 2);
    l->top = top;
}

static void help_close(tui_view *v)
{
    tui_lines_clear(v->data);
    free(v->data);
}

static void help_draw(tui_view *v)
{
    werase(v->win);
    tui_lines_draw(v->data, v->win, 0, getmaxy(v->win));
}

static int help_request(tui_view *v, enum tui_request req, int key)
{
    if (req == TUI_REQ_HELP)
        return TUI_HANDLED; /* already here */
    return tui_lines_scroll(v->data, req, getmaxy(v->win));
}

static const char *help_title(tui_view *v)
{
    return _("Help: keys");
}

const tui_view_ops tui_view_help = {
    .name = "help",
    .scopes = TUI_S_BROWSE,
    .open = help_open,
    .close = help_close,
    .layout = help_layout,
    .draw = help_draw,
    .request = help_request,
    .title = help_title,
};
