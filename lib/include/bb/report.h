/* A new report as a coordinator takes it on the phone: the case, its parties and the first
 * note, registered together or not at all. */
#ifndef BB_REPORT_H
#define BB_REPORT_H

#include "bb/case.h"
#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/party.h"
#include <stddef.h>

typedef struct bb_report_new {
    bb_case_new report;             /* the case; its note is the first note */
    const bb_party_new *parties;    /* added in this order (party 1, 2, ...), each with its id */
    size_t n_parties;               /* 0 to BB_PARTIES_MAX */
} bb_report_new;

/* Registers the case (bb_case_create) and its parties (bb_party_add) in one transaction:
 * bad input anywhere writes nothing, and no case number is used up. With client-made ids for
 * the case and every party a retry after a lost connection returns what the first attempt
 * stored. Needs an unlocked handle. *out (may be NULL) gets the case (bb_case_free). On error
 * *failed (may be NULL) says where: 0 the case, i the i-th party (from 1), and bb_errmsg()
 * names the field as bb_case_create and bb_party_add do. */
BB_API int bb_report_create(bb_ctx *ctx, const bb_report_new *in, bb_case **out, int *failed);

#endif
