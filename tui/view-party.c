/* Adding a party to a case (P on the case screen) or editing one (E): role, name, address
 * (the postcode checked as soon as the cursor leaves it), phone, e-mail, and the plain
 * attributes (tenure, household, age band, interpreter) from pick lists. Adding goes through
 * bb_party_add under an id made when the form opens, so a save retried after a lost
 * connection stores the party once; editing through bb_party_edit with only the fields the
 * user changed, on the version shown. When another coordinator changed the party meanwhile,
 * the form shows what is stored now next to what was typed and lets the user choose. While
 * the connection is gone the form keeps everything and saves by itself once it is back. */
#include "dialog.h"
#include "form-edit.h"
#include "draw.h"
#include "labels.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_TEXT, K_PICK };

typedef struct spec {
    const char *label, *api, *hint; /* label and hint untranslated; api: libbb's field name */
    enum kind kind;
    bb_vocab vocab; /* K_PICK */
    int width, max;
} spec;

#define PICK_HINT N_("Enter or F4: choose from the list")
static const spec specs[] = {
    {N_("Role"), "role", PICK_HINT, K_PICK, BB_VOCAB_PARTY_ROLE, 30, 0},
    {N_("Name"), "name", N_("As the party gives it"), K_TEXT, 0, 40, BB_NAME_MAX},
    {N_("Street"), "street", N_("Street (optional)"), K_TEXT, 0, 40, BB_STREET_MAX},
    {N_("House number"), "number", N_("12, 12a or 12-1 (optional)"), K_TEXT, 0, 8,
     BB_HOUSE_NUMBER_MAX},
    {N_("Postcode"), "postcode", N_("1234 AB (optional; checked when you leave the field)"), K_TEXT,
     0, 7, 7},
    {N_("Place"), "place", N_("Town or village (optional)"), K_TEXT, 0, 30, BB_PLACE_MAX},
    {N_("Phone"), "phone", N_("06-12345678 or +32 ... (optional)"), K_TEXT, 0, 20, BB_PHONE_MAX},
    {N_("E-mail"), "email", N_("name@example.nl (optional)"), K_TEXT, 0, 40, BB_EMAIL_MAX},
    {N_("Tenure"), "tenure", PICK_HINT, K_PICK, BB_VOCAB_TENURE, 30, 0},
    {N_("Household"), "household", PICK_HINT, K_PICK, BB_VOCAB_HOUSEHOLD, 30, 0},
    {N_("Age band"), "age_band", PICK_HINT, K_PICK, BB_VOCAB_AGE_BAND, 30, 0},
    {N_("Interpreter"), "interpreter", PICK_HINT, K_PICK, BB_VOCAB_INTERPRETER, 30, 0},
};
enum {
    F_ROLE,
    F_NAME,
    F_STREET,
    F_NUMBER,
    F_POSTCODE,
    F_PLACE,
    F_PHONE,
    F_EMAIL,
    F_TENURE,
    F_HOUSEHOLD,
    F_AGE_BAND,
    F_INTERPRETER,
    NSPECS
};
#define FIELD_X    16
#define ROW(i)     (2 + (i))
#define HINT_ROW   (ROW(NSPECS) + 1)
#define VALUE_SIZE 1024 /* BB_EMAIL_MAX characters of up to four bytes */

enum { TAG_PICK, TAG_CONFLICT = 100 };

typedef struct partyv {
    FIELD *fields[NSPECS + 1];
    FORM *form;
    bool posted, touched, pending;
    bool editing; /* false: a new party */
    int number;   /* editing: the party's number in the case */
    long long version;
    long long stored_version; /* after a conflict: the version stored now */
    char id[BB_UUID_SIZE];
    char case_number[BB_NUMBER_SIZE];
    char key[NSPECS][BB_KEY_SIZE]; /* K_PICK: the chosen key */
    char orig[NSPECS][VALUE_SIZE]; /* editing: the values as read (personal: wiped) */
    char error[NSPECS][256];
    char title[96];
} partyv;

