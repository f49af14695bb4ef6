/* Declared options: each command lists its arguments and options in a table of cli_option (as
 * notmuch's parse_arguments does). One parser reads argv by that table; the same table gives
 * the command's --help and its synopsis in bbctl(1) (`bbctl help --synopsis`). */
#ifndef BB_CLI_OPTS_H
#define BB_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>

struct cli_command;

/* What an entry takes, and the type of its target in the command's argument struct. */
enum cli_kind {
    CLI_END,      /* ends a table */
    CLI_FLAG,     /* bool: true when given */
    CLI_COUNT,    /* int: one more each time it is given */
    CLI_STRING,   /* const char *: the word as given */
    CLI_INT,      /* int: a whole number */
    CLI_LLONG,    /* long long: a whole number */
    CLI_ULLONG,   /* unsigned long long: a whole number, 0 or more, no bound */
    CLI_LIST,     /* cli_list: a comma list (CLI_REPEAT: the words of every time given) */
    CLI_KEYWORD,  /* int: the value of the keyword given */
    CLI_KEYWORDS, /* int: the values of the keywords given, or-ed (the option repeats) */
    CLI_REFUSED,  /* no target: the option is refused, `bad` says why; its value is never shown */
    CLI_CASE,     /* const char *: a case number as typed, full once cli_open expanded it */
};

/* How an entry stands in the synopsis, next to the entry before it. */
enum cli_join {
    CLI_ALONE, /* an item of its own: bare when required, else in [ ] */
    CLI_OR,    /* an alternative in the item before: (A | B), [A | B] */
    CLI_AND,   /* given together with the item before, in its brackets: [A B] */
    CLI_INNER, /* optional inside the item before: [A [B]] */
};

enum cli_flag {
    CLI_REQUIRED = 1 << 0,     /* the item (one of its alternatives) must be given */
    CLI_REPEAT = 1 << 1,       /* may be given more than once: [A]... */
    CLI_HIDDEN = 1 << 2,       /* taken, but in neither --help nor the synopsis */
    CLI_NO_SYNOPSIS = 1 << 3,  /* in --help, not in the synopsis */
    CLI_MAY_BE_EMPTY = 1 << 4, /* a list: '' is an empty list */
};

/* A comma list: at most CLI_LIST_MAX words (or the entry's max). */
#define CLI_LIST_MAX 16
typedef struct cli_list {
    const char *item[CLI_LIST_MAX];
    size_t n;
    bool given;
} cli_list;

typedef struct cli_keyword {
    const char *word;
    int value;
} cli_keyword;

/* One argument or option. An argument (name NULL) takes the next word left after the
 * options, in table order; an option takes --name (or -letter) and, but for a flag, a value. */
typedef struct cli_option {
    const char *name;         /* the long option without "--"; NULL for an argument */
    unsigned char kind;       /* enum cli_kind */
    unsigned char join;       /* enum cli_join */
    unsigned char flags;      /* enum cli_flag */
    char letter;              /* the short option, or 0 */
    size_t at;                /* where the value goes: an offset in the argument struct */
    const char *value;        /* N_(): the value's placeholder (DATE), an argument's name */
    const char *help;         /* N_(): one line for --help */
    const char *missing;      /* N_(): the error when a required item is missing ("%s": it) */
    const char *bad;          /* N_(): a keyword's "%s: '%s' ..." error; why it is refused */
    const cli_keyword *words; /* keywords: ends with {NULL, 0} */
    long long min, max;       /* numbers: the range when min < max; lists: max words */
} cli_option;

/* offsetof(T, f), refused at compile time unless T's field f has the type `type`. */
#define CLI_AT(T, f, type)                                                                         \
    (offsetof(T, f) + 0 * sizeof(struct {                                                          \
                          int of_its_kind : _Generic(((T *)0)->f, type : 1, default : -1);         \
                      }))

