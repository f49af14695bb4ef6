/* Helpers of the registry commands; see out.h. */
#include "out.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(JW_FAILURE == CLI_FAILURE, "a JSON document that fails is a failure of bbctl");

int cli_open_org(bb_ctx **ctx)
{
    int rc;

    *ctx = cli_open();
    if (*ctx == NULL)
        return CLI_FAILURE;
    rc = bb_org_use(*ctx, cli_opts.org);
    if (rc == BB_OK)
        return CLI_OK;
    rc = cli_fail(*ctx, rc, _("cannot choose the organisation"));
    bb_close(*ctx);
    *ctx = NULL;
    return rc;
}

void cli_cell(const char *s, int width)
{
    int chars = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        /* C1 controls are 0xc2 0x80..0x9f in UTF-8; show them and C0/DEL as '?'. */
        bool c1 = p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
        if (*p < 0x20 || *p == 0x7f || c1) {
            putchar('?');
            p += c1;
        } else {
            putchar(*p);
        }
        chars += (*p & 0xc0) != 0x80;
    }
    for (; chars < width; chars++)
        putchar(' ');
}
