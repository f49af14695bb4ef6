/* The status workflow: which status may follow which, and the rule "a case past intake has a
 * melder". The database enforces the same (case_transition in schema/0003-registry.sql,
 * bb_case_past_intake and party_check in the function sources); tests compare the two. */
#include "bb/error.h"
#include "bb/registry.h"
#include "base/i18n.h"
#include "cases/case-row.h"
#include "cases/party-row.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The workflow. Closing is allowed from every open status (withdrawn at intake, not suitable,
 * other party unreachable); "afgesloten" is final. */
static const bb_transition transitions[] = {
    {"aangemeld", "intake"},    {"aangemeld", "in_de_wacht"},   {"aangemeld", "afgesloten"},
    {"intake", "lopend"},       {"intake", "doorverwezen"},     {"intake", "in_de_wacht"},
    {"intake", "afgesloten"},   {"lopend", "nazorg"},           {"lopend", "doorverwezen"},
    {"lopend", "in_de_wacht"},  {"lopend", "afgesloten"},       {"nazorg", "lopend"},
    {"nazorg", "afgesloten"},   {"in_de_wacht", "aangemeld"},   {"in_de_wacht", "intake"},
    {"in_de_wacht", "lopend"},  {"in_de_wacht", "nazorg"},      {"in_de_wacht", "afgesloten"},
    {"doorverwezen", "lopend"}, {"doorverwezen", "afgesloten"},
};

const bb_transition *bb_case_transitions(size_t *n)
{
    *n = sizeof transitions / sizeof transitions[0];
    return transitions;
}

int bb_case_can_move(const char *from, const char *to)
{
    if (from == NULL || to == NULL)
        return 0;
    for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
        if (strcmp(transitions[i].from, from) == 0 && strcmp(transitions[i].to, to) == 0)
            return 1;
    return 0;
}

int bb_case__begins_intake(bb_ctx *ctx, const char *from, const char *to, bool *begins)
{
    PGresult *res = NULL;
    int rc =
        bb_db__exec(ctx, &res, "SELECT bb_case_past_intake($2) AND NOT bb_case_past_intake($1)", 2,
                    (const char *[]){from, to});

    *begins = rc == BB_OK && *PQgetvalue(res, 0, 0) == 't';
    PQclear(res);
    return rc;
}

int bb_case__melder_check(bb_ctx *ctx, const char *case_id, const char *number)
{
    bool has;
    int rc = bb_party__has_melder(ctx, case_id, NULL, &has);

    if (rc == BB_OK && !has)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("party: case %s has no melder yet: add the reporting party before "
                            "the intake"),
                          number);
    return rc;
}