/* The kind of an entry with its target: {"name", CLI_STRING_AT(args, field), ...}. */
#define CLI_FLAG_AT(T, f)     .kind = CLI_FLAG, .at = CLI_AT(T, f, bool)
#define CLI_COUNT_AT(T, f)    .kind = CLI_COUNT, .at = CLI_AT(T, f, int)
#define CLI_STRING_AT(T, f)   .kind = CLI_STRING, .at = CLI_AT(T, f, const char *)
#define CLI_CASE_AT(T, f)     .kind = CLI_CASE, .at = CLI_AT(T, f, const char *)
#define CLI_INT_AT(T, f)      .kind = CLI_INT, .at = CLI_AT(T, f, int)
#define CLI_LLONG_AT(T, f)    .kind = CLI_LLONG, .at = CLI_AT(T, f, long long)
#define CLI_ULLONG_AT(T, f)   .kind = CLI_ULLONG, .at = CLI_AT(T, f, unsigned long long)
#define CLI_LIST_AT(T, f)     .kind = CLI_LIST, .at = CLI_AT(T, f, cli_list)
#define CLI_KEYWORD_AT(T, f)  .kind = CLI_KEYWORD, .at = CLI_AT(T, f, int)
#define CLI_KEYWORDS_AT(T, f) .kind = CLI_KEYWORDS, .at = CLI_AT(T, f, int)

/* Entries many commands share. */
/* clang-format off */
#define CLI_OPT_JSON(T, f)                                                                         \
    {"json", CLI_FLAG_AT(T, f), .help = N_("print JSON (shapes in docs/json.md)")}
#define CLI_OPT_VERSION(T, f)                                                                      \
    {"version", CLI_LLONG_AT(T, f), .value = N_("N"),                                              \
     .help = N_("refuse the change when it was changed since version N")}
#define CLI_OPT_LIMIT(T, f)                                                                        \
    {"limit", CLI_INT_AT(T, f), .value = N_("N"), .help = N_("at most N per page")}
#define CLI_OPT_ID(T, f)                                                                           \
    {"id", CLI_STRING_AT(T, f), .value = N_("UUID"),                                               \
     .help = N_("a UUID made by the client, so a retry cannot record it twice")}
#define CLI_OPT_DATE(T, f, help_text)                                                              \
    {"date", CLI_STRING_AT(T, f), .value = N_("DATE"), .help = help_text}
/* --passphrase-file FILE, and --passphrase, which is there only to be refused without its
 * value ever being shown (a passphrase on the command line is seen by other users). */
#define CLI_OPT_PASSPHRASE_FILE(T, f)                                                              \
    {"passphrase-file", CLI_STRING_AT(T, f), .value = N_("FILE"),                                  \
     .help = N_("read the passphrase from the first line of FILE")},                               \
    CLI_OPT_REFUSED_PASSPHRASE("passphrase")
#define CLI_OPT_REFUSED_PASSPHRASE(option_name)                                                    \
    {option_name, .kind = CLI_REFUSED, .flags = CLI_HIDDEN,                                        \
     .bad = N_("a passphrase is never taken on the command line (others can see it); use "         \
               "--passphrase-file FILE, BB_PASSPHRASE_FILE or the prompt")}
#define CLI_OPTIONS_END {NULL, .kind = CLI_END}
/* clang-format on */

/* The table of a command without arguments or options. */
extern const cli_option cli_no_options[];

/* Reads argv (argv[0] is the command's word) by cmd->options into the argument struct args:
 * the options, anywhere (only before the first argument with CLI_IN_ORDER), then the
 * arguments; then whether each required item is there. What args holds before stays unless
 * given. --help prints the command's help and exits. Returns CLI_OK, or prints the usage error
 * naming the option (and the value, but never a refused one's) and returns CLI_USAGE. */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, void *args);

/* Only the options of cli_parse: *next is the index of the first word that is not one (the
 * command, for bbctl's own options). */
int cli_parse_options(const struct cli_command *cmd, int argc, char **argv, void *args, int *next);

#endif
