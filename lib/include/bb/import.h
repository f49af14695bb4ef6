/* Importing cases from a spreadsheet (docs/import.md): an .xlsx workbook's first sheet or a
 * CSV file (RFC 4180, or the Dutch Excel dialect: semicolons, decimal commas, a BOM), one row
 * per case with its melder and wederpartij, its columns named by bb's template or by a mapping
 * file. Every row is checked first by the rules bbctl uses; with any problem nothing is
 * written. Then every new row goes in in one transaction on the bulk path (COPY), personal
 * fields encrypted with their blind indexes, the status history dated as the file says. */
#ifndef BB_IMPORT_H
#define BB_IMPORT_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/keys.h"

#include <stddef.h>

/* How a CSV file is read. */
enum bb_csv_dialect {
    BB_CSV_AUTO = 0,    /* the dialect the file's first line shows */
    BB_CSV_RFC4180 = 1, /* commas */
    BB_CSV_EXCEL_NL = 2 /* semicolons, decimal commas, often a BOM (Excel in Dutch) */
};

typedef struct bb_import_options {
    const char *path;        /* the .xlsx or .csv file */
    const char *mapping;     /* a mapping file (docs/import.md), or NULL */
    int csv;                 /* enum bb_csv_dialect */
    int dry_run;             /* 1: check and count, write nothing */
    bb_progress_fn progress; /* cases written of the total, now and then; may be NULL */
    void *progress_data;
} bb_import_options;

/* One problem with the input: where it is and why. A row imported before is a notice, not an
 * error (skipped 1); the first 20 such rows are listed, the rest only counted. */
typedef struct bb_import_problem {
    long line;         /* the row in the file (1 is the first); 0: the file as a whole */
    char column[8];    /* the spreadsheet column ("C"), "" for a whole row */
    char header[64];   /* that column's heading in the file */
    char message[512]; /* the reason, naming bb's field and the value (never a personal one) */
    int skipped;
} bb_import_problem;

typedef struct bb_import_result {
    char format[16];   /* "xlsx", "csv", "csv-excel-nl" */
    char checksum[65]; /* SHA-256 of the file, in hex */
    long rows;         /* data rows read */
    long cases;        /* cases made (or, dry run, that would be) */
    long parties;
    long skipped;             /* rows imported before (their source key exists) */
    char first[16], last[16]; /* case numbers made, "" when none (or a dry run) */
    bb_import_problem *problems;
    size_t n_problems;
} bb_import_result;

/* Imports opts->path into the handle's organisation, which must be unlocked (the parties'
 * personal data is encrypted). Each row gets a source key (its "key" column, else the file's
 * checksum and the row number): a row whose key the organisation has already is skipped, so
 * the same file twice adds nothing twice. *out (always set, free with bb_import_result_free)
 * gets the counts and every problem. BB_EINVAL when the file cannot be read or any row or
 * field is wrong (each problem in (*out)->problems, a summary in bb_errmsg()); BB_EEXISTS when
 * every row was imported before; then nothing is written. The import is recorded in the audit
 * log: file name, checksum, counts; the log names who. */
BB_API int bb_import_cases(bb_ctx *ctx, const bb_import_options *opts, bb_import_result **out);

/* Frees a result; NULL-safe. */
BB_API void bb_import_result_free(bb_import_result *r);

/* A column of the template. */
typedef struct bb_import_column {
    const char *key;     /* bb's key, such as "reported" or "melder.name" */
    const char *header;  /* the template's Dutch heading, such as "Datum melding" */
    const char *help;    /* what it holds (English; gettext it to show it) */
    const char *example; /* the template's example row */
} bb_import_column;

/* The template's columns in order; *n gets their number. Static. */
BB_API const bb_import_column *bb_import_columns(size_t *n);

#endif
