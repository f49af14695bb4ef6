/* One-line prompts over the screen that asked: an ncurses form field for text (search), or a
 * passphrase. The passphrase is not an ncurses field on purpose: nothing is echoed, the bytes
 * are kept exactly as typed (a form field pads and trims blanks) in one buffer of ours that is
 * wiped after use, and no copy is left in the form library. */
#include "dialog.h"
#include "form-edit.h"
#include "draw.h"
#include "bb/text.h"

#include <form.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SECRET_MAX 1024
#define FIELD_COLS 40

typedef struct prompt {
    tui_asked who;
    char *title, *text, *label;
    bool error, secret;
    FIELD *fields[2];
    FORM *form;
    WINDOW *sub;
    char *secret_buf; /* SECRET_MAX + 1, locked in memory */
    size_t secret_len;
    int text_rows;
} prompt;

typedef struct prompt_arg {
    tui_asked who;
    const tui_prompt_spec *spec;
} prompt_arg;

static int make_field(prompt *p, const tui_prompt_spec *spec)
{
    if ((p->fields[0] = new_field(1, FIELD_COLS, 0, 0, 0, 0)) == NULL)
        return BB_ENOMEM;
    field_opts_off(p->fields[0], O_STATIC | O_AUTOSKIP);
    set_max_field(p->fields[0], spec->max > 0 ? (int)spec->max : 200);
    set_field_back(p->fields[0], tui_style(TUI_ST_FIELD));
    if (spec->initial != NULL)
        set_field_buffer(p->fields[0], 0, spec->initial);
    return (p->form = new_form(p->fields)) != NULL ? BB_OK : BB_ENOMEM;
}

static int prompt_open(tui_view *v, void *arg)
{
    const prompt_arg *a = arg;
    prompt *p = calloc(1, sizeof *p);

    if (p == NULL)
        return BB_ENOMEM;
    v->data = p;
    p->who = a->who;
    p->secret = a->spec->secret;
    p->error = a->spec->error;
    p->title = bb_text_sanitize_dup(a->spec->title ? a->spec->title : "");
    p->text = a->spec->text ? bb_text_sanitize_dup(a->spec->text) : NULL;
    p->label = bb_text_sanitize_dup(a->spec->label ? a->spec->label : "");
    if (p->title == NULL || p->label == NULL)
        return BB_ENOMEM;
    if (!p->secret)
        return make_field(p, a->spec);
    if ((p->secret_buf = calloc(1, SECRET_MAX + 1)) == NULL)
        return BB_ENOMEM;
    mlock(p->secret_buf, SECRET_MAX + 1); /* best effort: not into swap */
    return BB_OK;
}

static void wipe_secret(prompt *p)
{
    if (p->secret_buf == NULL)
        return;
    explicit_bzero(p->secret_buf, SECRET_MAX + 1);
    p->secret_len = 0;
}

static void prompt_close(tui_view *v)
{
    prompt *p = v->data;

    if (p == NULL)
        return;
    if (p->form != NULL) {
        unpost_form(p->form);
        free_form(p->form);
        free_field(p->fields[0]);
    }
    if (p->sub != NULL)
        delwin(p->sub);
    wipe_secret(p);
    if (p->secret_buf != NULL)
        munlock(p->secret_buf, SECRET_MAX + 1);
    free(p->secret_buf);
    free(p->title);
    free(p->text);
    free(p->label);
    free(p);
}

static void prompt_layout(tui_view *v)
{
    prompt *p = v->data;
    int lw = tui_width(p->label), w = lw + FIELD_COLS + 6, h;
    WINDOW *win;

    if (w < 60)
        w = 60;
    p->text_rows = p->text != NULL ? tui_wrap(NULL, 0, 0, w - 4, 6, p->text, 0) : 0;
    h = 5 + p->text_rows; /* border, text, blank, field, blank, border */
    if (p->form != NULL)
        unpost_form(p->form);
    if ((win = tui_dialog_place(v, h, w, &p->sub)) == NULL)
        return;
    p->sub = derwin(win, 1, FIELD_COLS, h - 3, 3 + lw);
    if (p->form != NULL) {
        set_form_win(p->form, win);
        set_form_sub(p->form, p->sub);
        post_form(p->form);
    }
}

