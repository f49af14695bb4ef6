/* Processes of the embedded cluster: finding PostgreSQL's programs, the account the server
 * runs as, and running them as that account. */
#ifndef BB_CLUSTER_PROC_H
#define BB_CLUSTER_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct bb_server_account {
    bool switch_user; /* true when we are root and must run the server as name */
    uid_t uid;
    gid_t gid;
    char name[64];
} bb_server_account;

/* The account the server runs as: ourselves, or (as root) BB_SERVER_USER, default
 * "postgres". Returns 0, or -1 with the reason in err. */
int bb_proc__account(bb_server_account *acc, char *err, size_t len);

/* Ourselves, never switching: for the client programs (pg_dump, pg_restore), whose files
 * belong to the caller. */
void bb_proc__self(bb_server_account *acc);

/* Directory holding initdb and postgres: BB_PG_BINDIR, `pg_config --bindir`, or the newest
 * /usr/lib/postgresql/N/bin. Returns 0, or -1 with the reason (naming the Debian package). */
int bb_proc__bindir(char *out, size_t len, char *err, size_t elen);

/* Runs argv as the account, output appended to logpath, and waits. Returns the exit status
 * (0 = success), or -1 with the reason in err when it could not run at all. */
int bb_proc__run(const bb_server_account *acc, char *const argv[], const char *logpath,
                 char *err, size_t len);

/* Starts argv as the account in a new session, detached (reparented to init), output appended
 * to logpath. *pid gets the new process. Returns 0, or -1 with the reason in err. */
int bb_proc__spawn(const bb_server_account *acc, char *const argv[], const char *logpath,
                   pid_t *pid, char *err, size_t len);

/* true if pid is alive and is a PostgreSQL server process. */
bool bb_proc__is_postgres(pid_t pid);

/* true if pid is alive (whatever it runs). */
bool bb_proc__alive(pid_t pid);

#endif
