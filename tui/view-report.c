/* The new report form (n): ncurses form fields, Tab and Shift-Tab between them, pick lists for
 * the referral source, the conflict types and the area; the reporting party and the other
 * party (name, phone, address) and a first note. Validation is libbb's own: saving calls
 * bb_report_create (the case, its parties and the note in one transaction), and a refusal
 * names the field ("postcode: ..."), which the form shows under the fields and moves to; a
 * postcode is checked as soon as the cursor leaves it, and fills in the area it lies in.
 * The ids of the case and its parties are made when the form opens, so a save retried after
 * a lost connection cannot register anything twice; while the connection is gone the form
 * keeps everything, and saves by itself once it is back. */
#include "dialog.h"
#include "form-edit.h"
#include "draw.h"
#include "labels.h"
#include "sanitize.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_TEXT, K_PICK, K_MULTI, K_AREA };

/* What a field is for; the party fields have one per party. */
enum what { W_DATE, W_SOURCE, W_TYPES, W_AREA, W_NAME, W_PHONE, W_STREET, W_NUMBER, W_POSTCODE,
            W_PLACE, W_NOTE };

typedef struct spec {
    const char *label; /* untranslated */
    const char *api;   /* the field name in libbb's messages */
    enum what what;
    enum kind kind;
    int party;      /* 0: the case; 1: the reporting party, 2: the other party */
    int row, x, lw; /* where the label is, and its width; the field follows it */
    int width, max; /* shown, and at most (characters; 0: the width) */
    bb_vocab vocab;
    const char *hint; /* untranslated */
} spec;

#define COL2 54 /* the second column of a party's lines */
#define PARTY(p, r0)                                                                              \
    {N_("Name"), "name", W_NAME, K_TEXT, p, r0, 3, 18, 30, BB_NAME_MAX, 0,                        \
     N_("Full name as the caller gives it")},                                                    \
    {N_("Phone"), "phone", W_PHONE, K_TEXT, p, r0, COL2, 8, 16, BB_PHONE_MAX, 0,                 \
     N_("06-12345678, 020-1234567 or +32 ...")},                                                  \
    {N_("Street"), "street", W_STREET, K_TEXT, p, r0 + 1, 3, 18, 30, BB_STREET_MAX, 0,            \
     N_("Street name, without the house number")},                                               \
    {N_("Number"), "number", W_NUMBER, K_TEXT, p, r0 + 1, COL2, 8, 8, BB_HOUSE_NUMBER_MAX, 0,    \
     N_("House number: 12, 12a or 12-1")},                                                        \
    {N_("Postcode"), "postcode", W_POSTCODE, K_TEXT, p, r0 + 2, 3, 18, 7, 7, 0,                  \
     N_("1234 AB; checked when you leave the field")},                                            \
    {N_("Place"), "place", W_PLACE, K_TEXT, p, r0 + 2, COL2, 8, 16, BB_PLACE_MAX, 0,              \
     N_("Town or village")}

static const spec specs[] = {
    {N_("Reported on"), "reported", W_DATE, K_TEXT, 0, 2, 1, 20, 10, 10, BB_VOCAB_STATUS,
     N_("Date of the report, YYYY-MM-DD (today is filled in)")},
    {N_("Referred by"), "source", W_SOURCE, K_PICK, 0, 3, 1, 20, 40, 0, BB_VOCAB_SOURCE,
     N_("Enter or F4: choose from the list")},
    {N_("Conflict types"), "type", W_TYPES, K_MULTI, 0, 4, 1, 20, 52, 0, BB_VOCAB_CONFLICT_TYPE,
     N_("Enter or F4: choose one or more (Space marks)")},
    {N_("Area"), "area", W_AREA, K_AREA, 0, 5, 1, 20, 40, 0, BB_VOCAB_STATUS,
     N_("Enter or F4: choose from the list (optional; a postcode fills it in)")},
    PARTY(1, 8),
    PARTY(2, 13),
    {N_("First note"), "note", W_NOTE, K_TEXT, 0, 17, 1, 20, 55, BB_NOTE_MAX, 0,
     N_("What the caller tells, in a few sentences (optional)")},
};
#define NSPECS   ((int)(sizeof specs / sizeof specs[0]))
#define NPARTIES 2
#define HINT_ROW 19

