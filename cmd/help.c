/* What bbctl says about its commands, all from their tables: bbctl --help, a command's --help,
 * `bbctl help [COMMAND [SUBCOMMAND]]`, and `bbctl help --synopsis`, the synopses that bbctl(1)
 * must show (tests/cli/man.sh compares them). */
#include "cli.h"

#include <string.h>

/* The column of the help texts in the lists of options. */
#define HELP_COLUMN 26
#define LINE_END    79

static bool in_synopsis(const cli_option *o)
{
    return !(o->flags & (CLI_HIDDEN | CLI_NO_SYNOPSIS));
}

/* One entry: "CASE", "--date DATE", "-v". */
static void print_piece(FILE *f, const cli_option *o)
{
    if (o->name == NULL) {
        fputs(_(o->value), f);
        return;
    }
    if (o->letter != 0)
        fprintf(f, "-%c", o->letter);
    else
        fprintf(f, "--%s", o->name);
    if (o->value != NULL)
        fprintf(f, " %s", _(o->value));
}

/* The item that starts at o[0], with the entries joined to it: "[--area AREA | --no-area]". */
static void print_item(FILE *f, const cli_option *o)
{
    bool required = o[0].flags & CLI_REQUIRED, alternatives = false;
    size_t end = 1;

    for (; o[end].kind != CLI_END && o[end].join != CLI_ALONE; end++)
        alternatives = alternatives || (o[end].join == CLI_OR && in_synopsis(&o[end]));
    fputs(!required ? "[" : alternatives ? "(" : "", f);
    print_piece(f, &o[0]);
    for (size_t j = 1; j < end; j++) {
        if (!in_synopsis(&o[j]))
            continue;
        fputs(o[j].join == CLI_OR ? " | " : o[j].join == CLI_INNER ? " [" : " ", f);
        print_piece(f, &o[j]);
        fputs(o[j].join == CLI_INNER ? "]" : "", f);
    }
    fputs(!required ? "]" : alternatives ? ")" : "", f);
    fputs(o[0].flags & CLI_REPEAT ? "..." : "", f);
}

void cli_print_synopsis(FILE *f, const cli_command *cmd)
{
    const cli_option *o = cmd->options;

    for (size_t i = 0; o[i].kind != CLI_END; i++) {
        if (o[i].join != CLI_ALONE || !in_synopsis(&o[i]))
            continue;
        fputc(' ', f);
        print_item(f, &o[i]);
    }
}

/* Characters, not bytes: translated placeholders may have accents. */
static int width(const char *s)
{
    int n = 0;

    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* "  left   help", the help from HELP_COLUMN on, folded at word ends before LINE_END. */
static void print_option_line(FILE *f, const char *left, const char *help)
{
    const char *text = help != NULL ? _(help) : "";
    int col = width(left) + 2;

    fprintf(f, "  %s", left);
    if (*text != '\0' && col + 2 > HELP_COLUMN) {
        fputc('\n', f);
        col = 0;
    }
    while (*text != '\0') {
        size_t word = strcspn(text, " ");
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", (int)word, text);
        if (col > HELP_COLUMN && col + 1 + width(buf) > LINE_END) {
            fputc('\n', f);
            col = 0;
        }
        col += fprintf(f, "%*s%s", col < HELP_COLUMN ? HELP_COLUMN - col : 1, "", buf) -
               ((int)strlen(buf) - width(buf));
        text += word + (text[word] == ' ');
    }
    fputc('\n', f);
}

void cli_print_options(FILE *f, const cli_command *cmd)
{
    bool own_help = false;
    char left[128];

    for (const cli_option *o = cmd->options; o->kind != CLI_END; o++) {
        own_help = own_help || (o->name != NULL && strcmp(o->name, "help") == 0);
        if (o->flags & CLI_HIDDEN)
            continue;
        if (o->name == NULL)
            snprintf(left, sizeof left, "%s", _(o->value));
        else if (o->letter != 0)
            snprintf(left, sizeof left, "-%c, --%s", o->letter, o->name);
        else
            snprintf(left, sizeof left, "--%s", o->name);
        if (o->name != NULL && o->value != NULL)
            snprintf(left + strlen(left), sizeof left - strlen(left), " %s", _(o->value));
        print_option_line(f, left, o->help);
    }
    if (!own_help)
        print_option_line(f, "--help", N_("show this help and exit"));
}

/* "bbctl case new" */
static void print_command_name(FILE *f, const cli_command *c)
{
    fprintf(f, "bbctl %s%s%s", c->group, c->verb ? " " : "", c->verb ? c->verb : "");
}

static void print_usage_line(const cli_command *c)
{
    printf("  ");
    print_command_name(stdout, c);
    cli_print_synopsis(stdout, c);
    printf("\n      %s\n", _(c->summary));
}

void cli_help_command(const cli_command *cmd)
{
    printf("%s ", _("Usage:"));
    print_command_name(stdout, cmd);
    cli_print_synopsis(stdout, cmd);
    printf("\n%s\n\n", _(cmd->summary));
    cli_print_options(stdout, cmd);
    fflush(stdout);
}

/* bbctl --help's topics, in the order and with the names of bbctl(1)'s sections; each group of
 * commands is in one. A group in none is listed last, under "Other commands". */
static const struct topic {
    const char *name; /* N_() */
    const char *groups[8];
} topics[] = {
    {N_("Help"), {"help"}},
    {N_("Database"), {"db"}},
    {N_("Organisation, users and keys"), {"init", "recover", "recovery", "user", "key", "unlock", "lock"}},
    {N_("People's rights"), {"person"}},
    {N_("Audit and retention"), {"audit", "retention"}},
    {N_("Cases"), {"case"}},
    {N_("Parties, volunteers, contact moments"), {"party", "volunteer", "contact"}},
    {N_("Areas and settings"), {"area", "config"}},
    {N_("Referrals, follow-up and signals"), {"practice", "referral", "followup", "signals"}},
    {N_("Demo data"), {"demo"}},
    {N_("Importing cases"), {"import"}},
    {N_("Figures"), {"stats", "export"}},
};
#define N_TOPICS (sizeof topics / sizeof topics[0])

static bool in_a_topic(const char *group)
{
    for (size_t t = 0; t < N_TOPICS; t++)
        for (size_t i = 0; i < 8 && topics[t].groups[i] != NULL; i++)
            if (strcmp(topics[t].groups[i], group) == 0)
                return true;
    return false;
}

/* The usage lines of one group's commands. */
static void print_group(const char *group)
{
    int g = 0;

    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL; c = cli_next_command(c, &g))
        if (strcmp(c->group, group) == 0)
            print_usage_line(c);
}

