/* One row checked into a case by the rules bbctl uses (lib/fields, the parties' checks of
 * lib/cases): each problem is noted with its line, column and libbb's reason, and checking
 * goes on, so one run lists them all. */
#include "import/import.h"
#include "bb/error.h"
#include "bb/party.h"
#include "cases/party-row.h"
#include "fields/fields.h"
#include "fields/personal.h"
#include "base/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The value of bb's column c: the cell, else the mapping's default. */
static const char *value(imp_check *k, const imp_row *w, int c)
{
    const char *v = imp_cell(w, k->where[c]);
    size_t n;
    const bb_import_column *cols = bb_import_columns(&n);

    return v != NULL ? v : imp_mapping_get(k->m, "defaults", cols[c].key);
}

/* Notes libbb's refusal (rc) of column c as a problem; true when it was fine. */
static bool note(imp_check *k, const imp_row *w, int c, int rc)
{
    if (rc == BB_OK)
        return true;
    imp_problem(k->r, w->line, k->where[c], k->headers[c], false, "%s", bb_errmsg(k->ctx));
    bb_ctx__clear(k->ctx);
    return false;
}

/* A date written as fmt ("DD-MM-YYYY": D and M one or two digits, YYYY four) into iso. */
static bool by_format(const char *s, const char *fmt, char iso[BB_DATE_SIZE])
{
    int y = -1, m = -1, d = -1;

    while (*fmt != '\0') {
        int *to = NULL, max = 0, n = 0, v = 0;
        if (strncmp(fmt, "YYYY", 4) == 0)
            to = &y, max = 4, fmt += 4;
        else if (*fmt == 'M')
            to = &m, max = 2, fmt += fmt[1] == 'M' ? 2 : 1;
        else if (*fmt == 'D')
            to = &d, max = 2, fmt += fmt[1] == 'D' ? 2 : 1;
        if (to == NULL && *s++ != *fmt++)
            return false;
        for (; to != NULL && n < max && isdigit((unsigned char)*s); n++)
            v = v * 10 + (*s++ - '0');
        if (to != NULL && (n == 0 || (max == 4 && n != 4)))
            return false;
        if (to != NULL)
            *to = v;
    }
    if (*s != '\0' || y < 0 || m < 0 || d < 0)
        return false;
    snprintf(iso, BB_DATE_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return true;
}

/* A workbook's serial day number (1 is 1900-01-01, with Lotus's 29 February 1900) to iso. */
static bool serial(const char *s, bool date1904, char iso[BB_DATE_SIZE])
{
    char *end;
    double v = strtod(s, &end);
    long days;
    time_t t;
    struct tm tm;

    if (*end != '\0' || v < 1 || v > 2958465)
        return false;
    days = (long)v - (date1904 ? -1462 : 0) - 25569; /* days from 1970-01-01 */
    t = (time_t)days * 86400;
    gmtime_r(&t, &tm);
    strftime(iso, BB_DATE_SIZE, "%Y-%m-%d", &tm);
    return true;
}

/* Date column c into out ("" when not given). */
static void date(imp_check *k, const imp_row *w, int c, const char *field, char out[BB_DATE_SIZE])
{
    const char *v = value(k, w, c);
    char iso[BB_DATE_SIZE] = "";
    bool ok = false;

    out[0] = '\0';
    if (v == NULL)
        return;
    if (k->where[c] >= 0 && (size_t)k->where[c] < w->n && w->num[k->where[c]])
        ok = serial(v, k->date1904, iso);
    for (size_t i = 0; !ok && i < k->m->n; i++)
        if (strcmp(k->m->p[i].section, "dates") == 0)
            ok = by_format(v, k->m->p[i].from, iso);
    if (!ok && k->dialect == BB_CSV_EXCEL_NL)
        ok = by_format(v, "DD-MM-YYYY", iso);
    note(k, w, c, bb_fields__date(k->ctx, field, ok ? iso : v, false, out));
}

/* A key of list v in column c, through the mapping's words, into out ("" when not given). */
static void key(imp_check *k, const imp_row *w, int c, bb_vocab v, char out[BB_KEY_SIZE])
{
    const char *s = value(k, w, c), *mapped;

    out[0] = '\0';
    if (s == NULL)
        return;
    mapped = imp_mapping_get(k->m, imp_column_word_key(c), s);
    if (note(k, w, c, bb_fields__key(k->ctx, v, mapped ? mapped : s)))
        bb_fields__copy(out, BB_KEY_SIZE, mapped ? mapped : s);
}

/* The conflict types: words split at the separators, each mapped and checked. */
static void types(imp_check *k, const imp_row *w, imp_case *c)
{
    const char *s = value(k, w, C_TYPES), *words[BB_TYPES_MAX + 1];
    char buf[1024], *save = NULL, pg[BB_TYPES_MAX * BB_KEY_SIZE + 4];
    size_t n = 0;

    snprintf(buf, sizeof buf, "%s", s ? s : "");
    for (char *t = strtok_r(buf, k->m->separators, &save); t != NULL && n <= BB_TYPES_MAX;
         t = strtok_r(NULL, k->m->separators, &save)) {
        while (isspace((unsigned char)*t))
            t++;
        for (size_t e = strlen(t); e > 0 && isspace((unsigned char)t[e - 1]);)
            t[--e] = '\0';
        if (*t == '\0')
            continue;
        const char *mapped = imp_mapping_get(k->m, "types", t);
        words[n++] = mapped ? mapped : t;
    }
    if (note(k, w, C_TYPES,
             bb_fields__keys(k->ctx, BB_VOCAB_CONFLICT_TYPE, words, n, false, pg, sizeof pg)))
        bb_fields__split_keys(pg, c->types, BB_TYPES_MAX, &c->n_types);
}

/* Party i's columns: personal ones by the checks of bb_party_add, the plain ones as keys. */
static void party(imp_check *k, const imp_row *w, imp_case *c, int i)
{
    static const bb_vocab vocab[] = {BB_VOCAB_TENURE, BB_VOCAB_HOUSEHOLD, BB_VOCAB_AGE_BAND,
                                     BB_VOCAB_INTERPRETER};
    size_t ncols;
    const bb_import_column *cols = bb_import_columns(&ncols);
    imp_party *p = &c->party[i];
    int base = C_PARTY + i * IMP_PARTY_FIELDS;
    bb_ctx *ctx = k->ctx;

    for (int f = 0; f < IMP_PARTY_FIELDS; f++)
        p->given |= (p->v[f] = imp_cell(w, k->where[base + f])) != NULL;
    if (!p->given)
        return;
    note(k, w, base + P_NAME,
         bb_pd__check_name(ctx, cols[base + P_NAME].key, p->v[P_NAME], BB_NAME_MAX));
    note(k, w, base + P_STREET,
         bb_pd__check_text(ctx, cols[base + P_STREET].key, p->v[P_STREET], BB_STREET_MAX));
    note(k, w, base + P_NUMBER,
         bb_pd__check_house_number(ctx, cols[base + P_NUMBER].key, p->v[P_NUMBER]));
    if (p->v[P_POSTCODE] != NULL)
        note(k, w, base + P_POSTCODE,
             bb_pd__check_postcode(ctx, cols[base + P_POSTCODE].key, p->v[P_POSTCODE], p->postcode,
                                   NULL));
    note(k, w, base + P_PLACE,
         bb_pd__check_text(ctx, cols[base + P_PLACE].key, p->v[P_PLACE], BB_PLACE_MAX));
    note(k, w, base + P_PHONE, bb_pd__check_phone(ctx, cols[base + P_PHONE].key, p->v[P_PHONE]));
    note(k, w, base + P_EMAIL, bb_pd__check_email(ctx, cols[base + P_EMAIL].key, p->v[P_EMAIL]));
    for (int f = P_TENURE; f <= P_INTERPRETER; f++) {
        key(k, w, base + f, vocab[f - P_TENURE], p->k[f]);
        if (p->k[f][0] == '\0')
            bb_fields__copy(p->k[f], BB_KEY_SIZE, "onbekend");
    }
}

/* The statuses a case passes on its way from aangemeld to its status: through the intake
 * when it had one, and through lopend when mediation ran (nazorg, or an outcome of it). */
static void steps(imp_case *c)
{
    static const char *const ran[] = {"opgelost", "deels_opgelost", "niet_opgelost", NULL};
    const char *s = c->status;
    bool intake = c->intake_on[0] != '\0' || strcmp(s, "intake") == 0 || strcmp(s, "lopend") == 0 ||
                  strcmp(s, "nazorg") == 0 || strcmp(s, "doorverwezen") == 0;
    bool mediated = strcmp(s, "lopend") == 0 || strcmp(s, "nazorg") == 0;
    int n = 0;

    for (int i = 0; ran[i] != NULL; i++)
        mediated |= strcmp(s, "afgesloten") == 0 && intake && c->intake_reason[0] == '\0' &&
                    strcmp(c->outcome, ran[i]) == 0;
    if (intake)
        c->steps[n++] = "intake";
    if (mediated)
        c->steps[n++] = "lopend";
    if (strcmp(s, "nazorg") == 0)
        c->steps[n++] = "nazorg";
    if (strcmp(s, "aangemeld") != 0 && strcmp(s, "intake") != 0 && strcmp(s, "lopend") != 0 &&
        strcmp(s, "nazorg") != 0)
        c->steps[n++] = s; /* afgesloten, in_de_wacht, doorverwezen */
}

/* A problem of the case as a whole, in column c. */
#define RULE(c, ...) imp_problem(k->r, w->line, k->where[c], k->headers[c], false, __VA_ARGS__)

static void area(imp_check *k, const imp_row *w, imp_case *c)
{
    const char *s = value(k, w, C_AREA), *mapped = s ? imp_mapping_get(k->m, "area", s) : NULL;

    c->area = mapped ? mapped : s;
    if (c->area == NULL ||
        !note(k, w, C_AREA, bb_fields__text(k->ctx, "area", c->area, BB_AREA_MAX)))
        return;
    for (size_t i = 0; i < k->n_areas; i++)
        if (strcmp(k->areas[i], c->area) == 0)
            return;
    RULE(C_AREA, _("area: the organisation has no area '%s' (bbctl area list)"), c->area);
}

/* The rules between the columns: the workflow's and the database's. */
static void rules(imp_check *k, const imp_row *w, imp_case *c)
{
    bool closed = strcmp(c->status, "afgesloten") == 0;

    if (c->status[0] == '\0')
        bb_fields__copy(c->status, BB_KEY_SIZE,
                        c->closed_on[0]   ? "afgesloten"
                        : c->intake_on[0] ? "intake"
                                          : "aangemeld");
    closed = strcmp(c->status, "afgesloten") == 0;
    if (closed && c->outcome[0] == '\0' && value(k, w, C_OUTCOME) == NULL)
        RULE(C_OUTCOME, "%s", _("outcome: missing (a closed case has an outcome)"));
    if (closed && c->closed_on[0] == '\0' && value(k, w, C_CLOSED_ON) == NULL)
        RULE(C_CLOSED_ON, "%s", _("closed_on: missing (a closed case has a closing date)"));
    if (closed && c->reason == NULL)
        RULE(C_REASON, "%s", _("reason: missing (a closed case has a reason)"));
    if (!closed && (c->closed_on[0] || c->outcome[0]))
        RULE(c->closed_on[0] ? C_CLOSED_ON : C_OUTCOME,
             _("status: a case with status '%s' has no closing date or outcome"), c->status);
    if (c->closed_on[0] && c->reported[0] && strcmp(c->closed_on, c->reported) < 0)
        RULE(C_CLOSED_ON, _("closed_on: %s is before the report (%s)"), c->closed_on, c->reported);
    if (c->intake_on[0] && c->reported[0] && strcmp(c->intake_on, c->reported) < 0)
        RULE(C_INTAKE_ON, _("intake_on: %s is before the report (%s)"), c->intake_on, c->reported);
    if (c->intake_on[0] && c->closed_on[0] && strcmp(c->closed_on, c->intake_on) < 0)
        RULE(C_CLOSED_ON, _("closed_on: %s is before the intake (%s)"), c->closed_on, c->intake_on);
    if (c->intake_on[0] && strcmp(c->status, "aangemeld") == 0)
        RULE(C_STATUS, "%s", _("status: a case with an intake date is past 'aangemeld'"));
    if (strcmp(c->status, "vervallen") == 0) /* a mistake is left out, not imported void */
        RULE(C_STATUS, "%s",
             _("status: a void case (vervallen) is not imported: leave the row out"));
    if (c->intake_reason[0] && c->intake_on[0] == '\0')
        RULE(C_INTAKE_REASON, "%s", _("intake_reason: given without an intake date"));
    if (c->intake_reason[0] &&
        (strcmp(c->status, "lopend") == 0 || strcmp(c->status, "nazorg") == 0 ||
         strcmp(c->status, "doorverwezen") == 0))
        RULE(C_STATUS, _("status: a case found not suitable at the intake is not '%s'"), c->status);
    steps(c);
    if (c->steps[0] != NULL && strcmp(c->steps[0], "intake") == 0 && !c->party[0].given)
        RULE(C_PARTY + P_NAME, "%s",
             _("melder.name: missing (a case past the intake has a melder)"));
}

bool imp_check_row(imp_check *k, const imp_row *w, imp_case *c)
{
    size_t before = imp_errors(k->r);
    const char *s;

    memset(c, 0, sizeof *c);
    c->line = w->line;
    if ((s = value(k, w, C_KEY)) != NULL &&
        note(k, w, C_KEY, bb_fields__text(k->ctx, "key", s, IMP_KEY_MAX)))
        bb_fields__copy(c->key, sizeof c->key, s);
    date(k, w, C_REPORTED, "reported", c->reported);
    if (c->reported[0] == '\0' && value(k, w, C_REPORTED) == NULL)
        RULE(C_REPORTED, "%s", _("reported: missing (expected a date YYYY-MM-DD)"));
    key(k, w, C_SOURCE, BB_VOCAB_SOURCE, c->source);
    if (value(k, w, C_SOURCE) == NULL)
        note(k, w, C_SOURCE, bb_fields__key(k->ctx, BB_VOCAB_SOURCE, NULL));
    types(k, w, c);
    area(k, w, c);
    key(k, w, C_STATUS, BB_VOCAB_STATUS, c->status);
    date(k, w, C_INTAKE_ON, "intake_on", c->intake_on);
    key(k, w, C_INTAKE_REASON, BB_VOCAB_INTAKE_REASON, c->intake_reason);
    date(k, w, C_CLOSED_ON, "closed_on", c->closed_on);
    key(k, w, C_OUTCOME, BB_VOCAB_OUTCOME, c->outcome);
    if ((c->reason = value(k, w, C_REASON)) != NULL)
        note(k, w, C_REASON, bb_fields__note(k->ctx, "reason", c->reason, BB_NOTE_MAX));
    if ((c->note = value(k, w, C_NOTE)) != NULL)
        note(k, w, C_NOTE, bb_fields__note(k->ctx, "note", c->note, BB_NOTE_MAX));
    for (int i = 0; i < IMP_PARTIES; i++)
        party(k, w, c, i);
    if (imp_errors(k->r) == before)
        rules(k, w, c);
    return imp_errors(k->r) == before;
}
