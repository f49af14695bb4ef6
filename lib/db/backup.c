/* Backups of the embedded database: pg_dump's custom format, with its SHA-256 beside it in
 * FILE.sha256 (sha256sum's format, so `sha256sum -c` checks it too); restoring one into an
 * empty embedded database. The archive stays a plain pg_dump archive that pg_restore reads. */
#include "bb/cluster.h"
#include "bb/error.h"
#include "base/files.h"
#include "base/i18n.h"
#include "cluster/cluster.h"
#include "cluster/proc.h"
#include "db/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHA256_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* The files of one backup, as absolute paths: the client programs run in "/". */
typedef struct backup_files {
    char *file;     /* the archive */
    char *sum;      /* file.sha256 */
    char *part;     /* file.part: the archive while pg_dump writes it */
    char *sum_part; /* file.sha256.part */
} backup_files;

static void files_free(backup_files *f)
{
    free(f->file);
    free(f->sum);
    free(f->part);
    free(f->sum_part);
}

static int files_init(backup_files *f, const char *file)
{
    char cwd[4096];

    memset(f, 0, sizeof *f);
    if (file[0] == '/')
        f->file = strdup(file);
    else if (getcwd(cwd, sizeof cwd) != NULL)
        f->file = bb_fs__join(cwd, file);
    else
        return BB_EIO;
    if (f->file == NULL || asprintf(&f->sum, "%s.sha256", f->file) < 0 ||
        asprintf(&f->part, "%s.part", f->file) < 0 ||
        asprintf(&f->sum_part, "%s.sha256.part", f->file) < 0)
        return BB_ENOMEM;
    return BB_OK;
}

