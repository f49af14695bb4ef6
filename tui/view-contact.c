/* Logging a contact moment of a case (a on the case screen): kind (pick list), date (today
 * filled in), minutes, the volunteers who took part (of the case's pair), a note. Saved with
 * bb_contact_add under an id made when the form opens, so a save retried after a lost
 * connection stores it once; while the connection is gone the form keeps everything and saves
 * by itself once it is back. libbb's refusal names the field; the form marks it and moves
 * there. Back on the case screen the timeline is read again. */
#include "dialog.h"
#include "form-edit.h"
#include "draw.h"
#include "labels.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_TEXT, K_PICK, K_MULTI };

typedef struct spec {
    const char *label, *api, *hint; /* label and hint untranslated */
    enum kind kind;
    int width, max;
} spec;

static const spec specs[] = {
    {N_("Kind"), "kind", N_("Enter or F4: choose from the list"), K_PICK, 40, 0},
    {N_("Date"), "date", N_("YYYY-MM-DD (today is filled in)"), K_TEXT, 10, 10},
    {N_("Minutes"), "minutes", N_("How long it took, 0 to 1440 (optional)"), K_TEXT, 5, 5},
    {N_("Volunteers"), "with", N_("Enter or F4: who took part (Space marks)"), K_MULTI, 30, 0},
    {N_("Note"), "note", N_("What was said or agreed (optional)"), K_TEXT, 55, BB_NOTE_MAX},
};
enum { F_KIND, F_DATE, F_MINUTES, F_WITH, F_NOTE, NSPECS };
#define FIELD_X  16
#define ROW(i)   (2 + (i))
#define HINT_ROW (ROW(NSPECS) + 1)

typedef struct contactv {
    FIELD *fields[NSPECS + 1];
    FORM *form;
    bool posted, touched, pending;
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    char pair[2][BB_NUMBER_SIZE]; /* the case's volunteers, who may have taken part */
    int n_pair;
    char kind[BB_KEY_SIZE];
    unsigned long with; /* bits over pair[] */
    char error[NSPECS][256];
    char title[96];
} contactv;

static int current(const contactv *c)
{
    return field_index(current_field(c->form));
}

static void show_value(contactv *c, int i)
{
    char buf[256] = "";

    if (i == F_KIND && c->kind[0])
        snprintf(buf, sizeof buf, "%s", tui_label(BB_VOCAB_CONTACT_KIND, c->kind));
    for (int k = 0; i == F_WITH && k < c->n_pair; k++)
        if (c->with >> k & 1)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? ", " : "",
                     c->pair[k]);
    set_field_buffer(c->fields[i], 0, buf);
}

static int contact_open(tui_view *v, void *arg)
{
    const bb_case *cs = arg;
    contactv *c;
    char today[BB_DATE_SIZE];

    if ((c = calloc(1, sizeof *c)) == NULL)
        return BB_ENOMEM;
    v->data = c;
    bb_uuid_generate(c->id); /* kept across retries */
    snprintf(c->number, sizeof c->number, "%s", cs->number);
    for (int k = 0; k < 2; k++)
        if (cs->volunteers[k][0] != '\0')
            snprintf(c->pair[c->n_pair++], BB_NUMBER_SIZE, "%s", cs->volunteers[k]);
    c->with = (1UL << c->n_pair) - 1; /* usually both were there */
    for (int i = 0; i < NSPECS; i++) {
        FIELD *f = new_field(1, specs[i].width, ROW(i), FIELD_X, 0, 0);
        if (f == NULL)
            return BB_ENOMEM;
        c->fields[i] = f;
        field_opts_off(f, O_AUTOSKIP);
        if (specs[i].kind != K_TEXT)
            field_opts_off(f, O_EDIT);
        if (specs[i].max > specs[i].width) {
            field_opts_off(f, O_STATIC);
            set_max_field(f, specs[i].max);
        }
    }
    tui_today(today);
    set_field_buffer(c->fields[F_DATE], 0, today);
    show_value(c, F_WITH);
    return (c->form = new_form(c->fields)) != NULL ? BB_OK : BB_ENOMEM;
}

static void contact_close(tui_view *v)
{
    contactv *c = v->data;

    if (c == NULL)
        return;
    if (c->form != NULL) {
        unpost_form(c->form);
        free_form(c->form);
    }
    for (int i = 0; i < NSPECS; i++)
        if (c->fields[i] != NULL) {
            set_field_buffer(c->fields[i], 0, ""); /* the note: blanked, not left */
            free_field(c->fields[i]);
        }
    free(c);
}

