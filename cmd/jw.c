/* The JSON writer of bbctl (jw.h) on jansson. */
#include "jw.h"

#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) gettext(s)

/* The value just made: the document itself, or added to the open object (under key) or array. */
static void json_add(json_out *j, const char *key, json_t *value)
{
    json_t *parent = j->depth > 0 ? j->stack[j->depth - 1] : NULL;

    if (value == NULL) {
        if (!j->failed)
            snprintf(j->bad_key, sizeof j->bad_key, "%s", key != NULL ? key : "(a list item)");
        j->failed = true;
        return;
    }
    if (parent == NULL)
        j->root = value;
    else if (json_is_object(parent) && key != NULL)
        json_object_set_new(parent, key, value);
    else if (json_is_array(parent))
        json_array_append_new(parent, value);
    else
        json_decref(value);
}

static void json_push(json_out *j, const char *key, char kind)
{
    json_t *v = kind == '{' ? json_object() : json_array();

    if (j->f == NULL)
        j->f = stdout;
    if (j->depth >= JSON_OUT_DEPTH || v == NULL) {
        json_decref(v);
        j->failed = true;
        return;
    }
    json_incref(v); /* held on the stack as well as by its parent */
    json_add(j, key, v);
    j->stack[j->depth++] = v;
}

void jw_open(json_out *j, char kind)
{
    json_push(j, NULL, kind);
}

void jw_key_open(json_out *j, const char *key, char kind)
{
    json_push(j, key, kind);
}

void jw_close(json_out *j, char kind)
{
    (void)kind;
    if (j->depth == 0)
        return;
    json_decref(j->stack[--j->depth]);
    if (j->depth > 0)
        return;
    if (j->failed) {
        fprintf(stderr, _("bbctl: cannot write JSON: %s is not valid UTF-8\n"), j->bad_key);
        json_decref(j->root);
        fflush(stdout);
        exit(JW_FAILURE);
    }
    json_dumpf(j->root, j->f, JSON_COMPACT | JSON_REAL_PRECISION(15));
    fputc('\n', j->f);
    json_decref(j->root);
    j->root = NULL;
}

void jw_str(json_out *j, const char *key, const char *value)
{
    json_add(j, key, json_string(value != NULL ? value : ""));
}

void jw_str_or_null(json_out *j, const char *key, const char *value)
{
    if (value == NULL || *value == '\0')
        jw_null(j, key);
    else
        jw_str(j, key, value);
}

void jw_int(json_out *j, const char *key, long long value)
{
    json_add(j, key, json_integer(value));
}

void jw_real(json_out *j, const char *key, double value)
{
    json_add(j, key, json_real(value));
}

void jw_null(json_out *j, const char *key)
{
    json_add(j, key, json_null());
}

void jw_bool(json_out *j, const char *key, bool value)
{
    json_add(j, key, json_boolean(value));
}

void jw_object_text(json_out *j, const char *key, const char *text)
{
    json_t *parsed = json_loads(text, JSON_REJECT_DUPLICATES, NULL);

    if (json_is_object(parsed))
        json_add(j, key, parsed);
    else {
        json_decref(parsed);
        jw_str(j, key, text);
    }
}
