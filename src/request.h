/* SPDX-License-Identifier: MIT */
/* request: reading a request document (segprof(1) INPUT) from a source.
 *
 * {"customers": [...], "labels": {...}} in either key order, other keys
 * ignored (but still checked to be valid JSON).  Customers are validated one
 * by one and handed to the collector; labels likewise. */
#ifndef SEGPROF_REQUEST_H
#define SEGPROF_REQUEST_H

#include "collect.h"
#include "customer.h"
#include "pipeline.h"
#include "jscan.h"
#include "source.h"

/* The "labels" object of the document, perhaps already read ahead on
 * another thread (run.c).  When request_read reaches the "labels" member it
 * asks claim whether the labels read ahead are those at offset pos:
 *   AHEAD_TAKEN  yes: reading goes on at `end`, just past the object, whose
 *                line and column are relative to pos (line 1: pos's line);
 *   AHEAD_NONE   no, and nothing was used: request_read reads them itself;
 *   AHEAD_RETRY  no, but the customers were already joined to them:
 *                request_read stops with SP_RETRY. */
typedef enum ahead_verdict { AHEAD_NONE, AHEAD_TAKEN, AHEAD_RETRY } ahead_verdict;
typedef struct labels_ahead {
	ahead_verdict (*claim)(struct labels_ahead *a, uint64_t pos);
	uint64_t end;
	long end_line, end_col;
} labels_ahead;

/* Read the whole document.  SP_OK, or the status of the first fatal error
 * (rule violations are recorded in d and reading goes on).  customers_only:
 * the document stands in for a customers file (--customers), its "labels"
 * are not used and need not be there.  ahead: the labels read ahead, or
 * NULL. */
sp_status request_read(source *src, collector *c, pipeline *pl, diag *d, bool customers_only,
		       labels_ahead *ahead);

/* Where the value of the document's last "labels" member seems to begin: the
 * offset of the '{' after the last "labels" ':' of the file (of size bytes)
 * that starts at offset from or later, searched from the end.  Only a guess
 * (it may be a nested key), to be confirmed by claim; false if there is none
 * or *cancel became true. */
bool request_labels_find(int fd, uint64_t from, uint64_t size, const bool *cancel,
			 uint64_t *start);

/* Whether the document in s (nothing read from it yet) starts with a
 * "customers" member: its labels, if any, come after the customers.  Only
 * reads into the window (it may fill it). */
bool request_customers_first(source *s);

/* Read the labels object starting at offset start of s (a regular file) into
 * c, as request_read would, and check that only the closing '}' of the
 * document follows.  SP_OK with *end (offset past the object) and its line
 * and column relative to start; any other status, or any message in d (whose
 * order keys are then not those request_read would give): not usable. */
sp_status request_labels_ahead(source *s, uint64_t start, collector *c, diag *d, uint64_t *end,
			       long *end_line, long *end_col);

/* The diagnostic order key of section n of an input. */
#define SECTION_KEY(n) ((uint64_t)(n) << 48)

/* The labels object at j->pos ('{' expected), each pair given to c.
 * pointer_base: "/labels" in a request, "" in a labels file. */
sp_status labels_object_read(jscan *j, collector *c, const char *pointer_base);

/* The customers array at j->pos ('[' expected).  by_lines: customers alone
 * on their lines are handed as guessed (pipeline_guessed_customer), not
 * framed: only for a run that can be done again (collector.guess_lines). */
sp_status customers_array_read(jscan *j, pipeline *pl, const char *pointer_base, bool by_lines);

#endif
