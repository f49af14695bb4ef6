/* The list of cases: one screen-full page at a time from bb_case_list_get (keyset paged, see
 * pager.h), with filters on status, area, source and volunteer (done by libbb), and '/'
 * search: a case number opens that case; a postcode (with or without house number) or a phone
 * number finds the cases of such a party through libbb's blind indexes (bb_case_search);
 * other text filters what is on screen, and when nothing there has it, is looked up as words
 * of a party's name the same way (ranked by libbb). */
#include "dialog.h"
#include "draw.h"
#include "labels.h"
#include "pager.h"
#include "unlock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TAG_FILTER, TAG_STATUS, TAG_AREA, TAG_SOURCE, TAG_SEARCH, TAG_VOLUNTEER };

typedef struct cases {
    char status[BB_KEY_SIZE], source[BB_KEY_SIZE], area[BB_AREA_SIZE];
    char volunteer[BB_NUMBER_SIZE]; /* paired to this volunteer ("V-0003") */
    char text[128]; /* the on-screen filter */
    /* A search through the blind indexes (bb_case_search) instead of the list, while found is
     * set: the list is then the cases found. The values are wiped when the search ends. */
    enum { FOUND_NONE, FOUND_ADDRESS, FOUND_PHONE, FOUND_NAME } found;
    char q_postcode[16], q_number[BB_HOUSE_NUMBER_MAX * 4 + 1], q_phone[64], q_name[128];
    bb_case_list *page;
    int shown[1000]; /* indexes into page->items that pass the text filter */
    tui_pager pager;
    char title[512];
} cases;

/* Whether case c shows text in one of its columns (case-insensitive for ASCII). */
static bool matches(const bb_case *c, const char *text)
{
    if (*text == '\0')
        return true;
    if (strcasestr(c->number, text) || strcasestr(c->reported_on, text) ||
        strcasestr(c->volunteers[0], text) || strcasestr(c->volunteers[1], text) ||
        strcasestr(c->area, text) || strcasestr(tui_label(BB_VOCAB_STATUS, c->status), text) ||
        strcasestr(tui_label(BB_VOCAB_SOURCE, c->source), text))
        return true;
    for (size_t i = 0; i < c->n_types; i++)
        if (strcasestr(tui_label(BB_VOCAB_CONFLICT_TYPE, c->types[i]), text))
            return true;
    return false;
}

static int filter_page(cases *cs)
{
    int n = 0;

    for (size_t i = 0; cs->page != NULL && i < cs->page->n && n < 1000; i++)
        if (matches(&cs->page->items[i], cs->text))
            cs->shown[n++] = (int)i;
    return n;
}

static int fetch(tui_view *v, const char *after, int limit, int *n, char next[TUI_CURSOR_SIZE])
{
    cases *cs = v->data;
    bb_case_filter f = {
        .status = cs->status[0] ? cs->status : NULL,
        .area = cs->area[0] ? cs->area : NULL,
        .source = cs->source[0] ? cs->source : NULL,
        .volunteer = cs->volunteer[0] ? cs->volunteer : NULL,
        .after = after,
        .limit = limit > 1000 ? 1000 : limit,
    };
    bb_case_query q = {0};
    bb_case_list *page = NULL;
    int rc;

    if (cs->found == FOUND_ADDRESS) {
        q.postcode = cs->q_postcode;
        q.house_number = *cs->q_number != '\0' ? cs->q_number : NULL;
    } else if (cs->found == FOUND_PHONE) {
        q.phone = cs->q_phone;
    } else if (cs->found == FOUND_NAME) {
        q.name = cs->q_name;
    }
    rc = cs->found != FOUND_NONE ? bb_case_search(v->app->ctx, &q, &page)
                                 : bb_case_list_get(v->app->ctx, &f, &page);
    if (rc == BB_OK && cs->found == FOUND_NAME && page->n == 0) {
        bb_case_list_free(page); /* no party with such a name: a street, then? */
        page = NULL;
        q.name = NULL;
        q.street = cs->q_name;
        rc = bb_case_search(v->app->ctx, &q, &page);
    }

    if (rc != BB_OK)
        return rc;
    bb_case_list_free(cs->page);
    cs->page = page;
    *n = filter_page(cs);
    memcpy(next, page->next, BB_NUMBER_SIZE);
    return BB_OK;
}

