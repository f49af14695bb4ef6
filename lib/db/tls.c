/* TLS policy for connections to a database server that is not on this machine: verify-full
 * unless the connection says otherwise, and a weaker explicit sslmode only when allowed. */
#include "db/tls.h"
#include "bb/error.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* sslmode values from weakest to strongest; -1 for one libpq does not know. */
static int mode_rank(const char *mode)
{
    static const char *const modes[] = {"disable", "allow",     "prefer",
                                        "require", "verify-ca", "verify-full"};

    for (int i = 0; i < (int)(sizeof modes / sizeof *modes); i++)
        if (strcmp(mode, modes[i]) == 0)
            return i;
    return -1;
}

/* One host of a (comma-separated) host list: a Unix socket directory, an abstract socket
 * ('@'), or the loopback names and addresses. Any other name may resolve elsewhere. */
static bool one_host_local(const char *h, size_t n)
{
    static const char *const loopback[] = {"localhost", "127.0.0.1", "::1"};

    if (n == 0 || h[0] == '/' || h[0] == '@')
        return true;
    for (size_t i = 0; i < sizeof loopback / sizeof *loopback; i++)
        if (strlen(loopback[i]) == n && strncasecmp(h, loopback[i], n) == 0)
            return true;
    return false;
}

bool bb_tls__local(const char *hosts)
{
    const char *p = hosts;

    if (hosts == NULL)
        return true;
    for (;;) {
        size_t n = strcspn(p, ",");
        if (!one_host_local(p, n))
            return false;
        if (p[n] == '\0')
            return true;
        p += n + 1;
    }
}

/* The value of keyword in parsed options, else the environment variable, else NULL. */
static const char *option(PQconninfoOption *opts, const char *keyword, const char *env)
{
    for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
        if (strcmp(o->keyword, keyword) == 0 && o->val != NULL && *o->val != '\0')
            return o->val;
    if (env != NULL && getenv(env) != NULL && *getenv(env) != '\0')
        return getenv(env);
    return NULL;
}

bool bb_tls__allowed_insecure(int allow_option)
{
    const char *env = getenv("BB_ALLOW_INSECURE_TLS");

    return allow_option || (env != NULL && strcmp(env, "1") == 0);
}

/* Where the connection goes: hostaddr wins over host, as in libpq. */
static const char *target(PQconninfoOption *opts)
{
    const char *addr = option(opts, "hostaddr", "PGHOSTADDR");

    return addr != NULL ? addr : option(opts, "host", "PGHOST");
}

/* Refuses (or, when allowed, warns about) mode on a connection to hosts. */
static int judge(bb_ctx *ctx, const char *hosts, const char *mode, bool allowed)
{
    if (mode_rank(mode) == mode_rank("verify-full"))
        return BB_OK;
    if (!allowed)
        return bb_ctx__fail(ctx, BB_EDENIED,
                            _("sslmode=%s to %s: a server that is not on this machine needs "
                              "sslmode=verify-full (give --allow-insecure-tls or "
                              "BB_ALLOW_INSECURE_TLS=1 to connect anyway)"),
                            mode, hosts);
    bb_ctx__log(ctx, BB_LOG_WARNING,
                _("sslmode=%s to %s: weaker than verify-full, so a false server may go "
                  "unnoticed (and with disable, allow or prefer the connection may not be "
                  "encrypted)"),
                mode, hosts);
    return BB_OK;
}

int bb_tls__plan(bb_ctx *ctx, const char *conninfo, bool allowed, const char **default_mode)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
    const char *hosts, *mode;
    int rc = BB_OK;

    *default_mode = NULL;
    if (opts == NULL) {
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("connection string: %s"),
                          err != NULL ? err : _("out of memory"));
        PQfreemem(err);
        return rc;
    }
    hosts = target(opts);
    mode = option(opts, "sslmode", "PGSSLMODE");
    if (!bb_tls__local(hosts)) {
        if (mode == NULL)
            *default_mode = "verify-full";
        else if (mode_rank(mode) >= 0 && !allowed) /* refused before a password goes out */
            rc = judge(ctx, hosts, mode, allowed);
    }
    PQconninfoFree(opts);
    return rc;
}

int bb_tls__check(bb_ctx *ctx, PGconn *conn, bool allowed)
{
    PQconninfoOption *opts = PQconninfo(conn);
    const char *host, *mode;
    int rc = BB_OK;

    if (opts == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    /* As before connecting: hostaddr decides, else the host libpq connected to. */
    host = option(opts, "hostaddr", NULL);
    if (host == NULL)
        host = PQhost(conn);
    mode = option(opts, "sslmode", NULL);
    /* Judged again on what libpq really used: a service file can name a remote host the
     * connection string does not show. A weak mode that was allowed is warned about here. */
    if (!bb_tls__local(host) && !PQsslInUse(conn))
        rc = judge(ctx, host, "disable", allowed);
    else if (!bb_tls__local(host) && mode != NULL)
        rc = judge(ctx, host, mode, allowed);
    PQconninfoFree(opts);
    return rc;
}