static void contact_layout(tui_view *v)
{
    contactv *c = v->data;

    c->posted = tui_form_place(c->form, v->win, c->posted);
}

static void contact_draw(tui_view *v)
{
    contactv *c = v->data;
    WINDOW *w = v->win;
    int cur = current(c);
    bool bad = c->error[cur][0] != '\0';

    tui_put(w, 0, 1, 0, _("Contact moment: fill in, then F2 (or Ctrl-S) saves; Esc leaves."),
            A_BOLD, true);
    for (int i = 0; i < NSPECS; i++) {
        tui_put(w, ROW(i), 1, FIELD_X - 2, _(specs[i].label), i == cur ? A_BOLD : A_NORMAL,
                true);
        set_field_back(c->fields[i],
                       tui_style(c->error[i][0] ? TUI_ST_FIELD_BAD : TUI_ST_FIELD));
    }
    tui_put(w, HINT_ROW, 1, 0, bad ? c->error[cur] : _(specs[cur].hint),
            tui_style(bad ? TUI_ST_ERROR : TUI_ST_DIM), true);
    if (c->pending)
        tui_put(w, HINT_ROW + 1, 1, 0,
                _("Waiting for the database: the contact is saved as soon as it is back."),
                tui_style(TUI_ST_ERROR), true);
    else
        tui_fill(w, HINT_ROW + 1, 0, A_NORMAL);
    pos_form_cursor(c->form);
}

static void pick_answer(tui_view *v, int tag, const tui_choice *ch)
{
    contactv *c = v->data;

    if (ch->cancelled)
        return;
    if (tag == F_KIND)
        snprintf(c->kind, sizeof c->kind, "%s", ch->key);
    else
        c->with = ch->mask;
    c->error[tag][0] = '\0';
    show_value(c, tag);
    form_driver(c->form, REQ_NEXT_FIELD);
}

static int pick(tui_view *v, int i)
{
    contactv *c = v->data;
    const char *labels[TUI_PICK_MAX], *keys[TUI_PICK_MAX];
    const char *const *kinds = bb_vocab_keys(BB_VOCAB_CONTACT_KIND);
    tui_pick_spec sp = {.title = _(specs[i].label), .labels = labels, .keys = keys};

    if (specs[i].kind == K_TEXT)
        return TUI_HANDLED;
    if (i == F_KIND) {
        for (; kinds[sp.n] != NULL && sp.n < TUI_PICK_MAX; sp.n++) {
            keys[sp.n] = kinds[sp.n];
            labels[sp.n] = tui_label(BB_VOCAB_CONTACT_KIND, kinds[sp.n]);
            if (strcmp(c->kind, kinds[sp.n]) == 0)
                sp.current = (int)sp.n;
        }
    } else {
        if (c->n_pair == 0) {
            tui_say(v->app, TUI_MSG_ERROR, "%s",
                    _("The case has no volunteers yet: pair them first (p on the case)."));
            return TUI_REDRAW;
        }
        for (; (int)sp.n < c->n_pair; sp.n++)
            keys[sp.n] = labels[sp.n] = c->pair[sp.n];
        sp.multi = true;
        sp.selected = c->with;
    }
    return tui_pick(v, i, &sp, pick_answer);
}

static void text_of(contactv *c, int i, char *buf, size_t n)
{
    size_t len;

    snprintf(buf, n, "%s", field_buffer(c->fields[i], 0));
    len = strlen(buf);
    while (len > 0 && buf[len - 1] == ' ')
        buf[--len] = '\0';
}

static void show_refusal(tui_view *v, const char *msg)
{
    contactv *c = v->data;

    for (int i = 0; i < NSPECS; i++) {
        size_t n = strlen(specs[i].api);
        if (strncmp(msg, specs[i].api, n) == 0 && msg[n] == ':') {
            snprintf(c->error[i], sizeof c->error[i], "%s", msg + n + 1 + (msg[n + 1] == ' '));
            set_current_field(c->form, c->fields[i]);
            tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _(specs[i].label), c->error[i]);
            return;
        }
    }
    tui_say(v->app, TUI_MSG_ERROR, _("Not saved: %s"), msg);
}

