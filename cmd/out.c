/* Helpers of the registry commands; see out.h. */
#include "out.h"

#include <stdlib.h>
#include <string.h>

int cli_open_org(bb_ctx **ctx)
{
    int rc;

    *ctx = cli_open();
    if (*ctx == NULL)
        return CLI_FAILURE;
    rc = bb_org_use(*ctx, cli_opts.org);
    if (rc == BB_OK)
        return CLI_OK;
    rc = cli_fail(*ctx, rc, _("cannot choose the organisation"));
    bb_close(*ctx);
    *ctx = NULL;
    return rc;
}

static void json_sep(json_out *j)
{
    if (j->need_comma[j->depth])
        fputc(',', j->f);
    j->need_comma[j->depth] = true;
}

void json_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_key(json_out *j, const char *key)
{
    json_sep(j);
    if (key != NULL) {
        json_quoted(j->f, key);
        fputc(':', j->f);
    }
}

void json_open(json_out *j, char kind)
{
    if (j->f == NULL)
        j->f = stdout;
    if (j->depth > 0 || j->need_comma[0])
        json_sep(j);
    fputc(kind, j->f);
    if (j->depth < 15)
        j->need_comma[++j->depth] = false;
}

void json_key_open(json_out *j, const char *key, char kind)
{
    json_key(j, key);
    fputc(kind, j->f);
    if (j->depth < 15)
        j->need_comma[++j->depth] = false;
}

void json_close(json_out *j, char kind)
{
    fputc(kind, j->f);
    if (j->depth > 0)
        j->depth--;
    if (j->depth == 0)
        fputc('\n', j->f);
}

void json_str(json_out *j, const char *key, const char *value)
{
    json_key(j, key);
    json_quoted(j->f, value);
}

void json_str_or_null(json_out *j, const char *key, const char *value)
{
    if (value == NULL || *value == '\0')
        json_null(j, key);
    else
        json_str(j, key, value);
}

void json_int(json_out *j, const char *key, long long value)
{
    json_key(j, key);
    fprintf(j->f, "%lld", value);
}

void json_null(json_out *j, const char *key)
{
    json_key(j, key);
    fputs("null", j->f);
}

void json_bool(json_out *j, const char *key, bool value)
{
    json_key(j, key);
    fputs(value ? "true" : "false", j->f);
}

void json_object_text(json_out *j, const char *key, const char *text)
{
    const char *start = text + strspn(text, " \t\r\n");
    size_t len = strlen(start);

    while (len > 0 && strchr(" \t\r\n", start[len - 1]) != NULL)
        len--;
    if (len < 2 || start[0] != '{' || start[len - 1] != '}') {
        json_str(j, key, text);
        return;
    }
    json_key(j, key);
    fwrite(start, 1, len, j->f);
}

void cli_cell(const char *s, int width)
{
    int chars = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        /* C1 controls are 0xc2 0x80..0x9f in UTF-8; show them and C0/DEL as '?'. */
        bool c1 = p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
        if (*p < 0x20 || *p == 0x7f || c1) {
            putchar('?');
            p += c1;
        } else {
            putchar(*p);
        }
        chars += (*p & 0xc0) != 0x80;
    }
    for (; chars < width; chars++)
        putchar(' ');
}
