/* bbtui: the coordinators' terminal UI (issue 5; docs/tui.md, bbtui(1)). Options, the database,
 * who is working, then the main loop (loop.c) on the start screen. */
#include "config.h"
#include "bb/schema.h"

#include "tui.h"
#include "unlock.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

typedef struct options {
    const char *db, *org, *user;
    bool unlock;
} options;

static void setup_process(void)
{
    const char *dir = getenv("BB_LOCALEDIR");
    struct rlimit none = {0, 0};

    setrlimit(RLIMIT_CORE, &none); /* key material must never land in a core file */
    bb_protect_process();          /* ...nor in another process's hands */
    setlocale(LC_ALL, "");
    /* bb's days and times are the pilot's, the Netherlands', as the database cuts them: a
     * machine on UTC would show other times and another "today" around midnight. */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : BB_LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}

static void usage(FILE *f)
{
    fprintf(f, "%s\n",
            _("Usage: bbtui [--db CONNINFO] [--org NAME] [--user LOGIN] [--unlock]\n"
              "       bbtui --version | --help\n"
              "The database is chosen as for bbctl: --db, BB_DATABASE_URL, PGSERVICE/PGHOST, "
              "or the embedded one.\n"
              "--unlock asks the passphrase at start when no keys are kept in this terminal "
              "session. Keys: press ? (or F1) in bbtui, or see bbtui(1)."));
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, options *o)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"org", required_argument, NULL, 'o'},
        {"user", required_argument, NULL, 'u'},
        {"unlock", no_argument, NULL, 'U'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;

    while ((c = getopt_long(argc, argv, "d:o:u:UhV", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'o':
            o->org = optarg;
            break;
        case 'u':
            o->user = optarg;
            break;
        case 'U':
            o->unlock = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("bbtui %s\n", BB_VERSION);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("bbtui: unexpected argument '%s'\n"), argv[optind]);
        usage(stderr);
        return 2;
    }
    return -1;
}

/* --user, else BB_USER, else the OS account (as bbctl). */
static const char *login_of(const options *o)
{
    static char os_login[64];
    const char *env = getenv("BB_USER");
    struct passwd *pw;

    if (o->user != NULL && *o->user != '\0')
        return o->user;
    if (env != NULL && *env != '\0')
        return env;
    if ((pw = getpwuid(getuid())) != NULL && pw->pw_name[0] != '\0') {
        snprintf(os_login, sizeof os_login, "%s", pw->pw_name);
        return os_login;
    }
    return NULL;
}

/* BB_UNLOCK_TIMEOUT as bbctl reads it: seconds keys are kept (0: not kept); -1 when bad. */
static long keep_seconds(void)
{
    const char *env = getenv("BB_UNLOCK_TIMEOUT");
    char *end = NULL;
    long v;

    if (env == NULL || *env == '\0')
        return BB_SESSION_DEFAULT_TIMEOUT;
    errno = 0;
    v = strtol(env, &end, 10);
    if (errno == 0 && *end == '\0' && v >= 0 && v <= (long)BB_SESSION_MAX_TIMEOUT)
        return v;
    fprintf(stderr, _("bbtui: BB_UNLOCK_TIMEOUT: '%s' is not a number of seconds from 0 to %u\n"),
            env, BB_SESSION_MAX_TIMEOUT);
    return -1;
}

static int start(tui_app *app, const options *o)
{
    bb_open_options oo = {.conninfo = o->db};
    int rc = bb_open(&app->ctx, &oo);

    if (rc == BB_OK)
        rc = bb_schema_refuse_newer(app->ctx); /* a newer release's schema: upgrade bb */
    if (rc != BB_OK) {
        fprintf(stderr, _("bbtui: cannot open the database: %s\n"), bb_errmsg(app->ctx));
        return 1;
    }
    bb_set_program(app->ctx, "bbtui"); /* audit records say where a view came from */
    tui_bench_log("connected");
    tui_unlock_start(app);
    tui_bench_log("unlocked %s", bb_is_unlocked(app->ctx) ? "yes" : "no");
    return tui_run(app, &tui_view_start, NULL, o->unlock);
}

int main(int argc, char **argv)
{
    options o = {0};
    tui_app app = {0};
    int rc;

    tui_bench_open();
    setup_process();
    if ((rc = parse_args(argc, argv, &o)) >= 0)
        return rc;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "bbtui: %s\n", _("needs a terminal (for scripts, use bbctl)"));
        return 2;
    }
    app.login = login_of(&o);
    app.org = o.org;
    app.colour = getenv("NO_COLOR") == NULL || *getenv("NO_COLOR") == '\0';
    if ((app.keep_seconds = keep_seconds()) < 0)
        return 2;
    app.idle_lock = app.keep_seconds > 0 ? app.keep_seconds : BB_SESSION_DEFAULT_TIMEOUT;
    rc = start(&app, &o);
    bb_close(app.ctx);
    tui_bench_close();
    return rc;
}
