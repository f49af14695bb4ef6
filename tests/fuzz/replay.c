/* Replays fuzz inputs without libFuzzer: each argument is a file or a folder of files (a
 * target's corpus), fed one by one to LLVMFuzzerTestOneInput. A broken property aborts, as it
 * would under the fuzzer. Built with any compiler, so the normal suite replays every corpus. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Feeds one file; 0 when done, -1 when it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    long size;
    int rc = -1;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        goto done;
    /* An exact-size copy, so ASan sees a read past the input's end. */
    data = malloc(size > 0 ? (size_t)size : 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size)
        goto done;
    fprintf(stderr, "replay %s (%ld bytes)\n", path, size);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    rc = 0;
done:
    if (rc != 0)
        fprintf(stderr, "cannot read %s\n", path);
    free(data);
    if (f != NULL)
        fclose(f);
    return rc;
}

/* Feeds every file of a folder in name order; the count through *n. */
static int replay_dir(const char *dir, int *n)
{
    struct dirent **names = NULL;
    char path[4096];
    int count = scandir(dir, &names, NULL, alphasort), rc = count < 0 ? -1 : 0;

    for (int i = 0; i < count; i++) {
        if (rc == 0 && names[i]->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            rc = replay_file(path);
            *n += rc == 0;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    struct stat st;
    int n = 0, rc = 0;

    for (int i = 1; i < argc && rc == 0; i++) {
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = replay_dir(argv[i], &n);
        } else {
            rc = replay_file(argv[i]);
            n += rc == 0;
        }
    }
    /* An empty corpus would pass without testing anything. */
    if (rc == 0 && n == 0)
        fprintf(stderr, "no inputs given\n");
    printf("%d inputs replayed\n", n);
    return rc == 0 && n > 0 ? 0 : 1;
}
