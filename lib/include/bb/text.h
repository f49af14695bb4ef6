/* Text from the database on its way to a terminal (bbtui, and bbctl's text output): every byte
 * that could move the cursor, change colours, retitle the window or reorder the text is shown
 * as a visible placeholder instead (architecture.md, "Never write data bytes raw to the
 * terminal"). Pure functions with no curses and no locale, so the unit tests pin them down
 * exactly. */
#ifndef BB_TEXT_H
#define BB_TEXT_H

#include "bb/common.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when code point cp may be shown as itself: not a C0 or C1 control, not DEL, not a
 * direction or invisible format character, not a surrogate or non-character. */
BB_API bool bb_text_cp_is_safe(uint32_t cp);

/* Writes in to out (outsz bytes, always NUL-terminated when outsz > 0) as valid UTF-8 in which
 * an unsafe code point appears as "\xNN" (below U+0100) or "\uNNNN", and each byte of an
 * invalid UTF-8 sequence as "\xNN". A placeholder or character that does not fit is left out
 * whole, never cut. in NULL is "". Returns the length the whole result needs (as snprintf). */
BB_API size_t bb_text_sanitize(const char *in, char *out, size_t outsz);

/* The same into a new string (free()); NULL when out of memory. */
BB_API char *bb_text_sanitize_dup(const char *in);

/* Decodes one UTF-8 sequence at s into *cp; returns its length 1..4, or 0 when s does not
 * start a valid, shortest-form sequence of a scalar value (or is at the NUL). */
BB_API size_t bb_utf8_decode(const char *s, uint32_t *cp);

#endif
