/* .xlsx as Excel and LibreOffice save it: a zip archive (libzip) of XML parts (expat). The
 * workbook names its first sheet; its relationships give the sheet's part; cells hold numbers,
 * booleans, inline strings or indexes into the shared strings. Each part is streamed through
 * the parser, never held whole. Element names are compared without their prefix. */
#include "import/import.h"
#include "base/i18n.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* A part larger than this (uncompressed) is refused: no workbook of cases is near it. */
#define PART_MAX (512L << 20)

typedef struct xl {
    bool date1904;
    char rid[64];     /* the first sheet's relationship */
    char target[256]; /* its part */
    char **strings;   /* shared strings */
    size_t n_strings, cap_strings;
    /* parsing state */
    int depth_si; /* inside <si> (shared) or <is> (inline) */
    bool in_t, in_v, in_rph;
    demo_buf text; /* collected character data */
    imp_table *t;
    imp_row *row;
    long row_no;
    int col;
    char type[16];
    bool oom, sheet_seen;
} xl;

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **a, const char *name)
{
    for (; a[0] != NULL; a += 2)
        if (strcmp(local(a[0]), name) == 0)
            return a[1];
    return NULL;
}

/* Collects character data, kept NUL-terminated (lib/demo's growing buffer). */
static void text_add(xl *x, const char *s, size_t n)
{
    demo_buf_put(&x->text, s, n);
    if (x->text.oom)
        x->oom = true;
    else if (x->text.p != NULL)
        x->text.p[x->text.len] = '\0';
}

static void XMLCALL chars(void *data, const char *s, int n)
{
    xl *x = data;
    if ((x->in_t && !x->in_rph) || x->in_v)
        text_add(x, s, (size_t)n);
}

/* ---- workbook.xml and its relationships ---- */

