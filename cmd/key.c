/* bbctl key status / key rotate, and bbctl lock / unlock (keys kept in the terminal session). */
#include "cli.h"
#include "passphrase.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct key_args {
    const char *pass_file;
    int batch;
    bool finish;
    bool index; /* --index: the blind-index key instead */
} key_args;

/* The organisation: the kept keys' when there are (no passphrase asked), else --org. */
static int open_for_status(bb_ctx **ctx)
{
    const char *login = cli_session_login();
    int rc;

    if ((*ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if (cli_opts.org == NULL && login != NULL && cli_session_timeout() > 0 &&
        bb_session_restore(*ctx, login) == BB_OK)
        return CLI_OK;
    if ((rc = bb_org_use(*ctx, cli_opts.org)) != BB_OK)
        return cli_fail(*ctx, rc, _("cannot choose the organisation"));
    return CLI_OK;
}

static void print_status(bb_ctx *ctx, const bb_key_version_info *v, int n)
{
    printf("%s\n", _("Organisation key versions:"));
    printf("  %8s %8s %10s\n", _("version"), _("holders"), _("data keys"));
    for (int i = 0; i < n; i++) {
        char *who = NULL;
        printf("  %8d %8ld %10ld%s\n", v[i].version, v[i].holders, v[i].data_keys,
               i == n - 1 ? _("  (current)") : "");
        /* Logins are plain identifiers, not personal data of the parties. */
        if (bb_key_holders(ctx, v[i].version, &who) == BB_OK && *who != '\0')
            printf("           %s %s\n", _("held by"), who);
        free(who);
    }
}

static int key_status(const cli_command *cmd, int argc, char **argv)
{
    bb_key_version_info *v = NULL;
    bb_ctx *ctx = NULL;
    int n = 0, rc = cli_parse(cmd, argc, argv, NULL);

    if (rc != CLI_OK || (rc = open_for_status(&ctx)) != CLI_OK)
        goto done;
    if ((rc = bb_key_status(ctx, &v, &n)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot read the key status"));
        goto done;
    }
    print_status(ctx, v, n);
done:
    free(v);
    bb_close(ctx);
    return rc;
}

typedef struct progress {
    bool tty;
    long done, total;
    const char *label; /* NULL: re-wrapping */
} progress;

/* A bar on the terminal; nothing when stderr is a file or a pipe. */
static int on_progress(void *data, long done, long total)
{
    progress *p = data;
    char bar[31];
    int filled = total > 0 ? (int)(done * 30 / total) : 30;

    p->done = done;
    p->total = total;
    if (!p->tty || total <= 0)
        return 0;
    filled = filled > 30 ? 30 : filled;
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(30 - filled));
    bar[30] = '\0';
    fprintf(stderr, "\r%s [%s] %ld/%ld", p->label ? p->label : _("Re-wrapping data keys"), bar,
            done, total);
    fflush(stderr);
    return 0;
}

static void print_rotated(bb_ctx *ctx, const key_args *a, const progress *p)
{
    int version = cli_session_key_version(ctx);

    if (a->finish && p->done == 0)
        printf(_("Nothing to re-wrap: every data key is under organisation key version %d.\n"),
               version);
    else
        printf(ngettext("Organisation key version %d is current; %ld data key re-wrapped.\n",
                        "Organisation key version %d is current; %ld data keys re-wrapped.\n",
                        (unsigned long)p->done),
               version, p->done);
}

/* --index: a new blind-index key; every index is recomputed in one transaction. */
static int rotate_index(bb_ctx *ctx, progress *p)
{
    int rc = bb_key_rotate_index(ctx, on_progress, p);

    if (p->tty && p->total > 0)
        fputc('\n', stderr);
    if (rc == BB_OK) {
        cli_session_keep(ctx); /* the kept copy has the old index key */
        printf(ngettext("New blind-index key; %ld index recomputed.\n",
                        "New blind-index key; %ld indexes recomputed.\n", (unsigned long)p->done),
               p->done);
    } else {
        rc = cli_fail(ctx, rc, _("the blind-index key was not changed"));
    }
    bb_close(ctx);
    return rc;
}

static int key_rotate(const cli_command *cmd, int argc, char **argv)
{
    key_args a = {0};
    progress p = {isatty(STDERR_FILENO) == 1, 0, 0, NULL};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        goto done;
    if (a.index)
        return rotate_index(ctx, &p);
    rc = bb_key_rotate(ctx, a.finish ? 0 : 1, a.batch, on_progress, &p);
    if (p.tty && p.total > 0)
        fputc('\n', stderr);
    if (!a.finish)
        cli_session_keep(ctx); /* the kept keys lack the new version */
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("rotation stopped (run 'bbctl key rotate --finish' to go on)"));
        goto done;
    }
    print_rotated(ctx, &a, &p);
done:
    bb_close(ctx);
    return rc;
}