typedef struct report {
    FIELD *fields[NSPECS + 1];
    FORM *form;
    bool posted;
    char id[BB_UUID_SIZE];
    char today[BB_DATE_SIZE];
    char source[BB_KEY_SIZE];
    unsigned long types; /* bits over bb_vocab_keys(BB_VOCAB_CONFLICT_TYPE) */
    char area[BB_AREA_SIZE];
    bb_area_list *areas;
    char party_id[NPARTIES][BB_UUID_SIZE];
    char error[NSPECS][256]; /* libbb's refusal of the field */
    bool touched;            /* something was typed into a text field */
    bool pending;            /* a save waits for the connection */
} report;

static int current(const report *r)
{
    return field_index(current_field(r->form));
}

/* Shows a pick field's value (labels joined with "; ") in its field. */
static void show_value(report *r, int i)
{
    char buf[1024] = "";
    size_t used = 0;
    const char *const *keys = bb_vocab_keys(BB_VOCAB_CONFLICT_TYPE);

    if (specs[i].kind == K_PICK && r->source[0])
        snprintf(buf, sizeof buf, "%s", tui_label(BB_VOCAB_SOURCE, r->source));
    else if (specs[i].kind == K_AREA)
        snprintf(buf, sizeof buf, "%s", r->area);
    for (size_t k = 0; specs[i].kind == K_MULTI && keys[k] != NULL; k++)
        if (r->types >> k & 1)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? "; " : "",
                                     tui_label(BB_VOCAB_CONFLICT_TYPE, keys[k]));
    char *clean = tui_sanitize_dup(buf); /* the form library draws it itself */
    set_field_buffer(r->fields[i], 0, clean ? clean : "");
    free(clean);
}

static int make_fields(report *r)
{
    for (int i = 0; i < NSPECS; i++) {
        const spec *sp = &specs[i];
        FIELD *f = new_field(1, sp->width, sp->row, sp->x + sp->lw + 1, 0, 0);
        if (f == NULL)
            return BB_ENOMEM;
        r->fields[i] = f;
        set_field_back(f, tui_style(TUI_ST_FIELD));
        field_opts_off(f, O_AUTOSKIP);
        if (sp->kind != K_TEXT)
            field_opts_off(f, O_EDIT); /* chosen from a list, never typed */
        if (sp->kind != K_TEXT || sp->max > sp->width) {
            field_opts_off(f, O_STATIC); /* scrolls sideways */
            set_max_field(f, sp->kind != K_TEXT ? 1000 : sp->max);
        }
    }
    set_field_buffer(r->fields[0], 0, r->today);
    return (r->form = new_form(r->fields)) != NULL ? BB_OK : BB_ENOMEM;
}

