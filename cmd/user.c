/* bbctl user: invite, enrol, grant, change passphrase, revoke. */
#include "cli.h"
#include "passphrase.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>

/* Options a verb takes. */
enum {
    OPT_ROLE = 1 << 0,
    OPT_PASS = 1 << 1,
    OPT_NEW = 1 << 2,
    OPT_FP = 1 << 3,
    OPT_DBROLE = 1 << 4,
};

typedef struct user_args {
    const cli_command *self;
    const char *login, *roles, *pass_file, *new_file, *fingerprint, *db_role, *practice;
} user_args;

static const struct option user_longopts[] = {
    {"role", required_argument, NULL, 'r'},
    {"fingerprint", required_argument, NULL, 'f'},
    {"db-role", required_argument, NULL, 'd'},
    {"practice", required_argument, NULL, 'p'},
    CLI_PASS_OPTIONS,
    CLI_NEW_PASS_OPTIONS,
    {NULL, 0, NULL, 0},
};

static int take_option(user_args *a, int opt, int li, unsigned allow, char **argv)
{
    if (opt == 'r' && (allow & OPT_ROLE))
        a->roles = optarg;
    else if (opt == 'F' && (allow & OPT_PASS))
        a->pass_file = optarg;
    else if (opt == 'N' && (allow & OPT_NEW))
        a->new_file = optarg;
    else if (opt == 'f' && (allow & OPT_FP))
        a->fingerprint = optarg;
    else if (opt == 'd' && (allow & OPT_DBROLE))
        a->db_role = optarg;
    else if (opt == 'p' && (allow & OPT_DBROLE))
        a->practice = optarg;
    else if (opt == 'r' || opt == 'F' || opt == 'N' || opt == 'f' || opt == 'd' ||
             opt == 'p') /* known, not for this verb */
        return cli_usage_error(a->self, _("unknown option '--%s'"), user_longopts[li].name);
    else
        return cli_option_error(a->self, opt, argv);
    return CLI_OK;
}

/* `bbctl user VERB [LOGIN] [OPTION...]`; without LOGIN (when allowed) the acting user. */
static int parse(const char *verb, int argc, char **argv, unsigned allow, bool login_needed,
                 user_args *a)
{
    int opt, li = 0, rc = CLI_OK;

    a->self = cli_find("user", verb);
    optind = 0; /* start afresh: main parsed its own options with another argv */
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, ":", user_longopts, &li)) != -1)
        rc = take_option(a, opt, li, allow, argv);
    if (rc != CLI_OK)
        return rc;
    if (optind < argc)
        a->login = argv[optind++];
    if (optind < argc)
        return cli_usage_error(a->self, _("unexpected argument '%s'"), argv[optind]);
    if (a->login == NULL && login_needed)
        return cli_usage_error(a->self, "%s", _("whose? Give the user's LOGIN"));
    if (a->login == NULL && (a->login = cli_session_login()) == NULL)
        return CLI_FAILURE;
    if ((allow & OPT_ROLE) && a->roles == NULL)
        return cli_usage_error(a->self, "%s",
                               _("the roles are needed: --role ROLE[,ROLE...] (admin, "
                                 "coordinator, mediator, reporter)"));
    return CLI_OK;
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

static int user_add(int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    unsigned roles = 0;
    int rc = parse("add", argc, argv, OPT_ROLE | OPT_PASS | OPT_DBROLE, true, &a);

    if (rc != CLI_OK)
        return rc;
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if (bb_roles_parse(ctx, a.roles, &roles) != BB_OK) {
        rc = cli_usage_error(a.self, "%s", bb_errmsg(ctx));
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

static int user_map(int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = parse("map", argc, argv, OPT_PASS | OPT_DBROLE, true, &a);

    if (rc != CLI_OK)
        return rc;
    if (a.practice != NULL)
        return cli_usage_error(a.self, "%s", _("unknown option '--practice'"));
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

static int user_enroll(int argc, char **argv)
{
    user_args a = {0};
    cli_pass pass = {0};
    char prompt[128];
    bb_ctx *ctx = NULL;
    int rc = parse("enroll", argc, argv, OPT_PASS, false, &a);

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

static int user_grant(int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    char fp[BB_FINGERPRINT_TEXT];
    int rc = parse("grant", argc, argv, OPT_PASS | OPT_FP, true, &a);

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

static int user_passwd(int argc, char **argv)
{
    user_args a = {0};
    cli_pass old = {0}, fresh = {0};
    bb_ctx *ctx = NULL;
    int rc = parse("passwd", argc, argv, OPT_PASS | OPT_NEW, false, &a);

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

static int user_revoke(int argc, char **argv)
{
    user_args a = {0};
    bb_ctx *ctx = NULL;
    int rc = parse("revoke", argc, argv, OPT_PASS, true, &a);

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

const cli_command cli_user_commands[] = {
    {"user", "add", user_add, N_("Invite a user with one or more roles (administrators only)"),
     N_("LOGIN --role ROLE[,ROLE...] [--db-role NAME] [--practice NAME] [--passphrase-file "
        "FILE]")},
    {"user", "map", user_map,
     N_("Give an existing user their database login role (administrators only)"),
     N_("LOGIN [--db-role NAME] [--passphrase-file FILE]")},
    {"user", "enroll", user_enroll,
     N_("Choose your passphrase and make your key pair, after an invitation"),
     N_("[LOGIN] [--passphrase-file FILE]")},
    {"user", "grant", user_grant,
     N_("Give an enrolled user the organisation's keys (administrators only)"),
     N_("LOGIN [--fingerprint FP] [--passphrase-file FILE]")},
    {"user", "passwd", user_passwd, N_("Change a passphrase (yours unless LOGIN is given)"),
     N_("[LOGIN] [--passphrase-file FILE] [--new-passphrase-file FILE]")},
    {"user", "revoke", user_revoke,
     N_("Take a user's keys away and make a new organisation key (administrators only)"),
     N_("LOGIN [--passphrase-file FILE]")},
    {NULL, NULL, NULL, NULL, NULL},
};
