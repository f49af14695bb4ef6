/* Insides of the import (lib/import/). Not public.
 *
 * table.c    a sheet as rows of cells, and the list of problems
 * csv.c      CSV: RFC 4180 and the Dutch Excel dialect, detected or chosen
 * xlsx.c     .xlsx: the first sheet, through libzip and expat
 * mapping.c  the mapping file: columns, words, date formats, defaults
 * columns.c  the template's columns and the file's headings
 * check.c    each row checked into a case by libbb's field rules
 * write.c    the bulk transaction: keys, sealing, the rows, the dated history, notes
 * binarray.c arrays as binary parameters, for INSERT ... SELECT FROM unnest
 * import.c   bb_import_cases: read, check, skip what is there, write, audit */
#ifndef BB_IMPORT_INT_H
#define BB_IMPORT_INT_H

#include "bb/import.h"
#include "bb/registry.h"
#include "base/handle.h"
#include "demo/demo.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- a sheet (table.c) ---- */

typedef struct imp_row {
    long line; /* the row's number in the file */
    size_t n;  /* cells */
    char **cell;
    bool *num; /* the cell was a number in the workbook (a date's serial number) */
} imp_row;

typedef struct imp_table {
    imp_row *rows;
    size_t n, cap;
    bool too_many; /* a row past IMP_ROWS_MAX was refused */
} imp_table;

/* Rows read from one file at most (with the headings): a bound on memory, far above any
 * register (docs/import.md). */
#define IMP_ROWS_MAX 50001

/* Adds an empty row; NULL when out of memory or past IMP_ROWS_MAX (then too_many). */
imp_row *imp_table_row(imp_table *t, long line);
/* Sets cell col of r to s[0..len); false when out of memory. */
bool imp_row_set(imp_row *r, size_t col, const char *s, size_t len, bool num);
/* The cell, NULL when empty or missing. */
const char *imp_cell(const imp_row *r, int col);
void imp_row_free(imp_row *r);
void imp_table_free(imp_table *t);

/* The problem of a table that could not grow: too many rows, or out of memory. */
void imp_table_full(const imp_table *t, bb_import_result *r);

