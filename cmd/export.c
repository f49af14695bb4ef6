/* bbctl export: the figures of a period in a format for people outside the organisation. The
 * figures are computed first; a file is then written under a temporary name in the same
 * directory, flushed to disk and renamed over the target, so a failed or interrupted export
 * leaves no half-written file (and an old one stays as it was). */
#include "export.h"
#include "out.h"

#include <bb/audit.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_keyword formats[] = {
    {"txt", 0}, {"md", 1}, {"csv", 2}, {"json", 3}, {"xlsx", 4}, {"html", 5}, {NULL, 0},
};

/* --csv: RFC 4180 (index 0, the default) or the Dutch spreadsheet dialect. */
static const cli_keyword csv_dialects[] = {
    {"rfc4180", 0}, {"excel-nl", 1}, {NULL, 0},
};

/* The temporary file while it is written, for the signal handler to remove. */
static char *volatile temp_path;

static void on_signal(int sig)
{
    if (temp_path != NULL)
        unlink(temp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void guard(char *path)
{
    temp_path = path;
    signal(SIGINT, path ? on_signal : SIG_DFL);
    signal(SIGTERM, path ? on_signal : SIG_DFL);
    signal(SIGHUP, path ? on_signal : SIG_DFL);
}

static int check_args(const cli_command *cmd, const fig_args *a)
{
    bool to_stdout = a->out == NULL || strcmp(a->out, "-") == 0;

    if (strcmp(a->format, "xlsx") == 0 && to_stdout)
        return cli_usage_error(cmd, "%s", _("--format xlsx needs --out FILE"));
    if (a->csv_index != 0 && strcmp(a->format, "csv") != 0)
        return cli_usage_error(cmd, "%s", _("--csv goes with --format csv"));
    return CLI_OK;
}

/* Writes the document; machine numbers in the C locale, people's with decimal. */
static int write_doc(FILE *f, const fig_args *a, const bb_stats *s, char decimal)
{
    const char *format = a->format;

    if (strcmp(format, "txt") == 0 || strcmp(format, "md") == 0)
        return export_text(f, s, strcmp(format, "md") == 0, decimal);
    if (strcmp(format, "csv") == 0)
        return export_csv(f, s, a->csv_index == 1);
    if (strcmp(format, "json") == 0)
        return export_json(f, s);
    return export_html(f, s, decimal);
}

static int fail_write(const char *path, const char *why)
{
    fprintf(stderr, _("bbctl: cannot write %s: %s\n"), path, why);
    return CLI_FAILURE;
}

/* Makes the file's contents under tmp (fd open on it) and forces them to disk. */
static int fill_temp(int fd, const char *tmp, const fig_args *a, const bb_stats *s, char decimal,
                     const char **why)
{
    FILE *f;
    int rc = 0;

    if (strcmp(a->format, "xlsx") == 0) {
        rc = export_xlsx(tmp, s, why);
        if (rc == 0 && fsync(fd) != 0)
            rc = -1, *why = strerror(errno);
        close(fd);
        return rc;
    }
    if ((f = fdopen(fd, "w")) == NULL) {
        *why = strerror(errno);
        close(fd);
        return -1;
    }
    if (write_doc(f, a, s, decimal) != 0 || fflush(f) != 0 || fsync(fd) != 0)
        rc = -1, *why = strerror(errno ? errno : EIO);
    if (fclose(f) != 0 && rc == 0)
        rc = -1, *why = strerror(errno);
    return rc;
}

/* The rename reaches the disk with its directory. */
static void sync_dir(const char *path)
{
    char *copy = strdup(path);
    int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY) : -1;

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

static int write_file(const fig_args *a, const bb_stats *s, char decimal)
{
    char *tmp = NULL;
    const char *why = NULL;
    mode_t mask = umask(0);
    int fd, rc;

    umask(mask);
    if (asprintf(&tmp, "%s.XXXXXX", a->out) < 0)
        return fail_write(a->out, strerror(ENOMEM));
    guard(tmp);
    fd = mkstemp(tmp);
    if (fd < 0) {
        guard(NULL);
        rc = fail_write(a->out, strerror(errno));
        free(tmp);
        return rc;
    }
    fchmod(fd, 0666 & ~mask); /* an export is meant to be shared: the umask decides */
    if (isatty(STDERR_FILENO))
        fprintf(stderr, _("\rbbctl: writing %s"), a->out);
    rc = fill_temp(fd, tmp, a, s, decimal, &why);
    if (rc == 0 && rename(tmp, a->out) != 0)
        rc = -1, why = strerror(errno);
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    if (rc != 0)
        unlink(tmp);
    else
        sync_dir(a->out);
    guard(NULL);
    free(tmp);
    return rc == 0 ? CLI_OK : fail_write(a->out, why);
}

static int write_stdout(const fig_args *a, const bb_stats *s, char decimal)
{
    if (write_doc(stdout, a, s, decimal) != 0 || fflush(stdout) != 0)
        return fail_write(_("standard output"), strerror(errno ? errno : EIO));
    return CLI_OK;
}

/* The audit record of an export: who (the record's actor), the period, the format and where
 * to; never a figure. Written before the file, so no figures leave without one. */
static int record_export(bb_ctx *ctx, const bb_stats *s, void *data)
{
    const fig_args *a = data;
    bool to_stdout = a->out == NULL || strcmp(a->out, "-") == 0;
    char *detail = NULL, *cwd = NULL, *path = NULL;
    size_t size = 0;
    json_out j = {0};
    int rc = CLI_OK;

    if (!to_stdout && a->out[0] != '/' && (cwd = getcwd(NULL, 0)) != NULL &&
        asprintf(&path, "%s/%s", cwd, a->out) < 0)
        path = NULL;
    if ((j.f = open_memstream(&detail, &size)) == NULL) {
        fprintf(stderr, "bbctl: %s\n", strerror(errno));
        rc = CLI_FAILURE;
        goto done;
    }
    jw_open(&j, '{');
    jw_str(&j, "period", s->period.label);
    jw_str(&j, "from", s->period.from);
    jw_str(&j, "to", s->period.to);
    jw_str(&j, "format", a->format);
    jw_str(&j, "out", to_stdout ? "-" : path ? path : a->out);
    jw_close(&j, '}');
    fclose(j.f);
    if ((rc = bb_audit_record(ctx, "export", NULL, detail)) != BB_OK)
        rc = cli_fail(ctx, rc, _("cannot record the export in the audit log"));
done:
    free(detail);
    free(path);
    free(cwd);
    return rc;
}

static int export_run(const cli_command *cmd, int argc, char **argv)
{
    fig_args a = {.o.compare = 1};
    bb_stats *s = NULL;
    char decimal = *localeconv()->decimal_point;
    locale_t base, c = (locale_t)0, old = (locale_t)0;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK)
        a.format = formats[a.format_index].word;
    if (rc != CLI_OK || (rc = fig_check(cmd, &a)) != CLI_OK || (rc = check_args(cmd, &a)) != CLI_OK)
        return rc;
    /* A published period of any length could be subtracted from another one
     * (docs/metrics.md, "Disclosure control"); bbctl stats keeps --from/--to. */
    if (a.o.from != NULL || a.o.to != NULL)
        return cli_usage_error(cmd, "%s",
                               _("--from/--to: an export is for a quarter, half year, year or "
                                 "the pilot (--period); figures of other periods could be "
                                 "subtracted from published ones"));
    a.o.quarters = strcmp(a.format, "csv") != 0; /* the charts' and tables' only */
    if ((rc = fig_compute(&a, true, &s, record_export, &a)) != CLI_OK)
        return rc;
    /* Files hold numbers in the C locale (libxlsxwriter prints with printf too); every other
     * category, the language of the messages among them, stays the user's. */
    base = duplocale(LC_GLOBAL_LOCALE);
    c = base != (locale_t)0 ? newlocale(LC_NUMERIC_MASK, "C", base) : (locale_t)0;
    if (c == (locale_t)0 && base != (locale_t)0)
        freelocale(base);
    if (c != (locale_t)0)
        old = uselocale(c);
    if (a.out == NULL || strcmp(a.out, "-") == 0)
        rc = write_stdout(&a, s, decimal);
    else
        rc = write_file(&a, s, decimal);
    if (c != (locale_t)0) {
        uselocale(old);
        freelocale(c);
    }
    bb_stats_free(s);
    return rc;
}

static const cli_option export_options[] = {
    FIG_OPT_PERIOD(CLI_HIDDEN), /* --from and --to only to say why not */
    {"format", CLI_KEYWORD_AT(fig_args, format_index), .value = N_("FORMAT"), .flags = CLI_REQUIRED,
     .words = formats, .missing = N_("--format is required (txt, md, csv, json, xlsx, html)"),
     .bad = N_("%s: '%s' is not a format (expected txt, md, csv, json, xlsx or html)"),
     .help = N_("txt, md, csv, json, xlsx (with --out) or html")},
    {"csv", CLI_KEYWORD_AT(fig_args, csv_index), .value = N_("DIALECT"), .words = csv_dialects,
     .bad = N_("%s: '%s' is not a CSV dialect (expected rfc4180 or excel-nl)"),
     .help = N_("rfc4180 (default) or excel-nl: semicolons, decimal commas, a byte order mark "
                "and labels, for Dutch Excel and LibreOffice")},
    {"out", CLI_STRING_AT(fig_args, out), .value = N_("FILE"),
     .help = N_("write it to FILE, whole or not at all (default: standard output)")},
    FIG_OPT_K,
    CLI_OPTIONS_END,
};

const cli_command cli_export_commands[] = {
    {"export", NULL, export_run,
     N_("Export the pilot's figures for a period, safe to publish (Dutch text, tables, charts)"),
     export_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
