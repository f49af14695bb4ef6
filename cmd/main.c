/* bbctl: the command line of bb. Each command group has one table of commands (cmd/<group>.c),
 * each command a table of its options (opts.h); help.c, the parser and dispatch read them. */
#include "cli.h"
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

/* Every group's table; each ends with a NULL entry. Add a group here and in cli.h. */
static const cli_command *const groups[] = {
    cli_help_commands,
    cli_db_commands,
    cli_db_backup_commands,
    cli_init_commands,
    cli_recovery_commands,
    cli_user_commands,
    cli_key_commands,
    cli_key_reindex_commands,
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
    cli_import_commands,
    NULL,
};

const cli_command *cli_next_command(const cli_command *c, int *g)
{
    c = c ? c + 1 : groups[*g];
    while (c != NULL && c->group == NULL)
        c = groups[++*g];
    return c;
}

const cli_command *cli_find(const char *group, const char *verb)
{
    int g = 0;
    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL; c = cli_next_command(c, &g))
        if (strcmp(c->group, group) == 0 &&
            (c->verb == NULL || (verb != NULL && strcmp(c->verb, verb) == 0)))
            return c;
    return NULL;
}

bool cli_group_exists(const char *group)
{
    int g = 0;
    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL; c = cli_next_command(c, &g))
        if (strcmp(c->group, group) == 0)
            return true;
    return false;
}

/* At most this many names to choose a suggestion from (more commands than bbctl has). */
#define NAMES_MAX 160

/* Adds name to names (n of them, room for NAMES_MAX and the NULL) unless it is there. */
static void add_name(const char **names, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(names[i], name) == 0)
            return;
    if (*n < NAMES_MAX)
        names[(*n)++] = name;
    names[*n] = NULL;
}

int cli_no_such_command(const char *group, const char *verb)
{
    const char *names[NAMES_MAX + 1] = {NULL};
    size_t n = 0;
    int g = 0;

    if (!cli_group_exists(group)) {
        for (const cli_command *c = cli_next_command(NULL, &g); c != NULL;
             c = cli_next_command(c, &g))
            add_name(names, &n, c->group);
        return cli_usage_error_near(NULL, bb_closest(group, names), _("no such command '%s'"),
                                    group);
    }
    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL; c = cli_next_command(c, &g))
        if (c->verb != NULL && strcmp(c->group, group) == 0)
            add_name(names, &n, c->verb);
    const cli_command in = {group, NULL, NULL, NULL, NULL, 0};
    return cli_usage_error_near(&in, bb_closest(verb, names), _("no such command '%s %s'"), group,
                                verb);
}

/* Whether a word before "--" asks for help: then the command's help is all bbctl does. */
static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static const cli_option global_options[] = {
    {"db", CLI_STRING_AT(cli_globals, db), .value = N_("CONNINFO"),
     .help = N_("use this PostgreSQL database (libpq string or URI)")},
    {"allow-insecure-tls", CLI_FLAG_AT(cli_globals, allow_insecure_tls),
     .help = N_("allow an sslmode weaker than verify-full to a server that is not on this "
                "machine (with a warning; also BB_ALLOW_INSECURE_TLS=1)")},
    {"data-dir", CLI_STRING_AT(cli_globals, data_dir), .value = N_("DIR"),
     .help = N_("data directory of the embedded database")},
    {"user", CLI_STRING_AT(cli_globals, user), .value = N_("LOGIN"),
     .help = N_("act as this bb user (default: BB_USER or your login)")},
    {"org", CLI_STRING_AT(cli_globals, org), .value = N_("NAME"),
     .help = N_("organisation to work in (needed when there are several)")},
    {"verbose", CLI_COUNT_AT(cli_globals, verbose), .letter = 'v', .flags = CLI_REPEAT,
     .help = N_("say more (twice: debug output)")},
    {"help", CLI_FLAG_AT(cli_globals, help), .letter = 'h', .flags = CLI_NO_SYNOPSIS,
     .help = N_("show this help and exit")},
    {"version", CLI_FLAG_AT(cli_globals, version), .letter = 'V', .flags = CLI_NO_SYNOPSIS,
     .help = N_("show the version and exit")},
    CLI_OPTIONS_END,
};

/* Its options stop at the command word: the rest are the command's own. */
const cli_command cli_global = {NULL, NULL, NULL, NULL, global_options, CLI_IN_ORDER};

static void setup_process(void)
{
    const char *dir = getenv("BB_LOCALEDIR");
    struct rlimit none = {0, 0};

    /* Key material must never land in a core file or another process's hands. */
    setrlimit(RLIMIT_CORE, &none);
    bb_protect_process();
    setlocale(LC_ALL, "");
    /* bb's days and times are the pilot's, the Netherlands', as the database cuts them: a
     * machine on UTC would show other times and another "today" around midnight. */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : BB_LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}

int main(int argc, char **argv)
{
    const cli_command *c;
    int first = argc, rc;

    setup_process();
    if (cli_parse_options(&cli_global, argc, argv, &cli_opts, &first) != CLI_OK)
        return CLI_USAGE;
    if (cli_opts.help)
        cli_help_all();
    else if (cli_opts.version)
        printf("bbctl %s (libbb %s)\n", BB_VERSION, bb_version());
    if (cli_opts.help || cli_opts.version)
        return CLI_OK;
    if (first >= argc)
        return cli_usage_error(NULL, "%s", _("no command given"));
    argc -= first;
    argv += first;
    if (!cli_group_exists(argv[0]))
        return cli_no_such_command(argv[0], NULL);
    if (wants_help(argc, argv))
        return cli_help_topic(argv[0], argc > 1 && argv[1][0] != '-' ? argv[1] : NULL);
    c = cli_find(argv[0], argc > 1 ? argv[1] : NULL);
    if (c == NULL && argc > 1)
        return cli_no_such_command(argv[0], argv[1]);
    if (c == NULL) {
        const cli_command group = {argv[0], NULL, NULL, NULL, NULL, 0};
        return cli_usage_error(&group, _("'%s' needs a subcommand"), argv[0]);
    }
    /* The command's own argv, from its verb (or its group) on. */
    rc = c->verb ? c->run(c, argc - 1, argv + 1) : c->run(c, argc, argv);
    /* No server, or the connection broke: one exit status for scripts, whatever the command
     * returned for its failure. */
    return rc != CLI_OK && cli_opts.conn_failed ? CLI_NOCONN : rc;
}
