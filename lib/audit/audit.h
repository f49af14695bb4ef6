/* Audit records written by libbb itself (internal). */
#ifndef BB_AUDIT_INTERNAL_H
#define BB_AUDIT_INTERNAL_H

#include "base/handle.h"
#include "bb/audit.h"

/* Appends a record; detail is a JSON object (NULL: {}). */
int bb_audit__append(bb_ctx *ctx, const char *action, const char *case_id, const char *detail);

/* Records an unlock (action "login") or a failed one ("login_failed") of login. */
int bb_audit__login(bb_ctx *ctx, const char *action, const char *login);

/* Records that a personal field was decrypted. */
int bb_audit__view(bb_ctx *ctx, const char *data_key_id, const char *table, const char *id,
                   const char *field);

/* Checks each anchor against a whole chain (anchor.c); out->head_seq is set. Sets
 * out->anchor_seq and out->after_anchor from the newest anchor. */
int bb_audit__check_anchors(bb_ctx *ctx, const bb_audit_anchor *anchors, size_t n,
                            bb_audit_verdict *out);

#endif