static void copy_query(cases *cs, const tui_case_query *q)
{
    if (q == NULL)
        return;
    snprintf(cs->status, sizeof cs->status, "%s", q->status ? q->status : "");
    snprintf(cs->area, sizeof cs->area, "%s", q->area ? q->area : "");
    snprintf(cs->source, sizeof cs->source, "%s", q->source ? q->source : "");
}

static int cases_open(tui_view *v, void *arg)
{
    cases *cs;
    int rc;

    if ((rc = tui_open_data(v, sizeof *cs)) != BB_OK)
        return rc;
    cs = v->data;
    copy_query(cs, arg);
    cs->pager.fetch = fetch;
    return BB_OK; /* the first page is read in cases_layout, when its size is known */
}

static void cases_close(tui_view *v)
{
    cases *cs = v->data;

    if (cs == NULL)
        return;
    bb_case_list_free(cs->page);
    tui_pager_free(&cs->pager);
    explicit_bzero(cs, sizeof *cs); /* what was searched for */
    free(cs);
}

static void cases_layout(tui_view *v)
{
    cases *cs = v->data;
    int rc = tui_pager_set_limit(&cs->pager, v, getmaxy(v->win) - 3);

    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the cases"));
}

/* Column widths for the window: number, date, area (the rest), status, source (when there
 * is room), days open. */
typedef struct cols {
    int num, date, area, status, vols, source, days;
} cols;

static cols widths(int total)
{
    cols c = {12, 10, 0, 14, 13, 0, 5};
    int fixed = 1 + c.num + 2 + c.date + 2 + 2 + c.status + 2 + c.vols + 2 + c.days + 1;

    if (total >= 110) {
        c.source = 24;
        fixed += c.source + 2;
    }
    c.area = total - fixed;
    return c;
}

static void draw_row(WINDOW *w, int y, const cols *c, const char *const text[7], attr_t a)
{
    int x = 1;

    tui_fill(w, y, 0, a);
    x += tui_put(w, y, x, c->num, text[0], a, true) + 2;
    x += tui_put(w, y, x, c->date, text[1], a, true) + 2;
    x += tui_put(w, y, x, c->area, text[2], a, true) + 2;
    x += tui_put(w, y, x, c->status, text[3], a, true) + 2;
    x += tui_put(w, y, x, c->vols, text[6], a, true) + 2;
    if (c->source > 0)
        x += tui_put(w, y, x, c->source, text[4], a, true) + 2;
    tui_put_right(w, y, x + c->days, text[5], a);
}

static void draw_case(WINDOW *w, int y, const cols *c, const bb_case *k, attr_t a)
{
    char days[24], vols[2 * BB_NUMBER_SIZE + 1];
    const char *text[7];

    snprintf(days, sizeof days, "%ld", tui_days_open(k));
    text[0] = k->number;
    text[1] = k->reported_on;
    text[2] = k->area[0] ? k->area : "-";
    text[3] = tui_label(BB_VOCAB_STATUS, k->status);
    text[4] = tui_label(BB_VOCAB_SOURCE, k->source);
    text[5] = days;
    snprintf(vols, sizeof vols, "%s%s%s", k->volunteers[0], k->volunteers[1][0] ? " " : "",
             k->volunteers[1]);
    text[6] = vols[0] ? vols : "-";
    draw_row(w, y, c, text, a);
}

static void draw_footer(tui_view *v, int y)
{
    cases *cs = v->data;
    char where[96], line[256];

    tui_pager_where(&cs->pager, where, sizeof where);
    if (cs->text[0] != '\0')
        snprintf(line, sizeof line, _("%s. Showing %d of %zu on this page that contain '%s'."),
                 where, cs->pager.n, cs->page ? cs->page->n : 0, cs->text);
    else
        snprintf(line, sizeof line, "%s.", where);
    tui_put(v->win, y, 1, 0, line, tui_style(TUI_ST_DIM), false);
}

