/* What the screens show for the keys of libbb's category lists (domain.md, "Identifiers"):
 * the Dutch words under a Dutch locale, English otherwise, through gettext. And dates. */
#ifndef BB_TUI_LABELS_H
#define BB_TUI_LABELS_H

#include "tui.h"

/* The label of key in list v, translated; static. An unknown key is returned as it is (the
 * caller draws it through tui_put, so it is sanitized). */
const char *tui_label(bb_vocab v, const char *key);

/* Today's date, local time, as YYYY-MM-DD into out. */
void tui_today(char out[BB_DATE_SIZE]);

/* Days from date a to date b (YYYY-MM-DD); 0 when either is not a date. */
long tui_days_between(const char *a, const char *b);

/* Days a case is (or was) open: from the report to closing, or to today. */
long tui_days_open(const bb_case *c);

/* An ISO 8601 UTC time from libbb ("2024-03-01T10:12:00Z") as local "2024-03-01 11:12". */
void tui_local_time(const char *iso, char *out, size_t n);

/* Room for a volunteer's label. */
#define TUI_VOLUNTEER_LABEL 160

/* A volunteer as people know them, into out: "Vera Jansen (V-0003)" when ctx is unlocked and
 * the name can be read, else the number. */
void tui_volunteer_label(bb_ctx *ctx, const char *number, char *out, size_t n);

/* A follow-up answer of libbb ("ja", "deels", "nee") in words; "" is "not asked". */
const char *tui_followup_answer(const char *key);

#endif
