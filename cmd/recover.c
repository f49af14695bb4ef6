/* bbctl recover, recovery status, recovery rotate: the organisation's recovery shares
 * (docs/admin.md, "Organisation recovery"). */
#include "cli.h"
#include "passphrase.h"
#include "recover.h"
#include "session.h"

#include <stdio.h>
#include <string.h>

typedef struct recovery_args {
    const char *org, *admin, *db_role, *pass_file, *out;
    cli_list share;
    int shares, threshold;
} recovery_args;

static const cli_option recover_options[] = {
    {"org", CLI_STRING_AT(recovery_args, org), .value = N_("NAME"), .flags = CLI_REQUIRED,
     .help = N_("the organisation to recover"),
     .missing = N_("the organisation is needed: --org NAME")},
    {"admin", CLI_STRING_AT(recovery_args, admin), .value = N_("LOGIN"), .flags = CLI_REQUIRED,
     .help = N_("the login of the new administrator (and coordinator)"),
     .missing = N_("the new administrator's login is needed: --admin LOGIN")},
    {"db-role", CLI_STRING_AT(recovery_args, db_role), .value = N_("NAME"),
     .help = N_("their database login role (default: LOGIN), made or mapped")},
    {"share", CLI_LIST_AT(recovery_args, share), .value = N_("FILE"),
     .flags = CLI_REQUIRED | CLI_REPEAT,
     .help = N_("a recovery share's file (give as many as are needed)"),
     .missing = N_("the recovery shares are needed: --share FILE --share FILE ...")},
    CLI_OPT_PASSPHRASE_FILE(recovery_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option rotate_options[] = {
    CLI_OPT_RECOVERY(recovery_args, shares, threshold, out, CLI_REQUIRED),
    CLI_OPT_PASSPHRASE_FILE(recovery_args, pass_file),
    CLI_OPTIONS_END,
};

/* Makes the shares on an unlocked handle and says where they are; the exit code. */
int cli_recovery_make(bb_ctx *ctx, int shares, int threshold, const char *dir)
{
    bb_recovery_info info;
    int rc = bb_recovery_make(ctx, shares, threshold, dir, &info);

    if (rc != BB_OK)
        return cli_fail(ctx, rc, _("cannot make the recovery shares"));
    printf(_("Recovery shares of generation %d: %d files in %s, of which %d together give the "
             "organisation back. Print each, give each to its holder, and delete them from "
             "this computer (docs/admin.md, \"Organisation recovery\").\n"),
           info.generation, info.shares, dir, info.threshold);
    if (info.generation > 1)
        printf(_("The shares of generation %d and before are void.\n"), info.generation - 1);
    return CLI_OK;
}

/* What the new administrator connects with (docs/admin.md, "Organisation recovery"). */
static void tell_login_role(const bb_recovery_admin *who)
{
    if (who->mapped[0] != '\0')
        printf(_("They connect to the database with their own database login role %s; how it "
                 "authenticates is the server's pg_hba.conf (docs/admin.md, \"Roles\").\n"),
               who->mapped);
    else
        printf(_("%s has no database login role of their own: '%s' is one bb does not give (a "
                 "superuser's, say). On a server, give them one with 'bbctl user map %s "
                 "--db-role NAME'.\n"),
               who->login, who->login, who->login);
}

static int recover_run(const cli_command *cmd, int argc, char **argv)
{
    recovery_args a = {.org = cli_opts.org};
    bb_recovery_admin who = {0};
    cli_pass pass = {0};
    char prompt[128];
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if ((rc = bb_org_use(ctx, a.org)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot choose the organisation"));
        goto done;
    }
    snprintf(prompt, sizeof prompt, _("New passphrase for %s: "), a.admin);
    if ((rc = cli_pass_read(&pass, a.pass_file, "BB_PASSPHRASE_FILE", prompt, CLI_PASS_NEW)) !=
        CLI_OK)
        goto done;
    who.login = a.admin;
    who.db_role = a.db_role;
    rc = bb_recover(ctx, &who, a.share.item, (int)a.share.n, pass.text, pass.len);
    cli_pass_wipe(&pass);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot recover the organisation"));
        goto done;
    }
    printf(_("Organisation '%s' is recovered: %s is a new administrator and coordinator and "
             "holds every organisation key version.\n"),
           a.org, a.admin);
    tell_login_role(&who);
    if (cli_session_keep(ctx))
        cli_session_tell_kept();
done:
    cli_pass_wipe(&pass);
    bb_close(ctx);
    return rc;
}

static int status_run(const cli_command *cmd, int argc, char **argv)
{
    bb_recovery_info info;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, NULL);

    if (rc != CLI_OK)
        return rc;
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if ((rc = bb_org_use(ctx, cli_opts.org)) != BB_OK ||
        (rc = bb_recovery_status(ctx, &info)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot read the recovery status"));
        goto done;
    }
    if (info.generation == 0)
        printf("%s\n", _("This organisation has no recovery shares: make them with 'bbctl "
                         "recovery rotate --recovery-out DIR'."));
    else
        printf(_("Recovery shares of generation %d, made %s by %s: %d exist, %d are needed.\n"),
               info.generation, info.made_at, *info.made_by ? info.made_by : "?", info.shares,
               info.threshold);
done:
    bb_close(ctx);
    return rc;
}

static int rotate_run(const cli_command *cmd, int argc, char **argv)
{
    recovery_args a = {.shares = BB_RECOVERY_DEFAULT_SHARES,
                       .threshold = BB_RECOVERY_DEFAULT_THRESHOLD};
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if ((rc = bb_recovery_check(ctx, a.shares, a.threshold)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot make the recovery shares"));
        goto done;
    }
    bb_close(ctx);
    ctx = NULL;
    if ((rc = cli_session_open(&ctx, a.pass_file)) == CLI_OK)
        rc = cli_recovery_make(ctx, a.shares, a.threshold, a.out);
done:
    bb_close(ctx);
    return rc;
}

const cli_command cli_recovery_commands[] = {
    {"recover", NULL, recover_run,
     N_("Give an organisation a new administrator with its recovery shares, when every "
        "passphrase is lost (asks a passphrase)"),
     recover_options, 0},
    {"recovery", "status", status_run,
     N_("When the organisation's recovery shares were made, how many exist and are needed"),
     cli_no_options, 0},
    {"recovery", "rotate", rotate_run,
     N_("Make new recovery shares and void the old (an administrator)"), rotate_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
