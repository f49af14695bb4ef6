/* The one main loop (htop's ScreenManager_run): it alone reads keys, turns them into requests
 * through the keymap, hands them to the top screen, and does what the returned flags say.
 * Also the stack of screens, the frame (title, status line, function-key bar), the resize and
 * the too-small message. */
#include "tui.h"
#include "dialog.h"
#include "draw.h"
#include "keymap.h"
#include "unlock.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN_COLS  80
#define MIN_LINES 24

double tui_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

tui_view *tui_top(tui_app *app)
{
    return app->depth > 0 ? app->stack[app->depth - 1] : NULL;
}

void tui_say(tui_app *app, enum tui_msg kind, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(app->msg, sizeof app->msg, fmt, ap);
    va_end(ap);
    app->msg_kind = kind;
}

void tui_fail(tui_app *app, int rc, const char *what)
{
    if (rc == BB_ECONN)
        app->conn_lost = true;
    tui_say(app, TUI_MSG_ERROR, "%s: %s", what,
            *bb_errmsg(app->ctx) ? bb_errmsg(app->ctx) : bb_strerror(rc));
}

bool tui_need_org(tui_app *app)
{
    if (!app->org_ok)
        tui_say(app, TUI_MSG_ERROR, "%s", app->org_problem);
    return app->org_ok;
}

void tui_discard(tui_view *v)
{
    v->ops->close(v);
    free(v);
}

int tui_push_view(tui_app *app, tui_view *v)
{
    if (app->depth == TUI_STACK_MAX) {
        tui_say(app, TUI_MSG_ERROR, "%s", _("Too many screens open: go back first."));
        tui_discard(v);
        return TUI_HANDLED;
    }
    app->stack[app->depth++] = v;
    return TUI_REDRAW;
}

int tui_open_data(tui_view *v, size_t size)
{
    if (!tui_need_org(v->app))
        return BB_ENOTFOUND;
    return (v->data = calloc(1, size)) != NULL ? BB_OK : BB_ENOMEM;
}

int tui_push(tui_app *app, const tui_view_ops *ops, void *arg)
{
    tui_view *v = calloc(1, sizeof *v);
    int rc;

    if (v == NULL) {
        tui_say(app, TUI_MSG_ERROR, "%s", _("Too many screens open: go back first."));
        return TUI_HANDLED;
    }
    v->ops = ops;
    v->app = app;
    v->win = app->body;
    v->stale = true;
    if ((rc = ops->open(v, arg)) != BB_OK) {
        if (app->msg[0] == '\0') /* unless the screen said why itself */
            tui_fail(app, rc, _("Cannot open the screen"));
        tui_discard(v);
        return TUI_REDRAW;
    }
    if (((ops->flags & TUI_V_KEYS) || ((ops->flags & TUI_V_WRITES) && app->write_keys)) &&
        !bb_is_unlocked(app->ctx) && app->depth > 0)
        return tui_unlock_then(app, v); /* personal data, or a change: once unlocked */
    return tui_push_view(app, v);
}

void tui_pop(tui_app *app)
{
    tui_view *v;

    if (app->depth == 0)
        return;
    v = app->stack[--app->depth];
    v->ops->close(v);
    if (v->panel != NULL)
        del_panel(v->panel);
    if (v->win != NULL && v->win != app->body)
        delwin(v->win);
    free(v);
    if (app->depth > 0)
        tui_top(app)->stale = true; /* lay out again: the size may have changed meanwhile */
}

bool tui_any_dirty(tui_app *app)
{
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i]->ops->dirty != NULL && app->stack[i]->ops->dirty(app->stack[i]))
            return true;
    return false;
}

int tui_goto(tui_app *app, const tui_view_ops *ops, void *arg)
{
    if (tui_any_dirty(app)) {
        tui_say(app, TUI_MSG_ERROR, "%s", _("Save or leave the form first."));
        return TUI_HANDLED;
    }
    while (app->depth > 1)
        tui_pop(app);
    return ops != NULL ? tui_push(app, ops, arg) : TUI_REDRAW;
}

