/* Recording a follow-up (nazorg) of a case (F on the case screen): the date (today filled
 * in) and, for the reporting party and the other party, whether the agreements hold and
 * whether the situation improved (yes, partly, no, or not asked), from pick lists. Saved with
 * bb_followup_add under an id made when the form opens, so a save retried after a lost
 * connection stores it once; while the connection is gone the form keeps everything and saves
 * by itself once it is back. A follow-up is a new row, never a change of one, so there is no
 * version to conflict with. libbb's refusal names the field; the form marks it and moves
 * there. Plain answers only: no keys needed. */
#include "dialog.h"
#include "form-edit.h"
#include "draw.h"
#include "labels.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct spec {
    const char *label, *api, *hint; /* label and hint untranslated; api: libbb's field name */
    int width;
} spec;

#define ANSWER_HINT N_("Enter or F4: yes, partly, no, or not asked")
static const spec specs[] = {
    {N_("Date"), "date", N_("YYYY-MM-DD (today is filled in)"), 10},
    {N_("Reporting party: agreements hold"), "melder-agreements", ANSWER_HINT, 12},
    {N_("Reporting party: situation improved"), "melder-improved", ANSWER_HINT, 12},
    {N_("Other party: agreements hold"), "wederpartij-agreements", ANSWER_HINT, 12},
    {N_("Other party: situation improved"), "wederpartij-improved", ANSWER_HINT, 12},
};
enum {
    F_DATE,
    F_MELDER_AGREEMENTS,
    F_MELDER_IMPROVED,
    F_WEDER_AGREEMENTS,
    F_WEDER_IMPROVED,
    NSPECS
};
#define FIELD_X  40
#define ROW(i)   (2 + (i))
#define HINT_ROW (ROW(NSPECS) + 1)

typedef struct followupv {
    FIELD *fields[NSPECS + 1];
    FORM *form;
    bool posted, touched, pending;
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    char answer[NSPECS][BB_KEY_SIZE]; /* "ja", "deels", "nee", or "": not asked */
    char error[NSPECS][256];
    char title[96];
} followupv;

static int current(const followupv *f)
{
    return field_index(current_field(f->form));
}

static void show_answer(followupv *f, int i)
{
    set_field_buffer(f->fields[i], 0, tui_followup_answer(f->answer[i]));
}

static int followup_open(tui_view *v, void *arg)
{
    const bb_case *cs = arg;
    followupv *f;
    char today[BB_DATE_SIZE];

    if (cs == NULL) /* opened only from a case */
        return BB_ENOTFOUND;
    if ((f = calloc(1, sizeof *f)) == NULL)
        return BB_ENOMEM;
    v->data = f;
    bb_uuid_generate(f->id); /* kept across retries */
    snprintf(f->number, sizeof f->number, "%s", cs->number);
    for (int i = 0; i < NSPECS; i++) {
        FIELD *fl = new_field(1, specs[i].width, ROW(i), FIELD_X, 0, 0);
        if (fl == NULL)
            return BB_ENOMEM;
        f->fields[i] = fl;
        field_opts_off(fl, O_AUTOSKIP);
        if (i != F_DATE) {
            field_opts_off(fl, O_EDIT);
            show_answer(f, i);
        }
    }
    tui_today(today);
    set_field_buffer(f->fields[F_DATE], 0, today);
    return (f->form = new_form(f->fields)) != NULL ? BB_OK : BB_ENOMEM;
}

static void followup_close(tui_view *v)
{
    followupv *f = v->data;

    if (f == NULL)
        return;
    if (f->form != NULL) {
        unpost_form(f->form);
        free_form(f->form);
    }
    for (int i = 0; i < NSPECS; i++)
        if (f->fields[i] != NULL)
            free_field(f->fields[i]);
    free(f);
}

static void followup_layout(tui_view *v)
{
    followupv *f = v->data;

    f->posted = tui_form_place(f->form, v->win, f->posted);
}

