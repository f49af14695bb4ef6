/* The role names: unlocking reads a person's roles, users/ writes them. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/users.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = {"admin", "coordinator", "mediator", "reporter"};

int bb_roles_parse(bb_ctx *ctx, const char *text, unsigned *roles)
{
    char *copy = strdup(text ? text : ""), *save = NULL;
    int rc = BB_OK;

    *roles = 0;
    if (copy == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (char *w = strtok_r(copy, ",", &save); w && rc == BB_OK; w = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        for (unsigned i = 0; i < 4; i++)
            if (strcmp(w, role_names[i]) == 0)
                bit = 1u << i;
        if (bit == 0)
            rc = bb_ctx__fail(ctx, BB_EINVAL,
                              _("role: unknown role '%s' (expected admin, coordinator, mediator "
                                "or reporter)"),
                              w);
        *roles |= bit;
    }
    if (rc == BB_OK && *roles == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("role: at least one role is needed"));
    free(copy);
    return rc;
}