static int current(const partyv *p)
{
    return field_index(current_field(p->form));
}

static void show_key(partyv *p, int i)
{
    set_field_buffer(p->fields[i], 0, p->key[i][0] ? tui_label(specs[i].vocab, p->key[i]) : "");
}

/* The text of field i without the padding ncurses adds. */
static void text_of(partyv *p, int i, char *buf, size_t n)
{
    size_t len;

    snprintf(buf, n, "%s", field_buffer(p->fields[i], 0));
    len = strlen(buf);
    while (len > 0 && buf[len - 1] == ' ')
        buf[--len] = '\0';
}

/* The value of field i as libbb takes it (a key for a pick list) into buf. */
static const char *value_of(partyv *p, int i, char *buf, size_t n)
{
    if (specs[i].kind == K_PICK)
        snprintf(buf, n, "%s", p->key[i]);
    else
        text_of(p, i, buf, n);
    return buf;
}

/* The stored values of party s into the form (and orig, to see what the user changes). */
static void fill(partyv *p, const bb_party *s)
{
    const char *v[NSPECS] = {s->role,     s->name,      s->street,   s->house_number,
                             s->postcode, s->place,     s->phone,    s->email,
                             s->tenure,   s->household, s->age_band, s->interpreter};

    p->version = s->version;
    for (int i = 0; i < NSPECS; i++) {
        snprintf(p->orig[i], VALUE_SIZE, "%s", v[i] ? v[i] : "");
        if (specs[i].kind == K_PICK) {
            snprintf(p->key[i], BB_KEY_SIZE, "%s", v[i] ? v[i] : ""); /* keys are short */
            show_key(p, i);
        } else {
            set_field_buffer(p->fields[i], 0, p->orig[i]);
        }
    }
}

static int party_open(tui_view *v, void *arg)
{
    const tui_party_arg *a = arg;
    partyv *p;

    if ((p = calloc(1, sizeof *p)) == NULL)
        return BB_ENOMEM;
    v->data = p;
    bb_uuid_generate(p->id); /* kept across retries */
    snprintf(p->case_number, sizeof p->case_number, "%s", a->case_number);
    for (int i = 0; i < NSPECS; i++) {
        FIELD *f = new_field(1, specs[i].width, ROW(i), FIELD_X, 0, 0);
        if (f == NULL)
            return BB_ENOMEM;
        p->fields[i] = f;
        field_opts_off(f, O_AUTOSKIP);
        if (specs[i].kind != K_TEXT)
            field_opts_off(f, O_EDIT);
        if (specs[i].max > specs[i].width) {
            field_opts_off(f, O_STATIC);
            set_max_field(f, specs[i].max);
        }
    }
    if (a->party != NULL) {
        p->editing = true;
        p->number = a->party->number;
        fill(p, a->party);
    }
    return (p->form = new_form(p->fields)) != NULL ? BB_OK : BB_ENOMEM;
}

static void party_close(tui_view *v)
{
    partyv *p = v->data;

    if (p == NULL)
        return;
    if (p->form != NULL) {
        unpost_form(p->form);
        free_form(p->form);
    }
    for (int i = 0; i < NSPECS; i++)
        if (p->fields[i] != NULL) {
            set_field_buffer(p->fields[i], 0, ""); /* personal data: blanked, not left */
            free_field(p->fields[i]);
        }
    explicit_bzero(p, sizeof *p);
    free(p);
}

static void party_layout(tui_view *v)
{
    partyv *p = v->data;

    p->posted = tui_form_place(p->form, v->win, p->posted);
}

