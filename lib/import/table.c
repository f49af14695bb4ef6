/* A sheet as rows of cells, and the problems found in it. */
#include "import/import.h"
#include "base/i18n.h"
#include "fields/fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More problems than anyone reads: the rest are counted, not kept. */
#define PROBLEMS_MAX 5000

imp_row *imp_table_row(imp_table *t, long line)
{
    if (t->n >= IMP_ROWS_MAX) {
        t->too_many = true;
        return NULL;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        imp_row *p = realloc(t->rows, cap * sizeof *p);
        if (p == NULL)
            return NULL;
        t->rows = p;
        t->cap = cap;
    }
    t->rows[t->n] = (imp_row){.line = line};
    return &t->rows[t->n++];
}

bool imp_row_set(imp_row *r, size_t col, const char *s, size_t len, bool num)
{
    if (col >= r->n) {
        size_t n = col + 1;
        char **cell = realloc(r->cell, n * sizeof *cell);
        bool *nums = cell ? realloc(r->num, n * sizeof *nums) : NULL;
        if (cell != NULL)
            r->cell = cell;
        if (nums == NULL)
            return false;
        r->num = nums;
        for (size_t i = r->n; i < n; i++) {
            r->cell[i] = NULL;
            r->num[i] = false;
        }
        r->n = n;
    }
    free(r->cell[col]);
    r->cell[col] = NULL;
    if (len > 0 && (r->cell[col] = malloc(len + 1)) == NULL)
        return false;
    if (len > 0) {
        memcpy(r->cell[col], s, len);
        r->cell[col][len] = '\0';
    }
    r->num[col] = num;
    return true;
}

const char *imp_cell(const imp_row *r, int col)
{
    if (col < 0 || (size_t)col >= r->n || r->cell[col] == NULL || r->cell[col][0] == '\0')
        return NULL;
    return r->cell[col];
}

void imp_row_free(imp_row *r)
{
    for (size_t c = 0; c < r->n; c++)
        free(r->cell[c]);
    free(r->cell);
    free(r->num);
    *r = (imp_row){0};
}

void imp_table_free(imp_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        imp_row_free(&t->rows[i]);
    free(t->rows);
    *t = (imp_table){0};
}

void imp_table_full(const imp_table *t, bb_import_result *r)
{
    if (t->too_many)
        imp_problem(r, 0, -1, NULL, false, _("the file has more than %d rows: import it in parts"),
                    IMP_ROWS_MAX - 1);
    else
        imp_problem(r, 0, -1, NULL, false, "%s", _("out of memory"));
}

void imp_col_name(int col, char out[8])
{
    char tmp[8];
    int n = 0;

    for (col++; col > 0 && n < 7; col = (col - 1) / 26)
        tmp[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

void imp_problem(bb_import_result *r, long line, int col, const char *header, bool skipped,
                 const char *fmt, ...)
{
    bb_import_problem *p;
    va_list ap;

    if (r->n_problems >= PROBLEMS_MAX)
        return;
    if ((r->n_problems & (r->n_problems - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
        size_t cap = r->n_problems ? r->n_problems * 2 : 1;
        bb_import_problem *q = realloc(r->problems, cap * sizeof *q);
        if (q == NULL)
            return;
        r->problems = q;
    }
    p = &r->problems[r->n_problems++];
    memset(p, 0, sizeof *p);
    p->line = line;
    p->skipped = skipped;
    if (col >= 0)
        imp_col_name(col, p->column);
    bb_fields__quote(header ? header : "", p->header, sizeof p->header);
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
}

size_t imp_errors(const bb_import_result *r)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n_problems; i++)
        n += !r->problems[i].skipped;
    return n;
}
