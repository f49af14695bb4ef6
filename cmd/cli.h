/* Shared pieces of bbctl's commands: options, opening the database, errors and exit codes. */
#ifndef BB_CLI_H
#define BB_CLI_H

#include "opts.h"

#include <bb.h>
#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>

#define _(s)  gettext(s)
#define N_(s) s

/* Exit codes, documented in bbctl(1). */
enum cli_exit {
    CLI_OK = 0,
    CLI_FAILURE = 1,
    CLI_USAGE = 2,
    CLI_NOTFOUND = 3,
    CLI_CONFLICT = 4,
    CLI_DENIED = 5,
    CLI_NOCONN = 6, /* the database server could not be reached, or the connection broke */
};

/* Global options, parsed before the command. */
typedef struct cli_globals {
    const char *db;          /* --db */
    const char *data_dir;    /* --data-dir */
    const char *org;         /* --org: the organisation to work in (NULL: the only one) */
    const char *user;        /* --user: the acting bb user (else BB_USER, the OS login) */
    int verbose;             /* -v, repeatable */
    bool allow_insecure_tls; /* --allow-insecure-tls */
    bool help, version;      /* --help, --version: main.c answers them before any command */
    bool any_schema;         /* db migrate: cli_open lets a newer schema through (migrate
                                names what is newer itself) */
    bool report;             /* stats, export: cli_open takes BB_REPORT_DATABASE_URL when set
                                and --db is not given (a standby, docs/admin.md) */
    bool conn_failed;        /* cli_fail saw BB_ECONN: main exits with CLI_NOCONN */
} cli_globals;

extern cli_globals cli_opts;

/* A command: `bbctl GROUP VERB ARGS...` (verb NULL for one-word commands). run gets its own
 * command and its argv from the verb (or the group) on, reads it with cli_parse(cmd, ...), and
 * returns an exit code. */
typedef struct cli_command {
    const char *group;
    const char *verb;
    int (*run)(const struct cli_command *cmd, int argc, char **argv);
    const char *summary;       /* N_() */
    const cli_option *options; /* its arguments and options, ending with CLI_OPTIONS_END */
    unsigned flags;            /* CLI_IN_ORDER */
} cli_command;

/* Options only before the first argument, which may then begin with '-' (config set VALUE). */
#define CLI_IN_ORDER 1u

/* libbb's log lines on standard error: warnings always, info with -v, debug with -vv. */
void cli_log(void *data, enum bb_log_level level, const char *msg);

/* Opens the configured database; on failure prints why and returns NULL. Close with
 * bb_close(). */
bb_ctx *cli_open(void);

/* CASE values (case-number.c). cli_parse notes where it stored one (CLI_CASE entries);
 * cli_open expands each there with bb_case_number_expand ("12" is BB-<this year>-0012), so
 * commands and libbb see only full numbers. cli_expand_cases returns libbb's status (its
 * message on ctx); cli_case_given is the value as typed of a case number msg names, when the
 * user typed it otherwise, else NULL. */
int cli_case_later(const char **at);
int cli_expand_cases(bb_ctx *ctx);
const char *cli_case_given(const char *msg);

/* Prints "bbctl: what: message" for a failed call and returns the exit code for status. */
int cli_fail(bb_ctx *ctx, int status, const char *what);

/* BB_REPORT_DATABASE_URL when it is set and --db is not given: the connection of the figures
 * (stats, export) when cli_opts.report is set; NULL otherwise. Borrowed. */
const char *cli_report_conninfo(void);

/* Maps a libbb status to bbctl's exit code. */
int cli_exit_code(int status);

/* Prints a one-line usage error, " (did you mean 'NEAR'?)" when near is not NULL, and a hint;
 * returns CLI_USAGE. cli_usage_error(cmd, fmt, ...) is the same without a suggestion. */
int cli_usage_error_near(const cli_command *cmd, const char *near, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define cli_usage_error(cmd, ...) cli_usage_error_near(cmd, NULL, __VA_ARGS__)

/* The usage error for `bbctl GROUP [VERB]` that names no command, with the group or verb
 * nearest to the one typed (main.c). */
int cli_no_such_command(const char *group, const char *verb);

/* Finds a command in the tables of all groups (main.c). */
const cli_command *cli_find(const char *group, const char *verb);

/* Whether any command is `bbctl group ...` (main.c). */
bool cli_group_exists(const char *group);

/* bbctl's own options, as a command without a group (main.c). */
extern const cli_command cli_global;

/* bbctl --help (help.c). */
void cli_help_all(void);

/* Walks all commands (main.c): start with c = NULL, *g = 0; NULL after the last. */
const cli_command *cli_next_command(const cli_command *c, int *g);

/* `bbctl help GROUP [VERB]`, also `bbctl GROUP [VERB] ... --help`: the command's help, or the
 * group's commands; the usage error when there is no such command (help.c). */
int cli_help_topic(const char *group, const char *verb);

/* cmd's help (help.c): its synopsis, what it does, its arguments and options. */
void cli_help_command(const cli_command *cmd);

/* The synopsis of cmd's table (" CASE [--json]": each item after a space), translated, into f
 * (help.c). */
void cli_print_synopsis(FILE *f, const cli_command *cmd);

/* The entries of cmd's table for --help, one a line: "  --date DATE   help" (help.c). */
void cli_print_options(FILE *f, const cli_command *cmd);

/* db.c: true when --db, BB_DATABASE_URL or libpq's environment names a database; the
 * commands that manage the embedded one alone then refuse with cli_db_refuse_external(),
 * which says so and returns CLI_FAILURE. */
bool cli_db_other_configured(void);
int cli_db_refuse_external(void);

/* Each group's table, ending with an all-NULL entry; main.c lists them. */
extern const cli_command cli_help_commands[];
extern const cli_command cli_db_commands[];
extern const cli_command cli_db_backup_commands[];
extern const cli_command cli_init_commands[];
extern const cli_command cli_recovery_commands[];
extern const cli_command cli_user_commands[];
extern const cli_command cli_key_commands[];
extern const cli_command cli_key_reindex_commands[];
extern const cli_command cli_audit_commands[];
extern const cli_command cli_retention_commands[];
extern const cli_command cli_case_commands[];
extern const cli_command cli_case_more_commands[];
extern const cli_command cli_party_commands[];
extern const cli_command cli_person_commands[];
extern const cli_command cli_volunteer_commands[];
extern const cli_command cli_volunteer_edit_commands[];
extern const cli_command cli_contact_commands[];
extern const cli_command cli_area_commands[];
extern const cli_command cli_config_commands[];
extern const cli_command cli_stats_commands[];
extern const cli_command cli_export_commands[];
extern const cli_command cli_practice_commands[];
extern const cli_command cli_referral_commands[];
extern const cli_command cli_followup_commands[];
extern const cli_command cli_signals_commands[];
extern const cli_command cli_demo_commands[];
extern const cli_command cli_import_commands[];

#endif
