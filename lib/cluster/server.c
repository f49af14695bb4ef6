#include "bb/cluster.h"
#include "bb/ctx.h"
#include "bb/error.h"
#include "cluster/cluster.h"
#include "cluster/proc.h"
#include "base/files.h"
#include "base/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BB_CLUSTER_PORT      "5432"
#define BB_CLUSTER_SUPERUSER "bb"
#define BB_WAIT_SECONDS      60

/* Where everything of the cluster lives inside the data directory. */
typedef struct paths {
    char *dir;     /* the data directory */
    char *pgdata;  /* dir/pg: the PostgreSQL cluster */
    char *fresh;   /* dir/pg.new: initdb's work, renamed to pgdata when complete */
    char *run;     /* dir/run: the Unix socket */
    char *logdir;  /* dir/log */
    char *log;     /* dir/log/postgresql.log */
    char *lock;    /* dir/bb.lock: serialises start and stop */
    char *pidfile; /* pgdata/postmaster.pid */
} paths;

static void paths_free(paths *p)
{
    free(p->dir);
    free(p->pgdata);
    free(p->fresh);
    free(p->run);
    free(p->logdir);
    free(p->log);
    free(p->lock);
    free(p->pidfile);
}

char *bb_cluster_default_dir(void)
{
    const char *env = getenv("BB_DATA_DIR"), *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char *s = NULL;

    if (env != NULL && *env != '\0')
        return strdup(env);
    if (geteuid() == 0)
        return strdup("/var/lib/bb");
    if (xdg != NULL && *xdg == '/')
        return bb_fs__join(xdg, "bb");
    if (home == NULL || *home == '\0')
        return NULL;
    if (asprintf(&s, "%s/.local/share/bb", home) < 0)
        return NULL;
    return s;
}

static int paths_init(paths *p, const char *data_dir)
{
    memset(p, 0, sizeof *p);
    p->dir = data_dir ? strdup(data_dir) : bb_cluster_default_dir();
    if (p->dir == NULL)
        return BB_ESETUP;
    p->pgdata = bb_fs__join(p->dir, "pg");
    p->fresh = bb_fs__join(p->dir, "pg.new");
    p->run = bb_fs__join(p->dir, "run");
    p->logdir = bb_fs__join(p->dir, "log");
    p->log = bb_fs__join(p->dir, "log/postgresql.log");
    p->lock = bb_fs__join(p->dir, "bb.lock");
    p->pidfile = p->pgdata ? bb_fs__join(p->pgdata, "postmaster.pid") : NULL;
    if (!p->pgdata || !p->fresh || !p->run || !p->logdir || !p->log || !p->lock || !p->pidfile)
        return BB_ENOMEM;
    return BB_OK;
}

/* Quotes a value for a libpq keyword/value string. */
static void append_quoted(char *out, size_t len, const char *key, const char *val)
{
    size_t n = strlen(out);
    n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%s='", n ? " " : "", key);
    for (; *val && n + 3 < len; val++) {
        if (*val == '\'' || *val == '\\')
            out[n++] = '\\';
        out[n++] = *val;
    }
    if (n + 1 < len) {
        out[n++] = '\'';
        out[n] = '\0';
    }
}

static char *conninfo_for(const char *run, const char *dbname)
{
    size_t len = 3 * strlen(run) + 128;
    char *s = calloc(1, len);

    if (s == NULL)
        return NULL;
    append_quoted(s, len, "host", run);
    append_quoted(s, len, "port", BB_CLUSTER_PORT);
    append_quoted(s, len, "user", BB_CLUSTER_SUPERUSER);
    append_quoted(s, len, "dbname", dbname ? dbname : BB_CLUSTER_DB);
    return s;
}

char *bb_cluster_conninfo(const char *data_dir, const char *dbname)
{
    paths p;
    char *s = NULL;

    if (paths_init(&p, data_dir) == BB_OK)
        s = conninfo_for(p.run, dbname);
    paths_free(&p);
    return s;
}

