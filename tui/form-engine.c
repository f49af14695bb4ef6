/* The form engine (see form-engine.h): one ncurses form per screen, made from the def's table of
 * field specs; every form's keys, layout, lists, checks, saving, retrying and conflicts. */
#include "form-engine.h"
#include "dialog.h"
#include "draw.h"
#include "form-edit.h"
#include "labels.h"
#include "bb/text.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_SIZE 256
#define LIST_MAX   1000 /* bytes a list field's labels may take: it scrolls sideways */

/* What the engine keeps of one field besides its ncurses FIELD. */
typedef struct field_state {
    char *value;  /* the text as last read, or the key chosen */
    char *orig;   /* as load left it */
    char *stored; /* after a conflict: as stored now */
    size_t size;
    unsigned long mask, orig_mask; /* a multiple choice: the lines marked */
    char error[ERROR_SIZE];        /* why it was refused, "" when it was not */
} field_state;

struct tui_form {
    const tui_form_def *def;
    tui_view *view;
    tui_app *app;
    void *data;
    FIELD **fields;
    FORM *form;
    field_state *st;
    bool posted, touched, pending;
    bool confirmed;                    /* the def's question before saving was answered yes */
    int group;                         /* the group of the refusal being shown */
    long long version, stored_version; /* of the row edited */
    char title[128];
};

tui_app *tui_form_app(const tui_form *f)
{
    return f->app;
}

void *tui_form_data(const tui_form *f)
{
    return f->data;
}

static const tui_field_spec *spec(const tui_form *f, int i)
{
    return &f->def->fields[i];
}

/* The field the cursor is on (the first before the form was ever posted). */
static int current(const tui_form *f)
{
    int i = field_index(current_field(f->form));

    return i >= 0 ? i : 0;
}

void tui_field_list_add(tui_field_list *l, const char *key, const char *label)
{
    if (l->n >= TUI_PICK_MAX)
        return;
    l->keys[l->n] = key;
    l->labels[l->n++] = label;
}

/* The lines of list field i: the line choosing none first, then the list's or the vocab's. */
static void lines(tui_form *f, int i, tui_field_list *l)
{
    const tui_field_spec *sp = spec(f, i);
    const char *const *keys;

    l->n = 0;
    if (sp->none != NULL)
        tui_field_list_add(l, "", _(sp->none));
    if (sp->list != NULL) {
        sp->list(f, i, l);
        return;
    }
    keys = bb_vocab_keys(sp->vocab);
    for (size_t k = 0; keys != NULL && keys[k] != NULL; k++)
        tui_field_list_add(l, keys[k], tui_label(sp->vocab, keys[k]));
}

/* The line of key in l (past the line choosing none), -1 when none has it. */
static int line_of(const tui_form *f, int i, const tui_field_list *l, const char *key)
{
    for (size_t k = spec(f, i)->none != NULL; k < l->n; k++)
        if (strcmp(l->keys[k], key) == 0)
            return (int)k;
    return -1;
}

/* What a note field shows: its lines one after the other, each after the first behind a "↵". */
static void show_note(tui_form *f, int i, char *buf, size_t n)
{
    size_t used = 0;

    for (const char *p = f->st[i].value; *p != '\0' && used + 4 < n; p++)
        if (*p == '\n')
            used += (size_t)snprintf(buf + used, n - used, " ↵ ");
        else
            buf[used++] = *p;
    buf[used < n ? used : n - 1] = '\0';
}

/* What list field i shows: the label of its key, or of each line marked, joined with "; "
 * for a vocabulary's labels (they may hold commas) and ", " for others (numbers); a note
 * field its text. */
