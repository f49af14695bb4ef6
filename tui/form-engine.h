/* bbtui's one form engine. A form is a static table of field specs and a few callbacks (a
 * tui_form_def); the engine does the rest, the same for every form: the ncurses form and its
 * layout (again after a resize, keeping what was typed), the editing keys, pick lists for
 * list fields, a field's own check when the cursor leaves it, saving (libbb's refusal shown
 * under the field it names, the cursor moved there), keeping everything while the connection
 * is gone and saving by itself once it is back, the conflict dialog when someone else changed
 * the row meanwhile (optimistic locking), the question before a save that asks for one, and
 * the question before leaving a changed form.
 *
 * A form's file holds its table, its callbacks and its tui_view_ops (TUI_FORM_VIEW). */
#ifndef BB_TUI_FORM_ENGINE_H
#define BB_TUI_FORM_ENGINE_H

#include "dialog.h"

typedef struct tui_form tui_form;

enum tui_field_kind {
    TUI_FIELD_TEXT,  /* typed */
    TUI_FIELD_PICK,  /* one value from a list: Enter, F4 or typing opens it */
    TUI_FIELD_MULTI, /* several values from a list (Space marks) */
    TUI_FIELD_NOTE,  /* text of several lines: Enter or typing opens the note editor */
};

/* The lines of a list field: the keys and what is shown (borrowed while the form is open). */
typedef struct tui_field_list {
    size_t n;
    const char *keys[TUI_PICK_MAX];
    const char *labels[TUI_PICK_MAX];
} tui_field_list;

/* Adds a line to l (left out when l is full). */
void tui_field_list_add(tui_field_list *l, const char *key, const char *label);

typedef struct tui_field_spec {
    const char *label; /* untranslated (N_) */
    const char *api;   /* libbb's name of it in a refusal ("postcode: ..."); '|' between names */
    const char *hint;  /* untranslated: shown under the form while the cursor is on it */
    enum tui_field_kind kind;
    int width; /* columns */
    int max;   /* text: characters at most; more than width scrolls sideways (0: width) */
    /* A list field's lines: the keys of vocab and their labels, unless list adds them. */
    bb_vocab vocab;
    void (*list)(tui_form *f, int i, tui_field_list *out);
    const char *none;  /* untranslated: a first line that chooses no value (shown empty) */
    const char *empty; /* untranslated: said instead of opening a list without lines */
    /* Checks a value that is not empty when the cursor leaves the field and before saving:
     * false with the reason in err. May fill in other fields (a postcode its area). NULL:
     * libbb judges it when saving. */
    bool (*check)(tui_form *f, int i, const char *value, char *err, size_t n);
    int group;               /* 0, or one of the def's groups (a party of a report) */
    int row, x, label_width; /* where; row 0: one row each under the heading, at column 1 */
} tui_field_spec;

typedef struct tui_form_def {
    const tui_field_spec *fields;
    int n;
    const char *heading;   /* untranslated: the line above the fields */
    const char *waiting;   /* untranslated: shown while a save waits for the connection */
    const char *groups[3]; /* untranslated names of groups 1 and 2: a heading over their first
                              field, and named with a refusal of one of their fields */
    int label_width;       /* of the one-row-each layout */
    size_t data_size;      /* the form's own data (tui_form_data): zeroed, wiped when closed */
    /* Fills the form from the screen's argument (borrowed: copy what is kept); a status: the
     * form does not open. */
    int (*load)(tui_form *f, const void *arg);
    /* Saves through libbb and returns its status. On BB_EINVAL the engine puts the refusal
     * (bb_errmsg: "field: why") on the field it names, in the group set with
     * tui_form_set_group; on BB_ECONN it keeps the form and saves again once connected. */
    int (*save)(tui_form *f);
    /* After a save: closes the form and says so (tui_form_done). NULL: tui_form_done with
     * done (untranslated). */
    void (*saved)(tui_form *f);
    const char *done;
    /* Before saving, after the fields' checks: false when not to save (it said why). */
    bool (*validate)(tui_form *f);
    /* After validate: what saving will do, as a question (into buf, n bytes); the form saves
     * only on the answer confirm_yes (untranslated). Asked once a save: not again while the
     * save waits for the connection or goes over a conflict. NULL: saves without asking. */
    const char *(*confirm)(tui_form *f, char *buf, size_t n);
    const char *confirm_yes;
    /* After BB_ECONFLICT: reads the row as stored now (tui_form_set_stored and
     * tui_form_set_version(f, true, ...)); a status after saying why it could not. NULL:
     * the form's rows have no version. */
    int (*reread)(tui_form *f);
    const char *conflict_text; /* untranslated, %s: what differs ("Label: stored / yours") */
    const char *conflict_said; /* untranslated: on the status line */
    void (*chosen)(tui_form *f, int i); /* a list field's value was chosen; may be NULL */
    const char *(*title)(tui_form *f, char *buf, size_t n);
    void (*close)(tui_form *f); /* frees what the form's data holds; may be NULL */
} tui_form_def;