static void followup_draw(tui_view *v)
{
    followupv *f = v->data;
    WINDOW *w = v->win;
    int cur = current(f);
    bool bad = f->error[cur][0] != '\0';

    tui_put(w, 0, 1, 0, _("Follow-up: fill in, then F2 (or Ctrl-S) saves; Esc leaves."), A_BOLD,
            true);
    for (int i = 0; i < NSPECS; i++) {
        tui_put(w, ROW(i), 1, FIELD_X - 2, _(specs[i].label), i == cur ? A_BOLD : A_NORMAL, true);
        set_field_back(f->fields[i], tui_style(f->error[i][0] ? TUI_ST_FIELD_BAD : TUI_ST_FIELD));
    }
    tui_put(w, HINT_ROW, 1, 0, bad ? f->error[cur] : _(specs[cur].hint),
            tui_style(bad ? TUI_ST_ERROR : TUI_ST_DIM), true);
    if (f->pending)
        tui_put(w, HINT_ROW + 1, 1, 0,
                _("Waiting for the database: the follow-up is saved as soon as it is back."),
                tui_style(TUI_ST_ERROR), true);
    else
        tui_fill(w, HINT_ROW + 1, 0, A_NORMAL);
    pos_form_cursor(f->form);
}

static void pick_answer(tui_view *v, int tag, const tui_choice *ch)
{
    followupv *f = v->data;

    if (ch->cancelled)
        return;
    snprintf(f->answer[tag], sizeof f->answer[tag], "%s", ch->key);
    for (int i = F_MELDER_AGREEMENTS; i < NSPECS; i++) /* "none given" goes with any answer */
        if (strncmp(f->error[i], "", 1) != 0 && (i == tag || ch->key[0]))
            f->error[i][0] = '\0';
    show_answer(f, tag);
    form_driver(f->form, REQ_NEXT_FIELD);
}

static int pick(tui_view *v, int i)
{
    followupv *f = v->data;
    const char *labels[4], *keys[4];
    const char *const *answers = bb_followup_answers();
    tui_pick_spec sp = {.title = _(specs[i].label), .labels = labels, .keys = keys};

    if (i == F_DATE)
        return TUI_HANDLED;
    for (; answers[sp.n] != NULL && sp.n < 3; sp.n++) {
        keys[sp.n] = answers[sp.n];
        labels[sp.n] = tui_followup_answer(answers[sp.n]);
        if (strcmp(f->answer[i], answers[sp.n]) == 0)
            sp.current = (int)sp.n;
    }
    keys[sp.n] = "";
    labels[sp.n] = tui_followup_answer("");
    if (f->answer[i][0] == '\0')
        sp.current = (int)sp.n;
    sp.n++;
    return tui_pick(v, i, &sp, pick_answer);
}

/* Marks field i with msg, moves there and says it on the status line. */
static void mark(tui_view *v, int i, const char *msg)
{
    followupv *f = v->data;

    snprintf(f->error[i], sizeof f->error[i], "%s", msg);
    set_current_field(f->form, f->fields[i]);
    tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _(specs[i].label), f->error[i]);
}

/* libbb's refusal ("date: ...") on the field it names; "answers: none given" on the first
 * answer. */
static void show_refusal(tui_view *v, const char *msg)
{
    for (int i = 0; i < NSPECS; i++) {
        size_t n = strlen(specs[i].api);
        if (strncmp(msg, specs[i].api, n) == 0 && msg[n] == ':') {
            mark(v, i, msg + n + 1 + (msg[n + 1] == ' '));
            return;
        }
    }
    if (strncmp(msg, "answers: ", 9) == 0) {
        mark(v, F_MELDER_AGREEMENTS, msg + 9);
        return;
    }
    tui_say(v->app, TUI_MSG_ERROR, _("Not saved: %s"), msg);
}

