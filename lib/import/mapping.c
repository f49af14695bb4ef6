/* The mapping file (docs/import.md): lines "from = to" under [columns] (a heading to bb's
 * key, or "-" to leave the column out), under a column's key such as [source] or [types] (a
 * word of the file to bb's key), under [defaults] (a column's value where the file has none),
 * the date formats under [dates] one a line, and [options]. '#' begins a comment. */
#include "import/import.h"
#include "base/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sections[] = {
    "columns",       "dates", "defaults", "options",   "source", "types",       "status", "outcome",
    "intake_reason", "area",  "tenure",   "household", "age",    "interpreter", NULL,
};

/* s without blanks around it, in place. */
static char *trim(char *s)
{
    size_t n;

    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static bool known(const char *const *list, const char *s)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static bool add(imp_mapping *m, const char *section, const char *from, const char *to, long line)
{
    imp_pair *p = realloc(m->p, (m->n + 1) * sizeof *p);

    if (p == NULL)
        return false;
    m->p = p;
    p = &m->p[m->n];
    p->section = strdup(section);
    p->from = strdup(from);
    p->to = strdup(to);
    p->line = line;
    m->n++;
    return p->section && p->from && p->to;
}

/* One line of section: false with a problem when it is not understood. */
static bool line_of(imp_mapping *m, const char *section, char *s, long no, bb_import_result *r)
{
    char *eq = strchr(s, '=');
    char *from = s, *to = (char *)"";

    if (strcmp(section, "dates") == 0)
        return add(m, section, trim(s), "", no);
    if (eq == NULL || section[0] == '\0') {
        imp_problem(r, no, -1, NULL, false,
                    section[0] ? _("mapping: expected \"word = key\"")
                               : _("mapping: a line before the first [section]"));
        return false;
    }
    *eq = '\0';
    from = trim(from);
    to = trim(eq + 1);
    if (strcmp(section, "options") == 0 && strcmp(from, "types-separators") == 0) {
        snprintf(m->separators, sizeof m->separators, "%s", to);
        return true;
    }
    if (strcmp(section, "options") == 0) {
        imp_problem(r, no, -1, NULL, false, _("mapping: unknown option '%s'"), from);
        return false;
    }
    return add(m, section, from, to, no);
}

static bool parse(imp_mapping *m, FILE *f, bb_import_result *r)
{
    char buf[1024], section[32] = "";
    bool ok = true;

    for (long no = 1; fgets(buf, sizeof buf, f) != NULL; no++) {
        char *s = buf, *hash = strchr(buf, '#');
        if (no == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3;
        if (hash != NULL)
            *hash = '\0';
        s = trim(s);
        if (*s == '\0')
            continue;
        if (*s == '[' && s[strlen(s) - 1] == ']') {
            s[strlen(s) - 1] = '\0';
            snprintf(section, sizeof section, "%s", trim(s + 1));
            if (!known(sections, section)) {
                imp_problem(r, no, -1, NULL, false, _("mapping: unknown section [%s]"), section);
                ok = false;
            }
            continue;
        }
        ok &= line_of(m, section, s, no, r);
    }
    return ok;
}

bool imp_mapping_read(const char *path, imp_mapping *m, bb_import_result *r)
{
    FILE *f;
    bool ok;

    *m = (imp_mapping){.separators = ",;/"};
    if (path == NULL)
        return true;
    if ((f = fopen(path, "r")) == NULL) {
        imp_problem(r, 0, -1, NULL, false, _("mapping: cannot read %s"), path);
        return false;
    }
    ok = parse(m, f, r);
    fclose(f);
    return ok;
}

const char *imp_mapping_get(const imp_mapping *m, const char *section, const char *from)
{
    char word[512];

    snprintf(word, sizeof word, "%s", from);
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->p[i].section, section) == 0 && strcasecmp(m->p[i].from, trim(word)) == 0)
            return m->p[i].to;
    return NULL;
}

void imp_mapping_free(imp_mapping *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->p[i].section);
        free(m->p[i].from);
        free(m->p[i].to);
    }
    free(m->p);
    *m = (imp_mapping){0};
}
