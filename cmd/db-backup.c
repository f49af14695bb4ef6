/* bbctl db backup and db restore: the embedded database to a file and back. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct backup_args {
    const char *file;
} backup_args;

static const cli_option backup_options[] = {
    {NULL, CLI_STRING_AT(backup_args, file), .value = N_("FILE"), .flags = CLI_REQUIRED,
     .help = N_("the archive to write (FILE.sha256 gets its checksum)"),
     .missing = N_("give the file to write the backup to")},
    CLI_OPTIONS_END,
};

static const cli_option restore_options[] = {
    {NULL, CLI_STRING_AT(backup_args, file), .value = N_("FILE"), .flags = CLI_REQUIRED,
     .help = N_("an archive of 'bbctl db backup', with FILE.sha256 beside it"),
     .missing = N_("give the backup file to restore")},
    CLI_OPTIONS_END,
};

static int db_backup(const cli_command *cmd, int argc, char **argv)
{
    backup_args a = {0};
    char err[1536];
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if (cli_db_other_configured())
        return cli_db_refuse_external();
    rc = bb_cluster_backup(cli_opts.data_dir, a.file, err, sizeof err);
    if (rc == BB_OK)
        printf(_("The embedded database is backed up to %s (its SHA-256 in %s.sha256).\n"), a.file,
               a.file);
    else
        fprintf(stderr, _("bbctl: no backup written: %s\n"), err);
    return cli_exit_code(rc);
}

/* After a restore: a schema older than this build is migrated explicitly, as ever. */
static void print_restored_schema(void)
{
    bb_open_options opts = {.data_dir = cli_opts.data_dir, .log = cli_log};
    bb_schema_info info;
    bb_ctx *ctx = NULL;

    if (bb_open(&ctx, &opts) == BB_OK && bb_schema_info_get(ctx, &info) == BB_OK) {
        if (info.applied > info.known)
            printf(_("Its schema (version %d) is newer than this build (%d): upgrade bb.\n"),
                   info.applied, info.known);
        else if (info.pending > 0 || info.sources_pending > 0)
            printf(_("Its schema is at version %d of %d: run 'bbctl db migrate'.\n"), info.applied,
                   info.known);
    }
    bb_close(ctx);
}

static int db_restore(const cli_command *cmd, int argc, char **argv)
{
    backup_args a = {0};
    char err[1536], *roles = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK)
        return rc;
    if (cli_db_other_configured())
        return cli_db_refuse_external();
    rc = bb_cluster_restore(cli_opts.data_dir, a.file, &roles, err, sizeof err);
    if (rc != BB_OK) {
        fprintf(stderr, _("bbctl: %s\n"), err);
        return cli_exit_code(rc);
    }
    printf(_("Restored %s into the embedded database.\n"), a.file);
    if (roles != NULL)
        printf(_("Login roles of its users that this server lacks: %s (the embedded database's "
                 "own account needs none; 'bbctl user map LOGIN' makes one).\n"),
               roles);
    print_restored_schema();
    free(roles);
    return CLI_OK;
}

const cli_command cli_db_backup_commands[] = {
    {"db", "backup", db_backup,
     N_("Write a backup of the embedded database (pg_dump archive and its SHA-256)"),
     backup_options, 0},
    {"db", "restore", db_restore, N_("Restore a backup into an empty embedded database"),
     restore_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