/* Personal fields written before their binding named their case or volunteer, re-encrypted
 * with it; resumable (what is left is what was not done). */
static int key_rebind(const cli_command *cmd, int argc, char **argv)
{
    key_args a = {0};
    progress p = {isatty(STDERR_FILENO) == 1, 0, 0, _("Binding personal fields")};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        goto done;
    rc = bb_key_rebind(ctx, a.batch, on_progress, &p);
    if (p.tty && p.total > 0)
        fputc('\n', stderr);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("rebinding stopped (run 'bbctl key rebind' again to go on)"));
        goto done;
    }
    printf(ngettext("%ld personal field bound to its case or volunteer; none is left.\n",
                    "%ld personal fields bound to their case or volunteer; none is left.\n",
                    (unsigned long)p.done),
           p.done);
done:
    bb_close(ctx);
    return rc;
}

static int lock_run(const cli_command *cmd, int argc, char **argv)
{
    int n = 0, rc = cli_parse(cmd, argc, argv, NULL);

    if (rc != CLI_OK)
        return rc;
    rc = bb_session_forget(NULL, NULL, &n);
    if (rc == BB_ESETUP)
        printf("%s\n", _("Nothing is kept between commands here (no kernel keyring)."));
    else if (rc != BB_OK)
        return cli_fail(NULL, rc, _("cannot lock"));
    else if (n == 0)
        printf("%s\n", _("Nothing was unlocked in this terminal session."));
    else
        printf("%s\n", _("Locked: the kept keys are forgotten."));
    return CLI_OK;
}

static int unlock_run(const cli_command *cmd, int argc, char **argv)
{
    key_args a = {0};
    long timeout = cli_session_timeout();
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || timeout < 0 || (ctx = cli_open()) == NULL) {
        rc = rc != CLI_OK ? rc : timeout < 0 ? CLI_USAGE : CLI_FAILURE;
        goto done;
    }
    if ((rc = cli_session_ask(ctx, a.pass_file)) != CLI_OK)
        goto done;
    if (timeout == 0) {
        printf("%s\n", _("The passphrase is right; BB_UNLOCK_TIMEOUT is 0, so nothing is kept."));
        goto done;
    }
    if ((rc = bb_session_save(ctx, (unsigned)timeout)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot keep the keys; every command will ask the passphrase"));
        goto done;
    }
    printf(_("Unlocked as %s.\n"), bb_current_login(ctx));
    cli_session_tell_kept();
done:
    bb_close(ctx);
    return rc;
}

static const cli_option rotate_options[] = {
    {"batch", CLI_INT_AT(key_args, batch), .value = N_("N"), .min = 1, .max = 100000,
     .help = N_("re-wrap N data keys per transaction (default 500)")},
    {"finish", CLI_FLAG_AT(key_args, finish),
     .help = N_("make no new version: finish re-wrapping under the current one")},
    {"index", CLI_FLAG_AT(key_args, index), .join = CLI_OR,
     .help = N_("a new blind-index key instead; every index is recomputed")},
    CLI_OPT_PASSPHRASE_FILE(key_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option rebind_options[] = {
    {"batch", CLI_INT_AT(key_args, batch), .value = N_("N"), .min = 1, .max = 100000,
     .help = N_("re-encrypt whole data keys, those of the next N fields, per transaction "
                "(default 500)")},
    CLI_OPT_PASSPHRASE_FILE(key_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option unlock_options[] = {
    CLI_OPT_PASSPHRASE_FILE(key_args, pass_file),
    CLI_OPTIONS_END,
};

const cli_command cli_key_commands[] = {
    {"key", "status", key_status,
     N_("Show the organisation key's versions, who holds them, and the data keys under each"),
     cli_no_options, 0},
    {"key", "rotate", key_rotate,
     N_("Make a new organisation key and re-wrap every data key under it, or with --index a new "
        "blind-index key (administrators only)"),
     rotate_options, 0},
    {"key", "rebind", key_rebind,
     N_("Bind every personal field written before bb bound them to their case or volunteer "
        "(administrators only; resumable)"),
     rebind_options, 0},
    {"unlock", NULL, unlock_run,
     N_("Unlock once for this terminal session (until BB_UNLOCK_TIMEOUT without use)"),
     unlock_options, 0},
    {"lock", NULL, lock_run, N_("Forget the keys kept in this terminal session, at once"),
     cli_no_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
