/* bb_report_create: a case and its parties in one transaction. The public create and add
 * run inside it (bb_db__txn nests them under savepoints), so each keeps its own checks and
 * its retry by id, and the outer transaction keeps the number gap-free on any refusal. */
#include "bb/report.h"

#include "bb/error.h"

#include "db/db.h"
#include "base/i18n.h"
#include "fields/fields.h"

#include <stdlib.h>

struct report {
    const bb_report_new *in;
    bb_case *row;
    int failed;
};

static int report_txn(bb_ctx *ctx, void *arg)
{
    struct report *a = arg;
    int rc;

    bb_case_free(a->row); /* from an attempt that was rolled back */
    a->row = NULL;
    a->failed = 0;
    if ((rc = bb_case_create(ctx, &a->in->report, &a->row)) != BB_OK)
        return rc;
    for (size_t i = 0; i < a->in->n_parties; i++) {
        a->failed = (int)i + 1;
        if ((rc = bb_party_add(ctx, a->row->number, &a->in->parties[i], NULL)) != BB_OK)
            return rc;
    }
    a->failed = 0;
    return BB_OK;
}

int bb_report_create(bb_ctx *ctx, const bb_report_new *in, bb_case **out, int *failed)
{
    struct report a = {.in = in};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    if (in->n_parties > BB_PARTIES_MAX || (in->n_parties > 0 && in->parties == NULL))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("parties: %zu, at most %d"), in->n_parties,
                          BB_PARTIES_MAX);
    else
        rc = bb_db__txn(ctx, "READ COMMITTED", report_txn, &a);
    if (failed != NULL)
        *failed = rc == BB_OK ? 0 : a.failed;
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_case_free(a.row);
    return rc;
}
