/* Users and their keys: invite, enrol, grant, change passphrase. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_usr__check_login(bb_ctx *ctx, const char *login)
{
    size_t n = login ? strlen(login) : 0;
    bool ok = n >= 1 && n <= 63 && login[0] >= 'a' && login[0] <= 'z';

    for (size_t i = 1; ok && i < n; i++)
        ok = (login[i] >= 'a' && login[i] <= 'z') || (login[i] >= '0' && login[i] <= '9') ||
             login[i] == '.' || login[i] == '_' || login[i] == '-';
    if (ok)
        return BB_OK;
    return bb_ctx__fail(ctx, BB_EINVAL,
                        _("login: '%.80s' is not a valid login (1 to 63 lower-case letters, "
                          "digits, '.', '_' or '-', starting with a letter)"),
                        login ? login : "");
}

static void roles_array(unsigned roles, char *buf, size_t len)
{
    static const char *const names[] = {"admin", "coordinator", "mediator", "reporter"};
    size_t n = (size_t)snprintf(buf, len, "{");
    for (unsigned i = 0; i < 4; i++)
        if (roles & (1u << i))
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 1 ? "," : "", names[i]);
    snprintf(buf + n, len - n, "}");
}

int bb_usr__insert(bb_ctx *ctx, const char *user_id, const char *login, unsigned roles,
                   const uint8_t *pk, bb_secret *sk, const char *passphrase, size_t passlen)
{
    bb_pwhash_params params;
    uint8_t *blob = NULL;
    size_t bloblen = 0;
    char roles_text[64], ops[32], mem[32], alg[8];
    int rc = BB_OK;

    roles_array(roles, roles_text, sizeof roles_text);
    if (pk != NULL &&
        ((rc = bb_keys__pwhash_params_new(BB_PWHASH_MODERATE, &params)) != BB_OK ||
         (rc = bb_keys__protect(passphrase, passlen, &params, user_id, sk, &blob, &bloblen)) !=
             BB_OK)) {
        bb_ctx__fail(ctx, rc, "%s", _("passphrase: cannot protect the key with it"));
        goto done;
    }
    snprintf(alg, sizeof alg, "%d", pk ? params.alg : 0);
    snprintf(ops, sizeof ops, "%llu", pk ? (unsigned long long)params.opslimit : 0ULL);
    snprintf(mem, sizeof mem, "%llu", pk ? (unsigned long long)params.memlimit : 0ULL);
    const char *p[9] = {user_id, ctx->org_id, login, roles_text,
                        (const char *)pk, (const char *)blob, pk ? alg : NULL,
                        pk ? ops : NULL, pk ? mem : NULL};
    const char *all[10] = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8],
                           pk ? (const char *)params.salt : NULL};
    int len[10] = {0, 0, 0, 0, BB_PUBLIC_KEY_BYTES, (int)bloblen, 0, 0, 0, BB_PWHASH_SALT_BYTES};
    int fmt[10] = {0, 0, 0, 0, 1, 1, 0, 0, 0, 1};
    rc = bb_db__exec_bin(ctx, NULL,
                         "INSERT INTO bb_user (id, org_id, login, roles, public_key, secret_key,"
                         " pwhash_alg, pwhash_opslimit, pwhash_memlimit, pwhash_salt, status)"
                         " VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10,"
                         " CASE WHEN $5::bytea IS NULL AND $4::text[] <> '{reporter}' THEN 'invited'"
                         " ELSE 'active' END)",
                         10, all, len, fmt);
    if (rc == BB_EEXISTS)
        bb_ctx__fail(ctx, rc, _("login: a user called '%s' already exists"), login);
done:
    free(blob);
    return rc;
}

int bb_usr__grant(bb_ctx *ctx, const char *user_id, int version, bb_secret *key,
                  const uint8_t *pk, const char *granted_by)
{
    uint8_t sealed[BB_SEALED_KEY_BYTES];
    char v[16];
    const char *p[5] = {ctx->org_id, v, user_id, (const char *)sealed, granted_by};
    int len[5] = {0, 0, 0, BB_SEALED_KEY_BYTES, 0}, fmt[5] = {0, 0, 0, 1, 0};

    snprintf(v, sizeof v, "%d", version);
    if (bb_keys__seal(pk, key, sealed) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot seal the organisation key"));
    return bb_db__exec_bin(ctx, NULL,
                           "INSERT INTO org_key_grant (org_id, key_version, user_id, sealed,"
                           " granted_by) VALUES ($1, $2, $3, $4, $5)"
                           " ON CONFLICT (org_id, key_version, user_id)"
                           " DO UPDATE SET sealed = EXCLUDED.sealed, granted_by = $5,"
                           " granted_at = now()",
                           5, p, len, fmt);
}

int bb_usr__store_bidx_root(bb_ctx *ctx, int bidx_version, int key_version, bb_secret *kek,
                            bb_secret *root)
{
    char row[64], bv[16], kv[16];
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    int rc;

    snprintf(row, sizeof row, "%s/%d", ctx->org_id, bidx_version);
    snprintf(bv, sizeof bv, "%d", bidx_version);
    snprintf(kv, sizeof kv, "%d", key_version);
    bb_blob_bind bind = {(uint32_t)key_version, "org_secret", "bidx_root", row};
    if (bb_blob__wrap_key(kek, &bind, root, &wrapped, &wl) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot wrap the blind-index key"));
    const char *p[4] = {ctx->org_id, bv, kv, (const char *)wrapped};
    int len[4] = {0, 0, 0, (int)wl}, fmt[4] = {0, 0, 0, 1};
    rc = bb_db__exec_bin(ctx, NULL,
                         "INSERT INTO org_secret (org_id, name, version, key_version, wrapped)"
                         " VALUES ($1, 'bidx_root', $2, $3, $4)"
                         " ON CONFLICT (org_id, name, version)"
                         " DO UPDATE SET key_version = $3, wrapped = $4",
                         4, p, len, fmt);
    free(wrapped);
    return rc;
}

int bb_user_add(bb_ctx *ctx, const char *login, unsigned roles)
{
    bb_user_new in = {.login = login, .roles = roles};

    return bb_user_add_with(ctx, &in);
}