static int report_open(tui_view *v, void *arg)
{
    report *r;
    int rc;

    if (!tui_need_org(v->app))
        return BB_ENOTFOUND;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return BB_ENOMEM;
    v->data = r;
    bb_uuid_generate(r->id); /* kept across retries: see the top of this file */
    for (int p = 0; p < NPARTIES; p++)
        bb_uuid_generate(r->party_id[p]);
    tui_today(r->today);
    if ((rc = bb_area_list_get(v->app->ctx, &r->areas)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the areas"));
        return rc;
    }
    return make_fields(r);
}

static void report_close(tui_view *v)
{
    report *r = v->data;

    if (r == NULL)
        return;
    if (r->form != NULL) {
        unpost_form(r->form);
        free_form(r->form);
    }
    for (int i = 0; i < NSPECS; i++)
        if (r->fields[i] != NULL) {
            set_field_buffer(r->fields[i], 0, ""); /* names and the note: blanked, not left */
            free_field(r->fields[i]);
        }
    bb_area_list_free(r->areas);
    free(r);
}

static void report_layout(tui_view *v)
{
    report *r = v->data;

    r->posted = tui_form_place(r->form, v->win, r->posted);
}

static void report_draw(tui_view *v)
{
    report *r = v->data;
    WINDOW *w = v->win;
    int cur = current(r);
    bool bad;

    tui_put(w, 0, 1, 0, _("New report: fill in, then F2 (or Ctrl-S) saves; Esc leaves."), A_BOLD,
            true);
    tui_put(w, specs[4].row - 1, 1, 0, _("Reporting party"), tui_style(TUI_ST_HEADER), true);
    tui_put(w, specs[4 + 6].row - 1, 1, 0, _("Other party"), tui_style(TUI_ST_HEADER), true);
    for (int i = 0; i < NSPECS; i++) {
        bad = r->error[i][0] != '\0';
        tui_put(w, specs[i].row, specs[i].x, specs[i].lw, _(specs[i].label),
                i == cur ? A_BOLD : A_NORMAL, true);
        set_field_back(r->fields[i], tui_style(bad ? TUI_ST_FIELD_BAD : TUI_ST_FIELD));
    }
    bad = r->error[cur][0] != '\0';
    tui_put(w, HINT_ROW, 1, 0, bad ? r->error[cur] : _(specs[cur].hint),
            tui_style(bad ? TUI_ST_ERROR : TUI_ST_DIM), true);
    if (r->pending)
        tui_put(w, HINT_ROW + 1, 1, 0,
                _("Waiting for the database: the report is saved as soon as it is back."),
                tui_style(TUI_ST_ERROR), true);
    else
        tui_fill(w, HINT_ROW + 1, 0, A_NORMAL);
    pos_form_cursor(r->form);
}

/* The answer of a pick list for field tag. */
static void pick_answer(tui_view *v, int tag, const tui_choice *c)
{
    report *r = v->data;

    if (c->cancelled)
        return;
    if (specs[tag].kind == K_PICK)
        snprintf(r->source, sizeof r->source, "%s", c->key);
    else if (specs[tag].kind == K_MULTI)
        r->types = c->mask;
    else
        snprintf(r->area, sizeof r->area, "%s", c->key);
    r->error[tag][0] = '\0';
    show_value(r, tag);
    form_driver(r->form, REQ_NEXT_FIELD); /* on to the next field, as after typing */
}

static int pick(tui_view *v, int i)
{
    report *r = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    const char *const *vk = specs[i].kind == K_AREA ? NULL : bb_vocab_keys(specs[i].vocab);
    tui_pick_spec sp = {.title = _(specs[i].label), .keys = keys, .labels = labels};

    if (specs[i].kind == K_TEXT)
        return TUI_HANDLED;
    if (specs[i].kind == K_AREA) {
        keys[0] = "";
        labels[0] = _("(no area)");
        for (sp.n = 1; sp.n <= r->areas->n && sp.n < TUI_PICK_MAX; sp.n++) {
            keys[sp.n] = labels[sp.n] = r->areas->items[sp.n - 1].name;
            if (strcmp(r->area, keys[sp.n]) == 0)
                sp.current = (int)sp.n;
        }
    }
    for (; vk != NULL && vk[sp.n] != NULL && sp.n < TUI_PICK_MAX; sp.n++) {
        keys[sp.n] = vk[sp.n];
        labels[sp.n] = tui_label(specs[i].vocab, vk[sp.n]);
        if (specs[i].kind == K_PICK && strcmp(r->source, vk[sp.n]) == 0)
            sp.current = (int)sp.n;
    }
    sp.multi = specs[i].kind == K_MULTI;
    sp.selected = r->types;
    return tui_pick(v, i, &sp, pick_answer);
}

/* Puts libbb's refusal ("postcode: ...") on the field it names of the case (party 0) or of
 * party `party`, or on the status line. */
static void show_refusal(tui_view *v, int party, const char *msg)
{
    report *r = v->data;

    for (int i = 0; i < NSPECS; i++) {
        size_t n = strlen(specs[i].api);
        if (specs[i].party == party && strncmp(msg, specs[i].api, n) == 0 && msg[n] == ':') {
            snprintf(r->error[i], sizeof r->error[i], "%s", msg + n + 1 + (msg[n + 1] == ' '));
            set_current_field(r->form, r->fields[i]);
            if (party == 0)
                tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _(specs[i].label), r->error[i]);
            else
                tui_say(v->app, TUI_MSG_ERROR, "%s, %s: %s",
                        party == 1 ? _("Reporting party") : _("Other party"),
                        _(specs[i].label), r->error[i]);
            return;
        }
    }
    tui_say(v->app, TUI_MSG_ERROR, _("Not saved: %s"), msg);
}

