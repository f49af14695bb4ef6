/* CASE values as people type them ("2026-12", or "12" for this year): the parser keeps where
 * it stored each, and cli_open expands them with bb_case_number_expand once the database is
 * there, since "this year" is the database's. libbb then always gets the full number. */
#include "cli.h"

#include <string.h>

#define CLI_CASES_MAX 4

static struct {
    const char **at;
    const char *given;
    char number[BB_NUMBER_SIZE];
} cases[CLI_CASES_MAX];
static size_t n_cases;

int cli_case_later(const char **at)
{
    for (size_t i = 0; i < n_cases; i++)
        if (cases[i].at == at) { /* given twice: the last one counts */
            cases[i].given = *at;
            return CLI_OK;
        }
    if (n_cases == CLI_CASES_MAX)
        return cli_usage_error(NULL, _("too many case numbers"));
    cases[n_cases].at = at;
    cases[n_cases++].given = *at;
    return CLI_OK;
}

int cli_expand_cases(bb_ctx *ctx)
{
    int rc = BB_OK;

    for (size_t i = 0; rc == BB_OK && i < n_cases; i++) {
        if (*cases[i].at != cases[i].given)
            continue; /* expanded by an earlier open */
        rc = bb_case_number_expand(ctx, cases[i].given, cases[i].number);
        if (rc == BB_OK)
            *cases[i].at = cases[i].number;
    }
    return rc;
}

const char *cli_case_given(const char *msg)
{
    for (size_t i = 0; msg != NULL && i < n_cases; i++)
        if (cases[i].number[0] != '\0' && strcmp(cases[i].number, cases[i].given) != 0 &&
            strstr(msg, cases[i].number) != NULL)
            return cases[i].given;
    return NULL;
}
