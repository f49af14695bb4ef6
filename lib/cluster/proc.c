#include "cluster/proc.h"
#include "base/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void bb_proc__self(bb_server_account *acc)
{
    struct passwd *pw = getpwuid(geteuid());

    memset(acc, 0, sizeof *acc);
    acc->uid = geteuid();
    acc->gid = getegid();
    snprintf(acc->name, sizeof acc->name, "%s", pw ? pw->pw_name : "?");
}

int bb_proc__account(bb_server_account *acc, char *err, size_t len)
{
    const char *name = getenv("BB_SERVER_USER");
    struct passwd *pw;

    if (geteuid() != 0) {
        bb_proc__self(acc);
        return 0;
    }
    memset(acc, 0, sizeof *acc);
    if (name == NULL || *name == '\0')
        name = "postgres";
    pw = getpwnam(name);
    if (pw == NULL || pw->pw_uid == 0) {
        snprintf(err, len,
                 _("PostgreSQL refuses to run as root and the account '%s' to run it as does "
                   "not exist (or is root): install the Debian package postgresql, which "
                   "creates it, or set BB_SERVER_USER to an unprivileged account"),
                 name);
        return -1;
    }
    acc->switch_user = true;
    acc->uid = pw->pw_uid;
    acc->gid = pw->pw_gid;
    snprintf(acc->name, sizeof acc->name, "%s", name);
    return 0;
}

static bool has_initdb(const char *dir)
{
    char path[4096 + 16];
    snprintf(path, sizeof path, "%s/initdb", dir);
    return access(path, X_OK) == 0;
}

static bool from_pg_config(char *out, size_t len)
{
    FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
    bool ok = false;

    if (p == NULL)
        return false;
    if (fgets(out, (int)len, p) != NULL) {
        out[strcspn(out, "\n")] = '\0';
        ok = has_initdb(out);
    }
    pclose(p);
    return ok;
}

/* Debian installs each major version under /usr/lib/postgresql/N/bin; take the newest. */
static bool from_debian_layout(char *out, size_t len)
{
    DIR *d = opendir("/usr/lib/postgresql");
    struct dirent *e;
    long best = 0;
    char dir[4096];

    if (d == NULL)
        return false;
    while ((e = readdir(d)) != NULL) {
        long v = strtol(e->d_name, NULL, 10);
        snprintf(dir, sizeof dir, "/usr/lib/postgresql/%s/bin", e->d_name);
        if (v > best && has_initdb(dir)) {
            best = v;
            snprintf(out, len, "%s", dir);
        }
    }
    closedir(d);
    return best > 0;
}

int bb_proc__bindir(char *out, size_t len, char *err, size_t elen)
{
    const char *env = getenv("BB_PG_BINDIR");

    if (env != NULL && *env != '\0') {
        snprintf(out, len, "%s", env);
        if (has_initdb(out))
            return 0;
        snprintf(err, elen, _("BB_PG_BINDIR is '%s', but it holds no initdb"), env);
        return -1;
    }
    if (from_pg_config(out, len) || from_debian_layout(out, len))
        return 0;
    snprintf(err, elen, "%s",
             _("PostgreSQL's server programs (initdb, postgres) were not found: install the "
               "Debian package postgresql-15 (or set BB_PG_BINDIR to their directory)"));
    return -1;
}

/* In a child: become the server account, send output to logpath, close inherited files.
 * Returns an errno value on failure. */
static int child_prepare(const bb_server_account *acc, const char *logpath)
{
    int fd;

    if (acc->switch_user) {
        if (setgroups(0, NULL) != 0 || setgid(acc->gid) != 0 || setuid(acc->uid) != 0)
            return errno;
        if (getuid() == 0 || geteuid() == 0)
            return EPERM;
    }
    umask(077);
    fd = open("/dev/null", O_RDONLY);
    if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
        return errno;
    close(fd);
    fd = open(logpath, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
        return errno;
    close(fd);
    if (chdir("/") != 0)
        return errno;
    return 0;
}

static void close_from(int lowfd, int keep)
{
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536)
        max = 65536;
    for (int fd = lowfd; fd < max; fd++)
        if (fd != keep)
            close(fd);
}

/* Last step of a child: exec, or report errno through the close-on-exec pipe. */
static void child_exec(const bb_server_account *acc, char *const argv[], const char *logpath,
                       int errfd)
{
    int e = child_prepare(acc, logpath);

    close_from(3, errfd);
    signal(SIGPIPE, SIG_DFL);
    if (e == 0) {
        execv(argv[0], argv);
        e = errno;
    }
    if (write(errfd, &e, sizeof e) < 0)
        _exit(126);
    _exit(127);
}