static int save(tui_view *v)
{
    followupv *f = v->data;
    char date[32];
    size_t len;
    const char **to[NSPECS];
    bb_followup_new in = {.id = f->id, .case_number = f->number};
    tui_app *app = v->app;
    tui_view *below;
    int rc;

    to[F_MELDER_AGREEMENTS] = &in.melder_agreements;
    to[F_MELDER_IMPROVED] = &in.melder_improved;
    to[F_WEDER_AGREEMENTS] = &in.wederpartij_agreements;
    to[F_WEDER_IMPROVED] = &in.wederpartij_improved;
    form_driver(f->form, REQ_VALIDATION);
    memset(f->error, 0, sizeof f->error);
    snprintf(date, sizeof date, "%s", field_buffer(f->fields[F_DATE], 0));
    len = strlen(date);
    while (len > 0 && date[len - 1] == ' ')
        date[--len] = '\0';
    in.date = date[0] ? date : NULL;
    for (int i = F_MELDER_AGREEMENTS; i < NSPECS; i++)
        *to[i] = f->answer[i][0] ? f->answer[i] : NULL;
    tui_say(app, TUI_MSG_INFO, "%s", _("Saving..."));
    tui_flush(app);
    rc = bb_followup_add(app->ctx, &in, NULL);
    f->pending = rc == BB_ECONN;
    if (rc == BB_EINVAL) {
        show_refusal(v, bb_errmsg(app->ctx));
    } else if (rc != BB_OK) {
        tui_fail(app, rc, _("Not saved"));
    } else {
        tui_pop(app); /* the case below reads its follow-ups again */
        if ((below = tui_top(app)) != NULL)
            below->ops->request(below, TUI_REQ_RELOAD, 0);
        tui_say(app, TUI_MSG_OK, "%s", _("Follow-up recorded."));
    }
    return TUI_REDRAW;
}

static int edit(followupv *f, int key)
{
    if (tui_form_edit(f->form, key))
        f->touched = true;
    return TUI_HANDLED;
}

static int followup_request(tui_view *v, enum tui_request req, int key)
{
    followupv *f = v->data;
    int i = current(f);

    switch (req) {
    case TUI_REQ_SAVE:
        return save(v);
    case TUI_REQ_NEXT_FIELD:
        form_driver(f->form, REQ_NEXT_FIELD);
        return TUI_REDRAW;
    case TUI_REQ_PREV_FIELD:
        form_driver(f->form, REQ_PREV_FIELD);
        return TUI_REDRAW;
    case TUI_REQ_ENTER:
        if (i != F_DATE)
            return pick(v, i);
        form_driver(f->form, REQ_NEXT_FIELD);
        return TUI_REDRAW;
    case TUI_REQ_PICK:
        return pick(v, i);
    case TUI_REQ_NONE:
        if (i != F_DATE)
            return TUI_IS_FN(key) || key < 0x20 ? TUI_HANDLED : pick(v, i);
        f->error[i][0] = '\0';
        return edit(f, key);
    default:
        return TUI_UNHANDLED;
    }
}

static bool followup_dirty(const tui_view *v)
{
    const followupv *f = v->data;

    if (f->touched)
        return true;
    for (int i = F_MELDER_AGREEMENTS; i < NSPECS; i++)
        if (f->answer[i][0])
            return true;
    return false;
}

static int followup_tick(tui_view *v)
{
    followupv *f = v->data;

    if (!f->pending || v->app->conn_lost || tui_top(v->app) != v)
        return 0;
    return save(v);
}

static const char *followup_title(tui_view *v)
{
    followupv *f = v->data;

    snprintf(f->title, sizeof f->title, _("Follow-up, case %s"), f->number);
    return f->title;
}

const tui_view_ops tui_view_followup = {
    .name = "followup",
    .scopes = TUI_S_FORM,
    .flags = TUI_V_TEXT,
    .open = followup_open,
    .close = followup_close,
    .layout = followup_layout,
    .draw = followup_draw,
    .request = followup_request,
    .title = followup_title,
    .dirty = followup_dirty,
    .tick = followup_tick,
};
