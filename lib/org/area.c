/* Areas and their postcode ranges; deriving an area from a postcode. */
#include "bb/area.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/fields.h"
#include "org/org.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest postcode list accepted, in bytes: a few hundred ranges. */
#define POSTCODES_MAX 2000

int bb_fields__area_exists(bb_ctx *ctx, const char *org, const char *name)
{
    const char *p[2] = {org, name};
    PGresult *res = NULL;
    char q[200];
    int rc = bb_db__exec(ctx, &res, "SELECT 1 FROM area WHERE org_id = $1 AND name = $2", 2, p);

    if (rc == BB_OK && PQntuples(res) == 0) {
        bb_fields__quote(name, q, sizeof q);
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("area: no area called '%s'"), q);
    }
    PQclear(res);
    return rc;
}

int bb_fields__area_for(bb_ctx *ctx, const char *org, int digits, char *out, size_t size)
{
    char pc[16];
    const char *p[2] = {org, pc};
    PGresult *res = NULL;
    int rc;

    snprintf(pc, sizeof pc, "%d", digits);
    rc = bb_db__exec(ctx, &res, "SELECT name FROM area WHERE org_id = $1 AND postcodes @> $2::int",
                     2, p);
    if (rc == BB_OK)
        bb_fields__copy(out, size, PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
    return rc;
}

/* Reads "1234" or "1234-1299" at *s (advancing it) into [lo, hi]. */
static bool parse_range(const char **s, int *lo, int *hi)
{
    const char *p = *s;

    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    *lo = *hi = atoi(p);
    p += 4;
    if (*p == '-') {
        for (int i = 1; i <= 4; i++)
            if (!isdigit((unsigned char)p[i]))
                return false;
        *hi = atoi(p + 1);
        p += 5;
    }
    *s = p;
    return *lo >= 1000 && *lo <= *hi && (*p == '\0' || *p == ',');
}

/* "1000-1099,1200" into the multirange literal "{[1000,1100),[1200,1201)}" in out. */
static int parse_postcodes(bb_ctx *ctx, const char *in, char *out, size_t size)
{
    const char *s = in;
    size_t o = 1;
    char q[200];
    int lo, hi;

    if (strlen(in) > POSTCODES_MAX)
        return bb_ctx__fail(ctx, BB_EINVAL, _("postcodes: longer than %d characters"),
                            POSTCODES_MAX);
    out[0] = '{';
    while (*s != '\0') {
        s += strspn(s, " ");
        const char *start = s;
        if (!parse_range(&s, &lo, &hi)) {
            bb_fields__quote(start, q, sizeof q);
            return bb_ctx__fail(ctx, BB_EINVAL,
                                _("postcodes: '%s' is not a postcode or range (expected 1234 or "
                                  "1234-1299)"),
                                q);
        }
        o += (size_t)snprintf(out + o, size - o, "%s[%d,%d)", o > 1 ? "," : "", lo, hi + 1);
        s += *s == ',';
    }
    snprintf(out + o, size - o, "}");
    return BB_OK;
}

struct area_set {
    const char *org, *name;
    const char *param; /* ranges, or NULL to keep the existing ones */
    char ranges[POSTCODES_MAX * 2 + 4];
};

static int set_txn(bb_ctx *ctx, void *arg)
{
    struct area_set *a = arg;
    const char *p[3] = {a->org, a->name, a->param};
    PGresult *res = NULL;
    char q[200];
    int rc = bb_db__exec(ctx, &res,
                         "SELECT name FROM area WHERE org_id = $1 AND name <> $2"
                         " AND postcodes && $3::int4multirange ORDER BY name LIMIT 1",
                         3, p);

    if (rc == BB_OK && PQntuples(res) > 0) {
        bb_fields__quote(PQgetvalue(res, 0, 0), q, sizeof q);
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("postcodes: they overlap with those of area '%s'"), q);
    }
    PQclear(res);
    if (rc != BB_OK)
        return rc;
    return bb_db__cmd(ctx,
                      "INSERT INTO area (org_id, name, postcodes)"
                      " VALUES ($1, $2, coalesce($3::int4multirange, '{}'))"
                      " ON CONFLICT (org_id, name) DO UPDATE"
                      " SET postcodes = coalesce($3::int4multirange, area.postcodes),"
                      " version = area.version + 1, updated_at = now()",
                      3, p);
}

