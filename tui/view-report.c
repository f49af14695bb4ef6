/* The new report form (n): the date (today filled in), the referral source, the conflict types
 * and the area from lists; the reporting party and the other party (name, phone, address);
 * a first note. Validation is libbb's own: saving calls bb_report_create (the case, its
 * parties and the note in one transaction), whose refusal names the field and, for a party
 * field, the party. A postcode is checked as soon as the cursor leaves it and fills in the
 * area it lies in. The ids of the case and its parties are made when the form opens, so a
 * save retried after a lost connection cannot register anything twice. The rest is the form
 * engine's (form-engine.h). */
#include "dialog.h"
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>
#include <string.h>

#define NPARTIES 2
/* At most this many other cases with the same people are listed before saving. */
#define DUPS_SHOWN 10

/* The fields, in Tab order; each party's from F_PARTY + P_* on. */
enum { P_NAME, P_PHONE, P_STREET, P_NUMBER, P_POSTCODE, P_PLACE, P_FIELDS };
enum { F_DATE, F_SOURCE, F_TYPES, F_AREA, F_PARTY, F_NOTE = F_PARTY + NPARTIES * P_FIELDS };

typedef struct report {
    char id[BB_UUID_SIZE];
    char party_id[NPARTIES][BB_UUID_SIZE];
    bb_area_list *areas;
    char number[BB_NUMBER_SIZE]; /* the case registered */
    bool dups_seen;              /* the same people in other cases were shown: save */
    char dups[DUPS_SHOWN][BB_NUMBER_SIZE];
    size_t n_dups;
} report;

static void area_list(tui_form *f, int i, tui_field_list *out)
{
    const bb_area_list *areas = ((report *)tui_form_data(f))->areas;

    for (size_t k = 0; k < areas->n; k++)
        tui_field_list_add(out, areas->items[k].name, areas->items[k].name);
}

/* clang-format off */
#define COL2 54 /* the second column of a party's lines */
#define PARTY(p, r0)                                                                               \
    {N_("Name"), "name", N_("Full name as the caller gives it"), .width = 30,                      \
     .max = BB_NAME_MAX, .group = p, .row = r0, .x = 3, .label_width = 18},                        \
    {N_("Phone"), "phone", N_("06-12345678, 020-1234567 or +32 ..."), .width = 16,                 \
     .max = BB_PHONE_MAX, .group = p, .row = r0, .x = COL2, .label_width = 8},                     \
    {N_("Street"), "street", N_("Street name, without the house number"), .width = 30,             \
     .max = BB_STREET_MAX, .group = p, .row = r0 + 1, .x = 3, .label_width = 18},                  \
    {N_("Number"), "number", N_("House number: 12, 12a or 12-1"), .width = 8,                      \
     .max = BB_HOUSE_NUMBER_MAX, .group = p, .row = r0 + 1, .x = COL2, .label_width = 8},          \
    {N_("Postcode"), "postcode", N_("1234 AB; checked when you leave the field"), .width = 7,      \
     .check = tui_form_check_postcode, .group = p, .row = r0 + 2, .x = 3, .label_width = 18},      \
    {N_("Place"), "place", N_("Town or village"), .width = 16, .max = BB_PLACE_MAX,                \
     .group = p, .row = r0 + 2, .x = COL2, .label_width = 8}

static const tui_field_spec fields[] = {
    {N_("Reported on"), "reported", N_("Date of the report, YYYY-MM-DD (today is filled in)"),
     .width = 10, .row = 2, .x = 1, .label_width = 20},
    {N_("Referred by"), "source", N_("Enter or F4: choose from the list"), .kind = TUI_FIELD_PICK,
     .width = 40, .vocab = BB_VOCAB_SOURCE, .row = 3, .x = 1, .label_width = 20},
    {N_("Conflict types"), "type", N_("Enter or F4: choose one or more (Space marks)"),
     .kind = TUI_FIELD_MULTI, .width = 52, .vocab = BB_VOCAB_CONFLICT_TYPE, .row = 4, .x = 1,
     .label_width = 20},
    {N_("Area"), "area", N_("Enter or F4: choose from the list (optional; a postcode fills it in)"),
     .kind = TUI_FIELD_PICK, .width = 40, .list = area_list, .none = N_("(no area)"), .row = 5,
     .x = 1, .label_width = 20},
    PARTY(1, 8),
    PARTY(2, 13),
    {N_("First note"), "note",
     N_("What the caller tells, in a few sentences (optional; Enter: several lines)"),
     .kind = TUI_FIELD_NOTE, .width = 55, .max = BB_NOTE_MAX, .row = 17, .x = 1, .label_width = 20},
};
/* clang-format on */