/* Reads the child's exec error, if any: 0 when the pipe closed without one. */
static int exec_error(int fd)
{
    int e = 0;
    ssize_t n;

    do
        n = read(fd, &e, sizeof e);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)sizeof e ? e : 0;
}

int bb_proc__run(const bb_server_account *acc, char *const argv[], const char *logpath,
                 char *err, size_t len)
{
    int pfd[2], status = 0, e;
    pid_t pid;

    if (pipe2(pfd, O_CLOEXEC) != 0)
        goto fail;
    pid = fork();
    if (pid < 0) {
        close(pfd[0]);
        close(pfd[1]);
        goto fail;
    }
    if (pid == 0) {
        close(pfd[0]);
        child_exec(acc, argv, logpath, pfd[1]);
    }
    close(pfd[1]);
    e = exec_error(pfd[0]);
    close(pfd[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (e != 0) {
        snprintf(err, len, _("cannot run %s as %s: %s"), argv[0], acc->name, strerror(e));
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
fail:
    snprintf(err, len, _("cannot start %s: %s"), argv[0], strerror(errno));
    return -1;
}

/* The middle child of a double fork: starts the server in a new session, tells the parent
 * its pid, and leaves at once so the server is adopted by init and never becomes our zombie. */
static void spawn_middle(const bb_server_account *acc, char *const argv[], const char *logpath,
                         int pidfd, int errfd)
{
    pid_t pid;

    setsid();
    pid = fork();
    if (pid == 0) {
        close(pidfd);
        setpgid(0, 0); /* its own process group: the server and its backends go as one */
        child_exec(acc, argv, logpath, errfd);
    }
    if (write(pidfd, &pid, sizeof pid) < 0)
        _exit(1);
    _exit(pid < 0 ? 1 : 0);
}

int bb_proc__spawn(const bb_server_account *acc, char *const argv[], const char *logpath,
                   pid_t *out, char *err, size_t len)
{
    int pidp[2] = {-1, -1}, errp[2] = {-1, -1}, e, status;
    pid_t middle, pid = -1;

    if (pipe2(pidp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0)
        goto fail;
    middle = fork();
    if (middle < 0)
        goto fail;
    if (middle == 0) {
        close(pidp[0]);
        close(errp[0]);
        spawn_middle(acc, argv, logpath, pidp[1], errp[1]);
    }
    close(pidp[1]);
    close(errp[1]);
    pidp[1] = errp[1] = -1;
    if (read(pidp[0], &pid, sizeof pid) != (ssize_t)sizeof pid)
        pid = -1;
    while (waitpid(middle, &status, 0) < 0 && errno == EINTR)
        ;
    e = exec_error(errp[0]);
    close(pidp[0]);
    close(errp[0]);
    if (pid <= 0 || e != 0) {
        snprintf(err, len, _("cannot run %s as %s: %s"), argv[0], acc->name,
                 strerror(e ? e : ECHILD));
        return -1;
    }
    *out = pid;
    return 0;
fail:
    e = errno;
    for (int i = 0; i < 2; i++) {
        if (pidp[i] >= 0)
            close(pidp[i]);
        if (errp[i] >= 0)
            close(errp[i]);
    }
    snprintf(err, len, _("cannot start %s: %s"), argv[0], strerror(e));
    return -1;
}

/* A zombie (killed, not yet reaped by its parent, which may be a lax init) counts as dead. */
static bool is_zombie(pid_t pid)
{
    char path[64], buf[256];
    FILE *f;
    char *paren;
    bool zombie = false;

    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    f = fopen(path, "r");
    if (f == NULL)
        return false;
    if (fgets(buf, sizeof buf, f) != NULL && (paren = strrchr(buf, ')')) != NULL)
        zombie = paren[1] == ' ' && paren[2] == 'Z';
    fclose(f);
    return zombie;
}

bool bb_proc__alive(pid_t pid)
{
    return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) && !is_zombie(pid);
}

bool bb_proc__is_postgres(pid_t pid)
{
    char path[64], comm[64] = "";

    if (!bb_proc__alive(pid))
        return false;
    if (access("/proc/self/comm", R_OK) != 0)
        return true; /* no /proc to ask: trust kill() */
    snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    if (fgets(comm, sizeof comm, f) == NULL)
        comm[0] = '\0';
    fclose(f);
    return strncmp(comm, "postgres", 8) == 0 || strncmp(comm, "postmaster", 10) == 0;
}
