/* The organisation's settings that bbctl config reads and writes: known keys only, each with
 * its default and range (the database's setting_signals_check holds the same ranges). */
#include "bb/config.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/fields.h"
#include "keys/keychain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct setting {
    const char *key;
    const char *fallback;
    int min, max;
} settings[] = {
    {"signals.no_contact_days", "14", 1, 365},
    {"signals.intake_workdays", "5", 1, 60},
    {"signals.followup_weeks", "6", 1, 52},
    /* Months personal data is kept after closing (bbctl retention run; 0008 checks it too). */
    {"retention.months", "24", 1, 240},
    /* The figures (schema/0014-export-k.sql and 0007-stats.sql have the same defaults and
     * ranges): k of the suppression, an administrator's choice and never below 5, and the
     * estimated partner hours one resolved case saves. */
    {"export.k", "5", 5, 99},
    {"stats.hours_avoided.politie", "4", 1, 999},
    {"stats.hours_avoided.woningcorporatie", "4", 1, 999},
    {"stats.hours_avoided.gemeente", "2", 1, 999},
};
#define N_SETTINGS (sizeof settings / sizeof settings[0])

static const char *const keys[N_SETTINGS + 1] = {
    "signals.no_contact_days",
    "signals.intake_workdays",
    "signals.followup_weeks",
    "retention.months",
    "export.k",
    "stats.hours_avoided.politie",
    "stats.hours_avoided.woningcorporatie",
    "stats.hours_avoided.gemeente",
    NULL,
};

const char *const *bb_config_keys(void)
{
    return keys;
}

static const struct setting *find(const char *key)
{
    for (size_t i = 0; key != NULL && i < N_SETTINGS; i++)
        if (strcmp(settings[i].key, key) == 0)
            return &settings[i];
    return NULL;
}

const char *bb_config_default(const char *key)
{
    const struct setting *s = find(key);
    return s ? s->fallback : NULL;
}

static int known(bb_ctx *ctx, const char *key, const struct setting **s)
{
    char q[200], expected[256] = "";
    const char *names[N_SETTINGS + 1] = {NULL};
    size_t o = 0;

    *s = find(key);
    if (*s != NULL)
        return BB_OK;
    for (size_t i = 0; i < N_SETTINGS; i++) {
        o += (size_t)snprintf(expected + o, sizeof expected - o, "%s%s", i ? ", " : "",
                              settings[i].key);
        names[i] = settings[i].key;
    }
    bb_fields__quote(key, q, sizeof q);
    return bb_fields__suggest(ctx,
                              bb_ctx__fail(ctx, BB_EINVAL,
                                           _("key: unknown setting '%s' (expected one of %s)"), q,
                                           expected),
                              key, names);
}

int bb_config_get(bb_ctx *ctx, const char *key, char **value, int *is_default)
{
    const struct setting *s;
    const char *p[2] = {NULL, key};
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *value = NULL;
    rc = bb_ctx__org(ctx, &p[0]);
    if (rc == BB_OK)
        rc = known(ctx, key, &s);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res, "SELECT value FROM setting WHERE org_id = $1 AND key = $2", 2,
                         p);
    if (rc != BB_OK)
        goto done;
    if (is_default != NULL)
        *is_default = PQntuples(res) == 0;
    *value = strdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : s->fallback);
    if (*value == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
done:
    PQclear(res);
    return rc;
}

/* A whole number in the setting's range, written without sign or leading zeros. */
static int check_value(bb_ctx *ctx, const struct setting *s, const char *value)
{
    char q[200];
    size_t n = value ? strlen(value) : 0;
    bool plain = n >= 1 && n <= 3 && strspn(value, "0123456789") == n && value[0] != '0';

    if (plain && atoi(value) >= s->min && atoi(value) <= s->max)
        return BB_OK;
    bb_fields__quote(value, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a whole number from %d to %d"), s->key,
                        q, s->min, s->max);
}

/* Only an administrator (unlocked) may change k: a lower k publishes smaller counts. The
 * database refuses it to any other login role too (schema/functions/stats.sql). */
static int admin_only(bb_ctx *ctx, const char *key)
{
    bb_keychain *kc;
    int rc = bb_keychain__admin(ctx, &kc);

    if (rc != BB_OK)
        bb_ctx__fail(ctx, rc, _("%s: only an administrator may change it (%s)"), key,
                     bb_errmsg(ctx));
    return rc;
}

struct set_arg {
    const char *p[3];
};

static int set_txn(bb_ctx *ctx, void *arg)
{
    struct set_arg *a = arg;
    return bb_db__cmd(ctx,
                      "INSERT INTO setting (org_id, key, value) VALUES ($1, $2, $3)"
                      " ON CONFLICT (org_id, key) DO UPDATE SET value = EXCLUDED.value,"
                      " version = setting.version + 1, updated_at = now()",
                      3, a->p);
}

int bb_config_check(bb_ctx *ctx, const char *key, const char *value)
{
    const struct setting *s;
    int rc;

    bb_ctx__clear(ctx);
    rc = known(ctx, key, &s);
    return rc == BB_OK ? check_value(ctx, s, value) : rc;
}

int bb_config_needs_admin(const char *key)
{
    return key != NULL && strcmp(key, "export.k") == 0;
}

int bb_config_set(bb_ctx *ctx, const char *key, const char *value)
{
    struct set_arg a = {{NULL, key, value}};
    int rc = bb_config_check(ctx, key, value);

    if (rc == BB_OK)
        rc = bb_ctx__org(ctx, &a.p[0]);
    if (rc == BB_OK && bb_config_needs_admin(key))
        rc = admin_only(ctx, key);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", set_txn, &a);
    return rc;
}
