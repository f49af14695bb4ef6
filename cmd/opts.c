/* The one parser of bbctl's arguments and options, by the command's table (opts.h); getopt_long
 * does the reading, so every command takes options alike: anywhere, abbreviated, "--" ends
 * them. */
#include "opts.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* At most this many entries in a table; getopt_long's value of entry i is CLI_VAL + i. */
#define CLI_OPTIONS_MAX 40
#define CLI_VAL         256
#define CLI_VAL_HELP    (CLI_VAL + CLI_OPTIONS_MAX)

/* At most this many keywords of an option are weighed for a suggestion. */
#define CLI_KEYWORDS_MAX 64

/* Whole numbers without a range of their own stay within this. */
#define CLI_NUMBER_BOUND 1000000

const cli_option cli_no_options[] = {CLI_OPTIONS_END};

typedef struct parse_state {
    const cli_command *cmd;
    char *args;
    bool given[CLI_OPTIONS_MAX];
} parse_state;

/* A table's message: its first "%s" becomes first, its second second; nothing else is read
 * as a directive, so a message can never take more than it is given. */
static int table_error(const cli_command *cmd, const char *near, const char *msg, const char *first,
                       const char *second)
{
    char text[512];
    size_t n = 0;

    for (; *msg != '\0' && n + 1 < sizeof text; msg++) {
        const char *put = strncmp(msg, "%s", 2) == 0 ? first : NULL;
        if (put == NULL) {
            text[n++] = *msg;
            continue;
        }
        n += (size_t)snprintf(text + n, sizeof text - n, "%s", put);
        n = n < sizeof text ? n : sizeof text - 1;
        first = second;
        second = "";
        msg++;
    }
    text[n] = '\0';
    return cli_usage_error_near(cmd, near, "%s", text);
}

/* "--name" for an option, the placeholder for an argument. */
static const char *label(const cli_option *o, char *buf, size_t size)
{
    if (o->name == NULL)
        return _(o->value);
    snprintf(buf, size, "--%s", o->name);
    return buf;
}

static bool has_option(const cli_command *cmd, const char *name)
{
    for (const cli_option *o = cmd->options; o->kind != CLI_END; o++)
        if (o->name != NULL && strcmp(o->name, name) == 0)
            return true;
    return false;
}

/* getopt_long's tables from cmd's: long options, and the short ones as "+:vh" letters. */
static int build(const cli_command *cmd, struct option *longopts, char *letters)
{
    size_t n = 0, l = 0;
    int i = 0;

    if (cmd->flags & CLI_IN_ORDER)
        letters[l++] = '+'; /* stop at the first argument */
    letters[l++] = ':';     /* we word the errors */
    for (const cli_option *o = cmd->options; o->kind != CLI_END; o++, i++) {
        int has_arg = o->kind == CLI_FLAG || o->kind == CLI_COUNT ? no_argument
                      : o->kind == CLI_REFUSED                    ? optional_argument
                                                                  : required_argument;
        if (i >= CLI_OPTIONS_MAX) {
            fprintf(stderr, "bbctl: %s\n", "too many options in a table");
            return CLI_FAILURE;
        }
        if (o->name != NULL)
            longopts[n++] = (struct option){o->name, has_arg, NULL, CLI_VAL + i};
        if (o->letter != 0) {
            letters[l++] = o->letter;
            if (has_arg == required_argument)
                letters[l++] = ':';
        }
    }
    if (!has_option(cmd, "help"))
        longopts[n++] = (struct option){"help", no_argument, NULL, CLI_VAL_HELP};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    letters[l] = '\0';
    return CLI_OK;
}

/* The entry getopt_long answered with opt (CLI_VAL + i, or a short letter). */
static const cli_option *entry_of(const cli_command *cmd, int opt)
{
    const cli_option *o = cmd->options;

    if (opt >= CLI_VAL)
        return &o[opt - CLI_VAL];
    while (o->kind != CLI_END && o->letter != opt)
        o++;
    return o;
}

/* Another command of the same group that takes the option "--name". */
static bool sibling_takes(const cli_command *cmd, const char *name)
{
    int g = 0;

    if (cmd->group == NULL || strncmp(name, "--", 2) != 0)
        return false;
    for (const cli_command *c = cli_next_command(NULL, &g); c != NULL; c = cli_next_command(c, &g))
        if (c != cmd && strcmp(c->group, cmd->group) == 0 && has_option(c, name + 2))
            return true;
    return false;
}