int bb_area_set(bb_ctx *ctx, const char *name, const char *postcodes)
{
    struct area_set a = {.name = name};
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "area", name, BB_AREA_MAX);
    if (rc == BB_OK && postcodes != NULL)
        rc = parse_postcodes(ctx, postcodes, a.ranges, sizeof a.ranges);
    a.param = postcodes != NULL ? a.ranges : NULL;
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", set_txn, &a);
    return rc;
}

struct area_rename {
    const char *org, *name, *new_name;
};

static int rename_txn(bb_ctx *ctx, void *arg)
{
    struct area_rename *a = arg;
    const char *p[3] = {a->org, a->name, a->new_name};
    PGresult *res = NULL;
    char q[200];
    int rc = bb_fields__area_exists(ctx, a->org, a->name);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res, "SELECT 1 FROM area WHERE org_id = $1 AND name = $2", 2,
                         (const char *[]){a->org, a->new_name});
    if (rc == BB_OK && PQntuples(res) > 0) {
        bb_fields__quote(a->new_name, q, sizeof q);
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("new name: there is an area called '%s' already"), q);
    }
    PQclear(res);
    if (rc != BB_OK)
        return rc;
    /* The cases' and volunteers' foreign keys cascade the new name. */
    return bb_db__cmd(ctx,
                      "UPDATE area SET name = $3, version = version + 1, updated_at = now()"
                      " WHERE org_id = $1 AND name = $2",
                      3, p);
}

int bb_area_rename(bb_ctx *ctx, const char *name, const char *new_name)
{
    struct area_rename a = {.name = name, .new_name = new_name};
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "area", name, BB_AREA_MAX);
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "new name", new_name, BB_AREA_MAX);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", rename_txn, &a);
    return rc;
}

int bb_area_list_get(bb_ctx *ctx, bb_area_list **out)
{
    const char *p[1];
    PGresult *res = NULL;
    bb_area_list *l = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &p[0]);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT name, coalesce((SELECT string_agg(CASE WHEN upper(r) - lower(r)"
                         " = 1 THEN lower(r)::text ELSE lower(r) || '-' || (upper(r) - 1) END,"
                         " ',' ORDER BY lower(r)) FROM unnest(postcodes) AS r), ''), version"
                         " FROM area WHERE org_id = $1 ORDER BY name",
                         1, p);
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    for (int r = 0; r < PQntuples(res); r++, l->n++) {
        bb_area *a = &l->items[r];
        bb_fields__copy(a->name, sizeof a->name, PQgetvalue(res, r, 0));
        a->version = atoll(PQgetvalue(res, r, 2));
        if ((a->postcodes = strdup(PQgetvalue(res, r, 1))) == NULL) {
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
            goto done;
        }
    }
    *out = l;
    l = NULL;
done:
    bb_area_list_free(l);
    PQclear(res);
    return rc;
}

void bb_area_list_free(bb_area_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i].postcodes);
    free(list->items);
    free(list);
}

int bb_area_for_postcode(bb_ctx *ctx, const char *postcode, char **name)
{
    char area[BB_AREA_SIZE];
    const char *org;
    int rc, digits;

    bb_ctx__clear(ctx);
    *name = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_fields__postcode(ctx, "postcode", postcode, &digits);
    if (rc == BB_OK)
        rc = bb_fields__area_for(ctx, org, digits, area, sizeof area);
    if (rc == BB_OK && area[0] != '\0' && (*name = strdup(area)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    return rc;
}
