/* SPDX-License-Identifier: MIT */
/* badrows: the customer records left out by --bad-rows=skip.
 *
 * A record that breaks a rule, or whose text is not JSON, is left out of
 * every figure instead of failing the run; each worker notes the records it
 * leaves out, and the count with the first few positions in input order
 * makes one warning at the end (segprof(1), --bad-rows). */
#ifndef SEGPROF_BADROWS_H
#define SEGPROF_BADROWS_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

enum { BAD_ROWS_SHOWN = 5 };

typedef struct bad_row {
	uint64_t key;  /* diagnostic order key: the record's place in the input */
	char *where;   /* "c.ndjson:2:38", "c.ndjson:3 /frequency", "r.json /customers/4/id" */
	char *why;     /* its first message */
} bad_row;

typedef struct bad_rows {
	uint64_t n;
	bad_row first[BAD_ROWS_SHOWN]; /* the smallest keys, in order */
	size_t n_first;
} bad_rows;

void bad_rows_init(bad_rows *b);
void bad_rows_fini(bad_rows *b);

/* Note a record left out, described by the first error e about it.  false:
 * out of memory. */
bool bad_rows_note(bad_rows *b, const diag_entry *e);

/* Fold src into dst (src is left empty). */
void bad_rows_merge(bad_rows *dst, bad_rows *src);

/* The one warning about them, into d (none when nothing was left out). */
void bad_rows_warn(const bad_rows *b, diag *d);

#endif
