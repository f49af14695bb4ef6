/* The category lists: the one place in libbb that knows them. The database checks the same
 * keys (schema/0003-registry.sql); tests compare the two. */
#include "bb/registry.h"
#include "fields/fields.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const statuses[] = {
    "aangemeld",   "intake",       "lopend",    "nazorg", "afgesloten",
    "in_de_wacht", "doorverwezen", "vervallen", NULL,
};
static const char *const sources[] = {
    "zelfmelder", "politie", "woningcorporatie", "gemeente", "welzijn", "zorg", "anders", NULL,
};
static const char *const conflict_types[] = {
    "geluid_personen", "geluid_apparatuur",
    "huisdieren",      "kinderen",
    "tuin_erfgrens",   "bomen_beplanting",
    "parkeren",        "rommel_vuilnis",
    "stank_rook",      "pesten",
    "intimidatie",     "roddel_communicatie",
    "leefgewoonten",   "vernielingen",
    "overig",          NULL,
};
static const char *const outcomes[] = {
    "opgelost",          "deels_opgelost",   "niet_opgelost",
    "niet_bemiddelbaar", "vanzelf_opgelost", "verhuisd",
    "ingetrokken",       "geen_contact",     NULL,
};
static const char *const contact_kinds[] = {
    "telefoon",
    "huisbezoek_a",
    "huisbezoek_b",
    "bemiddelingsgesprek",
    "pendelgesprek",
    "nazorgcontact",
    "overleg_verwijzer",
    "overig",
    NULL,
};
static const char *const volunteer_statuses[] = {
    "aangemeld", "in_opleiding", "gecertificeerd", "actief", "gestopt", NULL,
};
static const char *const party_roles[] = {"melder", "wederpartij", "betrokkene", NULL};
static const char *const tenures[] = {
    "huur_corporatie", "huur_particulier", "koop", "onbekend", NULL,
};
static const char *const households[] = {
    "alleenstaand",
    "paar_zonder_kinderen",
    "gezin_met_kinderen",
    "eenoudergezin",
    "anders",
    "onbekend",
    NULL,
};
static const char *const age_bands[] = {
    "onder_18", "18_29", "30_44", "45_64", "65_plus", "onbekend", NULL,
};
static const char *const interpreter[] = {"ja", "nee", "onbekend", NULL};
static const char *const intake_reasons[] = {
    "familieconflict",
    "ernstige_agressie",
    "criminaliteit",
    "verslaving",
    "psychische_kwetsbaarheid",
    "discriminatie",
    "bedreiging",
    "anders",
    NULL,
};

static const struct {
    const char *const *keys;
    const char *field;
} lists[] = {
    [BB_VOCAB_STATUS] = {statuses, "status"},
    [BB_VOCAB_SOURCE] = {sources, "source"},
    [BB_VOCAB_CONFLICT_TYPE] = {conflict_types, "type"},
    [BB_VOCAB_OUTCOME] = {outcomes, "outcome"},
    [BB_VOCAB_CONTACT_KIND] = {contact_kinds, "kind"},
    [BB_VOCAB_VOLUNTEER_STATUS] = {volunteer_statuses, "status"},
    [BB_VOCAB_PARTY_ROLE] = {party_roles, "role"},
    [BB_VOCAB_TENURE] = {tenures, "tenure"},
    [BB_VOCAB_HOUSEHOLD] = {households, "household"},
    [BB_VOCAB_AGE_BAND] = {age_bands, "age"},
    [BB_VOCAB_INTERPRETER] = {interpreter, "interpreter"},
    [BB_VOCAB_INTAKE_REASON] = {intake_reasons, "reason"},
};

const char *const *bb_vocab_keys(bb_vocab v)
{
    if ((unsigned)v >= sizeof lists / sizeof lists[0])
        return NULL;
    return lists[v].keys;
}

int bb_vocab_has(bb_vocab v, const char *key)
{
    const char *const *keys = bb_vocab_keys(v);

    if (keys == NULL || key == NULL)
        return 0;
    for (; *keys != NULL; keys++)
        if (strcmp(*keys, key) == 0)
            return 1;
    return 0;
}

const char *bb_vocab_field(bb_vocab v)
{
    if ((unsigned)v >= sizeof lists / sizeof lists[0])
        return "?";
    return lists[v].field;
}

void bb_uuid_generate(char out[BB_UUID_SIZE])
{
    unsigned char b[16];

    /* sodium_init is idempotent and thread-safe; without it randombytes may not be seeded. */
    if (sodium_init() < 0)
        memset(b, 0, sizeof b); /* unreachable in practice: libsodium cannot start */
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, BB_UUID_SIZE,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}
