/* Pairing suggestions in words (pair-text.h). The reasons are libbb's ranking criteria, in its
 * order: area, preferred conflict types, load against capacity. */
#include "pair-text.h"
#include "labels.h"

#include <stdio.h>

void tui_pair_describe(bb_ctx *ctx, const bb_pair *p, char *buf, size_t n)
{
    const bb_pair_member *a = &p->member[0], *b = &p->member[1];
    int in_area = a->same_area + b->same_area, preferred = a->preferred + b->preferred;
    const char *area = in_area == 2   ? _("both in the area")
                       : in_area == 1 ? _("one in the area")
                                      : _("neither in the area");
    char first[TUI_VOLUNTEER_LABEL], second[TUI_VOLUNTEER_LABEL];

    tui_volunteer_label(ctx, a->number, first, sizeof first);
    tui_volunteer_label(ctx, b->number, second, sizeof second);
    snprintf(buf, n,
             ngettext("%s + %s: %s; %d preferred type; load %d/%d, %d/%d",
                      "%s + %s: %s; %d preferred types; load %d/%d, %d/%d", (unsigned long)preferred),
             first, second, area, preferred, a->load, a->capacity, b->load, b->capacity);
}

/* Up to three numbers of the volunteers left out for why, then "...". */
static size_t numbers(const bb_pair_list *l, enum bb_pair_exclusion why, char *buf, size_t n)
{
    size_t used = 0, shown = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < l->n_excluded && used < n; i++) {
        if (l->excluded[i].why != why)
            continue;
        int w = shown < 3 ? snprintf(buf + used, n - used, "%s%s", shown ? ", " : "",
                                     l->excluded[i].number)
                          : shown == 3 ? snprintf(buf + used, n - used, ", ...")
                                       : 0;
        if (w < 0)
            break;
        used += (size_t)w;
        shown++;
    }
    return shown;
}

void tui_pair_excluded(const bb_pair_list *l, char *buf, size_t n)
{
    static const enum bb_pair_exclusion whys[] = {BB_PAIR_AT_CAPACITY, BB_PAIR_AT_PARTY,
                                                  BB_PAIR_NEAR_PARTY};
    size_t used = 0;
    char list[96];

    buf[0] = '\0';
    for (size_t k = 0; k < sizeof whys / sizeof whys[0] && used < n; k++) {
        size_t count = numbers(l, whys[k], list, sizeof list);
        const char *why = whys[k] == BB_PAIR_AT_CAPACITY ? _("at capacity")
                          : whys[k] == BB_PAIR_AT_PARTY  ? _("lives at a party's address")
                                                         : _("lives at a party's postcode");
        if (count == 0)
            continue;
        int w = snprintf(buf + used, n - used, "%s%zu %s (%s)", used ? "; " : "", count, why, list);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}
