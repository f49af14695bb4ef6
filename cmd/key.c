/* bbctl key status / key rotate, and bbctl lock / unlock (keys kept in the terminal session). */
#include "cli.h"
#include "passphrase.h"
#include "session.h"

#include <errno.h>
#include <getopt.h>
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

static int parse_batch(const cli_command *self, const char *text, int *batch)
{
    char *end = NULL;
    long v;

    errno = 0;
    v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < 1 || v > 100000)
        return cli_usage_error(self, _("--batch: '%s' is not a number from 1 to 100000"), text);
    *batch = (int)v;
    return CLI_OK;
}

/* Options of `key rotate` (rotate true) or of `unlock` / `key status` / `lock`. */
static int parse(const cli_command *self, int argc, char **argv, bool rotate, bool pass,
                 key_args *a)
{
    static const struct option longopts[] = {
        {"batch", required_argument, NULL, 'b'},
        {"finish", no_argument, NULL, 'f'},
        {"index", no_argument, NULL, 'i'},
        CLI_PASS_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    int opt, li = 0, rc = CLI_OK;

    optind = 0; /* start afresh: main parsed its own options with another argv */
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, ":", longopts, &li)) != -1) {
        if (opt == 'b' && rotate)
            rc = parse_batch(self, optarg, &a->batch);
        else if (opt == 'f' && rotate)
            a->finish = true;
        else if (opt == 'i' && rotate)
            a->index = true;
        else if (opt == 'F' && pass)
            a->pass_file = optarg;
        else if (opt == 'b' || opt == 'f' || opt == 'i' || opt == 'F')
            rc = cli_usage_error(self, _("unknown option '--%s'"), longopts[li].name);
        else
            rc = cli_option_error(self, opt, argv);
    }
    if (rc == CLI_OK && optind < argc)
        rc = cli_usage_error(self, _("unexpected argument '%s'"), argv[optind]);
    return rc;
}

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

static int key_status(int argc, char **argv)
{
    key_args a = {0};
    bb_key_version_info *v = NULL;
    bb_ctx *ctx = NULL;
    int n = 0, rc = parse(cli_find("key", "status"), argc, argv, false, false, &a);

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
    fprintf(stderr, "\r%s [%s] %ld/%ld", _("Re-wrapping data keys"), bar, done, total);
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

static int key_rotate(int argc, char **argv)
{
    key_args a = {0};
    progress p = {isatty(STDERR_FILENO) == 1, 0, 0};
    bb_ctx *ctx = NULL;
    int rc = parse(cli_find("key", "rotate"), argc, argv, true, true, &a);

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

static int lock_run(int argc, char **argv)
{
    key_args a = {0};
    int n = 0, rc = parse(cli_find("lock", NULL), argc, argv, false, false, &a);

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

static int unlock_run(int argc, char **argv)
{
    key_args a = {0};
    long timeout = cli_session_timeout();
    bb_ctx *ctx = NULL;
    int rc = parse(cli_find("unlock", NULL), argc, argv, false, true, &a);

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

const cli_command cli_key_commands[] = {
    {"key", "status", key_status,
     N_("Show the organisation key's versions, who holds them, and the data keys under each"), ""},
    {"key", "rotate", key_rotate,
     N_("Make a new organisation key and re-wrap every data key under it, or with --index a new "
        "blind-index key (administrators only)"),
     N_("[--batch N] [--finish | --index] [--passphrase-file FILE]")},
    {"unlock", NULL, unlock_run,
     N_("Unlock once for this terminal session (until BB_UNLOCK_TIMEOUT without use)"),
     N_("[--passphrase-file FILE]")},
    {"lock", NULL, lock_run, N_("Forget the keys kept in this terminal session, at once"), ""},
    {NULL, NULL, NULL, NULL, NULL},
};
