/* bbctl person report: everything bb holds about a person, as readable text or JSON, written
 * whole or not at all (temporary file, fsync, rename), readable only by its owner. */
#include "cli.h"
#include "out.h"
#include "args.h"
#include "personal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Headings of the record kinds and labels of the fields; unknown keys show as they are. */
static const char *const labels[][2] = {
    {"party", N_("Party record")},
    {"volunteer", N_("Volunteer record")},
    {"case", N_("Case")},
    {"contact", N_("Contact moment")},
    {"note", N_("Note in the case file")},
    {"followup", N_("Follow-up answers")},
    {"audit", N_("Access and changes (audit log)")},
    {"id", N_("id")},
    {"case", N_("case")},
    {"number", N_("number")},
    {"role", N_("role")},
    {"tenure", N_("tenure")},
    {"household", N_("household")},
    {"age_band", N_("age band")},
    {"interpreter", N_("interpreter")},
    {"created_at", N_("recorded at")},
    {"updated_at", N_("changed at")},
    {"name", N_("name")},
    {"street", N_("street")},
    {"house_number", N_("house number")},
    {"postcode", N_("postcode")},
    {"place", N_("place")},
    {"phone", N_("phone")},
    {"email", N_("e-mail")},
    {"address", N_("address")},
    {"reported_on", N_("reported on")},
    {"source", N_("source")},
    {"conflict_types", N_("conflict types")},
    {"area", N_("area")},
    {"status", N_("status")},
    {"status_since", N_("status since")},
    {"capacity", N_("capacity")},
    {"preferred_types", N_("preferred conflict types")},
    {"intake_on", N_("intake on")},
    {"outcome", N_("outcome")},
    {"closed_on", N_("closed on")},
    {"reported_back_on", N_("reported back on")},
    {"date", N_("date")},
    {"kind", N_("kind")},
    {"minutes", N_("minutes")},
    {"has_note", N_("has a note")},
    {"note", N_("note")},
    {"at", N_("at")},
    {"author", N_("written by")},
    {"agreements_kept", N_("agreements kept")},
    {"improved", N_("situation improved")},
    {"seq", N_("record")},
    {"actor", N_("who")},
    {"program", N_("program")},
    {"action", N_("action")},
    {"field", N_("field")},
};

/* The translated label of key; heading picks the record kinds (the first seven). */
static const char *label(const char *key, bool heading)
{
    size_t first = heading ? 0 : 7, last = heading ? 7 : sizeof labels / sizeof *labels;

    for (size_t i = first; i < last; i++)
        if (strcmp(labels[i][0], key) == 0)
            return _(labels[i][1]);
    return key;
}

/* Writes a value without control characters (a report is read in a terminal or editor). */
static void safe(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 && *s != '\n' ? '?' : *s, f);
}

/* The fields whose values are keys of one of libbb's lists, by record kind ("" for any). */
static const struct {
    const char *kind, *field;
    bb_vocab vocab;
} keyed[] = {
    {"", "role", BB_VOCAB_PARTY_ROLE},
    {"", "tenure", BB_VOCAB_TENURE},
    {"", "household", BB_VOCAB_HOUSEHOLD},
    {"", "age_band", BB_VOCAB_AGE_BAND},
    {"", "interpreter", BB_VOCAB_INTERPRETER},
    {"", "source", BB_VOCAB_SOURCE},
    {"", "outcome", BB_VOCAB_OUTCOME},
    {"", "kind", BB_VOCAB_CONTACT_KIND},
    {"", "conflict_types", BB_VOCAB_CONFLICT_TYPE},
    {"", "preferred_types", BB_VOCAB_CONFLICT_TYPE},
    {"volunteer", "status", BB_VOCAB_VOLUNTEER_STATUS},
    {"", "status", BB_VOCAB_STATUS},
};

/* A value as a citizen reads it: keys in words (lists of them too, comma-separated), yes and
 * no for true and false and for the follow-up's ja, deels and nee. */
static void plain(FILE *f, const char *kind, const char *field, const char *value)
{
    if (strcmp(value, "t") == 0 || strcmp(value, "true") == 0 || strcmp(value, "ja") == 0)
        value = _("yes");
    else if (strcmp(value, "f") == 0 || strcmp(value, "false") == 0 || strcmp(value, "nee") == 0)
        value = _("no");
    else if (strcmp(value, "deels") == 0)
        value = _("partly");
    for (size_t i = 0; i < sizeof keyed / sizeof keyed[0]; i++) {
        if (strcmp(keyed[i].field, field) != 0 ||
            (*keyed[i].kind != '\0' && strcmp(keyed[i].kind, kind) != 0))
            continue;
        char *copy = strdup(value), *save = NULL;
        for (char *w = copy ? strtok_r(copy, ",", &save) : NULL; w != NULL;
             w = strtok_r(NULL, ",", &save)) {
            fputs(w == copy ? "" : ", ", f);
            safe(f, bb_vocab_label(keyed[i].vocab, w + strspn(w, " ")));
        }
        if (copy != NULL) {
            free(copy);
            return;
        }
    }
    safe(f, value);
}

