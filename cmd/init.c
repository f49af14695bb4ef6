/* bbctl init: a new organisation with its keys and its first user. */
#include "cli.h"
#include "passphrase.h"
#include "recover.h"
#include "session.h"

#include <stdio.h>

typedef struct init_args {
    const char *org, *admin, *pass_file, *out;
    int shares, threshold;
} init_args;

static const cli_option init_options[] = {
    {"org", CLI_STRING_AT(init_args, org), .value = N_("NAME"), .flags = CLI_REQUIRED,
     .help = N_("the organisation's name"),
     .missing = N_("the organisation's name is needed: --org NAME")},
    {"admin", CLI_STRING_AT(init_args, admin), .value = N_("LOGIN"), .flags = CLI_REQUIRED,
     .help = N_("the login of its first administrator (and coordinator)"),
     .missing = N_("the first administrator's login is needed: --admin LOGIN")},
    CLI_OPT_PASSPHRASE_FILE(init_args, pass_file),
    CLI_OPT_RECOVERY(init_args, shares, threshold, out, 0),
    CLI_OPTIONS_END,
};

static int init_run(const cli_command *cmd, int argc, char **argv)
{
    /* --org may come before the command too */
    init_args a = {cli_opts.org, NULL, NULL, NULL, BB_RECOVERY_DEFAULT_SHARES,
                   BB_RECOVERY_DEFAULT_THRESHOLD};
    cli_pass pass = {0};
    char prompt[128], dir[64];
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    /* Open first: no passphrase typed twice for a database that is not there. */
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if ((rc = bb_recovery_check(ctx, a.shares, a.threshold)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot create the organisation"));
        goto done;
    }
    snprintf(prompt, sizeof prompt, _("New passphrase for %s: "), a.admin);
    if ((rc = cli_pass_read(&pass, a.pass_file, "BB_PASSPHRASE_FILE", prompt, CLI_PASS_NEW)) !=
        CLI_OK)
        goto done;
    rc = bb_init(ctx, a.org, a.admin, pass.text, pass.len);
    cli_pass_wipe(&pass);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot create the organisation"));
        goto done;
    }
    printf(_("Organisation '%s' is ready: %s is its administrator and coordinator, and its "
             "organisation key is at version 1.\n"),
           a.org, a.admin);
    /* Without --recovery-out, a new directory of its own here, mode 700 (docs/admin.md). */
    snprintf(dir, sizeof dir, "bb-recovery-%.8s", bb_org_id(ctx));
    if ((rc = cli_recovery_make(ctx, a.shares, a.threshold, a.out ? a.out : dir)) != CLI_OK)
        fprintf(stderr, "%s\n",
                _("bbctl: the organisation was made without recovery shares: make them with "
                  "'bbctl recovery rotate --recovery-out DIR'"));
    if (cli_session_keep(ctx))
        cli_session_tell_kept();
done:
    cli_pass_wipe(&pass);
    bb_close(ctx);
    return rc;
}

const cli_command cli_init_commands[] = {
    {"init", NULL, init_run,
     N_("Create the organisation, its keys and its first administrator (asks a passphrase)"),
     init_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
