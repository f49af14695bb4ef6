/* bbctl init: a new organisation with its keys and its first user. */
#include "cli.h"
#include "passphrase.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>

typedef struct init_args {
    const char *org, *admin, *pass_file;
} init_args;

static int parse(int argc, char **argv, init_args *a)
{
    static const struct option longopts[] = {
        {"org", required_argument, NULL, 'o'},
        {"admin", required_argument, NULL, 'a'},
        CLI_PASS_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    const cli_command *self = cli_find("init", NULL);
    int opt;

    optind = 0; /* start afresh: main parsed its own options with another argv */
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (opt == 'o')
            a->org = optarg;
        else if (opt == 'a')
            a->admin = optarg;
        else if (opt == 'F')
            a->pass_file = optarg;
        else
            return cli_option_error(self, opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(self, _("unexpected argument '%s'"), argv[optind]);
    if (a->org == NULL)
        return cli_usage_error(self, "%s", _("the organisation's name is needed: --org NAME"));
    if (a->admin == NULL)
        return cli_usage_error(self, "%s",
                               _("the first administrator's login is needed: --admin LOGIN"));
    return CLI_OK;
}

static int init_run(int argc, char **argv)
{
    init_args a = {cli_opts.org, NULL, NULL};
    cli_pass pass = {0};
    char prompt[128];
    bb_ctx *ctx = NULL;
    int rc = parse(argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    /* Open first: no passphrase typed twice for a database that is not there. */
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
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
     N_("--org NAME --admin LOGIN [--passphrase-file FILE]")},
    {NULL, NULL, NULL, NULL, NULL},
};
