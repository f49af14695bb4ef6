/* The embedded PostgreSQL cluster: a private server in the data directory, reachable only
 * through a Unix socket inside that directory. */
#ifndef BB_CLUSTER_H
#define BB_CLUSTER_H

#include "bb/common.h"
#include <stdbool.h>
#include <sys/types.h>

typedef struct bb_cluster_status {
    char *data_dir;    /* the data directory */
    char *pgdata;      /* the PostgreSQL cluster inside it */
    char *socket_dir;  /* where the Unix socket lives */
    char *log_file;    /* the server's log */
    char *server_user; /* the account the server runs as */
    bool initialised;  /* the cluster exists */
    bool running;      /* the server answers */
    pid_t pid;         /* the postmaster's pid when running, else 0 */
} bb_cluster_status;

/* Default data directory: BB_DATA_DIR, else /var/lib/bb for root (the server account cannot
 * reach root's home), else $XDG_DATA_HOME/bb, else ~/.local/share/bb. Returns a new string
 * (free()), or NULL when no home directory is known. */
BB_API char *bb_cluster_default_dir(void);

/* Creates the cluster on first use (initdb, database "bb", all migrations) and starts the
 * server if it is not running. Safe against concurrent callers (lock file) and recovers from
 * a stale postmaster.pid. data_dir NULL means the default. On error, errbuf (if not NULL)
 * gets the reason. */
BB_API int bb_cluster_start(const char *data_dir, char *errbuf, size_t errlen);

/* Stops the server (fast shutdown) and waits until it is gone. Not running is not an error. */
BB_API int bb_cluster_stop(const char *data_dir, char *errbuf, size_t errlen);

/* Fills *out (free with bb_cluster_status_clear()) without starting anything. */
BB_API int bb_cluster_status_get(const char *data_dir, bb_cluster_status *out, char *errbuf,
                                 size_t errlen);

/* Frees what bb_cluster_status_get() allocated. NULL-safe. */
BB_API void bb_cluster_status_clear(bb_cluster_status *st);

/* libpq connection string for database dbname ("bb" if NULL) of the cluster in data_dir.
 * Returns a new string (free()), or NULL on allocation failure. */
BB_API char *bb_cluster_conninfo(const char *data_dir, const char *dbname);

/* Writes a backup of the embedded database "bb" to file: pg_dump's custom format (one
 * consistent snapshot, taken while the server runs; it is started if needed), mode 0600, and
 * beside it file.sha256 with the archive's SHA-256 as sha256sum(1) writes it. Both appear
 * only when complete. Refuses with BB_EEXISTS, writing nothing, when either file exists, and
 * with BB_ENOTFOUND when there is no cluster in data_dir.
 * On error, errbuf (if not NULL) gets the reason, naming the file. */
BB_API int bb_cluster_backup(const char *data_dir, const char *file, char *errbuf, size_t errlen);

/* Restores a backup of bb_cluster_backup into the embedded database "bb", which must be empty
 * (no organisation and no audit record; a new cluster is made first if there is none). The
 * archive's SHA-256 must match file.sha256 (BB_EINVAL otherwise: damaged or incomplete). The
 * archive is restored into a database of its own in one transaction and takes the place of
 * "bb" only when complete: on any failure "bb" is as it was. BB_ECONFLICT when "bb" holds
 * data, BB_ENOTFOUND when file is missing. *missing_roles (may be NULL) gets the login roles
 * of the backup's users that do not exist on this server, comma-separated (free()), or NULL
 * when there are none. On error, errbuf (if not NULL) gets the reason, naming the file. */
BB_API int bb_cluster_restore(const char *data_dir, const char *file, char **missing_roles,
                              char *errbuf, size_t errlen);

#endif
