/* SPDX-License-Identifier: MIT */
/* labelline: the plain line of a labels CSV or TSV, read in one pass.
 *
 * Nearly every line of a labels file is `C0000001,3`: an id of printable
 * ASCII, the separator, an integer cluster id.  Such a line is read here,
 * without the general CSV machinery (csvsplit.c) and without looking for
 * the end of the line first; anything else (quotes, escapes, a string or
 * real cluster id, bytes beyond ASCII, an id that is an integral real like
 * 12.0, a last line without its newline) is declined, and the general
 * reader in split.c takes the line and judges it. */
#ifndef SEGPROF_LABELLINE_H
#define SEGPROF_LABELLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct labelline {
	size_t id_len;    /* the id: the first id_len bytes of the line */
	int64_t cluster;  /* the integer cluster id */
} labelline;

/* A plain line at p (avail bytes there): the id (no control bytes, no
 * bytes beyond ASCII, no '"', in TSV no '\'; not empty; read as written,
 * so not starting with '-' and, starting with a digit, all digits), the
 * separator (',' or, tsv, a tab), an integer cluster id of 1..18 digits
 * after an optional '-', an optional '\r' and the '\n', all within avail.
 * Returns the line's length with its '\n', or 0: not plain (*out is then
 * unspecified). */
size_t labelline_read(const char *p, size_t avail, bool tsv, labelline *out);

/* The same, one byte at a time: the portable path, and the reference the
 * SSE2 path is tested against. */
size_t labelline_read_portable(const char *p, size_t avail, bool tsv, labelline *out);

#endif