static int report_load(tui_form *f, const void *arg)
{
    report *r = tui_form_data(f);
    char today[BB_DATE_SIZE];
    int rc;

    bb_uuid_generate(r->id); /* kept across retries: see the top of this file */
    for (int p = 0; p < NPARTIES; p++)
        bb_uuid_generate(r->party_id[p]);
    tui_today(today);
    tui_form_set(f, F_DATE, today);
    if ((rc = bb_area_list_get(tui_form_app(f)->ctx, &r->areas)) != BB_OK)
        tui_fail(tui_form_app(f), rc, _("Cannot read the areas"));
    return rc;
}

static void report_close(tui_form *f)
{
    bb_area_list_free(((report *)tui_form_data(f))->areas);
}

/* Party p's fields into *out; false when all are empty (the party is left out). */
static bool party_of(tui_form *f, int p, bb_party_new *out)
{
    const report *r = tui_form_data(f);
    int base = F_PARTY + p * P_FIELDS;

    *out = (bb_party_new){
        .id = r->party_id[p],
        .role = p == 0 ? "melder" : "wederpartij",
        .name = tui_form_value(f, base + P_NAME),
        .phone = tui_form_value(f, base + P_PHONE),
        .street = tui_form_value(f, base + P_STREET),
        .house_number = tui_form_value(f, base + P_NUMBER),
        .postcode = tui_form_value(f, base + P_POSTCODE),
        .place = tui_form_value(f, base + P_PLACE),
    };
    if (!out->name && !out->phone && !out->street && !out->house_number && !out->postcode &&
        !out->place)
        return false;
    if (out->name == NULL)
        out->name = ""; /* so libbb names the missing name, not a missing party */
    return true;
}

/* The answer to the list of cases with the same people: back, save anyway, or open one
 * (the form stays under it). */
static void dups_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_form *f = v->data;
    report *r = tui_form_data(f);

    if (c->cancelled || c->index == 0)
        return;
    if (c->index == 1) {
        r->dups_seen = true;
        tui_form_request(v, TUI_REQ_SAVE, 0);
    } else if ((size_t)(c->index - 2) < r->n_dups) {
        tui_open_case(v->app, r->dups[c->index - 2]);
    }
}

/* Adds the cases of l to r's list and their lines to labels (from line 2 on). */
static void add_dups(report *r, const bb_case_dup_list *l, char lines[][160])
{
    for (size_t i = 0; i < l->n && r->n_dups < DUPS_SHOWN; i++) {
        const bb_case_dup *d = &l->items[i];
        size_t k = 0;

        while (k < r->n_dups && strcmp(r->dups[k], d->number) != 0)
            k++;
        if (k < r->n_dups)
            continue; /* both parties: listed once */
        snprintf(r->dups[k], BB_NUMBER_SIZE, "%s", d->number);
        snprintf(lines[k + 2], 160, _("Open %s (%s): the same %s%s%s%s%s"), d->number,
                 tui_label(BB_VOCAB_STATUS, d->status), d->address ? _("address") : "",
                 d->address && (d->phone || d->name) ? ", " : "", d->phone ? _("phone number") : "",
                 d->phone && d->name ? ", " : "", d->name ? _("name") : "");
        r->n_dups++;
    }
}