static PGPing ping(const paths *p)
{
    char *ci = conninfo_for(p->run, "postgres");
    PGPing r = ci ? PQping(ci) : PQPING_NO_ATTEMPT;
    free(ci);
    return r;
}

static pid_t pid_from_file(const paths *p)
{
    char line[64];
    if (bb_fs__read_line(p->pidfile, line, sizeof line) != 0)
        return 0;
    return (pid_t)strtol(line, NULL, 10);
}

/* The server account must be able to walk down to its directories. As root that is not a
 * given (root's home is 0700, mkdtemp makes 0700): say which directory is in the way. */
static int check_reachable(const paths *p, const bb_server_account *acc, char *err, size_t len)
{
    char *path = strdup(p->dir);
    struct stat st;
    int rc = BB_OK;

    if (path == NULL)
        return BB_ENOMEM;
    for (char *slash = strrchr(path, '/'); slash != NULL; slash = strrchr(path, '/')) {
        *slash = '\0';
        const char *d = *path ? path : "/";
        if (stat(d, &st) == 0 && st.st_uid != acc->uid && !(st.st_mode & S_IXOTH)) {
            snprintf(err, len,
                     _("the server account '%s' cannot reach the data directory %s because "
                       "%s is not searchable for it: choose another BB_DATA_DIR or run "
                       "'chmod o+x %s'"),
                     acc->name, p->dir, d, d);
            rc = BB_ESETUP;
            break;
        }
    }
    free(path);
    return rc;
}

static int make_owned_dir(const char *path, const bb_server_account *acc, char *err, size_t len)
{
    int e = bb_fs__mkdir_p(path, 0700);
    if (e == 0 && acc->switch_user && chown(path, acc->uid, acc->gid) != 0)
        e = errno;
    if (e != 0) {
        snprintf(err, len, _("cannot create %s: %s"), path, strerror(e));
        return BB_EIO;
    }
    return BB_OK;
}

static int prepare_dirs(const paths *p, const bb_server_account *acc, char *err, size_t len)
{
    struct sockaddr_un sun;
    int e, rc;

    if (strlen(p->run) + sizeof "/.s.PGSQL." BB_CLUSTER_PORT > sizeof sun.sun_path) {
        snprintf(err, len,
                 _("the data directory path %s is too long for a Unix socket (at most %zu "
                   "characters): choose a shorter BB_DATA_DIR"),
                 p->dir, sizeof sun.sun_path - sizeof "/run/.s.PGSQL." BB_CLUSTER_PORT);
        return BB_ESETUP;
    }
    /* The data directory itself only needs to be passable for the server account. */
    e = bb_fs__mkdir_p(p->dir, acc->switch_user ? 0711 : 0700);
    if (e == 0 && acc->switch_user && chmod(p->dir, 0711) != 0)
        e = errno;
    if (e != 0) {
        snprintf(err, len, _("cannot create the data directory %s: %s"), p->dir, strerror(e));
        return BB_EIO;
    }
    if (acc->switch_user && (rc = check_reachable(p, acc, err, len)) != BB_OK)
        return rc;
    if ((rc = make_owned_dir(p->run, acc, err, len)) != BB_OK)
        return rc;
    return make_owned_dir(p->logdir, acc, err, len);
}

/* initdb into pg.new and rename it into place, so a crash half-way leaves no cluster that
 * looks finished. */
