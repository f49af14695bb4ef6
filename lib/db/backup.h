/* Backups of the embedded database (db/backup.c) and restoring one (db/restore.c). */
#ifndef BB_DB_BACKUP_H
#define BB_DB_BACKUP_H

#include <stddef.h>

/* What bb_db__restore_locked restores, and what it found. */
typedef struct bb_restore_job {
    const char *file;    /* the archive, checked against its checksum; absolute */
    char *missing_roles; /* out: login roles of its users missing on this server, or NULL */
} bb_restore_job;

/* A bb_cluster__ready_fn (arg: bb_restore_job): under the data directory's lock, refuses a
 * database "bb" that is not empty, restores the archive into a database of its own and puts
 * that in the place of "bb" when complete. */
int bb_db__restore_locked(const char *data_dir, void *arg, char *err, size_t len);

/* pg_restore of file into conninfo's database in one transaction, stopping at the first
 * error. On failure err gets pg_restore's last line. */
int bb_db__run_restore(const char *file, const char *conninfo, char *err, size_t len);

#endif