/* The text typed in field i, without the padding blanks. */
static void text_of(report *r, int i, char *buf, size_t n)
{
    size_t len;

    snprintf(buf, n, "%s", field_buffer(r->fields[i], 0));
    len = strlen(buf);
    while (len > 0 && buf[len - 1] == ' ')
        buf[--len] = '\0';
}

static int saved(tui_view *v, const bb_case *c)
{
    tui_app *app = v->app;
    char number[BB_NUMBER_SIZE];

    snprintf(number, sizeof number, "%s", c->number);
    tui_pop(app); /* the form is done: the case takes its place */
    tui_open_case(app, number);
    tui_say(app, TUI_MSG_OK, _("Report registered as case %s."), number);
    return TUI_REDRAW;
}

/* Field i's text into buf, NULL when it is empty. */
static const char *value_of(report *r, int i, char *buf, size_t n)
{
    text_of(r, i, buf, n);
    return buf[0] ? buf : NULL;
}

/* The party fields of party p (1, 2) into *out (texts in buf); false when all are empty. */
static bool party_of(report *r, int p, bb_party_new *out, char buf[][BB_NAME_MAX * 4 + 1])
{
    bool any = false;

    *out = (bb_party_new){.id = r->party_id[p - 1], .role = p == 1 ? "melder" : "wederpartij"};
    for (int i = 0; i < NSPECS; i++) {
        const char **to = NULL;
        if (specs[i].party != p)
            continue;
        switch (specs[i].what) {
        case W_NAME: to = &out->name; break;
        case W_PHONE: to = &out->phone; break;
        case W_STREET: to = &out->street; break;
        case W_NUMBER: to = &out->house_number; break;
        case W_POSTCODE: to = &out->postcode; break;
        case W_PLACE: to = &out->place; break;
        default: continue;
        }
        *to = value_of(r, i, buf[i], sizeof buf[i]);
        any |= *to != NULL;
    }
    if (any && out->name == NULL)
        out->name = ""; /* so libbb names the missing name, not a missing party */
    return any;
}

static int save(tui_view *v)
{
    report *r = v->data;
    static char text[NSPECS][BB_NAME_MAX * 4 + 1]; /* one form at a time; wiped below */
    static char note[BB_NOTE_MAX * 4 + 1];
    const char *types[BB_TYPES_MAX], *const *tk = bb_vocab_keys(BB_VOCAB_CONFLICT_TYPE);
    bb_party_new parties[NPARTIES];
    bb_report_new in = {.report = {.id = r->id, .types = types}, .parties = parties};
    bb_case *c = NULL;
    int rc, flags, failed = 0;

    form_driver(r->form, REQ_VALIDATION); /* what is typed into the field buffers */
    text_of(r, 0, text[0], sizeof text[0]);
    in.report.reported_on = text[0];
    in.report.source = r->source[0] ? r->source : NULL;
    in.report.area = r->area[0] ? r->area : NULL;
    in.report.note = value_of(r, NSPECS - 1, note, sizeof note);
    for (size_t k = 0; tk[k] != NULL && in.report.n_types < BB_TYPES_MAX; k++)
        if (r->types >> k & 1)
            types[in.report.n_types++] = tk[k];
    for (int p = 1; p <= NPARTIES; p++)
        if (party_of(r, p, &parties[in.n_parties], text))
            in.n_parties++;
    memset(r->error, 0, sizeof r->error);
    tui_say(v->app, TUI_MSG_INFO, "%s", _("Saving..."));
    tui_flush(v->app);
    rc = bb_report_create(v->app->ctx, &in, &c, &failed);
    explicit_bzero(text, sizeof text);
    explicit_bzero(note, sizeof note);
    r->pending = rc == BB_ECONN;
    if (rc == BB_OK) {
        flags = saved(v, c);
        bb_case_free(c);
        return flags;
    }
    /* failed counts the parties sent; the second one sent may be party 1 or 2 */
    if (failed > 0 && in.parties[failed - 1].role[0] == 'w')
        failed = 2;
    if (rc == BB_EINVAL)
        show_refusal(v, failed, bb_errmsg(v->app->ctx));
    else
        tui_fail(v->app, rc, _("Not saved"));
    return TUI_REDRAW;
}

