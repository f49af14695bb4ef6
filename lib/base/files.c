#include "base/files.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *bb_fs__join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);

    if (s == NULL)
        return NULL;
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

int bb_fs__mkdir_p(const char *path, mode_t mode)
{
    char *p = strdup(path);
    int err = 0;

    if (p == NULL)
        return ENOMEM;
    for (char *s = p + 1; *s != '\0'; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            err = errno;
        *s = '/';
        if (err != 0)
            goto done;
    }
    if (mkdir(p, mode) != 0 && errno != EEXIST)
        err = errno;
done:
    free(p);
    return err;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : errno;
}

int bb_fs__rm_rf(const char *path)
{
    if (!bb_fs__exists(path))
        return 0;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static uid_t chown_uid;
static gid_t chown_gid;

static int chown_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return lchown(path, chown_uid, chown_gid) == 0 ? 0 : errno;
}

int bb_fs__chown_r(const char *path, uid_t uid, gid_t gid)
{
    chown_uid = uid;
    chown_gid = gid;
    return nftw(path, chown_entry, 16, FTW_PHYS);
}

bool bb_fs__exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

int bb_fs__read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    int err = 0;

    buf[0] = '\0';
    if (f == NULL)
        return errno;
    if (fgets(buf, (int)len, f) == NULL)
        err = ferror(f) ? EIO : ENODATA;
    buf[strcspn(buf, "\n")] = '\0';
    fclose(f);
    return err;
}

void bb_fs__last_line(const char *path, char *buf, size_t len)
{
    char line[512];
    FILE *f = fopen(path, "r");

    buf[0] = '\0';
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != '\0')
            snprintf(buf, len, "%s", line);
    }
    fclose(f);
}