/* The option of cmd's table (or --help) nearest to "--name", as "--near" in buf; or NULL. */
static const char *near_option(const cli_command *cmd, const char *name, char *buf, size_t size)
{
    const char *names[CLI_OPTIONS_MAX + 2] = {"help"}, *near;
    size_t n = 1;

    if (strncmp(name, "--", 2) != 0)
        return NULL;
    for (const cli_option *o = cmd->options; o->kind != CLI_END && n <= CLI_OPTIONS_MAX; o++)
        if (o->name != NULL && !(o->flags & CLI_HIDDEN))
            names[n++] = o->name;
    names[n] = NULL;
    if ((near = bb_closest(name + 2, names)) == NULL)
        return NULL;
    snprintf(buf, size, "--%s", near);
    return buf;
}

/* getopt_long's '?' and ':': the option by its name, never with a value given to it. */
static int refuse_option(const cli_command *cmd, int opt, char **argv)
{
    const char *arg = argv[optind - 1];
    char name[64], near[64];

    if (optopt == CLI_VAL_HELP)
        snprintf(name, sizeof name, "--help");
    else if (optopt >= CLI_VAL) /* a known long option */
        label(entry_of(cmd, optopt), name, sizeof name);
    else if (optopt != 0)
        snprintf(name, sizeof name, "-%c", optopt);
    else /* "--name=value": the name only */
        snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
    if (opt == ':')
        return cli_usage_error(cmd, _("option '%s' needs a value"), name);
    if (optopt >= CLI_VAL)
        return cli_usage_error(cmd, _("option '%s' takes no value"), name);
    if (sibling_takes(cmd, name))
        return cli_usage_error(cmd, _("%s does not belong to this command"), name);
    return cli_usage_error_near(cmd, near_option(cmd, name, near, sizeof near),
                                _("unknown option '%s'"), name);
}

/* Reads a whole number: the whole text, in range; ULLONG: 0 or more, any size. */
static bool read_number(const cli_option *o, const char *text, long long lo, long long hi,
                        long long *v, unsigned long long *u)
{
    char *end = NULL;

    errno = 0;
    if (o->kind == CLI_ULLONG && text[0] != '-')
        *u = strtoull(text, &end, 10);
    else if (o->kind != CLI_ULLONG)
        *v = strtoll(text, &end, 10);
    return end != NULL && errno == 0 && end != text && *end == '\0' && *v >= lo && *v <= hi;
}

/* A whole number into the entry's target, within its range. */
static int take_number(const cli_command *cmd, const cli_option *o, const char *text, void *to)
{
    bool ranged = o->min < o->max;
    long long lo = ranged ? o->min : -CLI_NUMBER_BOUND, hi = ranged ? o->max : CLI_NUMBER_BOUND;
    unsigned long long u = 0;
    long long v = 0;
    char name[64];

    if (!read_number(o, text, ranged ? LLONG_MIN : lo, ranged ? LLONG_MAX : hi, &v, &u))
        return cli_usage_error(cmd, _("%s: '%s' is not a whole number"),
                               label(o, name, sizeof name), text);
    if (v < lo || v > hi)
        return cli_usage_error(cmd, _("%s: '%s' is not a number from %lld to %lld"),
                               label(o, name, sizeof name), text, lo, hi);
    if (o->kind == CLI_INT)
        *(int *)to = (int)v;
    else if (o->kind == CLI_LLONG)
        *(long long *)to = v;
    else
        *(unsigned long long *)to = u;
    return CLI_OK;
}

/* A comma list, split in place; a repeated option (CLI_REPEAT) adds to the words before. */
static int take_list(const cli_command *cmd, const cli_option *o, char *text, cli_list *to)
{
    size_t max = o->max > 0 && o->max < CLI_LIST_MAX ? (size_t)o->max : CLI_LIST_MAX;
    char name[64];
    size_t n = (o->flags & CLI_REPEAT) && to->given ? to->n : 0;

    to->given = true;
    to->n = n;
    if (*text == '\0' && (o->flags & CLI_MAY_BE_EMPTY))
        return CLI_OK;
    for (char *word = text, *next; word != NULL; word = next) {
        next = strchr(word, ',');
        if (next != NULL)
            *next++ = '\0';
        if (*word == '\0' || n == max)
            return cli_usage_error(cmd, _("%s: expected %s"), label(o, name, sizeof name),
                                   _(o->value));
        to->item[n++] = word;
    }
    to->n = n;
    return CLI_OK;
}