/* The SHA-256 of a file's bytes, in hex. */
static int file_sha256(const char *path, char hex[SHA256_HEX], char *err, size_t len)
{
    crypto_hash_sha256_state st;
    unsigned char buf[65536], sum[crypto_hash_sha256_BYTES];
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc = BB_OK;
    ssize_t n;

    if (fd < 0 || sodium_init() < 0) {
        snprintf(err, len, _("cannot read %s: %s"), path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return errno == ENOENT ? BB_ENOTFOUND : BB_EIO;
    }
    crypto_hash_sha256_init(&st);
    while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
    if (n < 0) {
        snprintf(err, len, _("cannot read %s: %s"), path, strerror(errno));
        rc = BB_EIO;
    }
    crypto_hash_sha256_final(&st, sum);
    sodium_bin2hex(hex, SHA256_HEX, sum, sizeof sum);
    close(fd);
    return rc;
}

/* Runs a PostgreSQL client program of bindir as ourselves. On failure err gets the program's
 * last line of output. */
static int run_client(const char *bindir, const char *prog, char **argv, char *err, size_t len)
{
    char path[4096 + 32], log[] = "/tmp/bb-backup.XXXXXX", tail[512];
    bb_server_account self;
    int fd = mkstemp(log), status;

    if (fd < 0) {
        snprintf(err, len, _("cannot create %s: %s"), log, strerror(errno));
        return BB_EIO;
    }
    close(fd);
    snprintf(path, sizeof path, "%s/%s", bindir, prog);
    argv[0] = path;
    bb_proc__self(&self);
    status = bb_proc__run(&self, argv, log, err, len);
    if (status > 0) {
        bb_fs__last_line(log, tail, sizeof tail);
        snprintf(err, len, _("%s failed (exit %d): %s"), prog, status, tail);
    }
    unlink(log);
    return status == 0 ? BB_OK : BB_ESETUP;
}

/* Writes "HEX  NAME\n" to f->sum_part, as sha256sum does. */
static int write_sum(const backup_files *f, const char *hex, char *err, size_t len)
{
    char *copy = strdup(f->file);
    FILE *out = NULL;
    int fd, rc = BB_OK;

    unlink(f->sum_part); /* left by a backup that was cut off */
    fd = open(f->sum_part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    out = fd >= 0 ? fdopen(fd, "w") : NULL;

    if (copy == NULL || out == NULL || fprintf(out, "%s  %s\n", hex, basename(copy)) < 0 ||
        fflush(out) != 0 || fsync(fd) != 0) {
        snprintf(err, len, _("cannot write %s: %s"), f->sum_part, strerror(errno));
        rc = BB_EIO;
    }
    if (out != NULL)
        fclose(out);
    else if (fd >= 0)
        close(fd);
    free(copy);
    return rc;
}

/* pg_dump into f->part, then its checksum, then both renamed into place. */
static int dump_and_sum(const backup_files *f, const char *conninfo, char *err, size_t len)
{
    char bindir[4096], hex[SHA256_HEX], *dbarg = NULL, *filearg = NULL;
    int rc = BB_ENOMEM;

    if (bb_proc__bindir(bindir, sizeof bindir, err, len) != 0)
        return BB_ESETUP;
    if (asprintf(&dbarg, "--dbname=%s", conninfo) < 0 ||
        asprintf(&filearg, "--file=%s", f->part) < 0)
        goto done;
    char *argv[] = {NULL, "--format=custom", "--no-password", dbarg, filearg, NULL};
    if ((rc = run_client(bindir, "pg_dump", argv, err, len)) != BB_OK)
        goto done;
    if (chmod(f->part, 0600) != 0) {
        snprintf(err, len, _("cannot change the mode of %s: %s"), f->part, strerror(errno));
        rc = BB_EIO;
        goto done;
    }
    if ((rc = file_sha256(f->part, hex, err, len)) != BB_OK ||
        (rc = write_sum(f, hex, err, len)) != BB_OK)
        goto done;
    if (rename(f->part, f->file) != 0 || rename(f->sum_part, f->sum) != 0) {
        snprintf(err, len, _("cannot rename %s to %s: %s"), f->part, f->file, strerror(errno));
        rc = BB_EIO;
    }
done:
    free(dbarg);
    free(filearg);
    return rc;
}

/* A backup of a cluster that was never made would make one: say there is nothing instead. */
static int require_cluster(const char *data_dir, char *err, size_t len)
{
    bb_cluster_status st;
    int rc = bb_cluster_status_get(data_dir, &st, err, len);

    if (rc == BB_OK && !st.initialised) {
        snprintf(err, len, _("there is no embedded database in %s to back up"),
                 st.data_dir ? st.data_dir : "?");
        rc = BB_ENOTFOUND;
    }
    bb_cluster_status_clear(&st);
    return rc;
}

int bb_cluster_backup(const char *data_dir, const char *file, char *errbuf, size_t errlen)
{
    char dummy[8], *conninfo = NULL;
    backup_files f;
    int rc;

    if (errbuf == NULL)
        errbuf = dummy, errlen = sizeof dummy;
    errbuf[0] = '\0';
    if ((rc = files_init(&f, file)) != BB_OK) {
        snprintf(errbuf, errlen, "%s", bb_strerror(rc));
        goto done;
    }
    if (bb_fs__exists(f.file) || bb_fs__exists(f.sum)) {
        snprintf(errbuf, errlen,
                 _("%s exists already: choose another name, or move the old backup away first"),
                 bb_fs__exists(f.file) ? f.file : f.sum);
        rc = BB_EEXISTS;
        goto done;
    }
    if ((rc = require_cluster(data_dir, errbuf, errlen)) != BB_OK ||
        (rc = bb_cluster_start(data_dir, errbuf, errlen)) != BB_OK)
        goto done;
    conninfo = bb_cluster_conninfo(data_dir, BB_CLUSTER_DB);
    rc = conninfo ? dump_and_sum(&f, conninfo, errbuf, errlen) : BB_ENOMEM;
    if (rc != BB_OK) {
        unlink(f.part);
        unlink(f.sum_part);
    }
done:
    free(conninfo);
    files_free(&f);
    return rc;
}

/* The archive's bytes must have the SHA-256 its .sha256 file names. */
static int check_sum(const backup_files *f, char *err, size_t len)
{
    char line[256], hex[SHA256_HEX];
    int e = bb_fs__read_line(f->sum, line, sizeof line), rc;

    if (!bb_fs__exists(f->file)) {
        snprintf(err, len, _("%s: no such backup file"), f->file);
        return BB_ENOTFOUND;
    }
    if (e != 0) {
        snprintf(err, len,
                 _("cannot read the checksum of %s from %s: %s (bbctl db backup writes both)"),
                 f->file, f->sum, strerror(e));
        return BB_EINVAL;
    }
    if ((rc = file_sha256(f->file, hex, err, len)) != BB_OK)
        return rc;
    if (strspn(line, "0123456789abcdef") != SHA256_HEX - 1) {
        snprintf(err, len, _("%s holds no SHA-256 (64 hex digits first)"), f->sum);
        return BB_EINVAL;
    }
    if (strncmp(line, hex, SHA256_HEX - 1) != 0) {
        snprintf(err, len,
                 _("%s is damaged or incomplete: its SHA-256 is not the one in %s; nothing "
                   "was restored"),
                 f->file, f->sum);
        return BB_EINVAL;
    }
    return BB_OK;
}

int bb_cluster_restore(const char *data_dir, const char *file, char **missing_roles, char *errbuf,
                       size_t errlen)
{
    char dummy[8];
    bb_restore_job job = {0};
    backup_files f;
    int rc;

    if (errbuf == NULL)
        errbuf = dummy, errlen = sizeof dummy;
    errbuf[0] = '\0';
    if (missing_roles != NULL)
        *missing_roles = NULL;
    if ((rc = files_init(&f, file)) != BB_OK) {
        snprintf(errbuf, errlen, "%s", bb_strerror(rc));
        goto done;
    }
    if ((rc = check_sum(&f, errbuf, errlen)) != BB_OK)
        goto done;
    job.file = f.file;
    rc = bb_cluster__run(data_dir, bb_db__restore_locked, &job, errbuf, errlen);
    if (rc == BB_OK && missing_roles != NULL)
        *missing_roles = job.missing_roles, job.missing_roles = NULL;
done:
    free(job.missing_roles);
    files_free(&f);
    return rc;
}

int bb_db__run_restore(const char *file, const char *conninfo, char *err, size_t len)
{
    char bindir[4096], *dbarg = NULL;
    int rc = BB_ENOMEM;

    if (bb_proc__bindir(bindir, sizeof bindir, err, len) != 0)
        return BB_ESETUP;
    if (asprintf(&dbarg, "--dbname=%s", conninfo) < 0)
        return rc;
    char *argv[] = {
        NULL, "--exit-on-error", "--single-transaction", "--no-password", dbarg, (char *)file,
        NULL};
    rc = run_client(bindir, "pg_restore", argv, err, len);
    free(dbarg);
    return rc;
}
