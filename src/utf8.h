/* SPDX-License-Identifier: MIT */
/* utf8: validation (for the bytes segprof reads without jansson) and display
 * width (for the aligned table), independent of the locale. */
#ifndef SEGPROF_UTF8_H
#define SEGPROF_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
 * Returns true if valid; otherwise *bad is the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* Terminal columns taken by s (valid UTF-8): 0 for combining marks,
 * 2 for East Asian wide and fullwidth characters, 1 otherwise. */
size_t utf8_width(const char *s, size_t len);

/* The control characters that the text formats (table, markdown, cards)
 * never print as they are, because they are invisible or break a line: C0
 * (U+0000..U+001F), DEL (U+007F), C1 (U+0080..U+009F), U+2028 LINE SEPARATOR
 * and U+2029 PARAGRAPH SEPARATOR (segprof(1) OUTPUT FORMATS).  Returns the
 * length in bytes of such a character at s (len bytes remain), with its code
 * point in *cp; 0 when s starts with any other character. */
size_t utf8_control(const char *s, size_t len, unsigned *cp);

#endif