static void party_draw(tui_view *v)
{
    partyv *p = v->data;
    WINDOW *w = v->win;
    int cur = current(p);
    bool bad = p->error[cur][0] != '\0';

    tui_put(w, 0, 1, 0, _("Party: fill in, then F2 (or Ctrl-S) saves; Esc leaves."), A_BOLD, true);
    for (int i = 0; i < NSPECS; i++) {
        tui_put(w, ROW(i), 1, FIELD_X - 2, _(specs[i].label), i == cur ? A_BOLD : A_NORMAL, true);
        set_field_back(p->fields[i], tui_style(p->error[i][0] ? TUI_ST_FIELD_BAD : TUI_ST_FIELD));
    }
    tui_put(w, HINT_ROW, 1, 0, bad ? p->error[cur] : _(specs[cur].hint),
            tui_style(bad ? TUI_ST_ERROR : TUI_ST_DIM), true);
    if (p->pending)
        tui_put(w, HINT_ROW + 1, 1, 0,
                _("Waiting for the database: the party is saved as soon as it is back."),
                tui_style(TUI_ST_ERROR), true);
    else
        tui_fill(w, HINT_ROW + 1, 0, A_NORMAL);
    pos_form_cursor(p->form);
}

static void pick_answer(tui_view *v, int tag, const tui_choice *ch)
{
    partyv *p = v->data;
    int i = tag - TAG_PICK;

    if (ch->cancelled)
        return;
    snprintf(p->key[i], sizeof p->key[i], "%s", ch->key);
    p->error[i][0] = '\0';
    show_key(p, i);
    form_driver(p->form, REQ_NEXT_FIELD);
}

static int pick(tui_view *v, int i)
{
    partyv *p = v->data;
    const char *labels[TUI_PICK_MAX], *keys[TUI_PICK_MAX];
    const char *const *k = bb_vocab_keys(specs[i].vocab);
    tui_pick_spec sp = {.title = _(specs[i].label), .labels = labels, .keys = keys};

    if (specs[i].kind != K_PICK)
        return TUI_HANDLED;
    for (; k[sp.n] != NULL && sp.n < TUI_PICK_MAX; sp.n++) {
        keys[sp.n] = k[sp.n];
        labels[sp.n] = tui_label(specs[i].vocab, k[sp.n]);
        if (strcmp(p->key[i], k[sp.n]) == 0)
            sp.current = (int)sp.n;
    }
    return tui_pick(v, TAG_PICK + i, &sp, pick_answer);
}

/* Marks field i with msg, moves there and says it on the status line. */
static void mark(tui_view *v, int i, const char *msg)
{
    partyv *p = v->data;

    snprintf(p->error[i], sizeof p->error[i], "%s", msg);
    set_current_field(p->form, p->fields[i]);
    tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _(specs[i].label), p->error[i]);
}

/* libbb's refusal ("postcode: ...") on the field it names. */
static void show_refusal(tui_view *v, const char *msg)
{
    for (int i = 0; i < NSPECS; i++) {
        size_t n = strlen(specs[i].api);
        if (strncmp(msg, specs[i].api, n) == 0 && msg[n] == ':') {
            mark(v, i, msg + n + 1 + (msg[n + 1] == ' '));
            return;
        }
    }
    tui_say(v->app, TUI_MSG_ERROR, _("Not saved: %s"), msg);
}

/* Leaving the postcode: its format checked at once (libbb's own check, nothing written). */
static void left_field(tui_view *v, int i)
{
    partyv *p = v->data;
    char pc[64], *area = NULL;
    const char *msg, *colon;

    if (i != F_POSTCODE || value_of(p, i, pc, sizeof pc)[0] == '\0')
        return;
    if (bb_area_for_postcode(v->app->ctx, pc, &area) == BB_EINVAL) {
        msg = bb_errmsg(v->app->ctx);
        colon = strstr(msg, ": ");
        snprintf(p->error[i], sizeof p->error[i], "%s", colon ? colon + 2 : msg);
        tui_say(v->app, TUI_MSG_ERROR, "%s: %s", _(specs[i].label), p->error[i]);
    }
    free(area);
}

