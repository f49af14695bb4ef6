/* The same people, noticed: before a party is added, the open (or lately closed) cases with a
 * party at the same address, with the same phone number or name are named, and adding needs
 * --yes or a yes on the terminal (docs/parties.md, "Duplicates"). */
#include "cli.h"
#include "duplicates.h"
#include "out.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What case d shares, as "address, phone number, name" in the user's language. */
static void shared(const bb_case_dup *d, char *out, size_t cap)
{
    const char *what[3] = {d->address ? _("address") : NULL, d->phone ? _("phone number") : NULL,
                           d->name ? _("name") : NULL};
    size_t o = 0;

    out[0] = '\0';
    for (int i = 0; i < 3; i++)
        if (what[i] != NULL)
            o += (size_t)snprintf(out + o, cap - o, "%s%s", o > 0 ? ", " : "", what[i]);
}

static bool ask(void)
{
    return cli_ask_yes(_("Add it anyway? [y/N]"));
}

int cli_duplicates_check(bb_ctx *ctx, const bb_party_new *in, const char *own_case, bool yes)
{
    bb_case_dup_list *l = NULL;
    char what[120];
    int rc = bb_case_duplicates(ctx, in, own_case, &l);

    if (rc != BB_OK)
        return cli_fail(ctx, rc, _("cannot look for the same people in other cases"));
    for (size_t i = 0; i < l->n; i++) {
        shared(&l->items[i], what, sizeof what);
        fprintf(stderr, _("Case %s (%s) has a party with the same %s.\n"), l->items[i].number,
                l->items[i].status, what);
    }
    if (l->n > 0 && !yes && !isatty(STDIN_FILENO)) {
        fprintf(stderr, "%s\n",
                _("not on a terminal: give --yes to add it anyway; nothing was added"));
        rc = CLI_CONFLICT;
    } else if (l->n > 0 && !yes && !ask()) {
        fprintf(stderr, "%s\n", _("Nothing added."));
        rc = CLI_CONFLICT;
    }
    bb_case_dup_list_free(l);
    return rc;
}