static void show(tui_form *f, int i)
{
    const tui_field_spec *sp = spec(f, i);
    field_state *st = &f->st[i];
    tui_field_list l;
    char buf[LIST_MAX] = "", *clean;
    size_t used = 0;
    int k;

    if (sp->kind == TUI_FIELD_NOTE)
        show_note(f, i, buf, sizeof buf);
    else
        lines(f, i, &l);
    if (sp->kind == TUI_FIELD_PICK)
        snprintf(buf, sizeof buf, "%s",
                 (k = line_of(f, i, &l, st->value)) >= 0 ? l.labels[k] : st->value);
    for (size_t m = 0; sp->kind == TUI_FIELD_MULTI && m < l.n && used < sizeof buf; m++)
        if (st->mask >> m & 1)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
                                     used ? (sp->list ? ", " : "; ") : "", l.labels[m]);
    clean = bb_text_sanitize_dup(buf); /* the form library draws it itself */
    set_field_buffer(f->fields[i], 0, clean != NULL ? clean : "");
    free(clean);
}

const char *tui_form_get(tui_form *f, int i)
{
    field_state *st = &f->st[i];
    size_t len;

    if (spec(f, i)->kind != TUI_FIELD_TEXT)
        return st->value;
    snprintf(st->value, st->size, "%s", field_buffer(f->fields[i], 0));
    len = strlen(st->value);
    while (len > 0 && st->value[len - 1] == ' ')
        st->value[--len] = '\0';
    return st->value;
}

const char *tui_form_value(tui_form *f, int i)
{
    const char *v = tui_form_get(f, i);

    return v[0] != '\0' ? v : NULL;
}

size_t tui_form_marked(tui_form *f, int i, const char **keys, size_t max)
{
    tui_field_list l;
    size_t n = 0;

    lines(f, i, &l);
    for (size_t k = 0; k < l.n && n < max; k++)
        if (f->st[i].mask >> k & 1)
            keys[n++] = l.keys[k];
    return n;
}

bool tui_form_changed(tui_form *f, int i)
{
    if (spec(f, i)->kind == TUI_FIELD_MULTI)
        return f->st[i].mask != f->st[i].orig_mask;
    return strcmp(tui_form_get(f, i), f->st[i].orig) != 0;
}

void tui_form_set(tui_form *f, int i, const char *value)
{
    if (spec(f, i)->kind == TUI_FIELD_TEXT) {
        set_field_buffer(f->fields[i], 0, value);
        return;
    }
    snprintf(f->st[i].value, f->st[i].size, "%s", value);
    show(f, i);
}

void tui_form_set_mask(tui_form *f, int i, unsigned long mask)
{
    f->st[i].mask = mask;
    show(f, i);
}

void tui_form_set_version(tui_form *f, bool stored, long long version)
{
    if (stored)
        f->stored_version = version;
    else
        f->version = version;
}

long long tui_form_version(const tui_form *f)
{
    return f->version;
}

void tui_form_set_stored(tui_form *f, int i, const char *value)
{
    snprintf(f->st[i].stored, f->st[i].size, "%s", value != NULL ? value : "");
}

void tui_form_set_group(tui_form *f, int group)
{
    f->group = group;
}

/* Says "Label: msg" on the status line, with the group first when the field has one. */
static void say_field(tui_form *f, int i, const char *msg)
{
    const tui_field_spec *sp = spec(f, i);

    if (sp->group != 0)
        tui_say(f->app, TUI_MSG_ERROR, "%s, %s: %s", _(f->def->groups[sp->group]), _(sp->label),
                msg);
    else
        tui_say(f->app, TUI_MSG_ERROR, "%s: %s", _(sp->label), msg);
}

void tui_form_mark(tui_form *f, int i, const char *msg)
{
    if (msg != f->st[i].error) /* a field's own check wrote it there already */
        snprintf(f->st[i].error, ERROR_SIZE, "%s", msg);
    set_current_field(f->form, f->fields[i]);
    say_field(f, i, f->st[i].error);
}

void tui_form_unmark(tui_form *f, int i)
{
    f->st[i].error[0] = '\0';
}