/* The answer to "quit with unsaved changes?" */
static void quit_answer(tui_view *asker, int tag, const tui_choice *c)
{
    if (c->index == 1)
        asker->app->quit = true;
}

static int ask_quit(tui_app *app)
{
    if (!tui_any_dirty(app))
        return TUI_QUIT;
    return tui_confirm(tui_top(app), 0, _("Quit"),
                       _("There is unsaved work. Quit anyway and lose it?"), _("No, go back to it"),
                       _("Yes, quit and lose it"), quit_answer);
}

/* Back: one screen down (a changed form asked first itself, see form-engine.c); quits from the
 * first. */
static int go_back(tui_app *app)
{
    if (app->depth <= 1)
        return ask_quit(app);
    tui_pop(app);
    return TUI_REDRAW;
}

/* Requests that mean the same on every screen, when the screen left them. */
static int global_request(tui_app *app, enum tui_request req)
{
    switch (req) {
    case TUI_REQ_HELP:
        return tui_push(app, &tui_view_help, NULL);
    case TUI_REQ_QUIT:
        return ask_quit(app);
    case TUI_REQ_BACK:
        return go_back(app);
    case TUI_REQ_NEW:
        return tui_push(app, &tui_view_report, NULL);
    case TUI_REQ_TODAY:
        return tui_goto(app, NULL, NULL);
    case TUI_REQ_CASES:
        return tui_goto(app, &tui_view_cases, NULL);
    case TUI_REQ_VOLUNTEERS:
        return tui_goto(app, &tui_view_volunteers, NULL);
    case TUI_REQ_REFERRALS:
        return tui_goto(app, &tui_view_referrals, NULL);
    case TUI_REQ_FIGURES:
        return tui_goto(app, &tui_view_figures, NULL);
    case TUI_REQ_REDRAW:
        clearok(curscr, TRUE);
        return TUI_REDRAW;
    case TUI_REQ_UNLOCK:
        return tui_unlock_ask(app, tui_top(app));
    case TUI_REQ_LOCK:
        return tui_lock_now(app);
    default:
        return TUI_UNHANDLED;
    }
}

static int dispatch(tui_app *app, int key)
{
    tui_view *v = tui_top(app);
    enum tui_request req;
    int flags;

    if (v == NULL)
        return TUI_QUIT;
    req = tui_keymap(v->ops->scopes | TUI_S_ALL, v->ops->flags & TUI_V_TEXT, key);
    if (app->too_small) /* nothing to act on: only leaving works */
        return req == TUI_REQ_QUIT || req == TUI_REQ_BACK ? ask_quit(app) : TUI_HANDLED;
    flags = v->ops->request(v, req, key);
    if (flags == TUI_UNHANDLED)
        flags = global_request(app, req);
    return flags;
}

/* Title bar: where we are, who, locked or not. */
static void draw_title(tui_app *app)
{
    int i = app->depth - 1;
    tui_view *v;
    char right[160];
    const char *login = bb_current_login(app->ctx);

    while (i > 0 && app->stack[i]->ops->title == NULL)
        i--; /* a dialog: the title of the screen below */
    v = i >= 0 ? app->stack[i] : NULL;
    tui_fill(stdscr, 0, 0, tui_style(TUI_ST_TITLE));
    tui_put(stdscr, 0, 0, COLS / 2, " bb: ", tui_style(TUI_ST_TITLE), false);
    tui_put(stdscr, 0, 5, COLS - 30, v != NULL && v->ops->title ? v->ops->title(v) : "",
            tui_style(TUI_ST_TITLE), false);
    if (login != NULL)
        snprintf(right, sizeof right, _("%s, unlocked "), login);
    else
        snprintf(right, sizeof right, "%s ", _("locked"));
    tui_put_right(stdscr, 0, COLS, right, tui_style(TUI_ST_TITLE));
}

