/* The import's template (libxlsxwriter): a sheet "Zaken" with the Dutch headings of
 * bb_import_columns and an example row, and a sheet "Uitleg" with each column's key and what
 * it holds. Every cell is text, so dates stay YYYY-MM-DD as typed. */
#include "cli.h"

#include <xlsxwriter.h>

int import_template(const char *path, const char **why);

int import_template(const char *path, const char **why)
{
    size_t n;
    const bb_import_column *cols = bb_import_columns(&n);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *cases, *help;
    lxw_format *bold, *text;
    lxw_error err;

    if (wb == NULL) {
        *why = _("cannot create the workbook");
        return -1;
    }
    cases = workbook_add_worksheet(wb, "Zaken");
    help = workbook_add_worksheet(wb, "Uitleg");
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    text = workbook_add_format(wb);
    format_set_num_format(text, "@");
    worksheet_write_string(help, 0, 0, "Kolom", bold);
    worksheet_write_string(help, 0, 1, "Sleutel", bold);
    worksheet_write_string(help, 0, 2, "Inhoud", bold);
    for (size_t i = 0; i < n; i++) {
        worksheet_set_column(cases, (lxw_col_t)i, (lxw_col_t)i, 18, text);
        worksheet_write_string(cases, 0, (lxw_col_t)i, cols[i].header, bold);
        if (cols[i].example[0] != '\0')
            worksheet_write_string(cases, 1, (lxw_col_t)i, cols[i].example, text);
        worksheet_write_string(help, (lxw_row_t)(i + 1), 0, cols[i].header, NULL);
        worksheet_write_string(help, (lxw_row_t)(i + 1), 1, cols[i].key, NULL);
        worksheet_write_string(help, (lxw_row_t)(i + 1), 2, _(cols[i].help), NULL);
    }
    worksheet_freeze_panes(cases, 1, 0);
    worksheet_set_column(help, 0, 1, 24, NULL);
    worksheet_set_column(help, 2, 2, 90, NULL);
    err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        *why = lxw_strerror(err);
        return -1;
    }
    return 0;
}
