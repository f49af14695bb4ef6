/* The words for the keys of libbb's category lists (domain.md, "Identifiers"), in English
 * marked for translation: Dutch under a Dutch locale. Plain data, one row per key;
 * tests/tui/test-labels.c checks that every key of every list has one. bbtui's screens and
 * bbctl's text for people use them, so both say the same. */
#include "bb/registry.h"
#include "base/i18n.h"

#include <string.h>

typedef struct label {
    const char *key, *text;
} label;

static const label statuses[] = {
    {"aangemeld", N_("Reported")},    {"intake", N_("Intake")},
    {"lopend", N_("In progress")},    {"nazorg", N_("Follow-up")},
    {"afgesloten", N_("Closed")},     {"in_de_wacht", N_("On hold")},
    {"doorverwezen", N_("Referred")}, {"vervallen", N_("Void")},    {NULL, NULL},
};
static const label sources[] = {
    {"zelfmelder", N_("Resident (self-referral)")},
    {"politie", N_("Police")},
    {"woningcorporatie", N_("Housing corporation")},
    {"gemeente", N_("Municipality")},
    {"welzijn", N_("Welfare / social team")},
    {"zorg", N_("Care (GP, mental health)")},
    {"anders", N_("Other referrer")},
    {NULL, NULL},
};
static const label types[] = {
    {"geluid_personen", N_("Noise from people")},
    {"geluid_apparatuur", N_("Noise from equipment or music")},
    {"huisdieren", N_("Pets")},
    {"kinderen", N_("Children")},
    {"tuin_erfgrens", N_("Garden, boundary, fence")},
    {"bomen_beplanting", N_("Trees and plants")},
    {"parkeren", N_("Parking")},
    {"rommel_vuilnis", N_("Mess, rubbish, pollution")},
    {"stank_rook", N_("Smell, smoke (barbecue, fire pit)")},
    {"pesten", N_("Bullying, harassment")},
    {"intimidatie", N_("Intimidation, threats")},
    {"roddel_communicatie", N_("Gossip, communication")},
    {"leefgewoonten", N_("Disturbing habits")},
    {"vernielingen", N_("Vandalism")},
    {"overig", N_("Other conflict")},
    {NULL, NULL},
};
static const label outcomes[] = {
    {"opgelost", N_("Resolved")},
    {"deels_opgelost", N_("Partly resolved")},
    {"niet_opgelost", N_("Not resolved")},
    {"niet_bemiddelbaar", N_("Not suitable for mediation, referred")},
    {"vanzelf_opgelost", N_("Resolved by itself")},
    {"verhuisd", N_("A party moved away")},
    {"ingetrokken", N_("Withdrawn by the reporter")},
    {"geen_contact", N_("No contact with the other party")},
    {NULL, NULL},
};
static const label contact_kinds[] = {
    {"telefoon", N_("Phone call")},
    {"huisbezoek_a", N_("Home visit, reporting party")},
    {"huisbezoek_b", N_("Home visit, other party")},
    {"bemiddelingsgesprek", N_("Joint mediation meeting")},
    {"pendelgesprek", N_("Shuttle mediation talk")},
    {"nazorgcontact", N_("Follow-up contact")},
    {"overleg_verwijzer", N_("Talk with the referrer")},
    {"overig", N_("Other contact")},
    {NULL, NULL},
};
static const label volunteer_statuses[] = {
    {"aangemeld", N_("Signed up")},      {"in_opleiding", N_("In training")},
    {"gecertificeerd", N_("Certified")}, {"actief", N_("Active")},
    {"gestopt", N_("Stopped")},          {NULL, NULL},
};
static const label party_roles[] = {
    {"melder", N_("Reporting party")},
    {"wederpartij", N_("Other party")},
    {"betrokkene", N_("Person involved")},
    {NULL, NULL},
};
static const label tenures[] = {
    {"huur_corporatie", N_("Rents from a housing corporation")},
    {"huur_particulier", N_("Rents privately")},
    {"koop", N_("Owner-occupier")},
    {"onbekend", N_("Tenure unknown")},
    {NULL, NULL},
};

/* Lists libbb gained with parties and the intake decision, found by their field name so this
 * file builds against libbb with or without them. */
static const label households[] = {
    {"alleenstaand", N_("Single")},
    {"paar_zonder_kinderen", N_("Couple without children")},
    {"gezin_met_kinderen", N_("Family with children")},
    {"eenoudergezin", N_("Single-parent family")},
    {"anders", N_("Other household")},
    {"onbekend", N_("Household unknown")},
    {NULL, NULL},
};
static const label age_bands[] = {
    {"onder_18", N_("Under 18")},
    {"18_29", N_("18 to 29")},
    {"30_44", N_("30 to 44")},
    {"45_64", N_("45 to 64")},
    {"65_plus", N_("65 and over")},
    {"onbekend", N_("Age unknown")},
    {NULL, NULL},
};
static const label interpreter[] = {
    {"ja", N_("Needs an interpreter")},
    {"nee", N_("No interpreter needed")},
    {"onbekend", N_("Interpreter: unknown")},
    {NULL, NULL},
};
static const label intake_reasons[] = {
    {"familieconflict", N_("Family conflict")},
    {"ernstige_agressie", N_("Serious aggression")},
    {"criminaliteit", N_("Crime")},
    {"verslaving", N_("Addiction")},
    {"psychische_kwetsbaarheid", N_("Psychological vulnerability")},
    {"discriminatie", N_("Discrimination")},
    {"bedreiging", N_("Threats")},
    {"anders", N_("Other reason")},
    {NULL, NULL},
};
static const struct {
    const char *field;
    const label *labels;
} by_field[] = {
    {"household", households},
    {"age", age_bands},
    {"interpreter", interpreter},
    {"reason", intake_reasons},
};

static const label *const lists[] = {
    [BB_VOCAB_STATUS] = statuses,
    [BB_VOCAB_SOURCE] = sources,
    [BB_VOCAB_CONFLICT_TYPE] = types,
    [BB_VOCAB_OUTCOME] = outcomes,
    [BB_VOCAB_CONTACT_KIND] = contact_kinds,
    [BB_VOCAB_VOLUNTEER_STATUS] = volunteer_statuses,
    [BB_VOCAB_PARTY_ROLE] = party_roles,
    [BB_VOCAB_TENURE] = tenures,
};

static const label *labels_of(bb_vocab v)
{
    if ((unsigned)v < sizeof lists / sizeof lists[0])
        return lists[v];
    for (size_t i = 0; i < sizeof by_field / sizeof by_field[0]; i++)
        if (strcmp(bb_vocab_field(v), by_field[i].field) == 0)
            return by_field[i].labels;
    return NULL;
}

const char *bb_vocab_label(bb_vocab v, const char *key)
{
    const label *l = labels_of(v);

    if (key == NULL)
        return "";
    for (; l != NULL && l->key != NULL; l++)
        if (strcmp(l->key, key) == 0)
            return _(l->text);
    return key;
}
