/* bbtui's framework: the application, its stack of screens (views) and the one main loop that
 * owns the input (htop's ScreenManager_run). Each screen is one file, tui/view-*.c, with one
 * tui_view_ops (tig's view_ops). Screens never print: they draw into their window when asked,
 * and answer requests with TUI_* flags. tui/ never sees SQL, libpq or libsodium: only bb.h. */
#ifndef BB_TUI_H
#define BB_TUI_H

#include <bb.h>
#include <curses.h>
#include <libintl.h>
#include <panel.h>
#include <stdbool.h>
#include <stddef.h>

#define _(s)  gettext(s)
#define N_(s) s

/* Keys as one int: a character is itself (a Unicode code point), a curses key (KEY_*) is
 * TUI_FN(code), so KEY_DOWN and U+0102 stay apart. */
#define TUI_FN(code)   (0x200000 | (code))
#define TUI_IS_FN(key) (((key)&0x200000) != 0)
#define TUI_CTRL(c)    ((c)&0x1f)

/* Kinds of screen; a request belongs to some (request.h), a screen has some. */
enum {
    TUI_S_ALL = 1 << 0,    /* everywhere */
    TUI_S_BROWSE = 1 << 1, /* screens to read and move around in */
    TUI_S_LIST = 1 << 2,   /* paged lists */
    TUI_S_CASE = 1 << 3,   /* the case screen */
    TUI_S_FORM = 1 << 4,   /* forms */
    TUI_S_DIALOG = 1 << 5, /* pick lists and questions over another screen */
    TUI_S_FIGURES = 1 << 6, /* the figures screen */
};

#include "request.h"

/* What a handler did (htop's HandlerResult); 0: the request was not for this screen. */
enum {
    TUI_UNHANDLED = 0,
    TUI_HANDLED = 1 << 0,
    TUI_REDRAW = 1 << 1, /* draw the screen again */
    TUI_RESIZE = 1 << 2, /* lay every screen out again (size changed) */
    TUI_QUIT = 1 << 3,
};

/* Flags of a kind of screen. */
enum {
    TUI_V_OVERLAY = 1 << 0, /* drawn in its own window over the screen below (dialogs) */
    TUI_V_TEXT = 1 << 1,    /* takes typed text: printable keys are never requests */
    TUI_V_KEYS = 1 << 2,    /* reads or writes personal data: opens only when unlocked */
    TUI_V_WRITES = 1 << 3,  /* saves a change: opens only when unlocked where changes need the
                               keys (app->write_keys, the embedded database) */
};

struct tui_app;
struct tui_view;

/* The answer of a dialog to the screen that asked (see tui_pick, tui_prompt). */
typedef struct tui_choice {
    bool cancelled;
    int index;          /* the line chosen, -1 when cancelled */
    unsigned long mask; /* the lines selected, in a list where several may be */
    const char *key;    /* the key of the line chosen (borrowed for the call) */
    const char *text;   /* the text typed in a prompt (borrowed, wiped after the call) */
    size_t len;
} tui_choice;

/* Called with the view that asked, once the dialog has closed. */
typedef void (*tui_answer_fn)(struct tui_view *asker, int tag, const tui_choice *c);

typedef struct tui_view_ops {
    const char *name; /* for the benchmark log */
    unsigned scopes;  /* TUI_S_*: which requests reach it */
    unsigned flags;   /* TUI_V_* */
    const void *def;  /* what a screen of a generic kind is made from: a form's tui_form_def */
    /* Makes v->data from arg and loads what it shows; BB_OK or a status (nothing pushed). */
    int (*open)(struct tui_view *v, void *arg);
    void (*close)(struct tui_view *v); /* frees v->data */
    /* The window size changed or the view came on top; may be NULL. */
    void (*layout)(struct tui_view *v);
    void (*draw)(struct tui_view *v);
    /* A request (or TUI_REQ_NONE with the raw key); returns TUI_* flags. */
    int (*request)(struct tui_view *v, enum tui_request req, int key);
    const char *(*title)(struct tui_view *v); /* for the title bar; NULL: the one below's */
    bool (*dirty)(const struct tui_view *v);  /* unsaved changes; may be NULL */
    int (*tick)(struct tui_view *v);          /* about once a second: TUI_* flags; may be NULL */
    /* One step of work left after the screen was shown (counting, say), done between keys
     * while no key waits; TUI_* flags, TUI_UNHANDLED when nothing is left. May be NULL. */
    int (*more)(struct tui_view *v);
} tui_view_ops;

typedef struct tui_view {
    const tui_view_ops *ops;
    struct tui_app *app;
    void *data;
    WINDOW *win;  /* base views: the app's body window; overlays: their own */
    PANEL *panel; /* overlays only */
    bool stale;   /* needs layout before it is drawn */
} tui_view;

enum tui_msg { TUI_MSG_INFO, TUI_MSG_OK, TUI_MSG_ERROR };

#define TUI_STACK_MAX 16