bool tui_form_check_postcode(tui_form *f, int i, const char *value, char *err, size_t n)
{
    char *area = NULL;
    const char *msg, *colon;
    int a = -1, place = -1, rc = bb_area_for_postcode(f->app->ctx, value, &area);

    /* The case's area, and the place of the same party, are filled in when still empty. */
    for (int k = 0; k < f->def->n; k++) {
        const char *api = spec(f, k)->api;
        if (api != NULL && strcmp(api, "area") == 0)
            a = k;
        if (api != NULL && strcmp(api, "place") == 0 && spec(f, k)->group == spec(f, i)->group)
            place = k;
    }
    if (rc == BB_EINVAL) {
        msg = bb_errmsg(f->app->ctx);
        colon = strstr(msg, ": ");
        snprintf(err, n, "%s", colon != NULL ? colon + 2 : msg);
    } else if (rc == BB_OK && area != NULL) {
        bool fill_area = a >= 0 && tui_form_get(f, a)[0] == '\0';
        bool fill_place = place >= 0 && tui_form_get(f, place)[0] == '\0';
        if (fill_area)
            tui_form_set(f, a, area);
        if (fill_place)
            tui_form_set(f, place, area);
        if (fill_area || fill_place)
            tui_say(f->app, TUI_MSG_INFO,
                    fill_area ? _("Area: %s (from the postcode)") : _("Place: %s (from the postcode)"),
                    area);
    }
    free(area);
    return rc != BB_EINVAL;
}

/* Closes the form and lets the screen below read again. */
static void close_form(tui_form *f, enum tui_msg kind, const char *msg)
{
    tui_app *app = f->app;
    tui_view *below;

    tui_pop(app); /* frees f */
    if ((below = tui_top(app)) != NULL)
        below->ops->request(below, TUI_REQ_RELOAD, 0);
    tui_say(app, kind, "%s", msg);
}

void tui_form_done(tui_form *f, const char *msg)
{
    close_form(f, TUI_MSG_OK, msg);
}

/* ---- Making, placing and drawing the form ---- */

/* Where field i's label is (row, column, width); the field follows it. */
static void place(const tui_form *f, int i, int *row, int *x, int *lw)
{
    const tui_field_spec *sp = spec(f, i);

    *row = sp->row != 0 ? sp->row : 2 + i;
    *x = sp->row != 0 ? sp->x : 1;
    *lw = sp->row != 0 ? sp->label_width : f->def->label_width;
}

/* The row of the hint: one free row under the lowest field. */
static int hint_row(const tui_form *f)
{
    int row, x, lw, last = 0;

    for (int i = 0; i < f->def->n; i++) {
        place(f, i, &row, &x, &lw);
        last = row > last ? row : last;
    }
    return last + 2;
}

static FIELD *make_field(const tui_form *f, int i)
{
    const tui_field_spec *sp = spec(f, i);
    int row, x, lw;
    FIELD *fl;

    place(f, i, &row, &x, &lw);
    if ((fl = new_field(1, sp->width, row, x + lw + 1, 0, 0)) == NULL)
        return NULL;
    set_field_back(fl, tui_style(TUI_ST_FIELD));
    field_opts_off(fl, O_AUTOSKIP);
    if (sp->kind != TUI_FIELD_TEXT) {
        field_opts_off(fl, O_EDIT | O_STATIC); /* chosen from a list, never typed */
        set_max_field(fl, LIST_MAX);
    } else if (sp->max > sp->width) {
        field_opts_off(fl, O_STATIC); /* scrolls sideways */
        set_max_field(fl, sp->max);
    }
    return fl;
}

static int make(tui_form *f)
{
    int n = f->def->n;

    f->fields = calloc((size_t)n + 1, sizeof *f->fields);
    f->st = calloc((size_t)n, sizeof *f->st);
    f->data = calloc(1, f->def->data_size > 0 ? f->def->data_size : 1);
    if (f->fields == NULL || f->st == NULL || f->data == NULL)
        return BB_ENOMEM;
    for (int i = 0; i < n; i++) {
        const tui_field_spec *sp = spec(f, i);
        field_state *st = &f->st[i];
        st->size = sp->kind == TUI_FIELD_TEXT || sp->kind == TUI_FIELD_NOTE
                       ? (size_t)(sp->max > 0 ? sp->max : sp->width) * 4 + 1
                       : BB_AREA_SIZE; /* the longest key: an area */
        st->value = calloc(1, st->size);
        st->orig = calloc(1, st->size);
        st->stored = calloc(1, st->size);
        if (st->value == NULL || st->orig == NULL || st->stored == NULL ||
            (f->fields[i] = make_field(f, i)) == NULL)
            return BB_ENOMEM;
    }
    return (f->form = new_form(f->fields)) != NULL ? BB_OK : BB_ENOMEM;
}