static int create_cluster(const paths *p, const bb_server_account *acc, const char *bindir,
                          char *err, size_t len)
{
    char initdb[4096 + 16], tail[512];
    char *argv[] = {initdb,
                    "-D",
                    p->fresh,
                    "-U",
                    BB_CLUSTER_SUPERUSER,
                    "--auth-local=trust",
                    "--auth-host=reject",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    NULL};
    int rc, status;

    snprintf(initdb, sizeof initdb, "%s/initdb", bindir);
    if (bb_fs__rm_rf(p->fresh) != 0) {
        snprintf(err, len, _("cannot remove the unfinished cluster %s"), p->fresh);
        return BB_EIO;
    }
    if ((rc = make_owned_dir(p->fresh, acc, err, len)) != BB_OK)
        return rc;
    status = bb_proc__run(acc, argv, p->log, err, len);
    if (status < 0)
        return BB_ESETUP;
    if (status != 0) {
        bb_fs__last_line(p->log, tail, sizeof tail);
        snprintf(err, len, _("initdb failed (exit %d): %s (see %s)"), status, tail, p->log);
        return BB_ESETUP;
    }
    if (rename(p->fresh, p->pgdata) != 0) {
        snprintf(err, len, _("cannot rename %s to %s: %s"), p->fresh, p->pgdata, strerror(errno));
        return BB_EIO;
    }
    return BB_OK;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Waits until the server accepts connections, or the process is gone, or time runs out. */
static int wait_ready(const paths *p, pid_t pid, char *err, size_t len)
{
    char tail[512];

    for (int i = 0; i < BB_WAIT_SECONDS * 20; i++) {
        if (ping(p) == PQPING_OK)
            return BB_OK;
        if (pid > 0 && !bb_proc__alive(pid))
            break;
        sleep_ms(50);
    }
    bb_fs__last_line(p->log, tail, sizeof tail);
    snprintf(err, len, _("the database server did not start: %s (see %s)"), tail, p->log);
    return BB_ESETUP;
}

/* After a crash postmaster.pid (and the socket's lock file) stay behind. PostgreSQL refuses
 * to start if the pid in it now belongs to another process, so remove them when no server
 * of ours runs. */
static void remove_stale_pidfile(const paths *p)
{
    char *socklock = bb_fs__join(p->run, ".s.PGSQL." BB_CLUSTER_PORT ".lock");
    char *sock = bb_fs__join(p->run, ".s.PGSQL." BB_CLUSTER_PORT);

    unlink(p->pidfile);
    if (socklock != NULL)
        unlink(socklock);
    if (sock != NULL)
        unlink(sock);
    free(socklock);
    free(sock);
}

static int start_server(const paths *p, const bb_server_account *acc, const char *bindir, char *err,
                        size_t len)
{
    char postgres[4096 + 16];
    char *argv[] = {postgres,
                    "-D",
                    p->pgdata,
                    "-k",
                    p->run,
                    "-p",
                    BB_CLUSTER_PORT,
                    "-c",
                    "listen_addresses=",
                    "-c",
                    "unix_socket_permissions=0700",
                    NULL};
    pid_t pid = pid_from_file(p);

    /* A server of ours may still be starting up or recovering: give it its time. */
    if (pid > 0 && bb_proc__is_postgres(pid)) {
        int rc = wait_ready(p, pid, err, len);
        if (rc == BB_OK || bb_proc__is_postgres(pid))
            return rc;
    }
    /* Left by a crash: its pid is dead or now someone else's. */
    if (pid != 0)
        remove_stale_pidfile(p);
    snprintf(postgres, sizeof postgres, "%s/postgres", bindir);
    if (bb_proc__spawn(acc, argv, p->log, &pid, err, len) != 0)
        return BB_ESETUP;
    return wait_ready(p, pid, err, len);
}

/* Takes the data directory's lock file; blocks while another process starts or stops. */
static int lock_dir(const paths *p, int *fd, char *err, size_t len)
{
    *fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0 || flock(*fd, LOCK_EX) != 0) {
        snprintf(err, len, _("cannot lock %s: %s"), p->lock, strerror(errno));
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
        return BB_EIO;
    }
    return BB_OK;
}

static int start_locked(const paths *p, bb_cluster__ready_fn ready, void *arg, char *err,
                        size_t len)
{
    bb_server_account acc;
    char bindir[4096];
    int rc;

    if (bb_proc__account(&acc, err, len) != 0 || bb_proc__bindir(bindir, sizeof bindir, err, len))
        return BB_ESETUP;
    if ((rc = prepare_dirs(p, &acc, err, len)) != BB_OK)
        return rc;
    if (!bb_fs__exists(p->pgdata) && (rc = create_cluster(p, &acc, bindir, err, len)) != BB_OK)
        return rc;
    if (ping(p) != PQPING_OK && (rc = start_server(p, &acc, bindir, err, len)) != BB_OK)
        return rc;
    return ready ? ready(p->dir, arg, err, len) : BB_OK;
}