/* Adds a problem to r (col < 0: the whole row; header may be NULL). */
void imp_problem(bb_import_result *r, long line, int col, const char *header, bool skipped,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The number of problems that are errors. */
size_t imp_errors(const bb_import_result *r);
/* Column letters of index col (0: "A") into out[8]. */
void imp_col_name(int col, char out[8]);

/* ---- readers ---- */

/* Reads CSV data (a BOM first is skipped) into t with dialect (enum bb_csv_dialect; AUTO: the
 * first line's semicolons against its commas); *used gets the one read. false with a problem
 * on r when the data is not CSV (an unclosed quote, not UTF-8 at all). */
bool imp_csv_read(const char *data, size_t len, int dialect, imp_table *t, int *used,
                  bb_import_result *r);
/* Reads the first sheet of an .xlsx workbook at path into t; *date1904 when its dates count
 * from 1904. false with a problem on r when it is not a workbook bb can read. */
bool imp_xlsx_read(const char *path, imp_table *t, bool *date1904, bb_import_result *r);

/* ---- the mapping (mapping.c) ---- */

typedef struct imp_pair {
    char *section; /* "columns", "dates", "defaults", or a column key ("source", "types") */
    char *from, *to;
    long line;
} imp_pair;

typedef struct imp_mapping {
    imp_pair *p;
    size_t n;
    char separators[8]; /* between conflict types; default ",;/" */
} imp_mapping;

/* Reads the mapping file at path (NULL: an empty mapping). false with problems on r. */
bool imp_mapping_read(const char *path, imp_mapping *m, bb_import_result *r);
/* What word `from` of section becomes (case and blanks around it do not matter), NULL when
 * the mapping does not say. */
const char *imp_mapping_get(const imp_mapping *m, const char *section, const char *from);
void imp_mapping_free(imp_mapping *m);

/* ---- columns (columns.c) ---- */

enum imp_col {
    C_KEY,
    C_REPORTED,
    C_SOURCE,
    C_TYPES,
    C_AREA,
    C_STATUS,
    C_INTAKE_ON,
    C_INTAKE_REASON,
    C_CLOSED_ON,
    C_OUTCOME,
    C_REASON,
    C_NOTE,
    C_PARTY, /* then IMP_PARTY_FIELDS per party: melder, wederpartij */
};

enum imp_party_field {
    P_NAME,
    P_STREET,
    P_NUMBER,
    P_POSTCODE,
    P_PLACE,
    P_PHONE,
    P_EMAIL,
    P_TENURE,
    P_HOUSEHOLD,
    P_AGE,
    P_INTERPRETER,
    IMP_PARTY_FIELDS
};

#define IMP_PARTIES 2
#define IMP_COLUMNS (C_PARTY + IMP_PARTIES * IMP_PARTY_FIELDS)

/* The key without its party ("name" of "melder.name"): a mapping's section of words. */
const char *imp_column_word_key(int col);

/* Finds each of bb's columns among the headings (row h of t), by the template's heading, bb's
 * key or the mapping's [columns]; where[c] gets the file's column of bb's column c, or -1.
 * false with a problem for each heading it cannot place and each required column missing. */
bool imp_columns_find(const imp_table *t, size_t h, const imp_mapping *m, int where[IMP_COLUMNS],
                      bb_import_result *r);

/* ---- one case (check.c) ---- */

#define IMP_KEY_MAX 200
#define IMP_STEPS   4

typedef struct imp_party {
    bool given;
    const char *v[IMP_PARTY_FIELDS]; /* cells (NULL: not given); keys mapped in k */
    char k[IMP_PARTY_FIELDS][BB_KEY_SIZE];
    char postcode[8]; /* "1234 AB" */
} imp_party;

typedef struct imp_case {
    long line;
    char key[IMP_KEY_MAX + 1];
    char reported[BB_DATE_SIZE], intake_on[BB_DATE_SIZE], closed_on[BB_DATE_SIZE];
    char source[BB_KEY_SIZE], status[BB_KEY_SIZE], outcome[BB_KEY_SIZE];
    char intake_reason[BB_KEY_SIZE];
    char types[BB_TYPES_MAX][BB_KEY_SIZE];
    size_t n_types;
    const char *area, *reason, *note;
    const char *steps[IMP_STEPS]; /* the statuses it passes after aangemeld, NULL after them */
    imp_party party[IMP_PARTIES];
    int year, seq; /* its number, once given */
    bool skip;     /* imported before */
} imp_case;

typedef struct imp_check {
    bb_ctx *ctx;
    const imp_mapping *m;
    const int *where;
    const char *const *headers; /* the file's heading of each of bb's columns */
    bool date1904;
    int dialect;
    char **areas; /* the organisation's areas */
    size_t n_areas;
    bb_import_result *r;
} imp_check;

/* Checks row w into c; every problem goes to k->r. false when it had any. */
bool imp_check_row(imp_check *k, const imp_row *w, imp_case *c);

/* ---- binary array parameters (binarray.c) ---- */

typedef struct imp_arr {
    uint32_t oid; /* the element type: 2950 uuid, 25 text, 17 bytea, 23 int4 */
    long n;
    demo_buf body, out;
} imp_arr;

void imp_arr_uuid(imp_arr *a, const demo_uuid *u);
void imp_arr_text(imp_arr *a, const char *s);
void imp_arr_bytes(imp_arr *a, const void *p, size_t len);
void imp_arr_int4(imp_arr *a, int v);
/* The array as a parameter (binary format): *p and *len until the next change; false when out
 * of memory. */
bool imp_arr_param(imp_arr *a, const char **p, int *len);
void imp_arr_reset(imp_arr *a);
void imp_arr_free(imp_arr *a);

/* ---- writing (write.c) ---- */

/* Writes cases[0..n) (those not skipped) in the caller's transaction. */
int imp_write(bb_ctx *ctx, imp_case *cases, size_t n, const bb_import_options *o,
              bb_import_result *r);

#endif