int tui_form_open(tui_view *v, void *arg)
{
    const tui_form_def *def = v->ops->def;
    tui_form *f;
    int rc;

    if ((rc = tui_open_data(v, sizeof *f)) != BB_OK)
        return rc;
    f = v->data;
    f->def = def;
    f->view = v;
    f->app = v->app;
    if ((rc = make(f)) != BB_OK || (rc = def->load(f, arg)) != BB_OK)
        return rc;
    for (int i = 0; i < def->n; i++) { /* what changes from here on is unsaved */
        if (spec(f, i)->kind != TUI_FIELD_TEXT)
            show(f, i);
        snprintf(f->st[i].orig, f->st[i].size, "%s", tui_form_get(f, i));
        f->st[i].orig_mask = f->st[i].mask;
    }
    return BB_OK;
}

static void wipe(char *s, size_t n)
{
    if (s != NULL)
        explicit_bzero(s, n);
    free(s);
}

void tui_form_close(tui_view *v)
{
    tui_form *f = v->data;

    if (f == NULL)
        return;
    if (f->form != NULL) {
        unpost_form(f->form);
        free_form(f->form);
    }
    for (int i = 0; f->fields != NULL && f->st != NULL && i < f->def->n; i++) {
        if (f->fields[i] != NULL) {
            set_field_buffer(f->fields[i], 0, ""); /* names, notes: blanked, not left */
            free_field(f->fields[i]);
        }
        wipe(f->st[i].value, f->st[i].size);
        wipe(f->st[i].orig, f->st[i].size);
        wipe(f->st[i].stored, f->st[i].size);
    }
    if (f->data != NULL && f->def->close != NULL)
        f->def->close(f);
    wipe(f->data, f->def->data_size);
    free(f->fields);
    free(f->st);
    explicit_bzero(f, sizeof *f);
    free(f);
    v->data = NULL;
}

/* After a resize or coming back on top: posted again on the window, on the same field, with
 * what was typed (taken from the field's window into its buffer first), the cursor after it:
 * at the first position the next key would clear the field (O_BLANK). */
void tui_form_layout(tui_view *v)
{
    tui_form *f = v->data;
    int cur = current(f);
    bool again = f->posted;

    if (f->posted) {
        form_driver(f->form, REQ_VALIDATION);
        unpost_form(f->form);
    }
    werase(v->win);
    set_form_win(f->form, v->win);
    set_form_sub(f->form, v->win);
    f->posted = post_form(f->form) == E_OK; /* not when the window is too small for it */
    set_current_field(f->form, f->fields[cur]);
    if (again && f->posted)
        form_driver(f->form, REQ_END_FIELD);
}

/* The heading of each group over its first field. */
static void draw_groups(tui_form *f, WINDOW *w)
{
    int row, x, lw;

    for (int g = 1; g < 3 && f->def->groups[g] != NULL; g++)
        for (int i = 0; i < f->def->n; i++)
            if (spec(f, i)->group == g) {
                place(f, i, &row, &x, &lw);
                tui_put(w, row - 1, 1, 0, _(f->def->groups[g]), tui_style(TUI_ST_HEADER), true);
                break;
            }
}

void tui_form_draw(tui_view *v)
{
    tui_form *f = v->data;
    WINDOW *w = v->win;
    int cur = current(f), row, x, lw, hint = hint_row(f);
    const char *error = f->st[cur].error;

    tui_put(w, 0, 1, 0, _(f->def->heading), A_BOLD, true);
    draw_groups(f, w);
    for (int i = 0; i < f->def->n; i++) {
        place(f, i, &row, &x, &lw);
        tui_put(w, row, x, lw, _(spec(f, i)->label), i == cur ? A_BOLD : A_NORMAL, true);
        set_field_back(f->fields[i],
                       tui_style(f->st[i].error[0] ? TUI_ST_FIELD_BAD : TUI_ST_FIELD));
    }
    tui_put(w, hint, 1, 0, error[0] ? error : _(spec(f, cur)->hint),
            tui_style(error[0] ? TUI_ST_ERROR : TUI_ST_DIM), true);
    if (f->pending)
        tui_put(w, hint + 1, 1, 0, _(f->def->waiting), tui_style(TUI_ST_ERROR), true);
    else
        tui_fill(w, hint + 1, 0, A_NORMAL);
    pos_form_cursor(f->form);
}

