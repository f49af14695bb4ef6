/* Arrays as binary parameters (PostgreSQL's array_recv format) for INSERT ... SELECT FROM
 * unnest(...): the rows of data_key, personal_field and blind_index go in that way, because
 * COPY FROM is refused on a table with row-level security for anyone but its owner, and a
 * coordinator imports as themselves. The elements are written as lib/demo's binary COPY fields
 * are (a length, then the bytes); the header comes in front when the parameter is taken. */
#include "import/import.h"

void imp_arr_uuid(imp_arr *a, const demo_uuid *u)
{
    demo_bin_uuid(&a->body, u);
    a->n++;
}

void imp_arr_text(imp_arr *a, const char *s)
{
    demo_bin_text(&a->body, s);
    a->n++;
}

void imp_arr_bytes(imp_arr *a, const void *p, size_t len)
{
    demo_bin_bytes(&a->body, p, len);
    a->n++;
}

void imp_arr_int4(imp_arr *a, int v)
{
    demo_bin_int4(&a->body, v);
    a->n++;
}

bool imp_arr_param(imp_arr *a, const char **p, int *len)
{
    a->out.len = 0;
    demo_bin_array(&a->out, a->oid, (int)a->n, a->body.len);
    demo_buf_put(&a->out, a->body.p ? a->body.p : "", a->body.len);
    if (a->out.oom || a->body.oom)
        return false;
    *p = a->out.p + 4; /* without the field length that COPY puts first */
    *len = (int)(a->out.len - 4);
    return true;
}

void imp_arr_reset(imp_arr *a)
{
    a->body.len = 0;
    a->n = 0;
}

void imp_arr_free(imp_arr *a)
{
    demo_buf_free(&a->body);
    demo_buf_free(&a->out);
    a->n = 0;
}