/* The tui_view_ops of a form: the engine's functions around def. */
#define TUI_FORM_VIEW(name_, flags_, def_)                                                         \
    {                                                                                              \
        .name = (name_), .scopes = TUI_S_FORM, .flags = TUI_V_TEXT | TUI_V_WRITES | (flags_),      \
        .def = (def_), .open = tui_form_open, .close = tui_form_close, .layout = tui_form_layout,  \
        .draw = tui_form_draw, .request = tui_form_request, .title = tui_form_title,               \
        .dirty = tui_form_dirty, .tick = tui_form_tick,                                            \
    }

int tui_form_open(tui_view *v, void *arg);
void tui_form_close(tui_view *v);
void tui_form_layout(tui_view *v);
void tui_form_draw(tui_view *v);
int tui_form_request(tui_view *v, enum tui_request req, int key);
const char *tui_form_title(tui_view *v);
bool tui_form_dirty(const tui_view *v);
int tui_form_tick(tui_view *v);

/* For the callbacks. */
tui_app *tui_form_app(const tui_form *f);
void *tui_form_data(const tui_form *f);
/* Field i's value: the text typed (without the padding blanks) or the key chosen; "" when
 * empty. Borrowed until the next call for i; wiped when the form closes. */
const char *tui_form_get(tui_form *f, int i);
/* The same, NULL when empty. */
const char *tui_form_value(tui_form *f, int i);
/* A multiple-choice field: the keys of the lines marked into keys[max]; returns how many. */
size_t tui_form_marked(tui_form *f, int i, const char **keys, size_t max);
/* Whether field i differs from what load put there. */
bool tui_form_changed(tui_form *f, int i);
/* Puts value (text, or a list field's key) in field i; a multiple choice gets mask. */
void tui_form_set(tui_form *f, int i, const char *value);
void tui_form_set_mask(tui_form *f, int i, unsigned long mask);
/* The version of the row the form edits, as read (stored false), or as stored now after a
 * conflict (stored true); saving "mine over it" takes the stored one. */
void tui_form_set_version(tui_form *f, bool stored, long long version);
long long tui_form_version(const tui_form *f);
/* In reread: field i's value as stored now. */
void tui_form_set_stored(tui_form *f, int i, const char *value);
/* In save: the group a refusal is about (0: the fields of no group). */
void tui_form_set_group(tui_form *f, int group);
/* Marks field i with msg (under the form while the cursor is on it), moves there and says it
 * on the status line. */
void tui_form_mark(tui_form *f, int i, const char *msg);
/* Takes field i's mark away. */
void tui_form_unmark(tui_form *f, int i);
/* A field check (tui_field_spec.check) for a postcode: libbb's own check; when it lies in an
 * area and the form has an empty field named "area", that is filled in. */
bool tui_form_check_postcode(tui_form *f, int i, const char *value, char *err, size_t n);
/* A validate for the corrections (view-correct.c): whether field i, the reason, has more than
 * blanks; else it is marked. */
bool tui_form_reason_given(tui_form *f, int i);
/* Closes the form after a save; the screen below reads again; msg on the status line. */
void tui_form_done(tui_form *f, const char *msg);

#endif
