/* bbctl: the command line of bb. Each command group has one table (cmd/<group>.c); help and
 * dispatch both read them. */
#include "cli.h"
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Every group's table; each ends with a NULL entry. Add a group here and in cli.h. */
static const cli_command *const groups[] = {
    cli_db_commands,
    cli_init_commands,
    cli_user_commands,
    cli_key_commands,
    cli_audit_commands,
    cli_retention_commands,
    cli_case_commands,
    cli_case_more_commands,
    cli_party_commands,
    cli_person_commands,
    cli_volunteer_commands,
    cli_volunteer_edit_commands,
    cli_contact_commands,
    cli_area_commands,
    cli_config_commands,
    cli_stats_commands,
    cli_export_commands,
    cli_practice_commands,
    cli_referral_commands,
    cli_followup_commands,
    cli_signals_commands,
    cli_demo_commands,
    NULL,
};

/* Walks all commands: start with c = NULL, g = 0. */
static const cli_command *next_command(const cli_command *c, int *g)
{
    c = c ? c + 1 : groups[*g];
    while (c != NULL && c->group == NULL)
        c = groups[++*g];
    return c;
}

const cli_command *cli_find(const char *group, const char *verb)
{
    int g = 0;
    for (const cli_command *c = next_command(NULL, &g); c != NULL; c = next_command(c, &g))
        if (strcmp(c->group, group) == 0 &&
            (c->verb == NULL || (verb != NULL && strcmp(c->verb, verb) == 0)))
            return c;
    return NULL;
}

static bool group_exists(const char *group)
{
    int g = 0;
    for (const cli_command *c = next_command(NULL, &g); c != NULL; c = next_command(c, &g))
        if (strcmp(c->group, group) == 0)
            return true;
    return false;
}

static void print_usage_line(const cli_command *c)
{
    printf("  bbctl %s%s%s%s%s\n      %s\n", c->group, c->verb ? " " : "", c->verb ? c->verb : "",
           *c->usage ? " " : "", *c->usage ? _(c->usage) : "", _(c->summary));
}

static void print_help(const char *group)
{
    if (group == NULL) {
        printf(_("Usage: bbctl [OPTION...] COMMAND [ARG...]\n"
                 "Keep track of neighbourhood mediation cases.\n\n"
                 "Options:\n"
                 "  --db CONNINFO     use this PostgreSQL database (libpq string or URI)\n"
                 "  --data-dir DIR    data directory of the embedded database\n"
                 "  --user LOGIN      act as this bb user (default: BB_USER or your login)\n"
                 "  --org NAME        organisation to work in (needed when there are several)\n"
                 "  -v, --verbose     say more (twice: debug output)\n"
                 "  -h, --help        show this help and exit\n"
                 "  -V, --version     show the version and exit\n\n"
                 "Commands:\n"));
    }
    int g = 0;
    for (const cli_command *c = next_command(NULL, &g); c != NULL; c = next_command(c, &g))
        if (group == NULL || strcmp(group, c->group) == 0)
            print_usage_line(c);
    if (group == NULL) /* its own message, so the blocks around keep their translation */
        printf("%s", _("\nConnection option:\n"
                       "  --allow-insecure-tls  allow an sslmode weaker than verify-full to a "
                       "server that is\n                    not on this machine (with a "
                       "warning; also BB_ALLOW_INSECURE_TLS=1)\n"));
    if (group == NULL)
        printf(_("\nWithout --db, BB_DATABASE_URL, PGSERVICE or PGHOST, bbctl uses the embedded "
                 "database in BB_DATA_DIR.\nExit status: 0 ok, 1 failure, 2 usage, 3 not found, "
                 "4 conflict, 5 denied.\nSee 'bbctl help COMMAND' and bbctl(1).\n"));
}

static int cmd_help(int argc, char **argv)
{
    const cli_command *c;

    if (argc < 2) {
        print_help(NULL);
        return CLI_OK;
    }
    if (!group_exists(argv[1]))
        return cli_usage_error(NULL, _("no such command '%s'"), argv[1]);
    c = argc >= 3 ? cli_find(argv[1], argv[2]) : NULL;
    if (argc >= 3 && c == NULL)
        return cli_usage_error(NULL, _("no such command '%s %s'"), argv[1], argv[2]);
    if (c != NULL)
        print_usage_line(c);
    else
        print_help(argv[1]);
    return CLI_OK;
}

static int parse_globals(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},      {"data-dir", required_argument, NULL, 'D'},
        {"verbose", no_argument, NULL, 'v'},       {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},       {"org", required_argument, NULL, 'o'},
        {"user", required_argument, NULL, 'u'},    {"allow-insecure-tls", no_argument, NULL, 'T'},
        {NULL, 0, NULL, 0},
    };
    int opt;

    /* "+": stop at the command word, its options are its own; ":": we word the errors. */
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+:vhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            cli_opts.db = optarg;
            break;
        case 'D':
            cli_opts.data_dir = optarg;
            break;
        case 'o':
            cli_opts.org = optarg;
            break;
        case 'u':
            cli_opts.user = optarg;
            break;
        case 'T':
            cli_opts.allow_insecure_tls = 1;
            break;
        case 'v':
            cli_opts.verbose++;
            break;
        case 'h':
            print_help(NULL);
            exit(CLI_OK);
        case 'V':
            printf("bbctl %s (libbb %s)\n", BB_VERSION, bb_version());
            exit(CLI_OK);
        case ':':
            cli_usage_error(NULL, _("option '%s' needs a value"), argv[optind - 1]);
            return -1;
        default:
            cli_usage_error(NULL, _("unknown option '%s'"), argv[optind - 1]);
            return -1;
        }
    }
    return optind;
}

static void setup_process(void)
{
    const char *dir = getenv("BB_LOCALEDIR");
    struct rlimit none = {0, 0};

    /* Key material must never land in a core file or another process's hands. */
    setrlimit(RLIMIT_CORE, &none);
    bb_protect_process();
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : BB_LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}

int main(int argc, char **argv)
{
    const cli_command *c;
    int first;

    setup_process();
    first = parse_globals(argc, argv);
    if (first < 0)
        return CLI_USAGE;
    if (first >= argc)
        return cli_usage_error(NULL, "%s", _("no command given"));
    argc -= first;
    argv += first;
    if (strcmp(argv[0], "help") == 0)
        return cmd_help(argc, argv);
    if (!group_exists(argv[0]))
        return cli_usage_error(NULL, _("no such command '%s'"), argv[0]);
    c = cli_find(argv[0], argc > 1 ? argv[1] : NULL);
    if (c == NULL && argc > 1)
        return cli_usage_error(NULL, _("no such command '%s %s'"), argv[0], argv[1]);
    if (c == NULL) {
        const cli_command group = {argv[0], NULL, NULL, NULL, NULL};
        return cli_usage_error(&group, _("'%s' needs a subcommand"), argv[0]);
    }
    /* Hand the command its own argv, starting at its verb, with getopt reset. */
    optind = 0; /* 0, not 1: glibc then forgets the "+" mode of the global parse */
    return c->verb ? c->run(argc - 1, argv + 1) : c->run(argc, argv);
}
