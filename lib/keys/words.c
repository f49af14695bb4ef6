/* Word blind indexes: one per word of a normalised name. */
#include "keys/words.h"
#include "keys/keychain.h"
#include "bb/error.h"
#include "crypto/bidx.h"
#include "crypto/norm-words.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

int bb_vault__word_values(bb_ctx *ctx, const char *owner_table, const char *words, size_t n,
                          char *out, size_t cap)
{
    bb_keychain *kc;
    bb_secret *key = NULL;
    size_t o = 1;
    uint32_t v;
    int rc = bb_keychain__get(ctx, &kc);

    if (rc != BB_OK)
        return rc;
    if (kc->bidx_root == NULL ||
        bb_bidx__derive_key(kc->bidx_root, owner_table, "word", "eq", &key) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("name: cannot compute the word index"));
    out[0] = '{';
    for (size_t i = 0; rc == BB_OK && i < n; i++, words += strlen(words) + 1) {
        if (bb_bidx__compute(key, words, BB_WORD_BITS, &v) != BB_OK || cap - o < 13)
            rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("name: cannot compute the word index"));
        else
            o += (size_t)snprintf(out + o, cap - o, "%s%u", i > 0 ? "," : "", (unsigned)v);
    }
    if (rc == BB_OK)
        snprintf(out + o, cap - o, "}");
    bb_secret__free(key);
    return rc;
}

int bb_vault__index_words(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                          const char *owner_id, const char *normalized)
{
    char *words = NULL, values[BB_NORM_MAX_WORDS * 12 + 4], bv[16];
    size_t size = 0, n = 0;
    int rc = bb_norm__split(normalized, &words, &size, &n);

    if (rc != BB_OK)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("name: the value has no words"));
    rc = bb_vault__word_values(ctx, owner_table, words, n, values, sizeof values);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "DELETE FROM word_index WHERE owner_table = $1 AND owner_id = $2", 2,
                        (const char *[]){owner_table, owner_id});
    snprintf(bv, sizeof bv, "%d", ctx->keys->bidx_version);
    if (rc == BB_OK)
        rc = bb_db__cmd(
            ctx,
            "INSERT INTO word_index (owner_table, owner_id, word, org_id,"
            " data_key_id, bidx_version, value) SELECT $1, $2, o - 1, $3, $4, $5, v"
            " FROM unnest($6::int[]) WITH ORDINALITY AS u(v, o)",
            6, (const char *[]){owner_table, owner_id, ctx->org_id, data_key_id, bv, values});
    bb_norm__free_words(words, size);
    return rc;
}

int bb_vault__rehash_words(bb_ctx *ctx, const char *owner_table, const char *owner_id,
                           const char *normalized)
{
    char *words = NULL, values[BB_NORM_MAX_WORDS * 12 + 4], bv[16];
    size_t size = 0, n = 0;
    int rc = bb_norm__split(normalized, &words, &size, &n);

    if (rc != BB_OK)
        return BB_OK; /* a name without words has no word indexes to recompute */
    rc = bb_vault__word_values(ctx, owner_table, words, n, values, sizeof values);
    snprintf(bv, sizeof bv, "%d", ctx->keys->bidx_version);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "UPDATE word_index w SET value = u.v, bidx_version = $4"
                        " FROM unnest($3::int[]) WITH ORDINALITY AS u(v, o)"
                        " WHERE w.owner_table = $1 AND w.owner_id = $2 AND w.word = u.o - 1",
                        4, (const char *[]){owner_table, owner_id, values, bv});
    bb_norm__free_words(words, size);
    return rc;
}
