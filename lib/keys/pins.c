/* Pins: the fingerprints of organisation key versions this computer has accepted. A key
 * record swapped in the database (anyone can seal a key to a public key) then no longer
 * matches and is refused. Fingerprints are hashes: the file holds nothing secret. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "base/files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *pin_path(void)
{
    const char *env = getenv("BB_PIN_FILE"), *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *s = NULL;

    if (env != NULL && *env != '\0')
        return strdup(env);
    if (xdg != NULL && *xdg == '/')
        return asprintf(&s, "%s/bb/pins", xdg) < 0 ? NULL : s;
    if (home != NULL && *home != '\0')
        return asprintf(&s, "%s/.config/bb/pins", home) < 0 ? NULL : s;
    return NULL;
}

static int hex_to_bytes(const char *hex, uint8_t out[32])
{
    for (int i = 0; i < 32; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

int bb_pins__lookup(const char *org_id, int version, int *pinned, uint8_t fp[32])
{
    char *path = pin_path(), line[256], org[64], hex[80];
    FILE *f = path ? fopen(path, "r") : NULL;
    int v;

    *pinned = 0;
    free(path);
    if (f == NULL)
        return BB_OK;
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "%63s %d %79s", org, &v, hex) == 3 && strcmp(org, org_id) == 0 &&
            v == version && strlen(hex) == 64 && hex_to_bytes(hex, fp) == 0) {
            *pinned = 1;
            break;
        }
    }
    fclose(f);
    return BB_OK;
}

int bb_pins__any(const char *org_id)
{
    char *path = pin_path(), line[256], org[64];
    FILE *f = path ? fopen(path, "r") : NULL;
    int any = 0;

    free(path);
    if (f == NULL)
        return 0;
    while (!any && fgets(line, sizeof line, f) != NULL)
        any = sscanf(line, "%63s", org) == 1 && strcmp(org, org_id) == 0;
    fclose(f);
    return any;
}

int bb_pins__store(const char *org_id, int version, const uint8_t fp[32])
{
    char *path = pin_path(), *dir = NULL, *slash;
    FILE *f = NULL;
    int rc = BB_EIO;

    if (path == NULL)
        return BB_EIO;
    dir = strdup(path);
    if (dir != NULL && (slash = strrchr(dir, '/')) != NULL) {
        *slash = '\0';
        bb_fs__mkdir_p(dir, 0700);
    }
    /* Appending one line is atomic enough: a torn line is ignored by lookup. */
    f = fopen(path, "a");
    if (f != NULL) {
        fchmod(fileno(f), 0600);
        fprintf(f, "%s %d ", org_id, version);
        for (int i = 0; i < 32; i++)
            fprintf(f, "%02x", fp[i]);
        fputc('\n', f);
        rc = fclose(f) == 0 ? BB_OK : BB_EIO;
    }
    free(dir);
    free(path);
    return rc;
}
