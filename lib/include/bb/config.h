/* Settings of the organisation that bbctl config get/set reads and writes: the thresholds of
 * the signals. Only known keys with valid values are accepted. */
#ifndef BB_CONFIG_H
#define BB_CONFIG_H

#include "bb/common.h"
#include "bb/ctx.h"

/* The known keys, ending with NULL; static. */
BB_API const char *const *bb_config_keys(void);

/* The built-in default of a known key, or NULL for an unknown key; static. */
BB_API const char *bb_config_default(const char *key);

/* The value of key for the handle's organisation into *value (free()), the default when it was
 * never set; *is_default (may be NULL) says which. BB_EINVAL names an unknown key. */
BB_API int bb_config_get(bb_ctx *ctx, const char *key, char **value, int *is_default);

/* Whether value is valid for key, without writing: BB_EINVAL names an unknown key or a value out
 * of its range (the message gives the range). */
BB_API int bb_config_check(bb_ctx *ctx, const char *key, const char *value);

/* 1 when only an unlocked administrator may set key (export.k: k of the figures), else 0. */
BB_API int bb_config_needs_admin(const char *key);

/* Sets key to value in one transaction. BB_EINVAL as bb_config_check; BB_EDENIED when the key
 * needs an administrator and the handle is not unlocked as one; nothing is written then. */
BB_API int bb_config_set(bb_ctx *ctx, const char *key, const char *value);

#endif
