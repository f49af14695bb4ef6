/* What a login name may be. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <string.h>

int bb_keys__check_login(bb_ctx *ctx, const char *login)
{
    size_t n = login ? strlen(login) : 0;
    bool ok = n >= 1 && n <= 63 && login[0] >= 'a' && login[0] <= 'z';

    for (size_t i = 1; ok && i < n; i++)
        ok = (login[i] >= 'a' && login[i] <= 'z') || (login[i] >= '0' && login[i] <= '9') ||
             login[i] == '.' || login[i] == '_' || login[i] == '-';
    if (ok)
        return BB_OK;
    return bb_ctx__fail(ctx, BB_EINVAL,
                        _("login: '%.80s' is not a valid login (1 to 63 lower-case letters, "
                          "digits, '.', '_' or '-', starting with a letter)"),
                        login ? login : "");
}
