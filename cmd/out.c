/* Helpers of the registry commands; see out.h. */
#include "out.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

_Static_assert(JW_FAILURE == CLI_FAILURE, "a JSON document that fails is a failure of bbctl");

int cli_open_org(bb_ctx **ctx)
{
    *ctx = cli_open();
    return *ctx == NULL ? CLI_FAILURE : cli_use_org(ctx);
}

int cli_use_org(bb_ctx **ctx)
{
    int rc = bb_org_use(*ctx, cli_opts.org);

    if (rc == BB_OK)
        return CLI_OK;
    rc = cli_fail(*ctx, rc, _("cannot choose the organisation"));
    bb_close(*ctx);
    *ctx = NULL;
    return rc;
}

void cli_cell_to(FILE *f, const char *s, int width)
{
    char *safe = bb_text_sanitize_dup(s);
    const char *show = safe != NULL ? safe : "?";
    int chars = 0;

    /* As bbtui shows them: control characters, escape sequences, direction overrides and
     * broken UTF-8 as visible placeholders ("\x1b", "\u202e"), never raw. */
    fputs(show, f);
    for (const unsigned char *p = (const unsigned char *)show; *p != '\0'; p++)
        chars += (*p & 0xc0) != 0x80;
    if (width > 0 && chars >= width)
        fputc(' ', f); /* longer than its column: never cut, never run into the next one */
    for (; chars < width; chars++)
        fputc(' ', f);
    free(safe);
}

void cli_cell(const char *s, int width)
{
    cli_cell_to(stdout, s, width);
}

bool cli_ask_yes(const char *question)
{
    char answer[16] = "";

    fprintf(stderr, "%s ", question);
    if (fgets(answer, sizeof answer, stdin) == NULL)
        return false;
    answer[strcspn(answer, "\n")] = '\0';
    /* English and Dutch alike, whatever the locale: the prompt may be in either. */
    return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0 ||
           strcasecmp(answer, "j") == 0 || strcasecmp(answer, "ja") == 0;
}
