/* bbctl key reindex: the parties' name indexes made again with today's normalisation, with
 * the word, street and postcode indexes search needs (docs/admin.md, "Re-indexing names"). */
#include "cli.h"
#include "personal.h"

#include <stdio.h>
#include <unistd.h>

typedef struct reindex_args {
    bool quiet;
} reindex_args;

/* "done/total" on the terminal; nothing when stderr is a file or a pipe. */
static int on_progress(void *data, long done, long total)
{
    if (*(bool *)data) {
        fprintf(stderr, "\r%s %ld/%ld", _("Re-indexing names:"), done, total);
        fflush(stderr);
    }
    return 0;
}

static int key_reindex(const cli_command *cmd, int argc, char **argv)
{
    reindex_args a = {0};
    bool tty = isatty(STDERR_FILENO) == 1;
    bb_ctx *ctx = NULL;
    long done = 0;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    tty = tty && !a.quiet;
    rc = bb_party_reindex_names(ctx, on_progress, &tty, &done);
    if (tty && done > 0)
        fputc('\n', stderr);
    if (rc == BB_OK)
        printf(ngettext("%ld party name re-indexed; every name is indexed as search needs it.\n",
                        "%ld party names re-indexed; every name is indexed as search needs it.\n",
                        (unsigned long)done),
               done);
    else
        rc = cli_fail(ctx, rc, _("re-indexing stopped (run 'bbctl key reindex' again to go on)"));
    bb_close(ctx);
    return rc;
}

static const cli_option reindex_options[] = {
    {"quiet", CLI_FLAG_AT(reindex_args, quiet), .help = N_("no progress on the terminal")},
    CLI_OPTIONS_END,
};

const cli_command cli_key_reindex_commands[] = {
    {"key", "reindex", key_reindex,
     N_("Index the parties' names again after an upgrade (resumable; needs the keys)"),
     reindex_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
