/* The template's columns: bb's key, the Dutch heading, what it holds and an example; and
 * finding them among a file's headings. */
#include "import/import.h"
#include "base/i18n.h"
#include "fields/fields.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PARTY(role, Role, name, street, number, postcode, place, phone, email)                     \
    {role ".name", Role " naam", N_("name (required when any of the party's columns is given)"),   \
     name},                                                                                        \
        {role ".street", Role " straat", N_("street"), street},                                    \
        {role ".number", Role " huisnummer", N_("house number: 12, 12a, 12-1"), number},           \
        {role ".postcode", Role " postcode", N_("postcode: 1234 AB"), postcode},                   \
        {role ".place", Role " plaats", N_("place"), place},                                       \
        {role ".phone", Role " telefoon", N_("phone: 06-12345678 or +32 2 123 45 67"), phone},     \
        {role ".email", Role " e-mail", N_("e-mail address"), email},                              \
        {role ".tenure", Role " woonsituatie",                                                     \
         N_("huur_corporatie, huur_particulier, koop, onbekend"), "huur_corporatie"},              \
        {role ".household", Role " huishouden",                                                    \
         N_("alleenstaand, paar_zonder_kinderen, gezin_met_kinderen, eenoudergezin, anders, "      \
            "onbekend"),                                                                           \
         "alleenstaand"},                                                                          \
        {role ".age", Role " leeftijd", N_("onder_18, 18_29, 30_44, 45_64, 65_plus, onbekend"),    \
         "45_64"},                                                                                 \
    {                                                                                              \
        role ".interpreter", Role " tolk", N_("ja, nee, onbekend"), "nee"                          \
    }

static const bb_import_column columns[IMP_COLUMNS] = {
    {"key", "Registratienummer",
     N_("the case's number in the old register: importing the file again skips it"), "2023-017"},
    {"reported", "Datum melding", N_("date reported, YYYY-MM-DD (required)"), "2023-03-14"},
    {"source", "Bron",
     N_("who referred it: zelfmelder, politie, woningcorporatie, gemeente, welzijn, zorg, "
        "anders (required)"),
     "politie"},
    {"types", "Soort conflict",
     N_("conflict types, separated by commas: geluid_personen, huisdieren, ... (required)"),
     "geluid_personen, parkeren"},
    {"area", "Gebied", N_("an area of the organisation (bbctl area list)"), ""},
    {"status", "Status",
     N_("aangemeld, intake, lopend, nazorg, afgesloten, in_de_wacht, doorverwezen (default: "
        "afgesloten with a closing date, intake with an intake date, else aangemeld)"),
     "afgesloten"},
    {"intake_on", "Datum intake", N_("date of the intake decision"), "2023-03-28"},
    {"intake_reason", "Reden niet bemiddelbaar",
     N_("when the intake found it not suitable: familieconflict, ernstige_agressie, ..."), ""},
    {"closed_on", "Datum afgesloten", N_("date closed (with an outcome and a reason)"),
     "2023-05-02"},
    {"outcome", "Uitkomst",
     N_("opgelost, deels_opgelost, niet_opgelost, niet_bemiddelbaar, vanzelf_opgelost, "
        "verhuisd, ingetrokken, geen_contact"),
     "opgelost"},
    {"reason", "Reden afsluiten", N_("why it was closed (stored encrypted)"),
     "Afspraken gemaakt over geluid"},
    {"note", "Notitie", N_("a note on the report (stored encrypted)"), "Overgenomen uit Excel"},
    PARTY("melder", "Melder", "Jan de Vries", "Dorpsstraat", "12", "7671 AB", "Vriezenveen",
          "06-12345678", "jan@example.nl"),
    PARTY("wederpartij", "Wederpartij", "Piet Jansen", "Dorpsstraat", "14", "7671 AB",
          "Vriezenveen", "", ""),
};

const bb_import_column *bb_import_columns(size_t *n)
{
    *n = IMP_COLUMNS;
    return columns;
}

const char *imp_column_word_key(int col)
{
    const char *dot = strchr(columns[col].key, '.');
    return dot ? dot + 1 : columns[col].key;
}

/* bb's column that a heading names: the template's heading, bb's key, or what the mapping's
 * [columns] makes of it ("-": a column to leave out, -2). -1 when none. */
static int column_of(const imp_mapping *m, const char *heading)
{
    const char *to = imp_mapping_get(m, "columns", heading);

    if (to != NULL && strcmp(to, "-") == 0)
        return -2;
    for (int c = 0; c < IMP_COLUMNS; c++)
        if (to != NULL ? strcmp(to, columns[c].key) == 0
                       : strcasecmp(heading, columns[c].header) == 0 ||
                             strcasecmp(heading, columns[c].key) == 0)
            return c;
    return -1;
}

bool imp_columns_find(const imp_table *t, size_t h, const imp_mapping *m, int where[IMP_COLUMNS],
                      bb_import_result *r)
{
    const imp_row *w = &t->rows[h];
    bool ok = true;

    for (int c = 0; c < IMP_COLUMNS; c++)
        where[c] = -1;
    for (size_t i = 0; i < w->n; i++) {
        const char *heading = imp_cell(w, (int)i);
        int c = heading ? column_of(m, heading) : -2;
        char q[200];
        bb_fields__quote(heading, q, sizeof q);
        if (c == -1) {
            imp_problem(r, w->line, (int)i, heading, false,
                        _("not a column of bb's template, and the mapping does not name it (a "
                          "line \"%s = -\" under [columns] leaves it out)"),
                        q);
            ok = false;
        } else if (c >= 0 && where[c] >= 0) {
            imp_problem(r, w->line, (int)i, heading, false, _("%s: a second column for it"),
                        columns[c].key);
            ok = false;
        } else if (c >= 0) {
            where[c] = (int)i;
        }
    }
    for (int c = C_REPORTED; c <= C_TYPES; c++)
        if (where[c] < 0 && imp_mapping_get(m, "defaults", columns[c].key) == NULL) {
            imp_problem(r, w->line, -1, NULL, false,
                        _("%s: no column \"%s\" (or one the mapping names %s)"), columns[c].key,
                        columns[c].header, columns[c].key);
            ok = false;
        }
    return ok;
}