static void cases_draw(tui_view *v)
{
    cases *cs = v->data;
    WINDOW *w = v->win;
    cols c = widths(getmaxx(w));
    const char *head[7] = {_("Number"), _("Date"),   _("Area"),      _("Status"),
                           _("Source"), _("Days"), _("Volunteers")};

    werase(w);
    draw_row(w, 0, &c, head, tui_style(TUI_ST_HEADER));
    for (int i = 0; i < cs->pager.n; i++)
        draw_case(w, 1 + i, &c, &cs->page->items[cs->shown[i]],
                  i == cs->pager.sel ? tui_style(TUI_ST_SELECTED) : A_NORMAL);
    if (cs->pager.n == 0)
        tui_put(w, 2, 1, 0,
                cs->found != FOUND_NONE ? _("No case has such a party. Esc: back to the list.")
                : cs->status[0] || cs->area[0] || cs->source[0] || cs->volunteer[0] ||
                          cs->text[0]
                    ? _("No cases match the filters on this page.")
                    : _("No cases yet. Press n to register a report."),
                A_NORMAL, false);
    draw_footer(v, getmaxy(w) - 1);
}

static int reload(tui_view *v)
{
    int rc = tui_pager_first(&((cases *)v->data)->pager, v);

    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the cases"));
    return TUI_REDRAW;
}

static void end_search(cases *cs)
{
    cs->found = FOUND_NONE;
    explicit_bzero(cs->q_postcode, sizeof cs->q_postcode);
    explicit_bzero(cs->q_number, sizeof cs->q_number);
    explicit_bzero(cs->q_phone, sizeof cs->q_phone);
    explicit_bzero(cs->q_name, sizeof cs->q_name);
}

/* The answer of a value list: "" is "any", which drops that filter. */
static void value_answer(tui_view *v, int tag, const tui_choice *c)
{
    cases *cs = v->data;

    if (c->cancelled)
        return;
    if (tag == TAG_STATUS)
        snprintf(cs->status, sizeof cs->status, "%s", c->key);
    else if (tag == TAG_AREA)
        snprintf(cs->area, sizeof cs->area, "%s", c->key);
    else
        snprintf(cs->source, sizeof cs->source, "%s", c->key);
    reload(v);
}

static int pick_vocab(tui_view *v, int tag, bb_vocab vocab, const char *current)
{
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    const char *const *k = bb_vocab_keys(vocab);
    tui_pick_spec spec = {.keys = keys, .labels = labels, .n = 1};

    keys[0] = "";
    labels[0] = _("(any)");
    for (; *k != NULL && spec.n < TUI_PICK_MAX; k++, spec.n++) {
        keys[spec.n] = *k;
        labels[spec.n] = tui_label(vocab, *k);
        if (strcmp(*k, current) == 0)
            spec.current = (int)spec.n;
    }
    spec.title = tag == TAG_STATUS ? _("Status") : _("Source");
    return tui_pick(v, tag, &spec, value_answer);
}

static int pick_area(tui_view *v)
{
    cases *cs = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Area"), .keys = keys, .labels = labels, .n = 1};
    bb_area_list *areas = NULL;
    int rc = bb_area_list_get(v->app->ctx, &areas), flags;

    if (rc != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the areas"));
        return TUI_REDRAW;
    }
    keys[0] = "";
    labels[0] = _("(any)");
    for (size_t i = 0; i < areas->n && spec.n < TUI_PICK_MAX; i++, spec.n++) {
        keys[spec.n] = labels[spec.n] = areas->items[i].name;
        if (strcmp(areas->items[i].name, cs->area) == 0)
            spec.current = (int)spec.n;
    }
    flags = tui_pick(v, TAG_AREA, &spec, value_answer); /* copies the names */
    bb_area_list_free(areas);
    return flags;
}

/* The volunteer typed: "V-0003", "v-3" or "3" (V-0003); empty drops the filter. A volunteer
 * libbb does not know is said, and the filter is not set. */
static void volunteer_answer(tui_view *v, int tag, const tui_choice *c)
{
    cases *cs = v->data;
    char was[BB_NUMBER_SIZE], typed[32];
    const char *digits;
    char *end;
    long n;
    int rc;

    if (c->cancelled)
        return;
    snprintf(was, sizeof was, "%s", cs->volunteer);
    snprintf(typed, sizeof typed, "%.*s", (int)(c->len < sizeof typed ? c->len : sizeof typed - 1), c->text);
    digits = typed[0] == 'V' || typed[0] == 'v' ? typed + 1 + (typed[1] == '-') : typed;
    n = strtol(digits, &end, 10);
    if (typed[0] == '\0')
        cs->volunteer[0] = '\0';
    else if (*digits >= '0' && *digits <= '9' && *end == '\0' && n > 0 && n < 100000)
        snprintf(cs->volunteer, sizeof cs->volunteer, "V-%04ld", n);
    else {
        tui_say(v->app, TUI_MSG_ERROR, _("Volunteer: '%s' is not a volunteer number (V-0003)"),
                typed);
        return;
    }
    rc = tui_pager_first(&cs->pager, v);
    if (rc == BB_ENOTFOUND) {
        tui_say(v->app, TUI_MSG_ERROR, _("Volunteer: there is no volunteer %s"), cs->volunteer);
        snprintf(cs->volunteer, sizeof cs->volunteer, "%s", was);
        rc = tui_pager_first(&cs->pager, v);
    }
    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the cases"));
}

