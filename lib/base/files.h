/* Small file-system helpers for the embedded cluster. */
#ifndef BB_FSUTIL_H
#define BB_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Returns a new string "a/b" (free()), or NULL when out of memory. */
char *bb_fs__join(const char *a, const char *b);

/* Creates path and missing parents; existing directories are fine. mode applies to the last
 * component when it is created. Returns 0 or an errno value. */
int bb_fs__mkdir_p(const char *path, mode_t mode);

/* Removes path recursively; a missing path is fine. Returns 0 or an errno value. */
int bb_fs__rm_rf(const char *path);

/* Changes the owner of path and everything below it. Returns 0 or an errno value. */
int bb_fs__chown_r(const char *path, uid_t uid, gid_t gid);

/* true if path exists (any type). */
bool bb_fs__exists(const char *path);

/* Reads the first line of a file into buf (without newline). Returns 0 or an errno value. */
int bb_fs__read_line(const char *path, char *buf, size_t len);

/* Copies the last line of a text file that is not empty into buf (for error messages); buf
 * becomes "" when the file cannot be read. */
void bb_fs__last_line(const char *path, char *buf, size_t len);

#endif
