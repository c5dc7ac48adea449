/* SPDX-License-Identifier: MIT */
/* csvcust: customers as CSV or TSV records with a header line (segprof(1)
 * TABLES).
 *
 * The reader reads the header into a csv_layout: which column holds which
 * field (by the names of --id-field ... --cluster-field) and which the extra
 * features.  The workers then parse each record against it, as customer.c
 * parses a JSON object: the same rules, the same customer_rec.  Numbers
 * follow the grammar of JSON numbers; a product-types cell is slugs joined by
 * --types-sep, a JSON array, or a Python list literal; an empty cell is no
 * slugs, or no cluster. */
#ifndef SEGPROF_CSVCUST_H
#define SEGPROF_CSVCUST_H

#include "customer.h"
#include "diag.h"
#include "extras.h"
#include "fields.h"

typedef struct csv_layout {
	bool tsv;
	size_t n_cols;
	int col[F_COUNT];         /* column of each field; -1: none */
	int extra_col[EXTRA_MAX]; /* column of each extra feature; -1: none */
	const field_names *fields;
	const extra_spec *extras;
} csv_layout;

/* The layout from the header line [text, text + len), line `line` of file.  SP_OK, or
 * SP_DATAERR with every problem recorded in d (a needed column missing or
 * given twice, or no header at all), or SP_OSERR. */
sp_status csv_layout_read(csv_layout *l, bool tsv, const char *text, size_t len,
			  const field_names *fields, const extra_spec *extras, const char *file,
			  long line, diag *d);

/* One record, as customer_parse: SP_OK with rec filled (valid until the next
 * call), SP_DATAERR with the rule errors recorded in p->d or, if
 * se->message[0], a syntax error at se->offset (not recorded), SP_OSERR. */
sp_status csv_customer_parse(customer_parser *p, const csv_layout *l, const char *text,
			     size_t len, const customer_loc *loc, customer_rec *rec,
			     syntax_error *se);

/* The same, every record the full way: csv_split and num_parse, never the
 * plain paths csv_customer_parse takes when it can.  The reference the
 * plain paths are checked against (tests/fuzz/fuzz_csvplain.c). */
sp_status csv_customer_parse_full(customer_parser *p, const csv_layout *l, const char *text,
				  size_t len, const customer_loc *loc, customer_rec *rec,
				  syntax_error *se);

/* A cluster id from a CSV cell: the digits 0-9 with an optional leading '-',
 * or an integral real (1.0), is an integer, anything else a string (pointing
 * at s).  NULL or an
 * error message (an integer beyond 64 bits). */
const char *csv_cluster_id(const char *s, size_t len, cluster_id *out);

#endif