/* Before saving: the open cases (and those closed in the last year) with a party of the same
 * address, phone or name are shown first, to open or to save anyway. */
static bool report_validate(tui_form *f)
{
    report *r = tui_form_data(f);
    tui_app *app = tui_form_app(f);
    static char lines[DUPS_SHOWN + 2][160];
    const char *labels[DUPS_SHOWN + 2];
    bb_case_dup_list *l = NULL;
    bb_party_new p;

    if (r->dups_seen)
        return true;
    r->n_dups = 0;
    for (int i = 0; i < NPARTIES; i++) {
        if (!party_of(f, i, &p))
            continue;
        p.name = p.name != NULL && *p.name != '\0' ? p.name : NULL;
        if (bb_case_duplicates(app->ctx, &p, NULL, &l) != BB_OK)
            return true; /* bad input: saving names it */
        add_dups(r, l, lines);
        bb_case_dup_list_free(l);
    }
    if (r->n_dups == 0)
        return true;
    snprintf(lines[0], 160, "%s", _("Back to the form"));
    snprintf(lines[1], 160, "%s", _("Register it anyway"));
    for (size_t i = 0; i < r->n_dups + 2; i++)
        labels[i] = lines[i];
    tui_pick_spec spec = {.title = _("The same people?"),
                          .text = _("Other cases have a party with the same address, phone "
                                    "number or name:"),
                          .labels = labels,
                          .n = r->n_dups + 2};
    tui_pick(tui_top(app), 0, &spec, dups_answer);
    return false;
}

static int report_save(tui_form *f)
{
    report *r = tui_form_data(f);
    const char *types[BB_TYPES_MAX];
    bb_party_new parties[NPARTIES];
    bb_report_new in = {.report = {.id = r->id, .types = types}, .parties = parties};
    bb_case *c = NULL;
    int rc, failed = 0;

    in.report.reported_on = tui_form_get(f, F_DATE);
    in.report.source = tui_form_value(f, F_SOURCE);
    in.report.area = tui_form_value(f, F_AREA);
    in.report.note = tui_form_value(f, F_NOTE);
    in.report.n_types = tui_form_marked(f, F_TYPES, types, BB_TYPES_MAX);
    for (int p = 0; p < NPARTIES; p++)
        if (party_of(f, p, &parties[in.n_parties]))
            in.n_parties++;
    rc = bb_report_create(tui_form_app(f)->ctx, &in, &c, &failed);
    if (rc == BB_OK)
        snprintf(r->number, sizeof r->number, "%s", c->number);
    bb_case_free(c);
    /* failed counts the parties sent; the one refused is party 1 or 2 by its role */
    if (failed > 0)
        tui_form_set_group(f, in.parties[failed - 1].role[0] == 'w' ? 2 : 1);
    return rc;
}

/* The form is done: the new case takes its place. */
static void report_saved(tui_form *f)
{
    tui_app *app = tui_form_app(f);
    char number[BB_NUMBER_SIZE];

    snprintf(number, sizeof number, "%s", ((report *)tui_form_data(f))->number);
    tui_pop(app);
    tui_open_case(app, number);
    tui_say(app, TUI_MSG_OK, _("Report registered as case %s."), number);
}

static const char *report_title(tui_form *f, char *buf, size_t n)
{
    return _("New report");
}

static const tui_form_def report_form = {
    .fields = fields,
    .n = (int)(sizeof fields / sizeof fields[0]),
    .heading = N_("New report: fill in, then F2 (or Ctrl-S) saves; Esc leaves."),
    .waiting = N_("Waiting for the database: the report is saved as soon as it is back."),
    .groups = {NULL, N_("Reporting party"), N_("Other party")},
    .data_size = sizeof(report),
    .load = report_load,
    .validate = report_validate,
    .save = report_save,
    .saved = report_saved,
    .title = report_title,
    .close = report_close,
};

/* TUI_V_KEYS: bb_case_create writes the case's data key. */
const tui_view_ops tui_view_report = TUI_FORM_VIEW("report", TUI_V_KEYS, &report_form);
