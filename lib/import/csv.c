/* CSV as RFC 4180 has it (commas, fields in double quotes with "" for a quote, CRLF or LF)
 * and as Excel writes it in Dutch (semicolons; often a UTF-8 BOM first). The dialect is the
 * one given, or the one the first line shows: more semicolons than commas outside quotes. */
#include "import/import.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

/* The separator the first record uses most (outside quotes). */
static int detect(const char *s, size_t len)
{
    size_t semi = 0, comma = 0;
    bool quoted = false;

    for (size_t i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ';')
            semi++;
        else if (!quoted && s[i] == ',')
            comma++;
    }
    return semi > comma ? BB_CSV_EXCEL_NL : BB_CSV_RFC4180;
}

struct reader {
    const char *s;
    size_t len, i;
    long line;
    char sep;
    char *buf;
    size_t blen, bcap;
};

static bool put(struct reader *rd, char c)
{
    if (rd->blen == rd->bcap) {
        size_t cap = rd->bcap ? rd->bcap * 2 : 256;
        char *p = realloc(rd->buf, cap);
        if (p == NULL)
            return false;
        rd->buf = p;
        rd->bcap = cap;
    }
    rd->buf[rd->blen++] = c;
    return true;
}

/* Reads one field into rd->buf; *end gets whether it ended its record. -1: out of memory,
 * -2: a quote not closed, 0: fine. */
static int field(struct reader *rd, bool *end)
{
    bool quoted = rd->i < rd->len && rd->s[rd->i] == '"';

    rd->blen = 0;
    rd->i += quoted;
    while (rd->i < rd->len) {
        char c = rd->s[rd->i];
        if (quoted && c == '"' && rd->i + 1 < rd->len && rd->s[rd->i + 1] == '"') {
            rd->i += 2;
            if (!put(rd, '"'))
                return -1;
            continue;
        }
        if (quoted && c == '"') {
            quoted = false;
            rd->i++;
            continue;
        }
        if (!quoted && (c == rd->sep || c == '\n' || c == '\r'))
            break;
        rd->line += c == '\n';
        if (!put(rd, c))
            return -1;
        rd->i++;
    }
    if (quoted)
        return -2;
    *end = rd->i >= rd->len || rd->s[rd->i] != rd->sep;
    if (rd->i < rd->len && rd->s[rd->i] == '\r')
        rd->i++;
    if (rd->i < rd->len)
        rd->line += rd->s[rd->i] == '\n', rd->i++;
    return 0;
}

bool imp_csv_read(const char *data, size_t len, int dialect, imp_table *t, int *used,
                  bb_import_result *r)
{
    struct reader rd = {.s = data, .len = len, .line = 1};
    bool ok = true;

    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        rd.i = 3;
    *used = dialect != BB_CSV_AUTO ? dialect : detect(data + rd.i, len - rd.i);
    rd.sep = *used == BB_CSV_EXCEL_NL ? ';' : ',';
    while (ok && rd.i < rd.len) {
        long start = rd.line;
        imp_row *w = imp_table_row(t, start);
        bool end = false;
        for (size_t col = 0; ok && !end; col++) {
            int rc = field(&rd, &end);
            if (rc == -2)
                imp_problem(r, start, (int)col, NULL, false, "%s",
                            _("a quoted field is not closed (a \" missing)"));
            ok = rc == 0 && w != NULL && imp_row_set(w, col, rd.buf, rd.blen, false);
            if (rc == -1 || (rc == 0 && !ok))
                imp_table_full(t, r);
        }
    }
    free(rd.buf);
    return ok;
}
