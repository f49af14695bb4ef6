/* bbctl db: the embedded database's lifecycle and schema migrations. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

bool cli_db_other_configured(void)
{
    const char *url = getenv("BB_DATABASE_URL");
    if (cli_opts.db != NULL || (url != NULL && *url != '\0'))
        return true;
    return getenv("PGSERVICE") != NULL || getenv("PGHOST") != NULL;
}

int cli_db_refuse_external(void)
{
    fprintf(stderr, "%s\n",
            _("bbctl: a database is configured (--db, BB_DATABASE_URL, PGSERVICE or PGHOST); "
              "'db start', 'db stop', 'db backup' and 'db restore' only manage the embedded "
              "database (another server: docs/admin.md, \"Backups\")"));
    return CLI_FAILURE;
}

static const char *data_dir_or_default(char **owned)
{
    *owned = cli_opts.data_dir ? NULL : bb_cluster_default_dir();
    return cli_opts.data_dir ? cli_opts.data_dir : *owned;
}

static int db_start(const cli_command *cmd, int argc, char **argv)
{
    char err[1024], *owned;
    const char *dir;
    int rc = cli_parse(cmd, argc, argv, NULL);

    if (rc != CLI_OK)
        return rc;
    if (cli_db_other_configured())
        return cli_db_refuse_external();
    dir = data_dir_or_default(&owned);
    rc = bb_cluster_start(dir, err, sizeof err);
    if (rc == BB_OK)
        printf(_("The embedded database runs in %s.\n"), dir ? dir : "?");
    else
        fprintf(stderr, _("bbctl: cannot start the embedded database: %s\n"), err);
    free(owned);
    return cli_exit_code(rc);
}

static int db_stop(const cli_command *cmd, int argc, char **argv)
{
    char err[1024], *owned;
    const char *dir;
    int rc = cli_parse(cmd, argc, argv, NULL);

    if (rc != CLI_OK)
        return rc;
    if (cli_db_other_configured())
        return cli_db_refuse_external();
    dir = data_dir_or_default(&owned);
    rc = bb_cluster_stop(dir, err, sizeof err);
    if (rc == BB_OK)
        printf(_("The embedded database in %s is stopped.\n"), dir ? dir : "?");
    else
        fprintf(stderr, _("bbctl: cannot stop the embedded database: %s\n"), err);
    free(owned);
    return cli_exit_code(rc);
}

static void print_schema(bb_ctx *ctx)
{
    bb_schema_info info;

    if (bb_schema_info_get(ctx, &info) != BB_OK) {
        printf(_("Schema:        unknown (%s)\n"), bb_errmsg(ctx));
        return;
    }
    printf(_("Schema:        version %d of %d"), info.applied, info.known);
    if (info.applied > info.known)
        printf(_(" (newer than this build: upgrade bb)\n"));
    else if (info.pending > 0)
        printf(_(" (%d pending: run 'bbctl db migrate')\n"), info.pending);
    else
        printf(_(" (up to date)\n"));
    printf(_("Functions:     %d sources"), info.sources_known);
    if (info.sources_newer > 0)
        printf(_(" (%d newer than this build or changed: upgrade bb)\n"), info.sources_newer);
    else if (info.sources_pending > 0)
        printf(_(" (%d pending: run 'bbctl db migrate')\n"), info.sources_pending);
    else
        printf(_(" (up to date)\n"));
}

static void print_connected(void)
{
    bb_ctx *ctx = NULL;
    bb_open_options opts = {.conninfo = cli_opts.db,
                            .data_dir = cli_opts.data_dir,
                            .log = cli_log,
                            .allow_insecure_tls = cli_opts.allow_insecure_tls};
    int rc = bb_open(&ctx, &opts);
    const char *ver = rc == BB_OK ? bb_server_version(ctx) : NULL;

    if (rc != BB_OK) {
        printf(_("Connection:    failed (%s)\n"), bb_errmsg(ctx));
    } else {
        printf(_("Server:        PostgreSQL %s\n"), ver ? ver : "?");
        print_schema(ctx);
    }
    bb_close(ctx);
}

static int db_status(const cli_command *cmd, int argc, char **argv)
{
    bb_cluster_status st;
    char err[1024], *owned;
    const char *dir;
    int rc = cli_parse(cmd, argc, argv, NULL);

    if (rc != CLI_OK)
        return rc;
    if (cli_db_other_configured()) {
        printf(_("Database:      configured by --db, BB_DATABASE_URL or libpq's environment\n"));
        print_connected();
        return CLI_OK;
    }
    dir = data_dir_or_default(&owned);
    rc = bb_cluster_status_get(dir, &st, err, sizeof err);
    free(owned);
    if (rc != BB_OK) {
        fprintf(stderr, _("bbctl: cannot read the embedded database's state: %s\n"), err);
        return cli_exit_code(rc);
    }
    printf(_("Database:      embedded\n"));
    printf(_("Data dir:      %s\n"), st.data_dir);
    printf(_("Cluster:       %s\n"), st.pgdata);
    printf(_("Socket dir:    %s (no TCP port)\n"), st.socket_dir);
    printf(_("Server log:    %s\n"), st.log_file);
    printf(_("Runs as:       %s\n"), st.server_user ? st.server_user : "?");
    if (!st.initialised)
        printf(_("State:         not created yet (created by 'bbctl db start' or first use)\n"));
    else if (!st.running)
        printf(_("State:         stopped\n"));
    else
        printf(_("State:         running (pid %ld)\n"), (long)st.pid);
    if (st.running)
        print_connected();
    bb_cluster_status_clear(&st);
    return CLI_OK;
}

typedef struct migrate_args {
    bool dry_run;
} migrate_args;

static const cli_option migrate_options[] = {
    {"dry-run", CLI_FLAG_AT(migrate_args, dry_run),
     .help = N_("only list what would be applied, in order; change nothing")},
    CLI_OPTIONS_END,
};

/* bbctl db migrate --dry-run: the steps, one a line, or that there are none. */
static int migrate_plan(bb_ctx *ctx)
{
    bb_schema_step *steps = NULL;
    int n = 0, rc = bb_schema_plan(ctx, &steps, &n);

    if (rc != BB_OK)
        return cli_fail(ctx, rc, _("migration refused"));
    if (n == 0)
        printf(_("Nothing to apply: the schema is up to date.\n"));
    for (int i = 0; i < n; i++)
        if (steps[i].is_source)
            printf(_("Would apply schema source %s (revision %d).\n"), steps[i].name,
                   steps[i].number);
        else
            printf(_("Would apply migration %s.\n"), steps[i].name);
    free(steps);
    return CLI_OK;
}