/* Every command, by topic. */
static void print_topics(void)
{
    bool other = false;
    int g = 0;

    for (size_t t = 0; t < N_TOPICS; t++) {
        printf("\n%s:\n", _(topics[t].name));
        for (size_t i = 0; i < 8 && topics[t].groups[i] != NULL; i++)
            print_group(topics[t].groups[i]);
    }
    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL;
         c = cli_next_command(c, &g)) {
        if (in_a_topic(c->group))
            continue;
        if (!other)
            printf("\n%s:\n", _("Other commands"));
        other = true;
        print_usage_line(c);
    }
}

/* bbctl --help: its own options, then every command by topic. */
void cli_help_all(void)
{
    printf("%s", _("Usage: bbctl [OPTION...] COMMAND [ARG...]\n"
                   "Keep track of neighbourhood mediation cases.\n\n"
                   "Options:\n"));
    cli_print_options(stdout, &cli_global);
    print_topics();
    printf(_("\nWithout --db, BB_DATABASE_URL, PGSERVICE or PGHOST, bbctl uses the embedded "
             "database in BB_DATA_DIR.\nExit status: 0 ok, 1 failure, 2 usage, 3 not found, "
             "4 conflict, 5 denied.\nSee 'bbctl help COMMAND' and bbctl(1).\n"));
}

/* Every synopsis, one a line, as bbctl(1) shows them (untranslated under LC_ALL=C). */
static void print_synopses(void)
{
    int g = 0;

    printf("bbctl");
    cli_print_synopsis(stdout, &cli_global);
    printf(" %s\n", _("COMMAND [ARGUMENT...]"));
    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL;
         c = cli_next_command(c, &g)) {
        print_command_name(stdout, c);
        cli_print_synopsis(stdout, c);
        putchar('\n');
    }
}

typedef struct help_args {
    const char *group, *verb;
    bool synopsis;
} help_args;

int cli_help_topic(const char *group, const char *verb)
{
    const cli_command *c = NULL;

    if (!cli_group_exists(group))
        return cli_no_such_command(group, NULL);
    if ((c = cli_find(group, verb)) != NULL)
        cli_help_command(c);
    else if (verb != NULL)
        return cli_no_such_command(group, verb);
    else
        print_group(group);
    return CLI_OK;
}

static int help_run(const cli_command *cmd, int argc, char **argv)
{
    help_args a = {0};
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if (a.synopsis)
        print_synopses();
    else if (a.group == NULL)
        cli_help_all();
    else
        rc = cli_help_topic(a.group, a.verb);
    return rc;
}

static const cli_option help_options[] = {
    {NULL, CLI_STRING_AT(help_args, group), .value = N_("COMMAND"),
     .help = N_("a command, or a group of them (db, case, ...)")},
    {NULL, CLI_STRING_AT(help_args, verb), .join = CLI_INNER, .value = N_("SUBCOMMAND"),
     .help = N_("one command of the group")},
    {"synopsis", CLI_FLAG_AT(help_args, synopsis), .flags = CLI_HIDDEN},
    CLI_OPTIONS_END,
};

const cli_command cli_help_commands[] = {
    {"help", NULL, help_run, N_("Show the commands, or one command's arguments and options"),
     help_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
