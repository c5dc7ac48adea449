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

#endif
