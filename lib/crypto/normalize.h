/* Normalisation of personal values before blind indexing (internal).
 *
 * Two spellings of the same value must give the same index, so values are brought to one
 * canonical form first: case, accents, spaces, Dutch postcode and phone formats. The rules are
 * listed in docs/security.md ("Normalisation"). Every function takes a NUL-terminated UTF-8
 * string of at most BB_NORM_MAX_INPUT bytes. On success *out is a new string (free it with
 * bb_norm__free, which wipes it: it is personal data). On error - BB_EINVAL for NULL, invalid
 * UTF-8, a value that is empty or not of the expected form; BB_ENOMEM - *out is unchanged. */
#ifndef BB_CRYPTO_NORMALIZE_H
#define BB_CRYPTO_NORMALIZE_H

#include <stddef.h>

#define BB_NORM_MAX_INPUT 1024

/* 1 if s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or code points above
 * U+10FFFF), else 0. NUL bytes inside the range are allowed here; the string functions below
 * stop at the first one. */
int bb_norm__utf8_valid(const char *s, size_t len);

/* Names: lib/fields/norm-name.h (bb_norm__name, bb_norm__words), through utf8proc. */

/* A Dutch postcode: four digits (the first not 0) and two letters, white space around or
 * between the groups allowed: " 1234  ab " -> "1234AB". */
int bb_norm__postcode(const char *in, char **out);

/* A house number (1..99999, leading zeros dropped) with an optional addition of at most six
 * letters and digits; separators ' ', '-' and '/' are dropped, letters upper-cased. An
 * addition that starts with a digit keeps one '-' so "12-1" and "121" stay apart:
 * "12 a" -> "12A", "12-a" -> "12A", "12 bis" -> "12BIS", "12 - 1" -> "12-1". */
int bb_norm__house_number(const char *in, char **out);

/* The address key: normalised postcode, one space, normalised house number: "1234AB 12A". */
int bb_norm__address(const char *postcode, const char *house_number, char **out);

/* A phone number in E.164 form. Dutch numbers (a trunk 0 and nine digits, or +31 / 0031 and
 * nine digits, "(0)" allowed) become "+31" and nine digits: "06-12345678", "+31 (0)6 1234 5678"
 * and "0031612345678" -> "+31612345678", "010-1234567" -> "+31101234567". Other countries
 * ("+" or "00" and 7..15 digits) become "+" and the digits. Separators: space, '-', '.', '/',
 * parentheses. Letters and other characters are refused. */
int bb_norm__phone(const char *in, char **out);

/* An e-mail address: trimmed and ASCII lower-cased (the local part too: in practice mailboxes
 * are case-insensitive); it must have exactly one '@' with something on both sides and no
 * white space or control characters inside. */
int bb_norm__email(const char *in, char **out);

/* Wipes and frees a string from the functions above. NULL-safe. */
void bb_norm__free(char *s);

#endif
