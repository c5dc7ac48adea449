/* SPDX-License-Identifier: MIT */
/* customer: one customer object's text -> a validated customer_rec.
 *
 * The text is parsed by jansson (only this object, never the whole
 * document), every rule of segprof(1) INPUT on a customer is checked and each
 * violation is recorded with its JSON Pointer.  Slugs are interned in the
 * worker's slug table and deduplicated ("a slug listed twice counts once"). */
#ifndef SEGPROF_CUSTOMER_H
#define SEGPROF_CUSTOMER_H

#include <jansson.h>

#include "aggregate.h"
#include "csvsplit.h"
#include "diag.h"
#include "fastcust.h"
#include "fields.h"
#include "jansson_mem.h"
#include "slugcache.h"

/* Where a customer came from, for its messages. */
typedef struct customer_loc {
	const char *file;
	const char *pointer;  /* "/customers" in a request, "" in an array or NDJSON */
	bool indexed;         /* pointer is followed by /index (arrays) */
	uint64_t index;
	long line, col;       /* where the customer's text starts, its violations
				 then located within it; col 0: line is an
				 NDJSON line, given as it is */
	uint64_t key;         /* diagnostic order key */
} customer_loc;

typedef struct customer_parser {
	strtab *slugs;        /* not owned */
	slug_cache slug_cache; /* in front of slugs */
	diag *d;              /* not owned */
	uint32_t *slug_buf;
	size_t slug_cap;
	uint64_t *stamp;      /* by slug index: serial of the last customer using it
				 (only customers of many slugs: see add_slug) */
	size_t stamp_cap;
	uint64_t serial;
	json_t *json;         /* the object behind the current record */
	fast_customer fast;   /* the fast path's record */
	const extra_spec *extras; /* not owned */
	const field_names *fields; /* not owned */
	char *tok[F_COUNT];   /* the field names as JSON Pointer tokens (escaped) */
	cluster_id cluster;   /* the record's cluster, when it carries one */
	/* CSV records (csvcust.c): their cells, and the slugs of a list cell */
	csv_splitter split;
	char *scratch;
	size_t scratch_cap;
	dec extra_vals[EXTRA_MAX];
	char id_text[24];     /* an integer id as text */
	const char *text;     /* the object being checked (general path) */
	size_t text_len;
} customer_parser;

/* A syntax error inside the object: offset into its text, message. */
typedef struct syntax_error {
	size_t offset;
	char message[200];
} syntax_error;

void customer_parser_init(customer_parser *p, strtab *slugs, diag *d, const extra_spec *extras,
			  const field_names *fields);
void customer_parser_fini(customer_parser *p);

/* Parse and validate.  SP_OK: rec is valid until the next call (rec->ord is
 * left to the caller).  SP_DATAERR: a rule was broken (recorded in d) or,
 * if se->message[0], the text is not valid JSON (not recorded: the caller
 * knows where the text sits in its file).  SP_OSERR: out of memory. */
sp_status customer_parse(customer_parser *p, const char *text, size_t len,
			 const customer_loc *loc, customer_rec *rec, syntax_error *se);

/* Building a record's slugs (for other record readers): room for n of
 * them, a new record; then each slug interned (a slug given twice counts
 * once), *m counting them into p's slug buffer.  false: out of memory. */
bool customer_slugs_begin(customer_parser *p, size_t n);
bool customer_slug_add(customer_parser *p, const char *s, size_t len, size_t *m);
const uint32_t *customer_slugs(const customer_parser *p);

/* "a string", "an object", ... for messages. */
const char *json_type_name(const json_t *v);

/* Whether jansson failed for want of memory: its code says so, or (jansson
 * 2.14, a failed allocation inside the lexer) it left no message at all. */
static inline bool jansson_oom(const json_error_t *err)
{
	return jansson_mem_failed() || json_error_code(err) == json_error_out_of_memory ||
	       err->text[0] == '\0';
}

/* Map a jansson error on text[0..len) to an offset and message. */
void syntax_from_jansson(const json_error_t *err, const char *text, size_t len, syntax_error *se);

#endif
