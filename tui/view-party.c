/* Adding a party to a case (P on the case screen) or editing one (E): role, name, address
 * (the postcode checked as soon as the cursor leaves it), phone, e-mail, and the plain
 * attributes (tenure, household, age band, interpreter) from lists. Adding goes through
 * bb_party_add under an id made when the form opens, so a save retried after a lost
 * connection stores the party once; editing through bb_party_edit with only the fields the
 * user changed, on the version shown. When another coordinator changed the party meanwhile,
 * the form engine (form-engine.h) shows what is stored now next to what was typed and lets the user
 * choose. */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>

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
    NFIELDS
};

/* clang-format off */
#define LIST(label, api, vocab_)                                                                   \
    {label, api, N_("Enter or F4: choose from the list"), .kind = TUI_FIELD_PICK, .width = 30,     \
     .vocab = vocab_}
/* clang-format on */
static const tui_field_spec fields[NFIELDS] = {
    LIST(N_("Role"), "role", BB_VOCAB_PARTY_ROLE),
    {N_("Name"), "name", N_("As the party gives it"), .width = 40, .max = BB_NAME_MAX},
    {N_("Street"), "street", N_("Street (optional)"), .width = 40, .max = BB_STREET_MAX},
    {N_("House number"), "number", N_("12, 12a or 12-1 (optional)"), .width = 8,
     .max = BB_HOUSE_NUMBER_MAX},
    {N_("Postcode"), "postcode", N_("1234 AB (optional; checked when you leave the field)"),
     .width = 7, .check = tui_form_check_postcode},
    {N_("Place"), "place", N_("Town or village (optional)"), .width = 30, .max = BB_PLACE_MAX},
    {N_("Phone"), "phone", N_("06-12345678 or +32 ... (optional)"), .width = 20,
     .max = BB_PHONE_MAX},
    {N_("E-mail"), "email", N_("name@example.nl (optional)"), .width = 40, .max = BB_EMAIL_MAX},
    LIST(N_("Tenure"), "tenure", BB_VOCAB_TENURE),
    LIST(N_("Household"), "household", BB_VOCAB_HOUSEHOLD),
    LIST(N_("Age band"), "age_band", BB_VOCAB_AGE_BAND),
    LIST(N_("Interpreter"), "interpreter", BB_VOCAB_INTERPRETER),
};

typedef struct partyv {
    bool editing; /* false: a new party */
    int number;   /* editing: the party's number in the case */
    char id[BB_UUID_SIZE];
    char case_number[BB_NUMBER_SIZE];
} partyv;

/* A stored party's values in the order of the fields. */
static void values_of(const bb_party *s, const char *v[NFIELDS])
{
    const char *all[NFIELDS] = {s->role,     s->name,      s->street,   s->house_number,
                                s->postcode, s->place,     s->phone,    s->email,
                                s->tenure,   s->household, s->age_band, s->interpreter};

    for (int i = 0; i < NFIELDS; i++)
        v[i] = all[i] != NULL ? all[i] : "";
}

static int party_load(tui_form *f, const void *arg)
{
    const tui_party_arg *a = arg;
    partyv *p = tui_form_data(f);
    const char *v[NFIELDS];

    bb_uuid_generate(p->id); /* kept across retries */
    snprintf(p->case_number, sizeof p->case_number, "%s", a->case_number);
    if (a->party == NULL)
        return BB_OK;
    p->editing = true;
    p->number = a->party->number;
    tui_form_set_version(f, false, a->party->version);
    values_of(a->party, v);
    for (int i = 0; i < NFIELDS; i++)
        tui_form_set(f, i, v[i]);
    return BB_OK;
}

/* Whether there is something to save: for an edit a changed field, else any filled in. */
static bool party_validate(tui_form *f)
{
    const partyv *p = tui_form_data(f);

    for (int i = 0; i < NFIELDS; i++)
        if (p->editing ? tui_form_changed(f, i) : tui_form_get(f, i)[0] != '\0')
            return true;
    tui_say(tui_form_app(f), TUI_MSG_INFO, "%s",
            p->editing ? _("Nothing changed: nothing to save.")
                       : _("Fill in the role and the name first."));
    if (!p->editing)
        tui_form_mark(f, F_ROLE, _("choose a role"));
    return false;
}

/* For an edit only what differs from what was read (a cleared field is sent empty). */
static int party_save(tui_form *f)
{
    const partyv *p = tui_form_data(f);
    bb_party_new in = {.id = p->id};
    const char **to[NFIELDS] = {&in.role,     &in.name,      &in.street,   &in.house_number,
                                &in.postcode, &in.place,     &in.phone,    &in.email,
                                &in.tenure,   &in.household, &in.age_band, &in.interpreter};
    bb_ctx *ctx = tui_form_app(f)->ctx;

    for (int i = 0; i < NFIELDS; i++)
        if (p->editing ? tui_form_changed(f, i) : tui_form_get(f, i)[0] != '\0')
            *to[i] = tui_form_get(f, i);
    if (p->editing)
        return bb_party_edit(ctx, p->case_number, p->number, tui_form_version(f), &in, NULL);
    return bb_party_add(ctx, p->case_number, &in, NULL);
}

static void party_saved(tui_form *f)
{
    const partyv *p = tui_form_data(f);

    tui_form_done(f, p->editing ? _("Party changed.") : _("Party added."));
}

/* After a conflict: the party as stored now. */
static int party_reread(tui_form *f)
{
    const partyv *p = tui_form_data(f);
    bb_party_list *list = NULL;
    const char *v[NFIELDS];
    int rc = bb_party_list_get(tui_form_app(f)->ctx, p->case_number, &list);

    if (rc != BB_OK) {
        tui_fail(tui_form_app(f), rc, _("Cannot read the party again"));
        return rc;
    }
    for (size_t k = 0; k < list->n; k++)
        if (list->items[k].number == p->number) {
            tui_form_set_version(f, true, list->items[k].version);
            values_of(&list->items[k], v);
            for (int i = 0; i < NFIELDS; i++)
                tui_form_set_stored(f, i, v[i]);
        }
    bb_party_list_free(list);
    return BB_OK;
}

static const char *party_title(tui_form *f, char *buf, size_t n)
{
    const partyv *p = tui_form_data(f);

    if (p->editing)
        snprintf(buf, n, _("Party %d of case %s"), p->number, p->case_number);
    else
        snprintf(buf, n, _("New party, case %s"), p->case_number);
    return buf;
}

static const tui_form_def party_form = {
    .fields = fields,
    .n = NFIELDS,
    .heading = N_("Party: fill in, then F2 (or Ctrl-S) saves; Esc leaves."),
    .waiting = N_("Waiting for the database: the party is saved as soon as it is back."),
    .label_width = 14,
    .data_size = sizeof(partyv),
    .load = party_load,
    .validate = party_validate,
    .save = party_save,
    .saved = party_saved,
    .reread = party_reread,
    .conflict_text =
        N_("Someone else changed this party while you had it open. Stored now / yours: %s."),
    .conflict_said = N_("The party was changed by someone else: not saved."),
    .title = party_title,
};

/* TUI_V_KEYS: names and addresses, encrypted under the case's key. */
const tui_view_ops tui_view_party = TUI_FORM_VIEW("party", TUI_V_KEYS, &party_form);
