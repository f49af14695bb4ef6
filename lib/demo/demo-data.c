/* The fixed tables of the demo: the pilot's villages (Twenterand) with made-up postcode
 * ranges, and the mixes the generator draws from. Shares follow the national picture of
 * buurtbemiddeling (docs/demo.md): self-reporters about 45%, police 20%,
 * housing corporation 15%; noise the most common conflict. */
#include "demo/demo.h"

/* Weights are rough shares of the population; the ranges are made up, not the real ones. */
const demo_village demo_villages[] = {
    {"Vriezenveen", "7670-7673", 33},
    {"Vroomshoop", "7680-7682", 22},
    {"Westerhaar-Vriezenveensewijk", "7676-7677", 13},
    {"Den Ham", "7683-7684", 14},
    {"Bruinehaar", "7674", 2},
    {"Geerdijk", "7675", 3},
    {"Sibculo", "7690-7691", 4},
    {"Kloosterhaar", "7692-7693", 5},
    {"Daarlerveen", "7685-7686", 4},
};
const int demo_n_villages = (int)(sizeof demo_villages / sizeof demo_villages[0]);

static const char *const source_keys[] = {
    "zelfmelder", "politie", "woningcorporatie", "gemeente", "welzijn", "zorg", "anders"};
static const int source_weights[] = {45, 20, 15, 7, 6, 3, 4};
const demo_mix demo_sources = {source_keys, source_weights, 7};

static const char *const type_keys[] = {
    "geluid_personen", "geluid_apparatuur", "huisdieren",
    "kinderen",        "tuin_erfgrens",     "bomen_beplanting",
    "parkeren",        "rommel_vuilnis",    "stank_rook",
    "pesten",          "intimidatie",       "roddel_communicatie",
    "leefgewoonten",   "vernielingen",      "overig",
};
static const int type_weights[] = {22, 9, 7, 6, 9, 5, 7, 7, 5, 5, 4, 5, 5, 2, 2};
const demo_mix demo_types = {type_keys, type_weights, 15};

/* The intake's reasons for "not suitable" (schema 0005's intake_reason). */
static const char *const intake_reason_keys[] = {
    "familieconflict",          "ernstige_agressie", "criminaliteit", "verslaving",
    "psychische_kwetsbaarheid", "discriminatie",     "bedreiging",    "anders",
};
static const int intake_reason_weights[] = {18, 14, 8, 10, 26, 4, 12, 8};
const demo_mix demo_intake_reasons = {intake_reason_keys, intake_reason_weights, 8};

/* Referral reasons (bb_referral_reasons()) that follow from those intake reasons. */
const char *const demo_referral_reasons_intake[] = {
    "familie",   "agressie",      "criminaliteit", "verslaving",
    "psychisch", "discriminatie", "bedreiging",    "complex",
};
const int demo_n_reasons_intake = 8;

static const char *const capacity_keys[] = {"1", "2", "3", "4"};
static const int capacity_weights[] = {20, 50, 25, 5};
const demo_mix demo_capacities = {capacity_keys, capacity_weights, 4};

const char *const demo_statuses[] = {"aangemeld",  "intake",      "lopend",      "nazorg",
                                     "afgesloten", "in_de_wacht", "doorverwezen"};
const char *const demo_outcomes[] = {"opgelost",          "deels_opgelost",   "niet_opgelost",
                                     "niet_bemiddelbaar", "vanzelf_opgelost", "verhuisd",
                                     "ingetrokken",       "geen_contact"};
const char *const demo_kinds[] = {
    "telefoon",      "huisbezoek_a",  "huisbezoek_b",      "bemiddelingsgesprek",
    "pendelgesprek", "nazorgcontact", "overleg_verwijzer", "overig"};
const char *const demo_answers[] = {"ja", "deels", "nee"};

/* Professionals' names: clearly made up. */
const char *const demo_mediators[] = {
    "mr. A. Fictief-Jansen",
    "J. Verzonnen MfN",
    "drs. B. Denkbeeld",
    "C. Voorbeeldt MfN",
};
const int demo_n_mediators = 4;

const demo_practice demo_practices[] = {
    {"Mediationpraktijk De Brug (fictief)", 9500, 9950, 60},
    {"Mediation Twente-Noord (fictief)", 8500, 8900, 40},
};
const int demo_n_practices = 2;