static void write_text(FILE *f, const bb_person_report *r, int with_notes)
{
    fprintf(f, _("What bb holds about %s\nMade on %s (UTC)\n"), r->person, r->made_at);
    if (!with_notes)
        fprintf(f, "%s\n",
                _("Notes in the case file are listed, not quoted: they are the case's and may "
                  "be about other people too. The coordinator reads them and hands over what "
                  "concerns this person."));
    for (size_t i = 0; i < r->n; i++) {
        const bb_report_record *rec = &r->records[i];
        bool audit = strcmp(rec->kind, "audit") == 0;
        /* Audit records one a line, under one heading; other records each under their own. */
        if (!audit || i == 0 || strcmp(r->records[i - 1].kind, "audit") != 0)
            fprintf(f, "\n%s\n", label(rec->kind, true));
        for (size_t k = 0; k < rec->n; k++) {
            if (!audit)
                fprintf(f, "  %s: ", label(rec->fields[k].key, false));
            else
                fputs("  ", f);
            if (audit || rec->fields[k].value == NULL)
                safe(f, rec->fields[k].value != NULL ? rec->fields[k].value : "-");
            else
                plain(f, rec->kind, rec->fields[k].key, rec->fields[k].value);
            if (!audit || k + 1 == rec->n)
                fputc('\n', f);
        }
    }
    if (r->n == 0)
        fprintf(f, "\n%s\n", _("Nothing is held."));
}

static void write_json(FILE *f, const bb_person_report *r, int with_notes)
{
    static const char *const kinds[] = {"party", "volunteer", "case", "contact",
                                        "note",  "followup",  "audit"};
    json_out j = {.f = f};

    jw_open(&j, '{');
    jw_str(&j, "person", r->person);
    jw_str(&j, "made_at", r->made_at);
    jw_bool(&j, "with_notes", with_notes);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        jw_key_open(&j, kinds[k], '[');
        for (size_t i = 0; i < r->n; i++) {
            if (strcmp(r->records[i].kind, kinds[k]) != 0)
                continue;
            jw_open(&j, '{');
            for (size_t n = 0; n < r->records[i].n; n++)
                if (r->records[i].fields[n].value != NULL)
                    jw_str(&j, r->records[i].fields[n].key, r->records[i].fields[n].value);
                else
                    jw_null(&j, r->records[i].fields[n].key);
            jw_close(&j, '}');
        }
        jw_close(&j, ']');
    }
    jw_close(&j, '}');
}

static int write_doc(FILE *f, const bb_person_report *r, bool json, int with_notes)
{
    if (json)
        write_json(f, r, with_notes);
    else
        write_text(f, r, with_notes);
    return ferror(f) ? -1 : 0;
}

/* The report into path: a temporary file beside it, mode 0600, flushed and renamed. */
static int write_file(const char *path, const bb_person_report *r, bool json, int with_notes)
{
    char *tmp = NULL, *dir = NULL;
    const char *why = NULL;
    FILE *f = NULL;
    int fd = -1, rc = -1;

    if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
        return fprintf(stderr, _("bbctl: cannot write %s: %s\n"), path, strerror(ENOMEM)),
               CLI_FAILURE;
    if ((fd = mkstemp(tmp)) < 0) /* mkstemp makes it 0600 */
        why = strerror(errno);
    else if ((f = fdopen(fd, "w")) == NULL)
        why = strerror(errno), close(fd);
    else if (write_doc(f, r, json, with_notes) != 0 || fflush(f) != 0 || fsync(fd) != 0)
        why = strerror(errno ? errno : EIO);
    if (f != NULL && fclose(f) != 0 && why == NULL)
        why = strerror(errno);
    if (fd >= 0 && why == NULL && rename(tmp, path) != 0)
        why = strerror(errno);
    if (why == NULL) {
        rc = 0;
        if ((dir = strdup(path)) != NULL && (fd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) >= 0)
            fsync(fd), close(fd);
    } else if (fd >= 0) {
        unlink(tmp);
    }
    if (rc != 0)
        fprintf(stderr, _("bbctl: cannot write %s: %s\n"), path, why);
    free(dir);
    free(tmp);
    return rc == 0 ? CLI_OK : CLI_FAILURE;
}

typedef struct report_args {
    const char *person, *out;
    bool json, with_notes;
} report_args;

const cli_option cli_person_report_options[] = {
    CLI_ARG_PERSON(report_args, person),
    {"out", CLI_STRING_AT(report_args, out), .value = N_("FILE"),
     .help = N_("write it to FILE (mode 0600, whole or not at all)")},
    CLI_OPT_JSON(report_args, json),
    {"with-notes", CLI_FLAG_AT(report_args, with_notes),
     .help = N_("quote the notes too, for the coordinator to review")},
    CLI_OPTIONS_END,
};

int cli_person_report(const cli_command *cmd, int argc, char **argv)
{
    report_args a = {0};
    bb_person_report *r = NULL;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc != CLI_OK || (rc = cli_open_unlocked(&ctx)) != CLI_OK)
        return rc;
    rc = bb_person_report_get(ctx, a.person, a.with_notes, &r);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("cannot make the report"));
    else if (a.out != NULL && (rc = write_file(a.out, r, a.json, a.with_notes)) == CLI_OK)
        fprintf(stderr, _("Report written to %s.\n"), a.out);
    else if (a.out == NULL &&
             (write_doc(stdout, r, a.json, a.with_notes) != 0 || fflush(stdout) != 0))
        rc = CLI_FAILURE;
    bb_person_report_free(r);
    bb_close(ctx);
    return rc;
}