static void XMLCALL wb_start(void *data, const char *name, const char **a)
{
    xl *x = data;
    const char *n = local(name), *v;

    if (strcmp(n, "workbookPr") == 0 && (v = attr(a, "date1904")) != NULL)
        x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    else if (strcmp(n, "sheet") == 0 && x->rid[0] == '\0' && (v = attr(a, "id")) != NULL)
        snprintf(x->rid, sizeof x->rid, "%s", v);
    else if (strcmp(n, "Relationship") == 0 && (v = attr(a, "Id")) != NULL &&
             strcmp(v, x->rid) == 0 && (v = attr(a, "Target")) != NULL)
        snprintf(x->target, sizeof x->target, "%s%s", v[0] == '/' ? "" : "xl/",
                 v[0] == '/' ? v + 1 : v);
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL ss_start(void *data, const char *name, const char **a)
{
    xl *x = data;
    const char *n = local(name);

    (void)a;
    if (strcmp(n, "si") == 0) {
        x->text.len = 0;
        text_add(x, "", 0);
    } else if (strcmp(n, "t") == 0) {
        x->in_t = true;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = true; /* phonetic hints: not part of the text */
    }
}

static void XMLCALL ss_end(void *data, const char *name)
{
    xl *x = data;
    const char *n = local(name);

    if (strcmp(n, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(n, "si") == 0) {
        if (x->n_strings == x->cap_strings) {
            size_t cap = x->cap_strings ? x->cap_strings * 2 : 256;
            char **p = realloc(x->strings, cap * sizeof *p);
            if (p == NULL) {
                x->oom = true;
                return;
            }
            x->strings = p;
            x->cap_strings = cap;
        }
        x->strings[x->n_strings] = strdup(x->text.p ? x->text.p : "");
        x->oom |= x->strings[x->n_strings++] == NULL;
    }
}

/* ---- the sheet ---- */

/* The column of a cell reference ("B3": 1); -1 when it has none. */
static int ref_col(const char *ref)
{
    int col = 0, n = 0;

    for (; ref != NULL && *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
        col = col * 26 + (*ref - 'A' + 1);
    return n > 0 ? col - 1 : -1;
}

static void XMLCALL sheet_start(void *data, const char *name, const char **a)
{
    xl *x = data;
    const char *n = local(name), *v;

    if (strcmp(n, "row") == 0) {
        x->row_no = (v = attr(a, "r")) != NULL ? atol(v) : x->row_no + 1;
        x->row = imp_table_row(x->t, x->row_no);
        x->oom |= x->row == NULL;
        x->col = -1;
    } else if (strcmp(n, "c") == 0 && x->row != NULL) {
        int c = ref_col(attr(a, "r"));
        x->col = c >= 0 ? c : x->col + 1;
        snprintf(x->type, sizeof x->type, "%s", (v = attr(a, "t")) != NULL ? v : "n");
        x->text.len = 0;
        text_add(x, "", 0);
    } else if (strcmp(n, "v") == 0) {
        x->in_v = true;
    } else if (strcmp(n, "t") == 0) {
        x->in_t = true;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = true;
    }
}

/* Stores the cell just read: a shared string by its index, anything else as written. */
static void cell_end(xl *x)
{
    const char *s = x->text.p ? x->text.p : "";
    bool num = strcmp(x->type, "n") == 0;

    if (strcmp(x->type, "s") == 0) {
        char *end;
        unsigned long i = strtoul(s, &end, 10);
        s = *s != '\0' && *end == '\0' && i < x->n_strings ? x->strings[i] : "";
    }
    if (x->row != NULL && x->col >= 0 && x->col < 16384 &&
        !imp_row_set(x->row, (size_t)x->col, s, strlen(s), num))
        x->oom = true;
}

static void XMLCALL sheet_end(void *data, const char *name)
{
    xl *x = data;
    const char *n = local(name);

    if (strcmp(n, "v") == 0)
        x->in_v = false;
    else if (strcmp(n, "t") == 0)
        x->in_t = false;
    else if (strcmp(n, "rPh") == 0)
        x->in_rph = false;
    else if (strcmp(n, "c") == 0 && x->row != NULL)
        cell_end(x);
    else if (strcmp(n, "row") == 0)
        x->row = NULL;
    else if (strcmp(n, "sheetData") == 0)
        x->sheet_seen = true;
}

/* Streams part `name` of the archive through a parser with these handlers. 0: read; 1: no
 * such part; -1: damaged (a problem on r). */
static int parse_part(zip_t *z, const char *name, xl *x, XML_StartElementHandler start,
                      XML_EndElementHandler end, bb_import_result *r)
{
    zip_stat_t st;
    zip_file_t *f = NULL;
    XML_Parser p = NULL;
    char buf[65536];
    zip_int64_t got;
    int rc = 0;

    if (zip_stat(z, name, 0, &st) != 0)
        return 1;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)PART_MAX) {
        imp_problem(r, 0, -1, NULL, false, _("the workbook's part %s is too large"), name);
        return -1;
    }
    if ((f = zip_fopen(z, name, 0)) == NULL || (p = XML_ParserCreate("UTF-8")) == NULL) {
        rc = -1;
        goto done;
    }
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    while (rc == 0 && (got = zip_fread(f, buf, sizeof buf)) >= 0) {
        if (XML_Parse(p, buf, (int)got, got == 0) != XML_STATUS_OK || x->oom)
            rc = -1;
        if (got == 0)
            break;
    }
    if (got < 0)
        rc = -1;
done:
    if (rc != 0 && x->oom)
        imp_table_full(x->t, r);
    else if (rc != 0)
        imp_problem(r, 0, -1, NULL, false, _("the workbook is damaged: its part %s cannot be read"),
                    name);
    if (p != NULL)
        XML_ParserFree(p);
    if (f != NULL)
        zip_fclose(f);
    return rc;
}

static bool read_parts(zip_t *z, xl *x, bb_import_result *r)
{
    int rc = parse_part(z, "xl/workbook.xml", x, wb_start, NULL, r);

    if (rc == 0)
        rc = parse_part(z, "xl/_rels/workbook.xml.rels", x, wb_start, NULL, r);
    if (rc == 0 && x->target[0] == '\0')
        rc = 1;
    if (rc == 1)
        imp_problem(r, 0, -1, NULL, false, "%s",
                    _("not an .xlsx workbook: it has no sheet (xl/workbook.xml)"));
    if (rc == 0 && parse_part(z, "xl/sharedStrings.xml", x, ss_start, ss_end, r) < 0)
        rc = -1;
    if (rc == 0 && (rc = parse_part(z, x->target, x, sheet_start, sheet_end, r)) == 1)
        imp_problem(r, 0, -1, NULL, false, _("the workbook is damaged: its sheet %s is missing"),
                    x->target);
    if (rc == 0 && !x->sheet_seen) {
        imp_problem(r, 0, -1, NULL, false, "%s",
                    _("the workbook is damaged: its sheet has no data"));
        rc = -1;
    }
    return rc == 0;
}

bool imp_xlsx_read(const char *path, imp_table *t, bool *date1904, bb_import_result *r)
{
    xl x = {.t = t};
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    bool ok = false;

    if (z == NULL) {
        imp_problem(r, 0, -1, NULL, false, "%s",
                    err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS
                        ? _("not an .xlsx workbook, or a damaged one (not a zip archive)")
                        : _("the workbook cannot be opened"));
        return false;
    }
    ok = read_parts(z, &x, r);
    *date1904 = x.date1904;
    zip_discard(z);
    for (size_t i = 0; i < x.n_strings; i++)
        free(x.strings[i]);
    free(x.strings);
    demo_buf_free(&x.text);
    return ok;
}
