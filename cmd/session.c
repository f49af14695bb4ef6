/* Who acts, and unlocking once per terminal session (issue 3, "Unlock once, not per command").
 * The keys themselves stay in libbb: bbctl only asks it to keep, restore or forget them. */
#include "session.h"
#include "passphrase.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void notice(const char *msg)
{
    if (cli_opts.verbose > 0)
        fprintf(stderr, "bbctl: %s\n", msg);
}

const char *cli_session_login(void)
{
    static char os_login[64];
    const char *env = getenv("BB_USER");
    struct passwd *pw;

    if (cli_opts.user != NULL && *cli_opts.user != '\0')
        return cli_opts.user;
    if (env != NULL && *env != '\0')
        return env;
    if ((pw = getpwuid(getuid())) != NULL && pw->pw_name[0] != '\0') {
        snprintf(os_login, sizeof os_login, "%s", pw->pw_name);
        return os_login;
    }
    fprintf(stderr, "bbctl: %s\n", _("who are you? Give --user LOGIN or set BB_USER"));
    return NULL;
}

long cli_session_timeout(void)
{
    const char *env = getenv("BB_UNLOCK_TIMEOUT");
    char *end = NULL;
    long v;

    if (env == NULL || *env == '\0')
        return BB_SESSION_DEFAULT_TIMEOUT;
    errno = 0;
    v = strtol(env, &end, 10);
    if (errno == 0 && *end == '\0' && v >= 0 && v <= (long)BB_SESSION_MAX_TIMEOUT)
        return v;
    fprintf(stderr, _("bbctl: BB_UNLOCK_TIMEOUT: '%s' is not a number of seconds from 0 to %u\n"),
            env, BB_SESSION_MAX_TIMEOUT);
    return -1;
}

void cli_session_tell_kept(void)
{
    printf(_("The keys stay unlocked in this terminal session and lock again after %s without "
             "use; 'bbctl lock' locks them now.\n"),
           cli_session_duration(cli_session_timeout()));
}

const char *cli_session_duration(long seconds)
{
    static char buf[64];

    if (seconds % 60 == 0)
        snprintf(buf, sizeof buf, ngettext("%ld minute", "%ld minutes", seconds / 60),
                 seconds / 60);
    else
        snprintf(buf, sizeof buf, ngettext("%ld second", "%ld seconds", seconds), seconds);
    return buf;
}

bool cli_session_keep(bb_ctx *ctx)
{
    long timeout = cli_session_timeout();
    int rc;

    if (timeout <= 0)
        return false; /* BB_UNLOCK_TIMEOUT=0: nothing is kept */
    rc = bb_session_save(ctx, (unsigned)timeout);
    if (rc == BB_ESETUP)
        notice(_("the kernel keyring is not available here, so every command asks the "
                 "passphrase"));
    else if (rc != BB_OK)
        notice(bb_errmsg(ctx));
    return rc == BB_OK;
}

/* Keys kept by an earlier command: CLI_OK when restored, 1 when the passphrase is needed,
 * or an exit code. */
static int try_kept(bb_ctx *ctx, const char *login)
{
    int rc = bb_session_restore(ctx, login);

    switch (rc) {
    case BB_OK:
        notice(_("using the keys kept in this terminal session"));
        return CLI_OK;
    case BB_ENOTFOUND:
        notice(bb_errmsg(ctx));
        return 1;
    case BB_ESETUP:
        notice(_("the kernel keyring is not available here, so every command asks the "
                 "passphrase"));
        return 1;
    case BB_ECRYPTO:
        fprintf(stderr, _("bbctl: warning: %s\n"), bb_errmsg(ctx));
        return 1;
    case BB_EDENIED:
        notice(bb_errmsg(ctx));
        return 1;
    default:
        return cli_fail(ctx, rc, _("cannot unlock"));
    }
}

int cli_session_ask(bb_ctx *ctx, const char *pass_file)
{
    const char *login = cli_session_login();
    cli_pass pass = {0};
    char prompt[128];
    int rc;

    if (login == NULL)
        return CLI_FAILURE;
    snprintf(prompt, sizeof prompt, _("Passphrase for %s: "), login);
    if ((rc = cli_pass_read(&pass, pass_file, "BB_PASSPHRASE_FILE", prompt, CLI_PASS_CURRENT)) !=
        CLI_OK)
        goto done;
    rc = bb_unlock(ctx, login, pass.text, pass.len);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("cannot unlock"));
done:
    cli_pass_wipe(&pass);
    return rc;
}

int cli_session_unlock(bb_ctx *ctx, const char *pass_file)
{
    const char *login = cli_session_login();
    long timeout = cli_session_timeout();
    int rc;

    if (login == NULL)
        return CLI_FAILURE;
    if (timeout < 0)
        return CLI_USAGE;
    if (timeout > 0 && (rc = try_kept(ctx, login)) != 1)
        return rc;
    if ((rc = cli_session_ask(ctx, pass_file)) == CLI_OK)
        cli_session_keep(ctx);
    return rc;
}

int cli_session_key_version(bb_ctx *ctx)
{
    bb_key_version_info *v = NULL;
    int n = 0, version = 0;

    if (bb_key_status(ctx, &v, &n) == BB_OK && n > 0)
        version = v[n - 1].version;
    free(v);
    return version;
}

int cli_session_open(bb_ctx **out, const char *pass_file)
{
    int rc;

    if ((*out = cli_open()) == NULL)
        return CLI_FAILURE;
    if ((rc = cli_session_unlock(*out, pass_file)) != CLI_OK) {
        bb_close(*out);
        *out = NULL;
    }
    return rc;
}
