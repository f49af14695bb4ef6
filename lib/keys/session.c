/* Unlock once per terminal session: the keychain kept in the kernel keyring between commands.
 *
 * The kept key is a "user" key in the session keyring, named bb:<database>:<login>, readable
 * only by its possessors (the processes of that session), with an idle timeout that each use
 * restarts. Its payload (below) holds key bytes: it is built and read in sodium_malloc memory
 * and wiped. Never a file: without a kernel keyring, callers ask the passphrase each time.
 *
 * Payload, version 2 (integers big-endian; version 1 had no proof, and is asked for again):
 *   0 "bbk2" | 4 timeout | 8 roles | 12 bidx version | 16 count | 20 user id[37]
 *   57 org id[37] | 94 login[64] | 158 bidx root[32] | 190 proof that the user acts[32]
 *   222 count x (version[4] key[32]) */
#include "bb/session.h"
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/users.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "audit/audit.h"
#include "base/i18n.h"

#include <errno.h>
#include <keyutils.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEPT_MAGIC  "bbk2"
#define OFF_USER    20
#define OFF_ORG     57
#define OFF_LOGIN   94
#define OFF_BIDX    158
#define OFF_PROOF   190
#define KEPT_HEADER 222
#define KEPT_ENTRY  (4 + BB_KEY_BYTES)
#define KEPT_MAX    (KEPT_HEADER + BB_KEYCHAIN_MAX_VERSIONS * KEPT_ENTRY)
#define KEPT_TYPE   "user"
#define KEPT_PREFIX "bb:"
/* Possessors (this session's processes) use it; the same user elsewhere only sees it listed.
 * No link permission: it cannot be linked into another keyring. */
#define KEPT_PERM                                                                                  \
    (KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH | KEY_POS_SETATTR | KEY_USR_VIEW)

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The login's own session keyring, or (when it has none) the kernel's per-user session
 * keyring; asked without creating one, which would die with this process. */
static key_serial_t session_keyring(void)
{
    return keyctl_get_keyring_ID(KEY_SPEC_SESSION_KEYRING, 0);
}

static int keyring_failure(bb_ctx *ctx, int err)
{
    if (err == ENOKEY || err == EKEYEXPIRED || err == EKEYREVOKED)
        return bb_ctx__fail(ctx, BB_ENOTFOUND, "%s",
                            _("no unlocked keys are kept in this session"));
    return bb_ctx__fail(ctx, BB_ESETUP, _("the kernel keyring is not available (%s)"),
                        strerror(err));
}

/* bb:<first 8 bytes of BLAKE2b(host, port, database) in hex>:<login>. */
static int kept_name(bb_ctx *ctx, const char *login, char *out, size_t size)
{
    uint8_t h[crypto_generichash_BYTES_MIN];
    char hex[17], ident[1024];
    int rc;

    if ((rc = bb_keys__check_login(ctx, login)) != BB_OK || (rc = bb_db__ready(ctx)) != BB_OK)
        return rc;
    int n = snprintf(ident, sizeof ident, "%s%c%s%c%s", PQhost(ctx->conn), '\0', PQport(ctx->conn),
                     '\0', PQdb(ctx->conn));
    if (n < 0 || (size_t)n >= sizeof ident)
        n = sizeof ident - 1;
    if (crypto_generichash(h, sizeof h, (const uint8_t *)ident, (size_t)n, NULL, 0) != 0)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot name the kept keys"));
    sodium_bin2hex(hex, sizeof hex, h, 8); /* 8 bytes tell databases apart */
    snprintf(out, size, KEPT_PREFIX "%s:%s", hex, login);
    return BB_OK;
}

static int copy_key(bb_secret *s, uint8_t *to)
{
    const uint8_t *k = bb_secret__read(s);

    if (k == NULL || bb_secret__len(s) != BB_KEY_BYTES) {
        bb_secret__release(s);
        return BB_ECRYPTO;
    }
    memcpy(to, k, BB_KEY_BYTES);
    bb_secret__release(s);
    return BB_OK;
}