/* Leaving a postcode field: its format checked at once, and its area filled in when the form
 * has none yet. */
static void left_field(tui_view *v, int i)
{
    report *r = v->data;
    char pc[64], *area = NULL;
    int rc;

    if (specs[i].what != W_POSTCODE || value_of(r, i, pc, sizeof pc) == NULL)
        return;
    rc = bb_area_for_postcode(v->app->ctx, pc, &area);
    if (rc == BB_EINVAL) {
        const char *msg = bb_errmsg(v->app->ctx), *colon = strstr(msg, ": ");
        snprintf(r->error[i], sizeof r->error[i], "%s", colon ? colon + 2 : msg);
        tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _(specs[i].label), r->error[i]);
    } else if (rc == BB_OK && area != NULL && r->area[0] == '\0') {
        snprintf(r->area, sizeof r->area, "%s", area);
        for (int k = 0; k < NSPECS; k++)
            if (specs[k].kind == K_AREA)
                show_value(r, k);
        tui_say(v->app, TUI_MSG_INFO, _("Area: %s (from the postcode)"), area);
    }
    free(area);
}

/* Moves to the next or previous field (req), checking the one left. */
static int step(tui_view *v, int req)
{
    report *r = v->data;
    int from = current(r);

    form_driver(r->form, REQ_VALIDATION);
    left_field(v, from);
    form_driver(r->form, req);
    return TUI_REDRAW;
}

/* Keys that edit a text field. */
static int edit(report *r, int key)
{
    if (tui_form_edit(r->form, key))
        r->touched = true;
    return TUI_HANDLED;
}

static int report_request(tui_view *v, enum tui_request req, int key)
{
    report *r = v->data;
    int i = current(r);

    switch (req) {
    case TUI_REQ_SAVE:
        return save(v);
    case TUI_REQ_NEXT_FIELD:
        return step(v, REQ_NEXT_FIELD);
    case TUI_REQ_PREV_FIELD:
        return step(v, REQ_PREV_FIELD);
    case TUI_REQ_ENTER:
        if (specs[i].kind != K_TEXT)
            return pick(v, i);
        return step(v, REQ_NEXT_FIELD);
    case TUI_REQ_PICK:
        return pick(v, i);
    case TUI_REQ_NONE:
        if (specs[i].kind != K_TEXT) /* typing on a list field opens its list */
            return TUI_IS_FN(key) || key < 0x20 ? TUI_HANDLED : pick(v, i);
        r->error[i][0] = '\0';
        return edit(r, key);
    default:
        return TUI_UNHANDLED;
    }
}

static bool report_dirty(const tui_view *v)
{
    const report *r = v->data;

    return r->touched || r->source[0] || r->types || r->area[0];
}

/* Saves by itself once the connection is back (the loop pings first). */
static int report_tick(tui_view *v)
{
    report *r = v->data;

    if (!r->pending || v->app->conn_lost || tui_top(v->app) != v)
        return 0;
    return save(v);
}

static const char *report_title(tui_view *v)
{
    return _("New report");
}

const tui_view_ops tui_view_report = {
    .name = "report",
    .scopes = TUI_S_FORM,
    .flags = TUI_V_TEXT | TUI_V_KEYS, /* bb_case_create writes the case's data key */
    .open = report_open,
    .close = report_close,
    .layout = report_layout,
    .draw = report_draw,
    .request = report_request,
    .title = report_title,
    .dirty = report_dirty,
    .tick = report_tick,
};