int bb_cluster__run(const char *data_dir, bb_cluster__ready_fn ready, void *arg, char *errbuf,
                    size_t errlen)
{
    char dummy[8];
    paths p;
    int fd = -1, rc;

    if (errbuf == NULL)
        errbuf = dummy, errlen = sizeof dummy;
    errbuf[0] = '\0';
    rc = paths_init(&p, data_dir);
    if (rc != BB_OK) {
        snprintf(errbuf, errlen, "%s", _("no data directory: set BB_DATA_DIR or HOME"));
        goto done;
    }
    /* The lock file lives in the data directory, so that must exist first. */
    if ((rc = bb_fs__mkdir_p(p.dir, 0700)) != 0) {
        snprintf(errbuf, errlen, _("cannot create the data directory %s: %s"), p.dir, strerror(rc));
        rc = BB_EIO;
        goto done;
    }
    if ((rc = lock_dir(&p, &fd, errbuf, errlen)) == BB_OK)
        rc = start_locked(&p, ready, arg, errbuf, errlen);
done:
    if (fd >= 0)
        close(fd);
    paths_free(&p);
    return rc;
}

static int stop_locked(const paths *p, char *err, size_t len)
{
    pid_t pid = pid_from_file(p);

    if (pid <= 0 || !bb_proc__is_postgres(pid))
        return BB_OK;
    if (kill(pid, SIGINT) != 0) { /* SIGINT: fast shutdown, rolls back open transactions */
        snprintf(err, len, _("cannot stop the database server (pid %ld): %s"), (long)pid,
                 strerror(errno));
        return BB_EIO;
    }
    for (int i = 0; i < BB_WAIT_SECONDS * 20; i++) {
        if (!bb_proc__alive(pid))
            return BB_OK;
        sleep_ms(50);
    }
    snprintf(err, len, _("the database server (pid %ld) did not stop within %d seconds"), (long)pid,
             BB_WAIT_SECONDS);
    return BB_EIO;
}

int bb_cluster_stop(const char *data_dir, char *errbuf, size_t errlen)
{
    char dummy[8];
    paths p;
    int fd = -1, rc;

    if (errbuf == NULL)
        errbuf = dummy, errlen = sizeof dummy;
    errbuf[0] = '\0';
    rc = paths_init(&p, data_dir);
    if (rc == BB_OK && bb_fs__exists(p.lock) && (rc = lock_dir(&p, &fd, errbuf, errlen)) == 0)
        rc = stop_locked(&p, errbuf, errlen);
    if (fd >= 0)
        close(fd);
    paths_free(&p);
    return rc;
}

int bb_cluster_status_get(const char *data_dir, bb_cluster_status *out, char *errbuf, size_t errlen)
{
    bb_server_account acc;
    paths p;
    int rc;

    memset(out, 0, sizeof *out);
    if (errbuf != NULL && errlen > 0)
        errbuf[0] = '\0';
    rc = paths_init(&p, data_dir);
    if (rc != BB_OK)
        goto done;
    out->initialised = bb_fs__exists(p.pgdata);
    out->running = out->initialised && ping(&p) == PQPING_OK;
    out->pid = out->running ? pid_from_file(&p) : 0;
    if (bb_proc__account(&acc, errbuf ? errbuf : (char[8]){0}, errbuf ? errlen : 8) == 0)
        out->server_user = strdup(acc.name);
    out->data_dir = p.dir, p.dir = NULL;
    out->pgdata = p.pgdata, p.pgdata = NULL;
    out->socket_dir = p.run, p.run = NULL;
    out->log_file = p.log, p.log = NULL;
done:
    paths_free(&p);
    return rc;
}

void bb_cluster_status_clear(bb_cluster_status *st)
{
    if (st == NULL)
        return;
    free(st->data_dir);
    free(st->pgdata);
    free(st->socket_dir);
    free(st->log_file);
    free(st->server_user);
    memset(st, 0, sizeof *st);
}
