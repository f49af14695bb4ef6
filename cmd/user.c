/* bbctl user: invite, enrol, grant, change passphrase, revoke. */
#include "cli.h"
#include "passphrase.h"
#include "session.h"

#include <stdio.h>

typedef struct user_args {
    const char *login, *roles, *pass_file, *new_file, *fingerprint, *db_role, *practice;
} user_args;

/* Reads the command's arguments; without LOGIN (when it may be left out) the acting user. */
static int parse(const cli_command *cmd, int argc, char **argv, user_args *a)
{
    int rc = cli_parse(cmd, argc, argv, a);

    if (rc == CLI_OK && a->login == NULL && (a->login = cli_session_login()) == NULL)
        rc = CLI_FAILURE;
    return rc;
}

/* For commands without keys: the --org organisation when one is given. */
static int open_plain(bb_ctx **ctx)
{
    int rc;

    if ((*ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if (cli_opts.org != NULL && (rc = bb_org_use(*ctx, cli_opts.org)) != BB_OK)
        return cli_fail(*ctx, rc, _("cannot choose the organisation"));
    return CLI_OK;
}

static int user_add(const cli_command *cmd, int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    unsigned roles = 0;
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if (bb_roles_parse(ctx, a.roles, &roles) != BB_OK) {
        rc = cli_usage_error(cmd, "%s", bb_errmsg(ctx));
        goto done;
    }
    if ((rc = cli_session_unlock(ctx, a.pass_file)) != CLI_OK)
        goto done;
    bb_user_new in = {a.login, roles, a.db_role, a.practice};
    if ((rc = bb_user_add_with(ctx, &in)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot add the user"));
        goto done;
    }
    if (roles == BB_ROLE_REPORTER)
        printf(_("Added %s as a reporter: figures only, never keys.\n"), a.login);
    else
        printf(_("Invited %s (%s). Next, %s chooses a passphrase with 'bbctl user enroll %s', "
                 "and an administrator runs 'bbctl user grant %s'.\n"),
               a.login, a.roles, a.login, a.login, a.login);
    printf(_("They connect to the database with their own database login role %s; how it "
             "authenticates is the server's pg_hba.conf (docs/admin.md, \"Roles\").\n"),
           a.db_role ? a.db_role : a.login);
done:
    bb_close(ctx);
    return rc;
}

static int user_map(const cli_command *cmd, int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        goto done;
    if ((rc = bb_user_map(ctx, a.login, a.db_role)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot give the user a login role"));
        goto done;
    }
    printf(_("%s now connects to the database with the login role %s.\n"), a.login,
           a.db_role ? a.db_role : a.login);
done:
    bb_close(ctx);
    return rc;
}

static int user_enroll(const cli_command *cmd, int argc, char **argv)
{
    user_args a = {0};
    cli_pass pass = {0};
    char prompt[128];
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = open_plain(&ctx)) != CLI_OK)
        goto done;
    snprintf(prompt, sizeof prompt, _("New passphrase for %s: "), a.login);
    if ((rc = cli_pass_read(&pass, a.pass_file, "BB_PASSPHRASE_FILE", prompt, CLI_PASS_NEW)) !=
        CLI_OK)
        goto done;
    if ((rc = bb_user_enroll(ctx, a.login, pass.text, pass.len)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot enrol"));
        goto done;
    }
    char fp[BB_FINGERPRINT_TEXT];
    if (bb_user_fingerprint(ctx, a.login, fp) != BB_OK)
        fp[0] = '\0';
    printf(_("%s is enrolled with a new key pair. Its fingerprint is\n  %s\nTell it to the "
             "administrator yourself (not by e-mail), who gives you the keys with\n  bbctl user "
             "grant %s --fingerprint '%s'\n"),
           a.login, fp, a.login, fp);
done:
    cli_pass_wipe(&pass);
    bb_close(ctx);
    return rc;
}

static int user_grant(const cli_command *cmd, int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    char fp[BB_FINGERPRINT_TEXT];
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        goto done;
    if ((rc = bb_user_grant_checked(ctx, a.login, a.fingerprint)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot grant the keys"));
        goto done;
    }
    printf(_("%s can now unlock the organisation's keys.\n"), a.login);
    /* Without --fingerprint the check is the administrator's: show what was sealed to. */
    if (a.fingerprint == NULL && bb_user_fingerprint(ctx, a.login, fp) == BB_OK)
        fprintf(stderr,
                _("bbctl: warning: granted without --fingerprint; check with %s that their "
                  "key's fingerprint is\n  %s\n"),
                a.login, fp);
done:
    bb_close(ctx);
    return rc;
}

static int read_both(const user_args *a, cli_pass *old, cli_pass *fresh)
{
    char prompt[128];
    int rc;

    snprintf(prompt, sizeof prompt, _("Current passphrase for %s: "), a->login);
    rc = cli_pass_read(old, a->pass_file, "BB_PASSPHRASE_FILE", prompt, CLI_PASS_CURRENT);
    if (rc != CLI_OK)
        return rc;
    snprintf(prompt, sizeof prompt, _("New passphrase for %s: "), a->login);
    return cli_pass_read(fresh, a->new_file, "BB_NEW_PASSPHRASE_FILE", prompt, CLI_PASS_NEW);
}

static int user_passwd(const cli_command *cmd, int argc, char **argv)
{
    user_args a = {0};
    cli_pass old = {0}, fresh = {0};
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = open_plain(&ctx)) != CLI_OK ||
        (rc = read_both(&a, &old, &fresh)) != CLI_OK)
        goto done;
    rc = bb_user_passwd(ctx, a.login, old.text, old.len, fresh.text, fresh.len);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot change the passphrase"));
        goto done;
    }
    printf(_("The passphrase of %s is changed.\n"), a.login);
done:
    cli_pass_wipe(&old);
    cli_pass_wipe(&fresh);
    bb_close(ctx);
    return rc;
}

static int user_revoke(const cli_command *cmd, int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_session_open(&ctx, a.pass_file)) != CLI_OK)
        goto done;
    if ((rc = bb_user_revoke(ctx, a.login)) != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot revoke"));
        goto done;
    }
    cli_session_keep(ctx); /* the kept keys lack the new version */
    printf(_("Revoked %s: their keys are removed and the organisation key is now at version %d. "
             "'bbctl key rotate --finish' re-wraps the older data keys under it.\n"),
           a.login, cli_session_key_version(ctx));