typedef struct tui_app {
    bb_ctx *ctx;
    const char *login;     /* who unlocks */
    const char *org;       /* --org, NULL: the only organisation */
    bool org_ok;           /* an organisation is chosen */
    char org_problem[256]; /* why not, when not */
    tui_view *stack[TUI_STACK_MAX];
    int depth;
    WINDOW *body; /* rows 1 .. LINES-3: the base views' window */
    PANEL *body_panel;
    bool too_small;
    bool quit;
    bool colour;
    char msg[512];
    enum tui_msg msg_kind;
    bool conn_lost;     /* the last call found no connection; retried each second */
    double last_input;  /* monotonic seconds */
    double key_started; /* when the last key came, for the benchmark log */
    long idle_lock;     /* seconds without a key before the screen locks */
    long keep_seconds;  /* how long unlocked keys are kept in the session keyring */
    bool locked;        /* the lock screen is up */
    bool busy;          /* the top screen may have work left (tui_view_ops.more) */
    bool had_keys;      /* the handle was unlocked when the screen locked */
    bool write_keys;    /* changes need the keys: not a person's own login role (unlock.c) */
    tui_view *after_unlock; /* opened (with its argument), shown once unlocked: see unlock.c */
    tui_view *unlock_below; /* the screen it goes over */
} tui_app;

/* The app (main.c, loop.c) */
/* Runs the UI on screen first (with arg) until the user quits; ask_unlock: asks the
 * passphrase at once when the handle is locked. Returns the exit status. */
int tui_run(tui_app *app, const tui_view_ops *first, void *arg, bool ask_unlock);
/* Shows the status line now, before something slow (unlocking, saving). */
void tui_flush(tui_app *app);
tui_view *tui_top(tui_app *app);
/* Opens a screen of kind ops on top; returns TUI_REDRAW, or TUI_HANDLED after saying why
 * it could not be opened. */
int tui_push(tui_app *app, const tui_view_ops *ops, void *arg);
/* Puts screen v, opened already, on top; returns TUI_REDRAW (TUI_HANDLED after closing it
 * when the stack is full). */
int tui_push_view(tui_app *app, tui_view *v);
/* Closes screen v that is not on the stack. */
void tui_discard(tui_view *v);
void tui_pop(tui_app *app); /* closes the top screen */
/* Closes screens down to (not including) the first one; then opens ops there unless NULL.
 * Refuses (with a message) when a screen on the way has unsaved changes. */
int tui_goto(tui_app *app, const tui_view_ops *ops, void *arg);
bool tui_any_dirty(tui_app *app);

/* The status line. */
void tui_say(tui_app *app, enum tui_msg kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Says "what: <bb_errmsg>" for a failed call and notes a lost connection. */
void tui_fail(tui_app *app, int rc, const char *what);
/* True (after a message) when an organisation is chosen; screens check before loading. */
bool tui_need_org(tui_app *app);
/* A screen's opening: v->data made (zeroed, size bytes) once an organisation is chosen.
 * BB_OK, BB_ENOTFOUND after saying why, or BB_ENOMEM. */
int tui_open_data(tui_view *v, size_t size);

/* Time in seconds (monotonic), and the benchmark log (BBTUI_BENCH=FILE). */
double tui_now(void);
void tui_bench_open(void);
void tui_bench_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tui_bench_close(void);
bool tui_bench_on(void);

/* The screens. */
extern const tui_view_ops tui_view_start;
extern const tui_view_ops tui_view_cases;
extern const tui_view_ops tui_view_case;
extern const tui_view_ops tui_view_report;
extern const tui_view_ops tui_view_contact;        /* arg: a tui_contact_arg (copied) */
extern const tui_view_ops tui_view_contact_remove; /* arg: a tui_contact_arg (copied) */
extern const tui_view_ops tui_view_followup; /* arg: the bb_case (copied) */
extern const tui_view_ops tui_view_close;    /* arg: the bb_case (copied) */
extern const tui_view_ops tui_view_refer;    /* arg: the bb_case (copied) */
extern const tui_view_ops tui_view_void;     /* arg: the bb_case (copied) */
extern const tui_view_ops tui_view_reopen;   /* arg: the bb_case (copied) */
extern const tui_view_ops tui_view_party;   /* arg: a tui_party_arg (copied) */
extern const tui_view_ops tui_view_party_move;   /* arg: a tui_party_arg (copied) */
extern const tui_view_ops tui_view_party_remove; /* arg: a tui_party_arg (copied) */
extern const tui_view_ops tui_view_volunteers;
extern const tui_view_ops tui_view_volunteer;
extern const tui_view_ops tui_view_referrals;
extern const tui_view_ops tui_view_figures;
extern const tui_view_ops tui_view_help;
extern const tui_view_ops tui_view_pick;
extern const tui_view_ops tui_view_prompt;
extern const tui_view_ops tui_view_lock;

/* Opening a case: arg of tui_view_case is its number (copied). */
int tui_open_case(tui_app *app, const char *number);

/* The party form's argument: the case, and the party to edit (NULL: a new party). */
typedef struct tui_party_arg {
    const char *case_number;
    const bb_party *party;
} tui_party_arg;

/* The contact forms' argument: the case, and the contact moment to correct (NULL: a new one). */
typedef struct tui_contact_arg {
    const bb_case *c;
    const bb_contact *contact;
} tui_contact_arg;

/* Filter for tui_view_cases (copied). */
typedef struct tui_case_query {
    const char *status, *area, *source;
} tui_case_query;

#endif