static int take_keyword(const cli_command *cmd, const cli_option *o, const char *text, int *to)
{
    const char *words[CLI_KEYWORDS_MAX + 1] = {NULL};
    char name[64];
    size_t n = 0;

    for (const cli_keyword *k = o->words; k->word != NULL; k++) {
        if (n < CLI_KEYWORDS_MAX)
            words[n++] = k->word;
        if (strcmp(k->word, text) != 0)
            continue;
        *to = o->kind == CLI_KEYWORDS ? *to | k->value : k->value;
        return CLI_OK;
    }
    return table_error(cmd, bb_closest(text, words),
                       o->bad ? _(o->bad) : _("%s: unknown value '%s'"),
                       label(o, name, sizeof name), text);
}

/* Stores one word (an option's value or an argument) in the entry's target. */
static int store(const cli_command *cmd, const cli_option *o, char *text, char *args)
{
    void *to = args + o->at;

    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)to = true;
        return CLI_OK;
    case CLI_COUNT:
        ++*(int *)to;
        return CLI_OK;
    case CLI_STRING:
        *(const char **)to = text;
        return CLI_OK;
    case CLI_CASE:
        *(const char **)to = text;
        return cli_case_later((const char **)to);
    case CLI_LIST:
        return take_list(cmd, o, text, to);
    case CLI_KEYWORD:
    case CLI_KEYWORDS:
        return take_keyword(cmd, o, text, to);
    case CLI_REFUSED:
        return cli_usage_error(cmd, "%s", _(o->bad));
    default:
        return take_number(cmd, o, text, to);
    }
}

static int read_options(parse_state *s, int argc, char **argv, int *next)
{
    struct option longopts[CLI_OPTIONS_MAX + 2];
    char letters[2 * CLI_OPTIONS_MAX + 3];
    int opt, rc = build(s->cmd, longopts, letters);

    optind = 0; /* 0, not 1: glibc then starts afresh, with this call's ordering */
    opterr = 0;
    while (rc == CLI_OK && (opt = getopt_long(argc, argv, letters, longopts, NULL)) != -1) {
        if (opt == '?' || opt == ':') {
            rc = refuse_option(s->cmd, opt, argv);
        } else if (opt == CLI_VAL_HELP) {
            cli_help_command(s->cmd);
            exit(CLI_OK);
        } else {
            const cli_option *o = entry_of(s->cmd, opt);
            s->given[o - s->cmd->options] = true;
            rc = store(s->cmd, o, optarg, s->args);
        }
    }
    *next = optind;
    return rc;
}

static int missing(const cli_command *cmd, const cli_option *o)
{
    char name[64];

    return table_error(cmd, NULL, o->missing ? _(o->missing) : _("%s is required"),
                       label(o, name, sizeof name), "");
}

/* The words after the options, one an argument, in table order. */
static int take_arguments(parse_state *s, int n, char **words)
{
    int k = 0, rc = CLI_OK;

    for (const cli_option *o = s->cmd->options; rc == CLI_OK && o->kind != CLI_END; o++) {
        if (o->name != NULL)
            continue;
        if (k < n)
            rc = store(s->cmd, o, words[k++], s->args);
        else if (o->flags & CLI_REQUIRED)
            rc = missing(s->cmd, o);
    }
    if (rc == CLI_OK && k < n)
        rc = cli_usage_error(s->cmd, _("unexpected argument '%s'"), words[k]);
    return rc;
}

/* Given, or set before the parse (a default the command took from elsewhere). */
static bool present(const parse_state *s, const cli_option *o)
{
    bool text = o->kind == CLI_STRING || o->kind == CLI_CASE;

    return s->given[o - s->cmd->options] || (text && *(const char **)(s->args + o->at) != NULL);
}

/* Each required item of options: one of its entries is there. */
static int check_required(const parse_state *s)
{
    const cli_option *o = s->cmd->options;

    for (size_t i = 0; o[i].kind != CLI_END; i++) {
        bool there = false;
        if (o[i].name == NULL || o[i].join != CLI_ALONE || !(o[i].flags & CLI_REQUIRED))
            continue;
        for (size_t j = i; o[j].kind != CLI_END && (j == i || o[j].join != CLI_ALONE); j++)
            there = there || present(s, &o[j]);
        if (!there)
            return missing(s->cmd, &o[i]);
    }
    return CLI_OK;
}

int cli_parse_options(const cli_command *cmd, int argc, char **argv, void *args, int *next)
{
    parse_state s = {cmd, args, {false}};

    return read_options(&s, argc, argv, next);
}

int cli_parse(const cli_command *cmd, int argc, char **argv, void *args)
{
    parse_state s = {cmd, args, {false}};
    int next = argc, rc = read_options(&s, argc, argv, &next);

    if (rc == CLI_OK)
        rc = take_arguments(&s, argc - next, argv + next);
    if (rc == CLI_OK)
        rc = check_required(&s);
    return rc;
}