const char *tui_form_title(tui_view *v)
{
    tui_form *f = v->data;

    return f->def->title(f, f->title, sizeof f->title);
}

/* ---- Lists, checks and moving between fields ---- */

static void pick_answer(tui_view *v, int i, const tui_choice *c)
{
    tui_form *f = v->data;

    if (c->cancelled)
        return;
    if (spec(f, i)->kind == TUI_FIELD_MULTI)
        f->st[i].mask = c->mask;
    else
        snprintf(f->st[i].value, f->st[i].size, "%s", c->key);
    f->st[i].error[0] = '\0';
    show(f, i);
    if (f->def->chosen != NULL)
        f->def->chosen(f, i);
    form_driver(f->form, REQ_NEXT_FIELD); /* on to the next field, as after typing */
}

static void note_answer(tui_view *v, int i, const tui_choice *c)
{
    tui_form *f = v->data;

    if (c->cancelled)
        return;
    if (strcmp(f->st[i].value, c->text) != 0)
        f->touched = true;
    snprintf(f->st[i].value, f->st[i].size, "%s", c->text);
    f->st[i].error[0] = '\0';
    show(f, i);
    form_driver(f->form, REQ_NEXT_FIELD);
}

static int pick(tui_form *f, int i)
{
    const tui_field_spec *sp = spec(f, i);
    tui_field_list l;
    tui_pick_spec ps = {.title = _(sp->label), .keys = l.keys, .labels = l.labels};
    int line;

    if (sp->kind == TUI_FIELD_TEXT)
        return TUI_HANDLED;
    if (sp->kind == TUI_FIELD_NOTE) {
        tui_note_spec ns = {_(sp->label), f->st[i].value, (size_t)sp->max, 0};
        return tui_note_edit(f->view, i, &ns, note_answer);
    }
    lines(f, i, &l);
    if (l.n == 0 && sp->empty != NULL) {
        tui_say(f->app, TUI_MSG_ERROR, "%s", _(sp->empty));
        return TUI_REDRAW;
    }
    ps.n = l.n;
    ps.multi = sp->kind == TUI_FIELD_MULTI;
    ps.selected = f->st[i].mask;
    line = ps.multi ? -1 : line_of(f, i, &l, f->st[i].value);
    ps.current = line >= 0 ? line : 0; /* "" is the line choosing none, when there is one */
    return tui_pick(f->view, i, &ps, pick_answer);
}

/* Field i's own check of what it holds; false (the reason kept on the field) when refused. */
static bool check(tui_form *f, int i)
{
    const tui_field_spec *sp = spec(f, i);
    const char *value;

    if (sp->check == NULL || (value = tui_form_value(f, i)) == NULL)
        return true;
    return sp->check(f, i, value, f->st[i].error, ERROR_SIZE);
}

/* Moves to the next or previous field (req), checking the one left. */
static int step(tui_form *f, int req)
{
    int from = current(f);

    form_driver(f->form, REQ_VALIDATION);
    if (!check(f, from))
        say_field(f, from, f->st[from].error);
    form_driver(f->form, req);
    return TUI_REDRAW;
}

/* A key that is no action: typed into a text field; on a list field it opens the list. */
static int type(tui_form *f, int i, int key)
{
    const tui_field_spec *sp = spec(f, i);

    if (sp->kind == TUI_FIELD_NOTE && !TUI_IS_FN(key) && key >= 0x20) {
        tui_note_spec ns = {_(sp->label), f->st[i].value, (size_t)sp->max, key};
        return tui_note_edit(f->view, i, &ns, note_answer);
    }
    if (sp->kind != TUI_FIELD_TEXT)
        return TUI_IS_FN(key) || key < 0x20 ? TUI_HANDLED : pick(f, i);
    f->st[i].error[0] = '\0';
    if (tui_form_edit(f->form, key))
        f->touched = true;
    return TUI_HANDLED;
}