static void prompt_draw(tui_view *v)
{
    prompt *p = v->data;
    int h = getmaxy(v->win), w = getmaxx(v->win);

    if (v->win == v->app->body)
        return;
    tui_dialog_frame(v->win, p->title);
    if (p->text != NULL)
        tui_wrap(v->win, 1, 2, w - 4, p->text_rows, p->text,
                 tui_style(p->error ? TUI_ST_ERROR : TUI_ST_NORMAL));
    tui_put(v->win, h - 3, 2, 0, p->label, A_BOLD, false);
    tui_put(v->win, h - 1, 2, w - 4, _(" Enter: done  Esc: cancel "), A_NORMAL, false);
    if (p->form != NULL) {
        unpost_form(p->form); /* the frame was drawn over the field: show it again */
        post_form(p->form);
        pos_form_cursor(p->form);
    } else {
        wmove(v->win, h - 3, 3 + tui_width(p->label));
    }
}

/* The typed text, without the blanks the form pads it with, into buf. */
static void field_text(prompt *p, char *buf, size_t n)
{
    size_t len;

    form_driver(p->form, REQ_VALIDATION); /* moves what is typed into the buffer */
    snprintf(buf, n, "%s", field_buffer(p->fields[0], 0));
    len = strlen(buf);
    while (len > 0 && buf[len - 1] == ' ')
        buf[--len] = '\0';
}

static int answer(tui_view *v, bool cancelled)
{
    prompt *p = v->data;
    char text[SECRET_MAX + 1] = "";
    tui_choice c = {.cancelled = cancelled, .index = cancelled ? -1 : 0, .key = "", .text = text};
    int rc;

    if (!cancelled && p->secret) {
        memcpy(text, p->secret_buf, p->secret_len + 1);
        c.len = p->secret_len;
    } else if (!cancelled) {
        field_text(p, text, sizeof text);
        c.len = strlen(text);
    }
    rc = tui_dialog_answer(v, p->who, &c);
    explicit_bzero(text, sizeof text);
    return rc;
}

/* Appends a typed character to the passphrase as UTF-8; Backspace takes the last one off. */
static void secret_key(prompt *p, int key)
{
    char u[4];
    size_t n;

    if (key == 0x7f || key == 8 || key == TUI_FN(KEY_BACKSPACE)) {
        while (p->secret_len > 0 && (p->secret_buf[--p->secret_len] & 0xc0) == 0x80)
            ;
        p->secret_buf[p->secret_len] = '\0';
        return;
    }
    if (key == TUI_CTRL('u')) {
        wipe_secret(p);
        return;
    }
    if (TUI_IS_FN(key) || key < 0x20 || key > 0x10ffff)
        return;
    n = tui_utf8(key, u);
    if (p->secret_len + n <= SECRET_MAX) {
        memcpy(p->secret_buf + p->secret_len, u, n);
        p->secret_len += n;
        p->secret_buf[p->secret_len] = '\0';
    }
    explicit_bzero(u, sizeof u);
}


static int prompt_request(tui_view *v, enum tui_request req, int key)
{
    prompt *p = v->data;

    switch (req) {
    case TUI_REQ_ENTER:
        return answer(v, false);
    case TUI_REQ_BACK:
        return answer(v, true);
    case TUI_REQ_NONE:
        if (p->secret)
            secret_key(p, key);
        else
            tui_form_edit(p->form, key);
        return TUI_HANDLED;
    default:
        return TUI_UNHANDLED;
    }
}

const tui_view_ops tui_view_prompt = {
    .name = "prompt",
    .scopes = TUI_S_DIALOG,
    .flags = TUI_V_OVERLAY | TUI_V_TEXT,
    .open = prompt_open,
    .close = prompt_close,
    .layout = prompt_layout,
    .draw = prompt_draw,
    .request = prompt_request,
};

int tui_prompt(tui_view *asker, int tag, const tui_prompt_spec *spec, tui_answer_fn fn)
{
    prompt_arg a = {{asker, tag, fn}, spec};

    return tui_push(asker->app, &tui_view_prompt, &a);
}