/* Writes the keychain into a new sodium_malloc buffer (sodium_free it). */
static int serialise(const bb_ctx *ctx, const bb_keychain *kc, unsigned timeout, uint8_t **out,
                     size_t *len)
{
    size_t n = KEPT_HEADER + (size_t)kc->count * KEPT_ENTRY;
    uint8_t *p = sodium_malloc(n);
    int rc = p ? BB_OK : BB_ENOMEM;

    if (p == NULL)
        return rc;
    memset(p, 0, n);
    memcpy(p, KEPT_MAGIC, 4);
    put32(p + 4, timeout);
    put32(p + 8, kc->roles);
    put32(p + 12, kc->bidx_root ? (uint32_t)kc->bidx_version : 0);
    put32(p + 16, (uint32_t)kc->count);
    snprintf((char *)p + OFF_USER, 37, "%s", kc->user_id);
    snprintf((char *)p + OFF_ORG, 37, "%s", ctx->org_id);
    snprintf((char *)p + OFF_LOGIN, 64, "%s", kc->login);
    if (kc->bidx_root != NULL)
        rc = copy_key(kc->bidx_root, p + OFF_BIDX);
    if (rc == BB_OK)
        rc = copy_key(kc->act_proof, p + OFF_PROOF);
    for (int i = 0; rc == BB_OK && i < kc->count; i++) {
        put32(p + KEPT_HEADER + (size_t)i * KEPT_ENTRY, (uint32_t)kc->versions[i]);
        rc = copy_key(kc->org[i], p + KEPT_HEADER + (size_t)i * KEPT_ENTRY + 4);
    }
    if (rc != BB_OK) {
        sodium_free(p);
        return rc;
    }
    *out = p;
    *len = n;
    return BB_OK;
}

static void drop_kept(key_serial_t key, key_serial_t ring)
{
    /* Invalidate wipes at once; revoke is the fallback before Linux 3.5. */
    if (keyctl_invalidate(key) < 0) {
        keyctl_revoke(key);
        keyctl_unlink(key, ring);
    }
}

int bb_session_save(bb_ctx *ctx, unsigned timeout_seconds)
{
    bb_keychain *kc;
    uint8_t *payload = NULL;
    size_t len = 0;
    char name[128];
    key_serial_t ring, key = -1;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__get(ctx, &kc)) != BB_OK)
        return rc;
    if (timeout_seconds == 0 || timeout_seconds > BB_SESSION_MAX_TIMEOUT)
        return bb_ctx__fail(ctx, BB_EINVAL, _("unlock timeout: %u seconds is not in 1..%u"),
                            timeout_seconds, BB_SESSION_MAX_TIMEOUT);
    if ((rc = kept_name(ctx, kc->login, name, sizeof name)) != BB_OK)
        goto done;
    if ((rc = serialise(ctx, kc, timeout_seconds, &payload, &len)) != BB_OK) {
        bb_ctx__fail(ctx, rc, "%s", _("the keys cannot be copied to keep them"));
        goto done;
    }
    if ((ring = session_keyring()) < 0 ||
        (key = add_key(KEPT_TYPE, name, payload, len, ring)) < 0 ||
        keyctl_setperm(key, KEPT_PERM) < 0 || keyctl_set_timeout(key, timeout_seconds) < 0) {
        rc = keyring_failure(ctx, errno);
        if (key >= 0) /* kept without its limits: not at all */
            drop_kept(key, ring);
        goto done;
    }
    if (ring == keyctl_get_keyring_ID(KEY_SPEC_USER_SESSION_KEYRING, 0))
        bb_ctx__log(ctx, BB_LOG_INFO, "%s",
                    _("this login has no session keyring of its own: the keys are kept in the "
                      "per-user session keyring, shared by this user's processes without one"));
    bb_ctx__log(ctx, BB_LOG_DEBUG, "keys kept in keyring %d as %s for %u s", (int)ring, name,
                timeout_seconds);
done:
    sodium_free(payload);
    return rc;
}

/* Reads the kept key into a new sodium_malloc buffer (sodium_free it). */
static int read_kept(bb_ctx *ctx, key_serial_t key, uint8_t **out, size_t *len)
{
    long n = keyctl_read(key, NULL, 0);
    uint8_t *p;

    if (n < 0)
        return keyring_failure(ctx, errno);
    if (n < KEPT_HEADER || n > KEPT_MAX)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("the kept keys are damaged"));
    if ((p = sodium_malloc((size_t)n)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (keyctl_read(key, (char *)p, (size_t)n) != n) {
        sodium_free(p);
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("the kept keys are damaged"));
    }
    *out = p;
    *len = (size_t)n;
    return BB_OK;
}