static int ask_volunteer(tui_view *v)
{
    cases *cs = v->data;
    tui_prompt_spec spec = {
        .title = _("Volunteer"),
        .text = _("The cases paired to this volunteer: V-0003 (or 3). Empty: all cases."),
        .label = _("Volunteer:"),
        .initial = cs->volunteer,
        .max = 16,
    };

    return tui_prompt(v, TAG_VOLUNTEER, &spec, volunteer_answer);
}

static void filter_answer(tui_view *v, int tag, const tui_choice *c)
{
    cases *cs = v->data;

    switch (c->index) {
    case 0:
        pick_vocab(v, TAG_STATUS, BB_VOCAB_STATUS, cs->status);
        break;
    case 1:
        pick_area(v);
        break;
    case 2:
        pick_vocab(v, TAG_SOURCE, BB_VOCAB_SOURCE, cs->source);
        break;
    case 3:
        ask_volunteer(v);
        break;
    case 4:
        cs->status[0] = cs->area[0] = cs->source[0] = cs->volunteer[0] = cs->text[0] = '\0';
        end_search(cs);
        reload(v);
        break;
    default:
        break;
    }
}

static int ask_filter(tui_view *v)
{
    const char *labels[] = {_("Status"), _("Area"), _("Source"), _("Volunteer"),
                            _("Clear all filters")};
    tui_pick_spec spec = {.title = _("Filter by"), .labels = labels, .n = 5};

    return tui_pick(v, TAG_FILTER, &spec, filter_answer);
}

/* "1234 AB 12", "1234AB 12a": a postcode and a house number; "1234 AB": a postcode alone. */
static bool is_address(const char *s, cases *cs)
{
    const char *p = s;
    int n = 0;

    for (; n < 4 && isdigit((unsigned char)p[n]); n++)
        ;
    if (n != 4)
        return false;
    p += 4;
    while (*p == ' ')
        p++;
    if (!isalpha((unsigned char)p[0]) || !isalpha((unsigned char)p[1]) ||
        (p[2] != ' ' && p[2] != '\0'))
        return false;
    snprintf(cs->q_postcode, sizeof cs->q_postcode, "%.4s %c%c", s, p[0], p[1]);
    cs->q_number[0] = '\0';
    for (p += 2; *p == ' '; p++)
        ;
    if (*p == '\0')
        return true;
    if (!isdigit((unsigned char)*p))
        return false;
    snprintf(cs->q_number, sizeof cs->q_number, "%s", p);
    return true;
}

/* Only digits, spaces, '+', '-', '(' and ')', with at least eight digits. */
static bool is_phone(const char *s)
{
    int digits = 0;

    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (!strchr(" +-()", *s))
            return false;
    }
    return digits >= 8;
}

/* A search by address, phone or name while locked: nothing is searched; unlock first. */
static void needs_keys(tui_view *v)
{
    tui_say(v->app, TUI_MSG_INFO, "%s",
            _("Searching by address, phone or name needs the keys: unlock, then search again."));
    tui_unlock_ask(v->app, v);
}

