/* Pairing suggestions in words (pair-text.h). The reasons are libbb's ranking criteria, in its
 * order: area, preferred conflict types, load against capacity. */
#include "pair-text.h"

#include <stdio.h>

void tui_pair_describe(const bb_pair *p, char *buf, size_t n)
{
    const bb_pair_member *a = &p->member[0], *b = &p->member[1];
    int in_area = a->same_area + b->same_area, preferred = a->preferred + b->preferred;
    const char *area = in_area == 2   ? _("both in the case's area")
                       : in_area == 1 ? _("one in the case's area")
                                      : _("neither in the case's area");

    snprintf(buf, n,
             ngettext("%s + %s: %s; %d preferred conflict type; load %d/%d and %d/%d",
                      "%s + %s: %s; %d preferred conflict types; load %d/%d and %d/%d",
                      (unsigned long)preferred),
             a->number, b->number, area, preferred, a->load, a->capacity, b->load, b->capacity);
}

void tui_pair_excluded(const bb_pair_list *l, char *buf, size_t n)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < l->n_excluded && used < n; i++) {
        const bb_pair_excluded *e = &l->excluded[i];
        const char *why = e->why == BB_PAIR_AT_CAPACITY ? _("at capacity")
                          : e->why == BB_PAIR_AT_PARTY  ? _("lives at a party's address")
                                                        : _("lives at a party's postcode");
        int w = snprintf(buf + used, n - used, "%s%s %s", used ? "; " : "", e->number, why);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}