static int text_field(const uint8_t *p, size_t size, char *out)
{
    if (memchr(p, '\0', size) == NULL)
        return BB_ECRYPTO;
    memcpy(out, p, size);
    return BB_OK;
}

/* Fills kc (and org_id, timeout) from a payload; BB_ECRYPTO when it is malformed. */
static int parse_kept(const uint8_t *p, size_t len, bb_keychain *kc, char org_id[37],
                      unsigned *timeout)
{
    uint32_t count = get32(p + 16), bidx = get32(p + 12);
    int rc = BB_OK;

    if (memcmp(p, KEPT_MAGIC, 4) != 0 || count == 0 || count > BB_KEYCHAIN_MAX_VERSIONS ||
        len != KEPT_HEADER + count * KEPT_ENTRY || bidx > 1000000 ||
        text_field(p + OFF_USER, 37, kc->user_id) != BB_OK ||
        text_field(p + OFF_ORG, 37, org_id) != BB_OK ||
        text_field(p + OFF_LOGIN, 64, kc->login) != BB_OK)
        return BB_ECRYPTO;
    *timeout = get32(p + 4);
    kc->roles = get32(p + 8);
    kc->bidx_version = (int)bidx;
    if (bidx > 0)
        rc = bb_secret__from_bytes(p + OFF_BIDX, BB_KEY_BYTES, &kc->bidx_root);
    if (rc == BB_OK)
        rc = bb_secret__from_bytes(p + OFF_PROOF, BB_ACT_PROOF_BYTES, &kc->act_proof);
    for (uint32_t i = 0; rc == BB_OK && i < count; i++) {
        const uint8_t *e = p + KEPT_HEADER + i * KEPT_ENTRY;
        uint32_t v = get32(e);
        if (v == 0 || v > 1000000 || (i > 0 && (int)v <= kc->versions[i - 1]))
            return BB_ECRYPTO;
        kc->versions[i] = (int)v;
        if ((rc = bb_secret__from_bytes(e + 4, BB_KEY_BYTES, &kc->org[i])) == BB_OK)
            kc->count = (int)i + 1;
    }
    return rc;
}

/* Every kept organisation key must be the one this computer pinned for its version. */
static int check_pins(bb_ctx *ctx, const bb_keychain *kc, const char *org_id)
{
    uint8_t fp[BB_FINGERPRINT_BYTES], pin[32];
    int pinned = 0;

    for (int i = 0; i < kc->count; i++) {
        if (bb_keys__fingerprint(kc->org[i], fp) != BB_OK ||
            bb_pins__lookup(org_id, kc->versions[i], &pinned, pin) != BB_OK || !pinned ||
            sodium_memcmp(fp, pin, sizeof fp) != 0)
            return bb_ctx__fail(ctx, BB_ECRYPTO,
                                _("the kept organisation key version %d differs from the one "
                                  "this computer accepted: the kept keys are forgotten"),
                                kc->versions[i]);
    }
    return BB_OK;
}

/* The user must still be active in that organisation, with no newer key version granted
 * than the kept ones (else the kept keys are out of date); their roles are read afresh. */
static int check_user(bb_ctx *ctx, bb_keychain *kc, const char *org_id)
{
    const char *p[3] = {kc->user_id, kc->login, org_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT u.status, array_to_string(u.roles, ','),"
                         " (SELECT max(g.key_version) FROM org_key_grant g"
                         "   WHERE g.user_id = u.id),"
                         " (SELECT max(s.version) FROM org_secret s"
                         "   WHERE s.org_id = u.org_id AND s.name = 'bidx_root')"
                         " FROM bb_user u WHERE u.id = $1 AND u.login = $2 AND u.org_id = $3",
                         3, p);

    if (rc != BB_OK)
        goto done;
    if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "active") != 0) {
        rc = bb_ctx__fail(ctx, BB_EDENIED,
                          _("user '%s' can no longer unlock: the kept keys are forgotten"),
                          kc->login);
        goto done;
    }
    /* A newer organisation key or blind-index key makes the kept copy stale. */
    if (PQgetisnull(res, 0, 2) || atoi(PQgetvalue(res, 0, 2)) != bb_keychain__current(kc) ||
        (!PQgetisnull(res, 0, 3) && atoi(PQgetvalue(res, 0, 3)) != kc->bidx_version)) {
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, "%s",
                          _("the kept keys are out of date (a key changed): unlock with the "
                            "passphrase"));
        goto done;
    }
    rc = bb_roles_parse(ctx, PQgetvalue(res, 0, 1), &kc->roles);