static int step(tui_view *v, int req)
{
    partyv *p = v->data;

    form_driver(p->form, REQ_VALIDATION);
    left_field(v, current(p));
    form_driver(p->form, req);
    return TUI_REDRAW;
}

static int save(tui_view *v);

/* The values in the form as libbb's input: for an edit only what differs from what was
 * read (a cleared field is sent empty). values holds the strings. */
static bool build(partyv *p, bb_party_new *in, char (*values)[VALUE_SIZE])
{
    const char **to[NSPECS] = {&in->role,     &in->name,      &in->street,   &in->house_number,
                               &in->postcode, &in->place,     &in->phone,    &in->email,
                               &in->tenure,   &in->household, &in->age_band, &in->interpreter};
    bool any = false;

    memset(in, 0, sizeof *in);
    in->id = p->id;
    for (int i = 0; i < NSPECS; i++) {
        value_of(p, i, values[i], VALUE_SIZE);
        if (p->editing ? strcmp(values[i], p->orig[i]) == 0 : values[i][0] == '\0')
            continue;
        *to[i] = values[i];
        any = true;
    }
    return any;
}

/* What is stored now (s) where it differs from what the form has, "; "-separated. */
static void describe_conflict(partyv *p, const bb_party *s, char *buf, size_t n)
{
    const char *stored[NSPECS] = {s->role,     s->name,      s->street,   s->house_number,
                                  s->postcode, s->place,     s->phone,    s->email,
                                  s->tenure,   s->household, s->age_band, s->interpreter};
    char mine[VALUE_SIZE];
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < NSPECS && used < n; i++) {
        const char *now = stored[i] ? stored[i] : "";
        value_of(p, i, mine, sizeof mine);
        if (strcmp(now, mine) == 0)
            continue;
        if (specs[i].kind == K_PICK)
            used += (size_t)snprintf(buf + used, n - used, "%s%s: %s / %s", used ? "; " : "",
                                     _(specs[i].label), *now ? tui_label(specs[i].vocab, now) : "-",
                                     *mine ? tui_label(specs[i].vocab, mine) : "-");
        else
            used += (size_t)snprintf(buf + used, n - used, "%s%s: %s / %s", used ? "; " : "",
                                     _(specs[i].label), *now ? now : "-", *mine ? mine : "-");
    }
    explicit_bzero(mine, sizeof mine);
    if (buf[0] == '\0')
        snprintf(buf, n, "%s", _("the same values as yours"));
}

static void conflict_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_app *app = v->app;
    tui_view *below;

    if (c->cancelled) /* Esc: back to the form, as typed; saving asks again */
        return;
    if (c->index == 1) { /* mine over theirs, on the version read just now */
        ((partyv *)v->data)->version = ((partyv *)v->data)->stored_version;
        save(v);
        return;
    }
    tui_pop(app); /* theirs: the case shows the party as stored */
    if ((below = tui_top(app)) != NULL)
        below->ops->request(below, TUI_REQ_RELOAD, 0);
    tui_say(app, TUI_MSG_INFO, "%s", _("Left as the other coordinator saved it."));
}

/* Someone else changed the party: read it again, show it next to the form, let the user
 * choose. The form keeps what was typed either way until the user decides. */
static int conflict(tui_view *v)
{
    partyv *p = v->data;
    bb_party_list *list = NULL;
    static char changes[2048], text[2600];
    int rc = bb_party_list_get(v->app->ctx, p->case_number, &list);

    if (rc != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the party again"));
        return TUI_REDRAW;
    }
    changes[0] = '\0';
    for (size_t k = 0; k < list->n; k++)
        if (list->items[k].number == p->number) {
            p->stored_version = list->items[k].version;
            describe_conflict(p, &list->items[k], changes, sizeof changes);
        }
    bb_party_list_free(list);
    snprintf(text, sizeof text,
             _("Someone else changed this party while you had it open. Stored now / yours: %s."),
             changes);
    explicit_bzero(changes, sizeof changes);
    tui_say(v->app, TUI_MSG_ERROR, "%s", _("The party was changed by someone else: not saved."));
    rc = tui_confirm(v, TAG_CONFLICT, _("Changed by someone else"), text,
                     _("Leave it as stored now"), _("Save my values over it"), conflict_answer);
    explicit_bzero(text, sizeof text);
    return rc;
}

