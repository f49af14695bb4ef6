/* Reading passphrases without echo from the terminal, or from a file; never from argv. */
#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* Not-found results of the readers, apart from the exit codes. */
enum { NO_TTY = -1 };

static volatile sig_atomic_t caught_signal;

static void on_signal(int signo)
{
    caught_signal = signo;
}

static int pass_alloc(cli_pass *p)
{
    p->len = 0;
    p->text = calloc(1, CLI_PASS_MAX + 1);
    if (p->text == NULL) {
        fprintf(stderr, "bbctl: %s\n", _("out of memory"));
        return CLI_FAILURE;
    }
    mlock(p->text, CLI_PASS_MAX + 1); /* best effort: not into swap */
    return CLI_OK;
}

void cli_pass_wipe(cli_pass *p)
{
    if (p == NULL || p->text == NULL)
        return;
    explicit_bzero(p->text, CLI_PASS_MAX + 1);
    munlock(p->text, CLI_PASS_MAX + 1);
    free(p->text);
    p->text = NULL;
    p->len = 0;
}

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* Reads up to the first newline of fd into p; drops "\n" or "\r\n". Returns 0, or 1 when the
 * line is longer than CLI_PASS_MAX, or -1 with errno on a read error. */
static int read_line(int fd, cli_pass *p)
{
    char c;
    ssize_t got;
    int too_long = 0;

    p->len = 0;
    while ((got = read(fd, &c, 1)) == 1 && c != '\n') {
        if (p->len < CLI_PASS_MAX)
            p->text[p->len++] = c;
        else
            too_long = 1;
    }
    c = 0;
    if (got < 0)
        return -1;
    if (p->len > 0 && p->text[p->len - 1] == '\r')
        p->len--;
    p->text[p->len] = '\0';
    return too_long;
}

static int read_file(cli_pass *p, const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), rc = CLI_FAILURE, r;

    if (fd < 0) {
        fprintf(stderr, _("bbctl: cannot read the passphrase file %s: %s\n"), path,
                strerror(errno));
        return CLI_FAILURE;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
        fprintf(stderr,
                _("bbctl: warning: the passphrase file %s can be read by other users "
                  "(chmod 600 it)\n"),
                path);
    r = read_line(fd, p);
    if (r < 0)
        fprintf(stderr, _("bbctl: cannot read the passphrase file %s: %s\n"), path,
                strerror(errno));
    else if (r > 0)
        fprintf(stderr, _("bbctl: the passphrase in %s is longer than %d bytes\n"), path,
                CLI_PASS_MAX);
    else if (p->len == 0)
        fprintf(stderr,
                _("bbctl: the passphrase file %s is empty (its first line is the "
                  "passphrase)\n"),
                path);
    else
        rc = CLI_OK;
    close(fd);
    return rc;
}

/* While echo is off, these signals first give the terminal back. */
static const int guarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define N_GUARDED (sizeof guarded / sizeof guarded[0])

static void guard_signals(struct sigaction old[N_GUARDED])
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: read() returns at once */
    sigemptyset(&sa.sa_mask);
    caught_signal = 0;
    for (size_t i = 0; i < N_GUARDED; i++)
        sigaction(guarded[i], &sa, &old[i]);
}

static void unguard_signals(const struct sigaction old[N_GUARDED])
{
    for (size_t i = 0; i < N_GUARDED; i++)
        sigaction(guarded[i], &old[i], NULL);
    if (caught_signal != 0)
        raise(caught_signal); /* as if it had come without us */
}

/* Asks on the terminal without echo. Returns CLI_OK, NO_TTY when there is no terminal, or an
 * exit code. */
static int read_tty(cli_pass *p, const char *prompt)
{
    struct sigaction old[N_GUARDED];
    struct termios saved, quiet;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY), r;

    if (fd < 0 || tcgetattr(fd, &saved) != 0) {
        if (fd >= 0)
            close(fd);
        return NO_TTY;
    }
    quiet = saved;
    quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
    quiet.c_lflag |= ICANON;
    guard_signals(old);
    (void)!write(fd, prompt, strlen(prompt));
    tcsetattr(fd, TCSAFLUSH, &quiet);
    r = read_line(fd, p);
    tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!write(fd, "\n", 1);
    close(fd);
    unguard_signals(old);
    if (r < 0) {
        fprintf(stderr, "bbctl: %s\n", _("no passphrase was read"));
        return CLI_FAILURE;
    }
    if (r > 0) {
        fprintf(stderr, _("bbctl: the passphrase is longer than %d bytes\n"), CLI_PASS_MAX);
        return CLI_FAILURE;
    }
    return CLI_OK;
}

static int check_new(const cli_pass *p)
{
    size_t n = count_chars(p->text, p->len);

    if (n >= CLI_PASS_MIN)
        return CLI_OK;
    fprintf(stderr,
            ngettext("bbctl: the new passphrase is too short: %zu character; use at least %d "
                     "(a few unrelated words are easy to remember)\n",
                     "bbctl: the new passphrase is too short: %zu characters; use at least %d "
                     "(a few unrelated words are easy to remember)\n",
                     n),
            n, CLI_PASS_MIN);
    return CLI_FAILURE;
}

/* A new passphrase on the terminal: twice, the same, long enough; three tries. */
static int read_tty_new(cli_pass *p, const char *prompt)
{
    cli_pass again = {0};
    int rc = pass_alloc(&again);

    for (int tries = 0; rc == CLI_OK && tries < 3; tries++) {
        if ((rc = read_tty(p, prompt)) != CLI_OK)
            break;
        if ((rc = check_new(p)) != CLI_OK) {
            rc = CLI_OK; /* ask again */
            continue;
        }
        if ((rc = read_tty(&again, _("Repeat the new passphrase: "))) != CLI_OK)
            break;
        if (again.len == p->len && memcmp(again.text, p->text, p->len) == 0)
            goto done;
        fprintf(stderr, "bbctl: %s\n", _("the two passphrases differ; try again"));
    }
    if (rc == CLI_OK) {
        fprintf(stderr, "bbctl: %s\n", _("no new passphrase was set"));
        rc = CLI_FAILURE;
    }
done:
    cli_pass_wipe(&again);
    return rc;
}

int cli_pass_read(cli_pass *out, const char *file, const char *env_var, const char *prompt,
                  enum cli_pass_kind kind)
{
    const char *env = env_var ? getenv(env_var) : NULL;
    int rc = pass_alloc(out);

    if (rc != CLI_OK)
        return rc;
    if (file == NULL && env != NULL && *env != '\0')
        file = env;
    if (file != NULL) {
        rc = read_file(out, file);
        if (rc == CLI_OK && kind == CLI_PASS_NEW)
            rc = check_new(out);
    } else {
        rc = kind == CLI_PASS_NEW ? read_tty_new(out, prompt) : read_tty(out, prompt);
    }
    if (rc == NO_TTY) {
        fprintf(stderr,
                _("bbctl: a passphrase is needed and there is no terminal to ask it on; give "
                  "it in a file with --passphrase-file FILE or %s\n"),
                env_var ? env_var : "BB_PASSPHRASE_FILE");
        rc = CLI_FAILURE;
    }
    if (rc != CLI_OK)
        cli_pass_wipe(out);
    return rc;
}
