/* SPDX-License-Identifier: MIT */
/* csvsplit: one CSV or TSV record split into its cells.
 *
 * CSV is RFC 4180: a cell may be quoted with '"', a doubled '""' inside
 * quotes is one '"', and a quoted cell may hold the separator and line
 * breaks.  TSV is never quoted; \t \n \r \\ inside a cell are a tab, a
 * newline, a carriage return and a backslash.  A cell's text points into
 * the record when it needs no decoding, else into the splitter's buffer. */
#ifndef SEGPROF_CSVSPLIT_H
#define SEGPROF_CSVSPLIT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct csv_cell {
	const char *s;   /* decoded text */
	size_t len;
	size_t off;      /* offset of the cell's first byte in the record */
} csv_cell;

typedef struct csv_splitter {
	csv_cell *cells;
	size_t n, cap;
	char *buf;
	size_t buf_cap;
} csv_splitter;

void csv_splitter_fini(csv_splitter *sp);

/* The message csv_split returns when out of memory. */
extern const char CSV_OUT_OF_MEMORY[];

/* Split the record [text, text + len) (without its '\n'; a final '\r' is
 * dropped) into sp->cells[0 .. sp->n).  NULL, or an error message with *at
 * the offset it is about. */
const char *csv_split(csv_splitter *sp, bool tsv, const char *text, size_t len, size_t *at);

/* The common record, split at once: no NUL, no quote (CSV) or backslash
 * (TSV), so no cell needs decoding.  true with the cells csv_split would
 * give and *high telling whether a byte is >= 0x80 (the caller then checks
 * the record's UTF-8, which csv_split leaves to it too); false (cells
 * undefined) for any other record, or when out of memory: csv_split then
 * reads it.  Sixteen bytes at a time with SSE2; csv_split_plain_portable
 * is the same without, kept for other machines and for the tests. */
bool csv_split_plain(csv_splitter *sp, bool tsv, const char *text, size_t len, bool *high);
bool csv_split_plain_portable(csv_splitter *sp, bool tsv, const char *text, size_t len,
			      bool *high);

#endif