static int save(tui_view *v)
{
    partyv *p = v->data;
    static char values[NSPECS][VALUE_SIZE];
    bb_party_new in;
    tui_app *app = v->app;
    tui_view *below;
    bool editing = p->editing;
    int rc;

    form_driver(p->form, REQ_VALIDATION);
    memset(p->error, 0, sizeof p->error);
    if (!build(p, &in, values)) {
        explicit_bzero(values, sizeof values);
        tui_say(app, TUI_MSG_INFO, "%s",
                editing ? _("Nothing changed: nothing to save.")
                        : _("Fill in the role and the name first."));
        if (!editing)
            mark(v, F_ROLE, _("choose a role"));
        return TUI_REDRAW;
    }
    tui_say(app, TUI_MSG_INFO, "%s", _("Saving..."));
    tui_flush(app);
    if (editing)
        rc = bb_party_edit(app->ctx, p->case_number, p->number, p->version, &in, NULL);
    else
        rc = bb_party_add(app->ctx, p->case_number, &in, NULL);
    explicit_bzero(values, sizeof values);
    p->pending = rc == BB_ECONN;
    if (rc == BB_EINVAL) {
        show_refusal(v, bb_errmsg(app->ctx));
    } else if (rc == BB_ECONFLICT) {
        return conflict(v);
    } else if (rc != BB_OK) {
        tui_fail(app, rc, _("Not saved"));
    } else {
        tui_pop(app); /* the case below reads its parties again */
        if ((below = tui_top(app)) != NULL)
            below->ops->request(below, TUI_REQ_RELOAD, 0);
        tui_say(app, TUI_MSG_OK, "%s", editing ? _("Party changed.") : _("Party added."));
    }
    return TUI_REDRAW;
}

static int edit(partyv *p, int key)
{
    if (tui_form_edit(p->form, key))
        p->touched = true;
    return TUI_HANDLED;
}

static int party_request(tui_view *v, enum tui_request req, int key)
{
    partyv *p = v->data;
    int i = current(p);

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
        if (specs[i].kind != K_TEXT)
            return TUI_IS_FN(key) || key < 0x20 ? TUI_HANDLED : pick(v, i);
        p->error[i][0] = '\0';
        return edit(p, key);
    default:
        return TUI_UNHANDLED;
    }
}

static bool party_dirty(const tui_view *v)
{
    const partyv *p = v->data;

    if (p->touched)
        return true;
    for (int i = 0; i < NSPECS; i++)
        if (specs[i].kind == K_PICK && strcmp(p->key[i], p->orig[i]) != 0)
            return true;
    return false;
}

static int party_tick(tui_view *v)
{
    partyv *p = v->data;

    if (!p->pending || v->app->conn_lost || tui_top(v->app) != v)
        return 0;
    return save(v);
}

static const char *party_title(tui_view *v)
{
    partyv *p = v->data;

    if (p->editing)
        snprintf(p->title, sizeof p->title, _("Party %d of case %s"), p->number, p->case_number);
    else
        snprintf(p->title, sizeof p->title, _("New party, case %s"), p->case_number);
    return p->title;
}

const tui_view_ops tui_view_party = {
    .name = "party",
    .scopes = TUI_S_FORM,
    .flags = TUI_V_TEXT | TUI_V_KEYS, /* names and addresses: encrypted under the case's key */
    .open = party_open,
    .close = party_close,
    .layout = party_layout,
    .draw = party_draw,
    .request = party_request,
    .title = party_title,
    .dirty = party_dirty,
    .tick = party_tick,
};