static void search_answer(tui_view *v, int tag, const tui_choice *c)
{
    cases *cs = v->data;
    char number[BB_NUMBER_SIZE];

    if (c->cancelled)
        return;
    /* A case number ("2024-7", or "7" for this year) opens that case; else a search. */
    if (bb_case_number_expand(v->app->ctx, c->text, number) == BB_OK) {
        tui_open_case(v->app, number);
        return;
    }
    bool was_found = cs->found != FOUND_NONE;

    end_search(cs);
    cs->text[0] = '\0';
    /* An address or phone is found through the blind indexes, which need the keys. */
    if (!bb_is_unlocked(v->app->ctx) && (is_address(c->text, cs) || is_phone(c->text))) {
        end_search(cs);
        if (was_found)
            reload(v);
        needs_keys(v);
        return;
    }
    if (is_address(c->text, cs)) {
        cs->found = FOUND_ADDRESS;
    } else if (is_phone(c->text)) {
        snprintf(cs->q_phone, sizeof cs->q_phone, "%s", c->text);
        cs->found = FOUND_PHONE;
    } else {
        if (was_found)
            reload(v); /* back from the cases found to the list */
        snprintf(cs->text, sizeof cs->text, "%s", c->text);
        cs->pager.n = filter_page(cs);
        cs->pager.sel = 0;
        if (cs->pager.n > 0 || c->len < 2)
            return;
        if (!bb_is_unlocked(v->app->ctx)) { /* a name: through the blind indexes too */
            needs_keys(v);
            return;
        }
        snprintf(cs->q_name, sizeof cs->q_name, "%s", c->text); /* nothing here: a name? */
        cs->text[0] = '\0';
        cs->found = FOUND_NAME;
    }
    reload(v);
}

static int ask_search(tui_view *v)
{
    cases *cs = v->data;
    tui_prompt_spec spec = {
        .title = _("Search"),
        .text = _("A case number (BB-2024-0007, or 2024-7) opens that case. A postcode, with "
                  "or without house number (1234 AB 12), or a phone number finds the cases of "
                  "such a party. Other text shows only the cases on this page that contain it, "
                  "or, when none does, the cases of a party with those words in their name "
                  "(\"Bruijn\" finds Elsa de Bruijn), best match and open cases first, or else "
                  "living in that street. Empty: show all."),
        .label = _("Search:"),
        .initial = cs->text,
        .max = sizeof cs->text - 1,
    };

    return tui_prompt(v, TAG_SEARCH, &spec, search_answer);
}

static int cases_request(tui_view *v, enum tui_request req, int key)
{
    cases *cs = v->data;
    int flags = tui_pager_request(&cs->pager, v, req);

    if (flags != TUI_UNHANDLED)
        return flags;
    switch (req) {
    case TUI_REQ_ENTER:
        if (cs->pager.n == 0)
            return TUI_HANDLED;
        return tui_open_case(v->app, cs->page->items[cs->shown[cs->pager.sel]].number);
    case TUI_REQ_RELOAD:
        if (tui_pager_load(&cs->pager, v) != BB_OK)
            tui_fail(v->app, BB_EDB, _("Cannot read the cases"));
        return TUI_REDRAW;
    case TUI_REQ_FILTER:
        return ask_filter(v);
    case TUI_REQ_SEARCH:
        return ask_search(v);
    case TUI_REQ_BACK:
        if (cs->found == FOUND_NONE)
            return TUI_UNHANDLED;
        end_search(cs); /* from the cases found back to the list */
        return reload(v);
    default:
        return TUI_UNHANDLED;
    }
}

static const char *cases_title(tui_view *v)
{
    cases *cs = v->data;
    int n = snprintf(cs->title, sizeof cs->title, "%s", _("Cases"));
    const char *by[] = {"", N_("found by address"), N_("found by phone"), N_("found by name")};

    if (cs->found != FOUND_NONE) {
        snprintf(cs->title + n, sizeof cs->title - (size_t)n, "  %s", _(by[cs->found]));
        return cs->title;
    }

    if (cs->status[0] && n < (int)sizeof cs->title)
        n += snprintf(cs->title + n, sizeof cs->title - (size_t)n, "  %s: %s", _("status"),
                      tui_label(BB_VOCAB_STATUS, cs->status));
    if (cs->area[0] && n < (int)sizeof cs->title)
        n += snprintf(cs->title + n, sizeof cs->title - (size_t)n, "  %s: %s", _("area"), cs->area);
    if (cs->source[0] && n < (int)sizeof cs->title)
        n += snprintf(cs->title + n, sizeof cs->title - (size_t)n, "  %s: %s", _("source"),
                      tui_label(BB_VOCAB_SOURCE, cs->source));
    if (cs->volunteer[0] && n < (int)sizeof cs->title)
        snprintf(cs->title + n, sizeof cs->title - (size_t)n, "  %s: %s", _("volunteer"),
                 cs->volunteer);
    return cs->title;
}

const tui_view_ops tui_view_cases = {
    .name = "cases",
    .scopes = TUI_S_BROWSE | TUI_S_LIST,
    .open = cases_open,
    .close = cases_close,
    .layout = cases_layout,
    .draw = cases_draw,
    .request = cases_request,
    .title = cases_title,
};