static int save(tui_view *v)
{
    contactv *c = v->data;
    static char note[BB_NOTE_MAX * 4 + 1];
    char date[32], minutes[32], *end;
    const char *with[2];
    bb_contact_new in = {.id = c->id, .case_number = c->number, .with = with, .minutes = -1};
    tui_app *app = v->app;
    tui_view *below;
    int rc;

    form_driver(c->form, REQ_VALIDATION);
    memset(c->error, 0, sizeof c->error);
    text_of(c, F_DATE, date, sizeof date);
    text_of(c, F_MINUTES, minutes, sizeof minutes);
    if (minutes[0] != '\0') {
        long m = strtol(minutes, &end, 10);
        if (*end != '\0' || m < 0 || m > BB_MINUTES_MAX) {
            snprintf(c->error[F_MINUTES], sizeof c->error[F_MINUTES],
                     _("'%s' is not a number from 0 to %d"), minutes, BB_MINUTES_MAX);
            set_current_field(c->form, c->fields[F_MINUTES]);
            tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _("Minutes"), c->error[F_MINUTES]);
            return TUI_REDRAW;
        }
        in.minutes = (int)m;
    }
    in.kind = c->kind[0] ? c->kind : NULL;
    in.date = date[0] ? date : NULL;
    for (int k = 0; k < c->n_pair; k++)
        if (c->with >> k & 1)
            with[in.n_with++] = c->pair[k];
    text_of(c, F_NOTE, note, sizeof note);
    in.note = note[0] ? note : NULL;
    tui_say(app, TUI_MSG_INFO, "%s", _("Saving..."));
    tui_flush(app);
    rc = bb_contact_add(app->ctx, &in, NULL);
    explicit_bzero(note, sizeof note);
    c->pending = rc == BB_ECONN;
    if (rc == BB_EINVAL) {
        show_refusal(v, bb_errmsg(app->ctx));
    } else if (rc != BB_OK) {
        tui_fail(app, rc, _("Not saved"));
    } else {
        tui_pop(app); /* the case below reads its timeline again */
        if ((below = tui_top(app)) != NULL)
            below->ops->request(below, TUI_REQ_RELOAD, 0);
        tui_say(app, TUI_MSG_OK, "%s", _("Contact moment recorded."));
    }
    return TUI_REDRAW;
}

static int edit(contactv *c, int key)
{
    if (tui_form_edit(c->form, key))
        c->touched = true;
    return TUI_HANDLED;
}

static int contact_request(tui_view *v, enum tui_request req, int key)
{
    contactv *c = v->data;
    int i = current(c);

    switch (req) {
    case TUI_REQ_SAVE:
        return save(v);
    case TUI_REQ_NEXT_FIELD:
        form_driver(c->form, REQ_NEXT_FIELD);
        return TUI_REDRAW;
    case TUI_REQ_PREV_FIELD:
        form_driver(c->form, REQ_PREV_FIELD);
        return TUI_REDRAW;
    case TUI_REQ_ENTER:
        if (specs[i].kind != K_TEXT)
            return pick(v, i);
        form_driver(c->form, REQ_NEXT_FIELD);
        return TUI_REDRAW;
    case TUI_REQ_PICK:
        return pick(v, i);
    case TUI_REQ_NONE:
        if (specs[i].kind != K_TEXT)
            return TUI_IS_FN(key) || key < 0x20 ? TUI_HANDLED : pick(v, i);
        c->error[i][0] = '\0';
        return edit(c, key);
    default:
        return TUI_UNHANDLED;
    }
}

static bool contact_dirty(const tui_view *v)
{
    const contactv *c = v->data;

    return c->touched || c->kind[0];
}

static int contact_tick(tui_view *v)
{
    contactv *c = v->data;

    if (!c->pending || v->app->conn_lost || tui_top(v->app) != v)
        return 0;
    return save(v);
}

static const char *contact_title(tui_view *v)
{
    contactv *c = v->data;

    snprintf(c->title, sizeof c->title, _("Contact moment, case %s"), c->number);
    return c->title;
}

const tui_view_ops tui_view_contact = {
    .name = "contact",
    .scopes = TUI_S_FORM,
    .flags = TUI_V_TEXT | TUI_V_KEYS, /* the note is encrypted under the case's key */
    .open = contact_open,
    .close = contact_close,
    .layout = contact_layout,
    .draw = contact_draw,
    .request = contact_request,
    .title = contact_title,
    .dirty = contact_dirty,
    .tick = contact_tick,
};
