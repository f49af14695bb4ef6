/* The embedded server's processes, for db/embedded.c, which makes its database. Not public. */
#ifndef BB_CLUSTER_CLUSTER_H
#define BB_CLUSTER_CLUSTER_H

#include <stddef.h>

/* The database bb uses in the embedded cluster. */
#define BB_CLUSTER_DB "bb"

/* Called once the server answers, still under the data directory's lock: makes what the server
 * must hold before anyone connects. Returns a bb status, with the reason in err. */
typedef int (*bb_cluster__ready_fn)(const char *data_dir, void *arg, char *err, size_t len);

/* Creates the cluster on first use (initdb) and starts the server if it is not running, then
 * calls ready (when not NULL) under the lock. Safe against concurrent callers; recovers from
 * a stale postmaster.pid. data_dir NULL means the default. errbuf may be NULL. */
int bb_cluster__run(const char *data_dir, bb_cluster__ready_fn ready, void *arg, char *errbuf,
                    size_t errlen);

#endif
