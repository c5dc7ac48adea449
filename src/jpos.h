/* SPDX-License-Identifier: MIT */
/* jpos: where a JSON Pointer (RFC 6901) points in a JSON text, and line and
 * column arithmetic over a text, so that a rule violation found on a parsed
 * value can name both its pointer and its line:column (segprof(1)
 * DIAGNOSTICS). */
#ifndef SEGPROF_JPOS_H
#define SEGPROF_JPOS_H

#include <stddef.h>

/* The offset in text (len bytes of valid JSON) of the first byte of the
 * value pointer names ("" is the whole text, "/a/0" member "a"'s first
 * element), or, when it is not there, of the deepest value on its way that
 * is (a missing key: the object that lacks it). */
size_t jpos_find(const char *text, size_t len, const char *pointer);

/* Move (line, col), the position of text[0], to that of text[n]; lines and
 * columns count from 1, columns in bytes. */
void jpos_advance(const char *text, size_t n, long *line, long *col);

#endif