/* ---- Saving, conflicts, leaving ---- */

static int save(tui_form *f);

/* Puts libbb's refusal on the field of the refused group it names: key is the field's key
 * (bb_errfield), msg says it with the field in the user's words ("meldingsdatum: why"). */
static void refused(tui_form *f, const char *key, const char *msg)
{
    const char *why = strstr(msg, ": ");

    for (int i = 0; i < f->def->n && *key != '\0' && why != NULL; i++) {
        const char *name = spec(f, i)->api;
        while (spec(f, i)->group == f->group && name != NULL && *name != '\0') {
            size_t n = strcspn(name, "|");
            if (strlen(key) == n && strncmp(key, name, n) == 0) {
                tui_form_mark(f, i, why + 2);
                return;
            }
            name += n + (name[n] == '|');
        }
    }
    tui_say(f->app, TUI_MSG_ERROR, _("Not saved: %s"), msg);
}

/* A value as the user reads it: a list field's label, "-" for none. */
static const char *shown(tui_form *f, int i, const char *value)
{
    tui_field_list l;
    int k;

    if (value[0] == '\0')
        return "-";
    if (spec(f, i)->kind == TUI_FIELD_TEXT || spec(f, i)->kind == TUI_FIELD_NOTE)
        return value;
    lines(f, i, &l);
    return (k = line_of(f, i, &l, value)) >= 0 ? l.labels[k] : value;
}

/* What is stored now where it differs from the form ("Label: stored / yours; ..."). */
static void differences(tui_form *f, char *buf, size_t n)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < f->def->n && used < n; i++) {
        const char *mine = tui_form_get(f, i);
        if (spec(f, i)->kind == TUI_FIELD_MULTI || strcmp(f->st[i].stored, mine) == 0)
            continue;
        used +=
            (size_t)snprintf(buf + used, n - used, "%s%s: %s / %s", used ? "; " : "",
                             _(spec(f, i)->label), shown(f, i, f->st[i].stored), shown(f, i, mine));
    }
    if (buf[0] == '\0')
        snprintf(buf, n, "%s", _("the same values as yours"));
}

static void conflict_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_form *f = v->data;

    if (c->cancelled) /* Esc: back to the form, as typed; saving asks again */
        return;
    if (c->index == 1) { /* mine over theirs, on the version read just now */
        f->version = f->stored_version;
        save(f);
        return;
    }
    close_form(f, TUI_MSG_INFO, _("Left as the other coordinator saved it."));
}

/* fmt with its one "%s" replaced by arg, into out (the def's text is no literal to check). */
static void splice(char *out, size_t n, const char *fmt, const char *arg)
{
    const char *at = strstr(fmt, "%s");

    if (at == NULL)
        snprintf(out, n, "%s", fmt);
    else
        snprintf(out, n, "%.*s%s%s", (int)(at - fmt), fmt, arg, at + 2);
}

/* Someone else changed the row: read it again, show it next to the form, let the user
 * choose. The form keeps what was typed either way until the user decides. */
static int conflict(tui_form *f)
{
    static char changes[2048], text[2600];
    int rc;

    for (int i = 0; i < f->def->n; i++)
        f->st[i].stored[0] = '\0';
    if (f->def->reread(f) != BB_OK)
        return TUI_REDRAW;
    differences(f, changes, sizeof changes);
    splice(text, sizeof text, _(f->def->conflict_text), changes);
    explicit_bzero(changes, sizeof changes);
    tui_say(f->app, TUI_MSG_ERROR, "%s", _(f->def->conflict_said));
    rc = tui_confirm(f->view, 0, _("Changed by someone else"), text, _("Leave it as stored now"),
                     _("Save my values over it"), conflict_answer);
    explicit_bzero(text, sizeof text);
    return rc;
}

