/* Shared pieces of bbctl's commands: options, opening the database, errors and exit codes. */
#ifndef BB_CLI_H
#define BB_CLI_H

#include <bb.h>
#include <libintl.h>
#include <stdbool.h>

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
};

/* Global options, parsed before the command. */
typedef struct cli_globals {
    const char *db;       /* --db */
    const char *data_dir; /* --data-dir */
    const char *org;      /* --org: the organisation to work in (NULL: the only one) */
    const char *user;     /* --user: the acting bb user (else BB_USER, the OS login) */
    int verbose;          /* -v, repeatable */
    int allow_insecure_tls; /* --allow-insecure-tls */
} cli_globals;

extern cli_globals cli_opts;

/* A command: `bbctl GROUP VERB ARGS...` (verb NULL for one-word commands). argv[0] is the
 * verb (or the group) so getopt works as usual. Returns an exit code. */
typedef struct cli_command {
    const char *group;
    const char *verb;
    int (*run)(int argc, char **argv);
    const char *summary; /* N_() */
    const char *usage;   /* N_(), the arguments after "bbctl GROUP VERB" */
} cli_command;

/* libbb's log lines on standard error: warnings always, info with -v, debug with -vv. */
void cli_log(void *data, enum bb_log_level level, const char *msg);

/* Opens the configured database; on failure prints why and returns NULL. Close with
 * bb_close(). */
bb_ctx *cli_open(void);

/* Prints "bbctl: what: message" for a failed call and returns the exit code for status. */
int cli_fail(bb_ctx *ctx, int status, const char *what);

/* Maps a libbb status to bbctl's exit code. */
int cli_exit_code(int status);

/* Prints a one-line usage error with a hint and returns CLI_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Finds a command in the tables of all groups (main.c). */
const cli_command *cli_find(const char *group, const char *verb);

/* Each group's table, ending with an all-NULL entry; main.c lists them. */
extern const cli_command cli_db_commands[];
extern const cli_command cli_init_commands[];
extern const cli_command cli_user_commands[];
extern const cli_command cli_key_commands[];
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

#endif