static int db_migrate(const cli_command *cmd, int argc, char **argv)
{
    bb_schema_info before, info;
    migrate_args a = {0};
    bb_ctx *ctx;
    int rc = cli_parse(cmd, argc, argv, &a), applied = 0, sources;

    if (rc != CLI_OK)
        return rc;
    cli_opts.any_schema = true; /* a newer schema: refused below, naming what is newer */
    if ((ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    if (a.dry_run) {
        rc = migrate_plan(ctx);
        goto done;
    }
    /* How many sources this run applies, for the message (no ledger: none known). */
    if (bb_schema_info_get(ctx, &before) != BB_OK)
        before.sources_pending = 0;
    rc = bb_schema_migrate(ctx, &applied);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("migration refused"));
        goto done;
    }
    rc = bb_schema_info_get(ctx, &info);
    if (rc != BB_OK) {
        rc = cli_fail(ctx, rc, _("cannot read the schema version"));
        goto done;
    }
    sources = before.sources_pending - info.sources_pending;
    if (applied == 0 && sources <= 0)
        printf(_("The schema is up to date (version %d).\n"), info.applied);
    if (applied > 0)
        printf(ngettext("Applied %d migration; the schema is at version %d.\n",
                        "Applied %d migrations; the schema is at version %d.\n", applied),
               applied, info.applied);
    if (sources > 0)
        printf(ngettext("Applied %d schema source (functions, triggers, policies, grants).\n",
                        "Applied %d schema sources (functions, triggers, policies, grants).\n",
                        sources),
               sources);
done:
    bb_close(ctx);
    return rc;
}

const cli_command cli_db_commands[] = {
    {"db", "start", db_start, N_("Create (on first use) and start the embedded database"),
     cli_no_options, 0},
    {"db", "stop", db_stop, N_("Stop the embedded database"), cli_no_options, 0},
    {"db", "status", db_status,
     N_("Show where the database lives, whether it runs, and its versions"), cli_no_options, 0},
    {"db", "migrate", db_migrate, N_("Apply pending schema migrations"), migrate_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