/* Every field's own check before saving: the first refused is marked. */
static bool check_all(tui_form *f)
{
    for (int i = 0; i < f->def->n; i++)
        if (!check(f, i)) {
            tui_form_mark(f, i, f->st[i].error);
            return false;
        }
    return true;
}

static void confirm_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_form *f = v->data;

    if (c->cancelled || c->index != 1) /* no: back to the form, as typed */
        return;
    f->confirmed = true;
    save(f);
}

/* The def's question: saving waits for its yes. */
static int ask_confirm(tui_form *f)
{
    static char text[1200];
    int rc = tui_confirm(f->view, 0, _("Confirm"), f->def->confirm(f, text, sizeof text),
                         _("No, back to the form"), _(f->def->confirm_yes), confirm_answer);

    explicit_bzero(text, sizeof text);
    return rc;
}

static int save(tui_form *f)
{
    tui_app *app = f->app;
    int rc;

    form_driver(f->form, REQ_VALIDATION); /* what is typed into the field buffers */
    for (int i = 0; i < f->def->n; i++)
        f->st[i].error[0] = '\0';
    f->group = 0;
    if (!check_all(f) || (f->def->validate != NULL && !f->def->validate(f)))
        return TUI_REDRAW;
    if (f->def->confirm != NULL && !f->confirmed)
        return ask_confirm(f);
    tui_say(app, TUI_MSG_INFO, "%s", _("Saving..."));
    tui_flush(app);
    rc = f->def->save(f);
    f->pending = rc == BB_ECONN;
    f->confirmed = rc == BB_ECONN || rc == BB_ECONFLICT;
    if (rc == BB_OK && f->def->saved != NULL)
        f->def->saved(f); /* closes the form: f is gone */
    else if (rc == BB_OK)
        tui_form_done(f, _(f->def->done));
    else if (rc == BB_EINVAL)
        refused(f, bb_errfield(app->ctx), bb_errmsg(app->ctx));
    else if (rc == BB_ECONFLICT && f->def->reread != NULL)
        return conflict(f);
    else
        tui_fail(app, rc, _("Not saved"));
    return TUI_REDRAW;
}

static void leave_answer(tui_view *v, int tag, const tui_choice *c)
{
    if (c->index == 1 && tui_top(v->app) == v)
        tui_pop(v->app);
}

/* Leaving a changed form asks first. */
static int leave(tui_form *f)
{
    if (!tui_form_dirty(f->view))
        return TUI_UNHANDLED; /* the main loop goes back */
    return tui_confirm(f->view, 0, _("Leave the form"),
                       _("What you typed here is not saved. Leave and lose it?"),
                       _("No, keep editing"), _("Yes, leave and lose it"), leave_answer);
}

int tui_form_request(tui_view *v, enum tui_request req, int key)
{
    tui_form *f = v->data;
    int i = current(f);

    switch (req) {
    case TUI_REQ_SAVE:
        return save(f);
    case TUI_REQ_NEXT_FIELD:
        return step(f, REQ_NEXT_FIELD);
    case TUI_REQ_PREV_FIELD:
        return step(f, REQ_PREV_FIELD);
    case TUI_REQ_ENTER:
        return spec(f, i)->kind != TUI_FIELD_TEXT ? pick(f, i) : step(f, REQ_NEXT_FIELD);
    case TUI_REQ_PICK:
        return pick(f, i);
    case TUI_REQ_BACK:
        return leave(f);
    case TUI_REQ_NONE:
        return type(f, i, key);
    default:
        return TUI_UNHANDLED;
    }
}

bool tui_form_dirty(const tui_view *v)
{
    tui_form *f = v->data;

    if (f->touched)
        return true;
    for (int i = 0; i < f->def->n; i++)
        if (spec(f, i)->kind != TUI_FIELD_TEXT && tui_form_changed(f, i))
            return true;
    return false;
}

/* Saves by itself once the connection is back (the main loop pings first). */
int tui_form_tick(tui_view *v)
{
    tui_form *f = v->data;

    if (!f->pending || f->app->conn_lost || tui_top(f->app) != v)
        return 0;
    return save(f);
}
