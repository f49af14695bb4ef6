/* org-fixture CONNINFO ORG ADMIN PASSFILE: the organisation that `bbctl init --org ORG --admin
 * ADMIN` makes, for the CLI and TUI tests that need one but do not test init itself. It links
 * libbb-test and makes the first user's passphrase key with Argon2id INTERACTIVE, which bbctl
 * and bbtui open (they never make it): unlocking it costs a sixth of MODERATE, the price each
 * such test paid before (docs/testing.md, "Cheap Argon2id"). Pins go where bbctl's would
 * (BB_PIN_FILE). */
#include "bb.h"
#include "crypto/keys.h"

#include <stdio.h>
#include <string.h>

static int read_passphrase(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    int ok = f != NULL && fgets(buf, (int)size, f) != NULL;

    if (f != NULL)
        fclose(f);
    buf[ok ? strcspn(buf, "\n") : 0] = '\0';
    return ok && buf[0] != '\0';
}

int main(int argc, char **argv)
{
    char pass[256];
    bb_open_options opts = {0};
    bb_ctx *ctx = NULL;
    int rc;

    if (argc != 5) {
        fprintf(stderr, "usage: org-fixture CONNINFO ORG ADMIN PASSFILE\n");
        return 2;
    }
    if (!read_passphrase(argv[4], pass, sizeof pass)) {
        fprintf(stderr, "org-fixture: no passphrase in %s\n", argv[4]);
        return 2;
    }
    bb_keys__test_cheap_pwhash(BB_TEST_PWHASH_INTERACTIVE);
    opts.conninfo = argv[1];
    rc = bb_open(&ctx, &opts);
    if (rc == BB_OK)
        rc = bb_init(ctx, argv[2], argv[3], pass, strlen(pass));
    if (rc != BB_OK)
        fprintf(stderr, "org-fixture: %s\n", bb_errmsg(ctx));
    bb_close(ctx);
    return rc == BB_OK ? 0 : 1;
}
