/* bbctl signals: the cases that need attention, grouped by signal, most overdue first. */
#include "args.h"
#include "cli.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct signals_args {
    const char *kind;
    bb_signal_filter f;
    bool json;
} signals_args;

/* The heading of a group, with its threshold. */
static void heading(const bb_signal_list *l)
{
    int t = l->threshold;

    switch (l->kind) {
    case BB_SIGNAL_NO_CONTACT:
        printf(ngettext("No contact for %d day or more (open cases):\n",
                        "No contact for %d days or more (open cases):\n", t),
               t);
        break;
    case BB_SIGNAL_INTAKE_OVERDUE:
        printf(ngettext("Intake overdue: still reported more than %d working day after the "
                        "report:\n",
                        "Intake overdue: still reported more than %d working days after the "
                        "report:\n",
                        t),
               t);
        break;
    case BB_SIGNAL_FOLLOWUP_DUE:
        printf(ngettext("Follow-up due: %d week or more in nazorg without a follow-up:\n",
                        "Follow-up due: %d weeks or more in nazorg without a follow-up:\n", t),
               t);
        break;
    case BB_SIGNAL_BUDGET_OVER:
        printf("%s", _("Over budget: referrals of this year that took their practice over its "
                       "budget:\n"));
        break;
    default:
        printf("%s", _("Outcome not reported back to the referrer:\n"));
        break;
    }
}

static void print_group(const bb_signal_list *l)
{
    heading(l);
    if (l->n == 0)
        printf("%s", _("  none\n"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_signal *s = &l->items[i];
        printf("  %-14s%-14s", s->case_number, s->status);
        if (l->kind == BB_SIGNAL_BUDGET_OVER)
            printf(_("%d euros over the budget, referred on %s\n"), s->overdue, s->since);
        else if (l->kind == BB_SIGNAL_INTAKE_OVERDUE)
            printf(ngettext("%d working day since %s\n", "%d working days since %s\n", s->days),
                   s->days, s->since);
        else
            printf(ngettext("%d day since %s\n", "%d days since %s\n", s->days), s->days, s->since);
    }
    if (*l->next)
        printf(_("  more: bbctl signals --kind %s --after %s\n"), bb_signal_key(l->kind), l->next);
}

static void json_group(json_out *j, const bb_signal_list *l)
{
    jw_open(j, '{');
    jw_str(j, "kind", bb_signal_key(l->kind));
    jw_int(j, "threshold", l->threshold);
    jw_key_open(j, "cases", '[');
    for (size_t i = 0; i < l->n; i++) {
        jw_open(j, '{');
        jw_str(j, "case", l->items[i].case_number);
        jw_str(j, "status", l->items[i].status);
        jw_str(j, "since", l->items[i].since);
        jw_int(j, "days", l->items[i].days);
        jw_int(j, "overdue", l->items[i].overdue);
        jw_close(j, '}');
    }
    jw_close(j, ']');
    jw_str_or_null(j, "next", l->next);
    jw_close(j, '}');
}

/* Prints the lists of kinds first..last; all are read first, so a failure prints nothing. */
static int run(bb_ctx *ctx, const signals_args *a, int first, int last)
{
    bb_signal_list *lists[BB_SIGNAL_KINDS] = {NULL};
    json_out j = {0};
    int rc = BB_OK;

    for (int k = first; k <= last && rc == BB_OK; k++)
        rc = bb_signal_list_get(ctx, (bb_signal_kind)k, &a->f, &lists[k]);
    if (rc == BB_OK && a->json) {
        jw_open(&j, '{');
        jw_str(&j, "today", lists[first]->today);
        jw_key_open(&j, "signals", '[');
        for (int k = first; k <= last; k++)
            json_group(&j, lists[k]);
        jw_close(&j, ']');
        jw_close(&j, '}');
    }
    for (int k = first; rc == BB_OK && !a->json && k <= last; k++) {
        if (k > first)
            putchar('\n');
        print_group(lists[k]);
    }
    for (int k = 0; k < BB_SIGNAL_KINDS; k++)
        bb_signal_list_free(lists[k]);
    return rc;
}

static int signals_run(const cli_command *cmd, int argc, char **argv)
{
    signals_args a = {0};
    bb_signal_kind kind = BB_SIGNAL_NO_CONTACT;
    bb_ctx *ctx = NULL;
    int rc = cli_parse(cmd, argc, argv, &a);

    if (rc == CLI_OK && a.f.after != NULL && a.kind == NULL)
        rc = cli_usage_error(cmd, "%s", _("--after continues one signal's list: add --kind"));
    if (rc != CLI_OK || (rc = cli_open_org(&ctx)) != CLI_OK)
        return rc;
    if (a.kind != NULL && (rc = bb_signal_parse(ctx, a.kind, &kind)) != BB_OK)
        rc = cli_fail(ctx, rc, _("cannot list the signals"));
    else if ((rc = a.kind ? run(ctx, &a, kind, kind) : run(ctx, &a, 0, BB_SIGNAL_KINDS - 1)))
        rc = cli_fail(ctx, rc, _("cannot list the signals"));
    bb_close(ctx);
    return rc;
}

static const cli_option signals_options[] = {
    {"kind", CLI_STRING_AT(signals_args, kind), .value = N_("KIND"),
     .help = N_("one signal only: no_contact, intake_overdue, followup_due, not_reported_back, "
                "budget_over")},
    {"today", CLI_STRING_AT(signals_args, f.today), .value = N_("DATE"),
     .help = N_("count from this day instead of today")},
    CLI_OPTS_PAGE(signals_args, f.after, f.limit, json, N_("CURSOR")),
    CLI_OPTIONS_END,
};

const cli_command cli_signals_commands[] = {
    {"signals", NULL, signals_run,
     N_("List the cases that need attention: no contact, intake overdue, follow-up due, "
        "outcome not reported back, over budget"),
     signals_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
