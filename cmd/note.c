/* Notes of several lines in bbctl: read from --note or --note-file, printed line by line. */
#include "note.h"
#include "out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file is read up to this many bytes: a note's longest UTF-8 with a \r on every line. */
#define NOTE_FILE_MAX (BB_NOTE_MAX * 4 * 2)

/* \r\n becomes \n; the line feeds at the end go (an editor leaves one there). */
static void normalise(char *text, size_t *len)
{
    size_t o = 0;

    for (size_t i = 0; i < *len; i++)
        if (!(text[i] == '\r' && i + 1 < *len && text[i + 1] == '\n'))
            text[o++] = text[i];
    while (o > 0 && text[o - 1] == '\n')
        o--;
    text[o] = '\0';
    *len = o;
}

/* Reads all of f into *buf: 0, or -1 (errno set), or 1 when it is longer than NOTE_FILE_MAX. */
static int read_all(FILE *f, char **buf, size_t *len)
{
    char *b = malloc(NOTE_FILE_MAX + 2);

    *buf = b;
    if (b == NULL)
        return -1;
    *len = fread(b, 1, NOTE_FILE_MAX + 1, f);
    b[*len] = '\0';
    if (ferror(f))
        return -1;
    return *len > NOTE_FILE_MAX ? 1 : 0;
}

static int read_note(const char *path, char **buf)
{
    bool in = strcmp(path, "-") == 0;
    const char *name = in ? _("standard input") : path;
    FILE *f = in ? stdin : fopen(path, "rbe");
    size_t len = 0;
    int r = f != NULL ? read_all(f, buf, &len) : -1, err = errno, rc = CLI_FAILURE;

    if (r < 0)
        fprintf(stderr, _("bbctl: --note-file: cannot read %s: %s\n"), name, strerror(err));
    else if (r > 0)
        fprintf(stderr, _("bbctl: --note-file: %s is longer than %d characters\n"), name,
                BB_NOTE_MAX);
    else if (memchr(*buf, '\0', len) != NULL)
        fprintf(stderr, _("bbctl: --note-file: %s is not text (it holds a NUL byte)\n"), name);
    else
        rc = CLI_OK;
    if (rc == CLI_OK)
        normalise(*buf, &len);
    if (f != NULL && !in)
        fclose(f);
    return rc;
}

int cli_note_take(const cli_command *cmd, const char **note, const char *file, char **buf)
{
    int rc;

    *buf = NULL;
    if (file == NULL)
        return CLI_OK;
    if (*note != NULL)
        return cli_usage_error(cmd, "%s", _("give one note: --note or --note-file"));
    rc = read_note(file, buf);
    if (rc == CLI_OK) {
        *note = *buf;
    } else {
        cli_note_free(*buf);
        *buf = NULL;
    }
    return rc;
}

void cli_note_free(char *buf)
{
    if (buf != NULL) /* all of it: a NUL byte may have cut the text short */
        explicit_bzero(buf, NOTE_FILE_MAX + 2);
    free(buf);
}

void cli_note_print(const char *label, const char *note)
{
    int indent = 0;
    size_t len = strlen(note);
    char *copy = strdup(note), *line = copy, *next;

    for (const unsigned char *p = (const unsigned char *)label; *p != '\0'; p++)
        indent += (*p & 0xc0) != 0x80;
    printf("%s", label);
    for (; line != NULL; line = next) {
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (line != copy)
            printf("%*s", indent, "");
        cli_cell(line, 0);
        putchar('\n');
    }
    if (copy == NULL) { /* out of memory: the note on one line, its line feeds as '?' */
        cli_cell(note, 0);
        putchar('\n');
    }
    if (copy != NULL)
        explicit_bzero(copy, len);
    free(copy);
}