done:
    PQclear(res);
    return rc;
}

static int restore_from(bb_ctx *ctx, key_serial_t ring, key_serial_t key, const char *login,
                        bb_keychain *kc)
{
    uint8_t *payload = NULL;
    size_t len = 0;
    char org_id[37];
    unsigned timeout = 0;
    int rc = read_kept(ctx, key, &payload, &len);

    if (rc != BB_OK || payload == NULL)
        goto done;
    if (len >= 4 && memcmp(payload, "bbk1", 4) == 0) { /* kept before the proof: ask again */
        rc = keyring_failure(ctx, ENOKEY);
        goto done;
    }
    if (parse_kept(payload, len, kc, org_id, &timeout) != BB_OK || strcmp(kc->login, login) ||
        timeout == 0 || timeout > BB_SESSION_MAX_TIMEOUT) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("the kept keys are damaged"));
        goto done;
    }
    if ((rc = check_pins(ctx, kc, org_id)) != BB_OK || (rc = check_user(ctx, kc, org_id)) != BB_OK)
        goto done;
    snprintf(ctx->org_id, sizeof ctx->org_id, "%s", org_id);
    keyctl_set_timeout(key, timeout); /* idle time starts again */
done:
    sodium_free(payload);
    if (rc == BB_ECRYPTO || rc == BB_EDENIED || rc == BB_ENOTFOUND)
        drop_kept(key, ring);
    return rc;
}

int bb_session_restore(bb_ctx *ctx, const char *login)
{
    bb_keychain *kc = NULL;
    char name[128];
    key_serial_t ring;
    long key;
    int rc;

    bb_ctx__clear(ctx);
    bb_lock(ctx);
    if ((rc = bb_crypto__init()) != BB_OK ||
        (rc = kept_name(ctx, login, name, sizeof name)) != BB_OK)
        return rc;
    if ((ring = session_keyring()) < 0 || (key = keyctl_search(ring, KEPT_TYPE, name, 0)) < 0)
        return keyring_failure(ctx, errno);
    if ((kc = calloc(1, sizeof *kc)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if ((rc = restore_from(ctx, ring, (key_serial_t)key, login, kc)) == BB_OK) {
        rc = bb_keychain__attach(ctx, kc); /* the audit log names who acts */
        kc = NULL;
    }
    bb_keychain__free(kc);
    return rc;
}

/* True when a keyring entry's description ("type;uid;gid;perm;name") is a kept key that
 * matches: prefix "bb:" or "bb:<database>:", and login (NULL: any). */
static int kept_matches(const char *desc, const char *prefix, const char *login)
{
    const char *name = desc, *colon;

    if (strncmp(desc, KEPT_TYPE ";", sizeof KEPT_TYPE) != 0)
        return 0;
    for (int i = 0; i < 4 && name != NULL; i++)
        name = (name = strchr(name, ';')) ? name + 1 : NULL;
    if (name == NULL || strncmp(name, prefix, strlen(prefix)) != 0)
        return 0;
    colon = strrchr(name, ':');
    return login == NULL || (colon != NULL && strcmp(colon + 1, login) == 0);
}

int bb_session_forget(bb_ctx *ctx, const char *login, int *forgotten)
{
    char prefix[128] = KEPT_PREFIX, *desc = NULL;
    key_serial_t ring, *keys = NULL;
    int rc = BB_OK, n, count = 0;

    if (ctx != NULL)
        bb_ctx__clear(ctx);
    if (ctx != NULL && (rc = kept_name(ctx, login ? login : "x", prefix, sizeof prefix)) != BB_OK)
        goto done;
    if (ctx != NULL) /* keep "bb:<database>:" */
        strrchr(prefix, ':')[1] = '\0';
    if ((ring = session_keyring()) < 0 || (n = keyctl_read_alloc(ring, (void **)&keys)) < 0) {
        rc = keyring_failure(ctx, errno);
        goto done;
    }
    for (int i = 0; i < n / (int)sizeof *keys; i++, free(desc), desc = NULL)
        if (keyctl_describe_alloc(keys[i], &desc) >= 0 && kept_matches(desc, prefix, login)) {
            drop_kept(keys[i], ring);
            count++;
        }
done:
    free(keys);
    if (forgotten != NULL)
        *forgotten = count;
    return rc;
}
