/* TLS policy of connections to a database server (internal). Local means a Unix socket,
 * localhost, 127.0.0.1 or ::1; every other host gets sslmode=verify-full unless the
 * connection string (or PGSSLMODE) says otherwise, and a weaker mode needs the caller's
 * allowance (bb_open_options.allow_insecure_tls or BB_ALLOW_INSECURE_TLS=1). docs/admin.md. */
#ifndef BB_TLS_H
#define BB_TLS_H

#include "base/handle.h"

#include <libpq-fe.h>
#include <stdbool.h>

/* Whether every host of a comma-separated libpq host list is local (NULL: the default
 * socket, local). */
bool bb_tls__local(const char *hosts);

/* Whether a weaker sslmode is allowed: the option, or BB_ALLOW_INSECURE_TLS=1. */
bool bb_tls__allowed_insecure(int allow_option);

/* Before connecting: *default_mode gets "verify-full" when the target is not local and no
 * sslmode is given (NULL otherwise). A weaker explicit mode to a remote host is refused with
 * BB_EDENIED unless allowed; a malformed connection string is BB_EINVAL. */
int bb_tls__plan(bb_ctx *ctx, const char *conninfo, bool allowed, const char **default_mode);

/* After connecting: what libpq really used (service files included) is judged the same way;
 * a weaker mode that is allowed is logged as a warning. */
int bb_tls__check(bb_ctx *ctx, PGconn *conn, bool allowed);

#endif
