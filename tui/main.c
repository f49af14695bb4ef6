/* bbtui: the coordinators' terminal UI. This first version opens the database and shows its
 * state; the screens of the registry come with the registry itself. */
#include "config.h"

#include <bb.h>
#include <curses.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define _(s) gettext(s)

static void setup_process(void)
{
    const char *dir = getenv("BB_LOCALEDIR");
    struct rlimit none = {0, 0};

    setrlimit(RLIMIT_CORE, &none); /* key material must never land in a core file */
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : BB_LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}

static void draw(bb_ctx *ctx)
{
    bb_schema_info info;
    const char *ver = bb_server_version(ctx);

    erase();
    if (LINES < 24 || COLS < 80) {
        mvprintw(0, 0, "%s", _("The window is too small: bbtui needs at least 80x24."));
        refresh();
        return;
    }
    attron(A_BOLD);
    mvprintw(0, 0, "%s", _("bb - neighbourhood mediation"));
    attroff(A_BOLD);
    mvprintw(2, 2, _("Server: PostgreSQL %s"), ver ? ver : "?");
    if (bb_schema_info_get(ctx, &info) == BB_OK)
        mvprintw(3, 2, _("Schema: version %d of %d"), info.applied, info.known);
    mvprintw(LINES - 1, 0, "%s", _("q Quit"));
    refresh();
}

static int run(bb_ctx *ctx)
{
    int ch;

    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    draw(ctx);
    while ((ch = getch()) != 'q' && ch != 27) {
        if (ch == KEY_RESIZE)
            draw(ctx);
    }
    endwin();
    return 0;
}

int main(int argc, char **argv)
{
    bb_ctx *ctx = NULL;
    int rc;

    setup_process();
    if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        printf("bbtui %s\n", BB_VERSION);
        return 0;
    }
    if (argc > 1) {
        printf("%s\n", _("Usage: bbtui [--version]\nThe database is chosen as for bbctl: "
                         "BB_DATABASE_URL, PGSERVICE/PGHOST, or the embedded one."));
        return strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    rc = bb_open(&ctx, NULL);
    if (rc != BB_OK) {
        fprintf(stderr, _("bbtui: cannot open the database: %s\n"), bb_errmsg(ctx));
        bb_close(ctx);
        return 1;
    }
    rc = run(ctx);
    bb_close(ctx);
    return rc;
}