static void draw_status(tui_app *app)
{
    static const enum tui_style st[] = {TUI_ST_NORMAL, TUI_ST_OK, TUI_ST_ERROR};
    int y = LINES - 2;

    tui_fill(stdscr, y, 0, A_NORMAL);
    if (app->conn_lost)
        tui_put(stdscr, y, 0, 0,
                _("No connection to the database: trying again every second. Nothing you "
                  "typed is lost."),
                tui_style(TUI_ST_ERROR), false);
    else
        tui_put(stdscr, y, 0, 0, app->msg, tui_style(st[app->msg_kind]), false);
}

static void draw_frame(tui_app *app)
{
    tui_view *v = tui_top(app);

    draw_title(app);
    draw_status(app);
    if (v != NULL)
        tui_draw_fkeys(stdscr, LINES - 1, v->ops->scopes | TUI_S_ALL, v->ops->flags & TUI_V_TEXT);
}

void tui_flush(tui_app *app)
{
    if (!app->too_small)
        draw_frame(app);
    update_panels();
    doupdate();
}

static void draw_too_small(void)
{
    char need[128];

    werase(stdscr);
    snprintf(need, sizeof need, _("The window is %dx%d; make it at least %dx%d."), COLS, LINES,
             MIN_COLS, MIN_LINES);
    tui_wrap(stdscr, 0, 0, COLS, LINES, _("The window is too small for bbtui."),
             tui_style(TUI_ST_ERROR));
    tui_wrap(stdscr, LINES > 2 ? 2 : 1, 0, COLS, LINES, need, A_NORMAL);
    tui_wrap(stdscr, LINES > 4 ? 4 : 2, 0, COLS, LINES, _("Q quits."), A_NORMAL);
}

/* Shows or hides every panel; shown bottom to top, so their order stays. */
static void show_panels(tui_app *app, bool show)
{
    if (show)
        show_panel(app->body_panel);
    else
        hide_panel(app->body_panel);
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i]->panel != NULL)
            (show ? show_panel : hide_panel)(app->stack[i]->panel);
}

static void redraw(tui_app *app)
{
    int base = app->depth - 1;

    if (app->too_small) {
        draw_too_small();
    } else {
        while (base > 0 && (app->stack[base]->ops->flags & TUI_V_OVERLAY))
            base--;
        for (int i = base < 0 ? 0 : base; i < app->depth; i++) {
            tui_view *v = app->stack[i];
            if (v->stale && v->ops->layout != NULL)
                v->ops->layout(v);
            v->stale = false;
            v->ops->draw(v);
        }
        draw_frame(app);
    }
    update_panels();
    doupdate();
}

/* After a size change: the body window fits the new size; every screen lays out again. */
static void relayout(tui_app *app)
{
    bool small = COLS < MIN_COLS || LINES < MIN_LINES;

    if (!small) {
        wresize(app->body, LINES - 3, COLS);
        replace_panel(app->body_panel, app->body);
        move_panel(app->body_panel, 1, 0);
    }
    if (small != app->too_small || !small)
        show_panels(app, !small);
    app->too_small = small;
    werase(stdscr);
    for (int i = 0; i < app->depth; i++)
        app->stack[i]->stale = true;
}

static void screen_init(tui_app *app)
{
    initscr();
    raw(); /* Ctrl-C and Ctrl-S reach us: Ctrl-C asks before losing work, Ctrl-S saves */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    tui_style_init(app->colour);
    app->body = newwin(LINES > 4 ? LINES - 3 : 1, COLS, 1, 0);
    app->body_panel = new_panel(app->body);
    app->too_small = false;
    relayout(app);
}

