/* Dialogs over the current screen: pick lists (ncurses menu), questions, one-line prompts
 * (ncurses form) and the passphrase. Each is a screen of its own on the stack (so the main
 * loop keeps all input, and a resize lays it out again); its answer goes to a function with
 * the screen that asked. */
#ifndef BB_TUI_DIALOG_H
#define BB_TUI_DIALOG_H

#include "tui.h"

/* Who asked a dialog, and where its answer goes. */
typedef struct tui_asked {
    tui_view *asker;
    int tag;
    tui_answer_fn fn;
} tui_asked;

typedef struct tui_pick_spec {
    const char *title;
    const char *text;          /* shown above the list (wrapped), or NULL */
    const char *const *keys;   /* what the answer's key is for each line, or NULL */
    const char *const *labels; /* what is shown (copied) */
    size_t n;                  /* at most TUI_PICK_MAX */
    bool multi;                /* several may be selected (Space); the answer has the mask */
    unsigned long selected;    /* multi: the lines selected at first */
    int current;               /* the line the cursor starts on */
} tui_pick_spec;

#define TUI_PICK_MAX 64

/* Opens a pick list over asker's screen. Returns TUI_* flags for the caller's handler. */
int tui_pick(tui_view *asker, int tag, const tui_pick_spec *spec, tui_answer_fn fn);

/* A question with two answers: index 0 is no (the default, also on Esc), 1 is yes. */
int tui_confirm(tui_view *asker, int tag, const char *title, const char *text, const char *no,
                const char *yes, tui_answer_fn fn);

/* A one-line prompt. secret: nothing is shown while typing (a passphrase) and the text is
 * wiped after the answer; else an ncurses form field starting with initial. text (may be
 * NULL) is shown above the line, in the error style when error is true. */
typedef struct tui_prompt_spec {
    const char *title;
    const char *text;
    bool error;
    const char *label;
    const char *initial;
    bool secret;
    size_t max; /* bytes */
} tui_prompt_spec;

int tui_prompt(tui_view *asker, int tag, const tui_prompt_spec *spec, tui_answer_fn fn);

/* The note editor: a note of several lines, wrapped and scrolling (view-note.c). The answer's
 * text is the note without blanks and line feeds at its end. */
typedef struct tui_note_spec {
    const char *title;
    const char *text; /* the note so far, or NULL */
    size_t max;       /* characters */
    int key;          /* a character typed on the field, added at the end; 0: none */
} tui_note_spec;

int tui_note_edit(tui_view *asker, int tag, const tui_note_spec *spec, tui_answer_fn fn);

/* A dialog's window: centred over the body, h x w cut to the screen; NULL on failure. */
WINDOW *tui_dialog_window(tui_app *app, int h, int w);

/* Puts view v's dialog in a new window of h x w (as tui_dialog_window): its panel shows the
 * new window, the old window and *sub are deleted (*sub NULL, for the caller to make again).
 * Returns the window, or NULL and changes nothing when there is no room. */
WINDOW *tui_dialog_place(tui_view *v, int h, int w, WINDOW **sub);

/* Closes dialog v, then gives c to the screen that asked. Returns TUI_REDRAW. */
int tui_dialog_answer(tui_view *v, tui_asked who, const tui_choice *c);

/* Draws the frame and title of a dialog window. */
void tui_dialog_frame(WINDOW *w, const char *title);

#endif