done:
    bb_close(ctx);
    return rc;
}

/* clang-format off */
#define LOGIN_ARGUMENT                                                                             \
    {NULL, CLI_STRING_AT(user_args, login), .value = N_("LOGIN"), .flags = CLI_REQUIRED,           \
     .help = N_("the user's login"), .missing = N_("whose? Give the user's LOGIN")}
#define OWN_LOGIN_ARGUMENT                                                                         \
    {NULL, CLI_STRING_AT(user_args, login), .value = N_("LOGIN"),                                  \
     .help = N_("the user's login (default: the acting user)")}
#define DB_ROLE_OPTION                                                                             \
    {"db-role", CLI_STRING_AT(user_args, db_role), .value = N_("NAME"),                            \
     .help = N_("their database login role (default: LOGIN), made or mapped")}
/* clang-format on */

static const cli_option add_options[] = {
    LOGIN_ARGUMENT,
    {"role", CLI_STRING_AT(user_args, roles), .value = N_("ROLE[,ROLE...]"), .flags = CLI_REQUIRED,
     .help = N_("admin, coordinator, mediator, reporter"),
     .missing = N_("the roles are needed: --role ROLE[,ROLE...] (admin, coordinator, mediator, "
                   "reporter)")},
    DB_ROLE_OPTION,
    {"practice", CLI_STRING_AT(user_args, practice), .value = N_("NAME"),
     .help = N_("the practice whose referrals a mediator sees")},
    CLI_OPT_PASSPHRASE_FILE(user_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option map_options[] = {
    LOGIN_ARGUMENT,
    DB_ROLE_OPTION,
    CLI_OPT_PASSPHRASE_FILE(user_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option own_options[] = {
    OWN_LOGIN_ARGUMENT,
    CLI_OPT_PASSPHRASE_FILE(user_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option grant_options[] = {
    LOGIN_ARGUMENT,
    {"fingerprint", CLI_STRING_AT(user_args, fingerprint), .value = N_("FP"),
     .help = N_("refuse unless their public key has this fingerprint")},
    CLI_OPT_PASSPHRASE_FILE(user_args, pass_file),
    CLI_OPTIONS_END,
};

static const cli_option passwd_options[] = {
    OWN_LOGIN_ARGUMENT,
    CLI_OPT_PASSPHRASE_FILE(user_args, pass_file),
    {"new-passphrase-file", CLI_STRING_AT(user_args, new_file), .value = N_("FILE"),
     .help = N_("read the new passphrase from the first line of FILE")},
    CLI_OPT_REFUSED_PASSPHRASE("new-passphrase"),
    CLI_OPTIONS_END,
};

static const cli_option revoke_options[] = {
    LOGIN_ARGUMENT,
    CLI_OPT_PASSPHRASE_FILE(user_args, pass_file),
    CLI_OPTIONS_END,
};

const cli_command cli_user_commands[] = {
    {"user", "add", user_add, N_("Invite a user with one or more roles (administrators only)"),
     add_options, 0},
    {"user", "map", user_map,
     N_("Give an existing user their database login role (administrators only)"), map_options, 0},
    {"user", "enroll", user_enroll,
     N_("Choose your passphrase and make your key pair, after an invitation"), own_options, 0},
    {"user", "grant", user_grant,
     N_("Give an enrolled user the organisation's keys (administrators only)"), grant_options, 0},
    {"user", "passwd", user_passwd, N_("Change a passphrase (yours unless LOGIN is given)"),
     passwd_options, 0},
    {"user", "revoke", user_revoke,
     N_("Take a user's keys away and make a new organisation key (administrators only)"),
     revoke_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