/* Once a second without a key: reconnect when the connection was lost, let screens retry. */
static int tick(tui_app *app)
{
    int flags = tui_idle(app, tui_now());

    if (app->conn_lost && bb_ping(app->ctx) == BB_OK) {
        app->conn_lost = false;
        tui_say(app, TUI_MSG_OK, "%s", _("Connected to the database again."));
        flags |= TUI_REDRAW;
    }
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i]->ops->tick != NULL)
            flags |= app->stack[i]->ops->tick(app->stack[i]);
    return flags;
}

/* The next key as TUI_FN(code) or a character; 0 when none came: at once when wait is false,
 * else after a second. */
static int read_key(bool wait)
{
    wint_t wch;
    int r;

    wtimeout(stdscr, wait ? 1000 : 0); /* a tick a second: idle lock, reconnecting */
    r = wget_wch(stdscr, &wch);

    if (r == KEY_CODE_YES)
        return TUI_FN((int)wch);
    if (r == OK)
        return (int)wch;
    return 0;
}

/* A step of the top screen's work left over, when no key waits. */
static void more(tui_app *app)
{
    tui_view *v = tui_top(app);
    int flags = v != NULL && v->ops->more != NULL && !app->too_small ? v->ops->more(v) : 0;
    static bool settled;

    if (flags == TUI_UNHANDLED) {
        app->busy = false;
        if (!settled && tui_bench_on() && v != NULL)
            tui_bench_log("settled view %s", v->ops->name); /* the first screen complete */
        else if (app->key_started > 0 && tui_bench_on() && v != NULL)
            tui_bench_log("done view %s ms %.3f", v->ops->name, /* since the key */
                          (tui_now() - app->key_started) * 1000.0);
        settled = true;
        app->key_started = 0;
        return;
    }
    redraw(app);
}

static void log_key(tui_app *app, int key, double started)
{
    char name[32];
    tui_view *v = tui_top(app);

    if (tui_bench_on())
        tui_bench_log("key %s view %s ms %.3f", tui_key_name(key, name, sizeof name),
                      v != NULL ? v->ops->name : "-", (tui_now() - started) * 1000.0);
}

static void handle_key(tui_app *app, int key)
{
    double started = tui_now();
    char before[sizeof app->msg];
    int flags;

    snprintf(before, sizeof before, "%s", app->msg);
    app->last_input = app->key_started = started;
    if (key == TUI_FN(KEY_RESIZE)) {
        flags = TUI_RESIZE;
    } else {
        app->msg[0] = '\0'; /* a message stays until the next key */
        flags = dispatch(app, key);
    }
    if (flags & TUI_QUIT || app->quit || app->depth == 0) {
        app->quit = true;
        return;
    }
    if (flags & TUI_RESIZE)
        relayout(app);
    if (flags & (TUI_REDRAW | TUI_RESIZE) || strcmp(before, app->msg) != 0)
        redraw(app);
    else {
        draw_frame(app);
        update_panels();
        doupdate();
    }
    log_key(app, key, started);
}

int tui_run(tui_app *app, const tui_view_ops *first, void *arg, bool ask_unlock)
{
    int key;

    screen_init(app);
    app->last_input = tui_now();
    tui_push(app, first, arg);
    if (app->depth == 0) {
        endwin();
        fprintf(stderr, "bbtui: %s\n", app->msg);
        return 1;
    }
    redraw(app);
    if (tui_bench_on())
        tui_bench_log("first_screen view %s", app->stack[0]->ops->name);
    if (ask_unlock && !bb_is_unlocked(app->ctx)) {
        tui_unlock_ask(app, app->stack[0]);
        redraw(app);
    }
    app->busy = true;
    while (!app->quit) {
        if ((key = read_key(!app->busy)) != 0) {
            handle_key(app, key);
            app->busy = true;
        } else if (app->busy) {
            more(app);
        } else if (tick(app) & TUI_REDRAW) {
            redraw(app);
        }
    }
    tui_unlock_drop(app);
    while (app->depth > 0)
        tui_pop(app);
    del_panel(app->body_panel);
    delwin(app->body);
    endwin();
    return 0;
}
