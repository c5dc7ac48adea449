/* SPDX-License-Identifier: MIT */
/* request: the request document's structure, customers and labels. */
#include "request.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytescan.h"
#include "number.h"
#include "utf8.h"

/* Diagnostic order keys: each section of the document gets its own range so
 * that errors print in document order. */
#define fatal status_is_fatal

/* [p, p + n) is a JSON integer of at most 18 digits (so no overflow; a
 * longer one goes through jansson): *out is it. */
static bool small_int(const char *p, size_t n, cluster_id *out)
{
	size_t i = n > 0 && p[0] == '-';
	size_t digits = n - i;
	if (digits == 0 || digits > 18 || (p[i] == '0' && digits > 1))
		return false;
	int64_t v = 0;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = (cluster_id){.is_int = true, .i = p[0] == '-' ? -v : v};
	return true;
}

/* A rule violation about the value at offset at: its pointer and its
 * line:column. */
static void value_error(jscan *j, uint64_t at, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void value_error(jscan *j, uint64_t at, const char *pointer, const char *fmt, ...)
{
	char msg[512];
	long line, col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	jscan_linecol(j, at, &line, &col);
	diag_error(j->d, SP_DATAERR, j->key, j->src->name, line, col, pointer, "%s", msg);
}

/* The cluster id in [start, end): an integer or a non-empty string. */
static sp_status label_value(jscan *j, uint64_t start, uint64_t end, const char *pointer_base,
			     const char *id, size_t id_len, cluster_id *out, char **owned)
{
	const char *p = jscan_at(j, start);
	size_t n = (size_t)(end - start);
	*owned = NULL;
	/* Fast path: a plain integer. */
	if (small_int(p, n, out))
		return SP_OK;
	/* An integral real (1.0, 1e3: pandas writes a cluster column of floats)
	 * is the integer; the text is read as written, never through a double. */
	num x;
	int64_t i;
	if (num_parse(p, n, &x)) {
		num_int r = num_to_int64(&x, &i);
		if (r == NUM_INT_OK) {
			*out = (cluster_id){.is_int = true, .i = i};
			return SP_OK;
		}
		if (r == NUM_INT_RANGE) {
			char *pointer = pointer_append(pointer_base, id, id_len);
			value_error(j, start, pointer,
				   "integer cluster id out of range (64 bits): write it as a string");
			free(pointer);
			return SP_DATAERR;
		}
	}
	json_t *v;
	bool overflow = false;
	sp_status st = jscan_load(j, start, end, &v, &overflow);
	if (overflow) {
		char *pointer = pointer_append(pointer_base, id, id_len);
		value_error(j, start, pointer,
			   "integer cluster id out of range (64 bits): write it as a string");
		free(pointer);
		return SP_DATAERR;
	}
	if (st)
		return st;
	if (json_is_integer(v)) {
		*out = (cluster_id){.is_int = true, .i = json_integer_value(v)};
	} else if (json_is_string(v) && json_string_length(v) > 0) {
		size_t len = json_string_length(v);
		*owned = malloc(len + 1);
		if (!*owned) {
			st = SP_OSERR;
		} else {
			memcpy(*owned, json_string_value(v), len + 1);
			*out = (cluster_id){.is_int = false, .s = *owned, .len = (uint32_t)len};
		}
	} else {
		char *pointer = pointer_append(pointer_base, id, id_len);
		value_error(j, start, pointer,
			   "expected a cluster id (an integer or a non-empty string), got %s",
			   json_is_string(v) ? "\"\"" : json_type_name(v));
		free(pointer);
		st = SP_DATAERR;
	}
	json_decref(v);
	return st;
}

static inline bool json_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The common label at j->pos, "id": 123 with an id of ASCII without control
 * characters or escapes and an integer of at most 18 digits, followed by
 * ',' or '}', all in the window: read in one pass, j->pos moved past the ','
 * or '}' (*more: it was ',').  false for anything else, which the general path
 * reads (and judges) instead. */
static bool plain_label(jscan *j, const char **id, size_t *id_len, cluster_id *cl, bool *more)
{
	const unsigned char *p = (const unsigned char *)jscan_at(j, j->pos);
	size_t n = j->src->len - (size_t)(j->pos - j->src->base), i = 1, ws = 0;
	while (ws < n && json_ws(p[ws])) /* (after the ',') */
		ws++;
	p += ws;
	n -= ws;
	if (n == 0 || p[0] != '"')
		return false;
	i += bytescan_string(p + 1, p + n);
	if (i >= n || p[i] != '"' || i == 1)
		return false;
	*id = (const char *)p + 1;
	*id_len = i - 1;
	for (i++; i < n && json_ws(p[i]); i++)
		;
	if (i >= n || p[i] != ':')
		return false;
	for (i++; i < n && json_ws(p[i]); i++)
		;
	/* as small_int, read as it is scanned */
	bool neg = i < n && p[i] == '-';
	size_t d0 = i += neg;
	uint64_t v = 0;
	for (; i < n && (unsigned)(p[i] - '0') < 10; i++)
		v = v * 10 + (unsigned)(p[i] - '0'); /* (wraps past 18 digits: refused) */
	size_t digits = i - d0;
	if (digits == 0 || digits > 18 || (p[d0] == '0' && digits > 1))
		return false;
	*cl = (cluster_id){.is_int = true, .i = neg ? -(int64_t)v : (int64_t)v};
	for (; i < n && json_ws(p[i]); i++)
		;
	if (i >= n || (p[i] != ',' && p[i] != '}'))
		return false; /* also 1.5, 1e3: not plain */
	*more = p[i] == ',';
	j->pos += ws + i + 1;
	return true;
}

/* Plain labels waiting in run[0 .. *n), their ids in the window: inserted
 * before the window may move.  SP_OK or a fatal status; a duplicate makes
 * *worst SP_DATAERR. */
static sp_status run_insert(jscan *j, collector *c, const char *pointer_base, const label_line *run,
			    size_t *n, sp_status *worst)
{
	sp_status st = *n ? collector_labels_run(c, run, *n, j->src->name, pointer_base) : SP_OK;
	*n = 0;
	if (fatal(st))
		return st;
	if (st == SP_DATAERR)
		*worst = st;
	return SP_OK;
}

static sp_status label_entries_read(jscan *j, collector *c, const char *pointer_base)
{
	sp_status worst = SP_OK;
	uint64_t index = 0, key_base = j->key;
	int ch = jscan_ws(j, j->pos);
	if (ch != '{')
		return jscan_unexpected(j, ch, "'{'");
	j->pos++;
	ch = jscan_ws(j, j->pos);
	if (ch == '}') {
		j->pos++;
		return SP_OK;
	}
	enum { RUN = 256 };
	label_line run[RUN];
	size_t n_run = 0;
	for (;; index++) {
		uint64_t ks, ke, vs, ve;
		j->key = key_base + index;
		const char *id;
		size_t id_len;
		cluster_id cl;
		bool more;
		sp_status st;
		/* plain pairs wait in run, inserted together straight from the
		 * window (which only moves on the general path below) */
		if (plain_label(j, &id, &id_len, &cl, &more)) {
			run[n_run++] = (label_line){.id = id, .len = id_len, .cluster = cl.i,
						    .key = j->key};
			if ((n_run == RUN || !more) &&
			    (st = run_insert(j, c, pointer_base, run, &n_run, &worst)))
				return st;
			if (!more)
				return worst;
			continue;
		}
		if ((st = run_insert(j, c, pointer_base, run, &n_run, &worst)))
			return st;
		ch = jscan_ws(j, j->pos);
		if (ch != '"')
			return jscan_unexpected(j, ch, "a string key");
		st = jscan_value(j, j->pos, &ks, &ke);
		if (st)
			return st;
		ch = jscan_ws(j, ks);
		if (ch != ':')
			return jscan_unexpected(j, ch, "':' after a key");
		j->pos++;
		jscan_ws(j, ks);
		if ((st = jscan_value(j, ks, &vs, &ve)))
			return st;
		char *id_owned = NULL, *cl_owned = NULL;
		if ((st = jscan_string(j, ks, ke, &id, &id_len, &id_owned)))
			return st;
		st = label_value(j, vs, ve, pointer_base, id, id_len, &cl, &cl_owned);
		if (st == SP_DATAERR && !j->broken && id_len > 0) {
			/* The label is there but bad: keep the id mapped (to a
			 * stand-in cluster; the run fails anyway) so that its
			 * customer is not also reported as unlabeled. */
			sp_status st2 = collector_label(c, id, id_len, (cluster_id){.is_int = true},
							j->key, j->src->name, pointer_base, 0);
			if (fatal(st2))
				st = st2;
		} else if (st == SP_OK) {
			if (id_len == 0) {
				value_error(j, ks, pointer_base[0] ? pointer_base : "/",
					   "expected a non-empty customer id as key");
				st = SP_DATAERR;
			} else {
				st = collector_label(c, id, id_len, cl, j->key, j->src->name, pointer_base, 0);
			}
		}
		free(id_owned);
		free(cl_owned);
		if (fatal(st) || j->broken)
			return st;
		if (st == SP_DATAERR)
			worst = st;
		if ((st = jscan_after_element(j, '}', "',' or '}' after a label", &more)))
			return st;
		if (!more)
			return worst;
	}
}

sp_status labels_object_read(jscan *j, collector *c, const char *pointer_base)
{
	sp_status st = label_entries_read(j, c, pointer_base);
	sp_status st2 = collector_labels_flush(c);
	return fatal(st) || fatal(st2) ? (fatal(st) ? st : st2) : st ? st : st2;
}

/* Customers guessed one a line (jscan_line_values), waiting to be handed on
 * together: the first one's index and key, then one more each. */
enum { RUN_ITEMS = 256, RUN_BYTES = 1 << 20 };
typedef struct guessed_run {
	uint64_t index, key;
	size_t n;
	jscan_guess g[RUN_ITEMS];
} guessed_run;

static sp_status run_hand(jscan *j, pipeline *pl, guessed_run *r)
{
	sp_status st = r->n ? pipeline_guessed(pl, jscan_at(j, r->g[0].start), r->g[0].start, r->g,
					      r->n, r->index, r->key)
			    : SP_OK;
	r->n = 0;
	return st;
}

/* Guess the customers at j->pos on, the first one index (key key), into
 * r; handed on when r is full.  How many, 0 if there is none to guess. */
static size_t run_guess(jscan *j, pipeline *pl, guessed_run *r, uint64_t index, uint64_t key,
			sp_status *st)
{
	uint64_t keep = r->n ? r->g[0].start : j->pos;
	if (r->n == 0) {
		r->index = index;
		r->key = key;
	}
	size_t n = jscan_line_values(j, keep, r->g + r->n, RUN_ITEMS - r->n);
	r->n += n;
	*st = SP_OK;
	if (n && (r->n == RUN_ITEMS || j->pos - r->g[0].start >= RUN_BYTES)) {
		/* the next run starts on the next line: the window is kept
		 * from it on (so from where the source may count lines) */
		jscan_mark_line(j);
		*st = run_hand(j, pl, r);
	}
	return n;
}

sp_status customers_array_read(jscan *j, pipeline *pl, const char *pointer_base, bool by_lines)
{
	sp_status worst = SP_OK;
	uint64_t key_base = j->key;
	pipeline_set_source(pl, (customer_source){j->src->name, pointer_base, true, NULL});
	int ch = jscan_ws(j, j->pos);
	if (ch != '[')
		return jscan_unexpected(j, ch, "'['");
	j->pos++;
	ch = jscan_ws(j, j->pos);
	if (ch == ']') {
		j->pos++;
		return SP_OK;
	}
	guessed_run run = {.n = 0};
	for (uint64_t index = 0;;) {
		uint64_t vs, ve;
		long line, col;
		j->key = key_base + index;
		/* the run's text stays in the window until it is handed on */
		jscan_ws(j, run.n ? run.g[0].start : j->pos);
		/* one customer a line: spans guessed from the lines, each
		 * guess confirmed by the worker (pipeline_guessed) */
		if (by_lines) {
			sp_status st;
			size_t n = run_guess(j, pl, &run, index, j->key, &st);
			if (fatal(st))
				return st;
			if (n) {
				index += n;
				continue; /* (their ',' taken) */
			}
			/* Not laid out one a line (the last customer aside):
			 * no more guesses, each of which would look for the
			 * end of a line that may be far (a document on one
			 * line) again. */
			by_lines = false;
		}
		sp_status st = run_hand(j, pl, &run);
		if (fatal(st))
			return st;
		if ((st = jscan_value(j, j->pos, &vs, &ve)))
			return st;
		jscan_linecol(j, vs, &line, &col);
		st = pipeline_customer(pl, jscan_at(j, vs), (size_t)(ve - vs), index, j->key, line, col);
		if (fatal(st))
			return st;
		if (st == SP_DATAERR)
			worst = st;
		index++;
		bool more;
		if ((st = jscan_after_element(j, ']', "',' or ']' after a customer", &more)))
			return st;
		if (!more)
			return worst;
	}
}

/* The key a request member that holds the labels starts with. */
static const char LABELS_KEY[] = "\"labels\"";
enum { LABELS_KEY_LEN = sizeof LABELS_KEY - 1, FIND_BLOCK = 1 << 20, FIND_TAIL = 64 };
/* The key's one 'b', and where it is in the key. */
enum { KEY_RARE = 'b', KEY_RARE_AT = 3 };

/* After a "labels" key at p (in [p, end)): whitespace, ':', whitespace and
 * '{'; the offset of the '{' from p, or 0. */
static size_t labels_value_at(const char *p, const char *end)
{
	const char *q = p + LABELS_KEY_LEN;
	while (q < end && json_ws((unsigned char)*q))
		q++;
	if (q >= end || *q++ != ':')
		return 0;
	while (q < end && json_ws((unsigned char)*q))
		q++;
	return q < end && *q == '{' ? (size_t)(q - p) : 0;
}

bool request_labels_find(int fd, uint64_t from, uint64_t size, const bool *cancel, uint64_t *start)
{
	/* Blocks from the end backwards; each also holds FIND_TAIL bytes past
	 * its end, for a key that straddles two blocks and what follows it. */
	char *buf = malloc(FIND_BLOCK + FIND_TAIL);
	bool found = false;
	if (!buf)
		return false;
	for (uint64_t hi = size; hi > from && !found && !__atomic_load_n(cancel, __ATOMIC_RELAXED);) {
		uint64_t lo = hi - from > FIND_BLOCK ? hi - FIND_BLOCK : from;
		uint64_t stop = size - hi < FIND_TAIL ? size : hi + FIND_TAIL;
		size_t n = 0, want = (size_t)(stop - lo);
		while (n < want) {
			ssize_t r = pread(fd, buf + n, want - n, (off_t)(lo + n));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				goto out;
			n += (size_t)r;
		}
		/* the last key that starts in [lo, hi) and is followed by '{',
		 * searched from the back at each of its 'b's: a byte rare in
		 * labels, so that the search goes at memrchr's pace */
		for (size_t at = n; !found;) {
			const char *b = memrchr(buf, KEY_RARE, at);
			if (!b || (size_t)(b - buf) < KEY_RARE_AT)
				break;
			at = (size_t)(b - buf);
			const char *p = b - KEY_RARE_AT;
			if ((uint64_t)(p - buf) < hi - lo && n - (size_t)(p - buf) >= LABELS_KEY_LEN &&
			    memcmp(p, LABELS_KEY, LABELS_KEY_LEN) == 0) {
				size_t brace = labels_value_at(p, buf + n);
				if (brace) {
					*start = lo + (uint64_t)(p - buf) + brace;
					found = true;
				}
			}
		}
		hi = lo;
	}
out:
	free(buf);
	return found;
}

sp_status request_labels_ahead(source *s, uint64_t start, collector *c, diag *d, uint64_t *end,
			       long *end_line, long *end_col)
{
	if (!source_seek(s, start, 1, 0)) {
		s->err = errno;
		return source_error(s, d, 0);
	}
	jscan j = {.src = s, .pos = start, .d = d, .key = SECTION_KEY(2)};
	/* Room for the labels at once (a comma in an id only makes it bigger). */
	if (!label_map_reserve(&c->labels, shard_share(&c->shard, source_records_estimate(s, start, ','))))
		return SP_OSERR;
	sp_status st = labels_object_read(&j, c, "/labels");
	if (st || j.broken)
		return st ? st : SP_DATAERR;
	*end = j.pos;
	jscan_linecol(&j, j.pos, end_line, end_col);
	/* the labels close the document: a nested "labels" would be followed
	 * by more */
	if (jscan_ws(&j, j.pos) != '}')
		return SP_DATAERR;
	j.pos++;
	return jscan_ws(&j, j.pos) == -1 ? SP_OK : SP_DATAERR;
}

bool request_customers_first(source *s)
{
	static const char KEY[] = "\"customers\"";
	diag d;
	diag_init(&d);
	jscan j = {.src = s, .d = &d};
	jscan_skip_bom(&j);
	bool first = jscan_ws(&j, 0) == '{';
	if (first) {
		j.pos++;
		jscan_ws(&j, 0);
		while (s->len - (size_t)(j.pos - s->base) < sizeof KEY - 1 && source_fill(s, 0))
			;
		first = s->len - (size_t)(j.pos - s->base) >= sizeof KEY - 1 &&
			memcmp(jscan_at(&j, j.pos), KEY, sizeof KEY - 1) == 0;
	}
	diag_fini(&d);
	return first;
}

/* A value under a key segprof does not use: still checked to be JSON. */
static sp_status skip_value(jscan *j)
{
	uint64_t vs, ve;
	sp_status st = jscan_value(j, j->pos, &vs, &ve);
	if (st)
		return st;
	json_t *v;
	if ((st = jscan_load(j, vs, ve, &v, NULL)))
		return st;
	json_decref(v);
	return SP_OK;
}

/* The key of a top-level member: "customers", "labels" or another. */
enum member { M_CUSTOMERS, M_LABELS, M_OTHER };

static sp_status member_key(jscan *j, enum member *m)
{
	uint64_t ks, ke;
	int ch = jscan_ws(j, j->pos);
	if (ch != '"')
		return jscan_unexpected(j, ch, "a string key");
	sp_status st = jscan_value(j, j->pos, &ks, &ke);
	if (st)
		return st;
	const char *k;
	size_t len;
	char *owned;
	if ((st = jscan_string(j, ks, ke, &k, &len, &owned)))
		return st;
	*m = len == 9 && memcmp(k, "customers", 9) == 0 ? M_CUSTOMERS
	   : len == 6 && memcmp(k, "labels", 6) == 0  ? M_LABELS
						       : M_OTHER;
	free(owned);
	ch = jscan_ws(j, j->pos);
	if (ch != ':')
		return jscan_unexpected(j, ch, "':' after a key");
	j->pos++;
	return SP_OK;
}

/* A member that is present but of the wrong type: a rule error (the rest of
 * the document can still be checked). */
static sp_status wrong_type(jscan *j, const char *pointer, const char *expected)
{
	int ch = jscan_ws(j, j->pos);
	if (strcmp(jscan_type_of(ch), "invalid JSON") == 0 || ch < 0)
		return skip_value(j); /* not a value at all: that is the error */
	value_error(j, j->pos, pointer, "expected %s, got %s", expected, jscan_type_of(ch));
	sp_status st = skip_value(j);
	return st ? st : SP_DATAERR;
}

/* The labels at j->pos were read ahead (and are in c): go on past them. */
static sp_status skip_labels_read_ahead(jscan *j, const labels_ahead *a)
{
	long line, col;
	jscan_linecol(j, j->pos, &line, &col);
	if (a->end_line > 1) {
		line += a->end_line - 1;
		col = a->end_col;
	} else {
		col += a->end_col - 1;
	}
	if (!source_seek(j->src, a->end, (uint64_t)line, (uint64_t)col - 1)) {
		j->src->err = errno;
		j->broken = true;
		return source_error(j->src, j->d, j->key);
	}
	j->pos = a->end;
	j->lc_line = 0; /* counted again from the new window */
	return SP_OK;
}

sp_status request_read(source *src, collector *c, pipeline *pl, diag *d, bool customers_only,
		       labels_ahead *ahead)
{
	jscan j = {.src = src, .d = d};
	sp_status worst = SP_OK, st;
	bool seen[2] = {false, false};
	unsigned section = 1;
	jscan_skip_bom(&j);
	int ch = jscan_ws(&j, j.pos);
	if (ch == -1) {
		st = jscan_syntax(&j, j.pos, "invalid JSON: empty input, expected a request object");
		goto out;
	}
	if (ch != '{') {
		if (ch >= 0 && strcmp(jscan_type_of(ch), "invalid JSON") != 0) {
			diag_error(d, SP_DATAERR, 0, src->name, 0, 0, "",
				   customers_only ? "expected customers (a JSON array, a request object or NDJSON), got %s"
						  : "expected a request object {\"customers\": [...], \"labels\": {...}}, got %s",
				   jscan_type_of(ch));
			st = SP_DATAERR;
		} else {
			st = jscan_unexpected(&j, ch, "'{'");
		}
		goto out;
	}
	j.pos++;
	ch = jscan_ws(&j, j.pos);
	if (ch == '}') {
		j.pos++;
	} else {
		for (;;) {
			enum member m = M_OTHER;
			j.key = SECTION_KEY(section);
			if ((st = member_key(&j, &m)))
				goto out;
			jscan_ws(&j, j.pos);
			if (m != M_OTHER && seen[m]) {
				st = jscan_syntax(&j, j.pos, "duplicate key \"%s\"",
						  m == M_CUSTOMERS ? "customers" : "labels");
				goto out;
			}
			if (m == M_CUSTOMERS) {
				seen[m] = true;
				if (!collector_set_customers_source(c, src->name, LOC_ARRAY, "/customers", j.key)) {
					st = SP_OSERR;
					goto out;
				}
				st = jscan_peek(&j, j.pos) == '['
					? customers_array_read(&j, pl, "/customers", c->guess_lines)
					: wrong_type(&j, "/customers", "an array of customer objects");
			} else if (m == M_LABELS && !customers_only && c->cluster_in_row) {
				seen[m] = true;
				diag_error(d, SP_DATAERR, j.key, src->name, 0, 0, "/labels",
					   "the customers carry their cluster (--cluster-field %s): a labels member would be a second source of clusters; remove it or the option",
					   c->cluster_field);
				c->labels_broken = true; /* "has no cluster" would only repeat it */
				st = skip_value(&j);
				st = st ? st : SP_DATAERR;
			} else if (m == M_LABELS && !customers_only) {
				seen[m] = true;
				ahead_verdict v = ahead ? ahead->claim(ahead, j.pos) : AHEAD_NONE;
				if (v == AHEAD_RETRY) {
					st = SP_RETRY;
					goto out;
				}
				if (v == AHEAD_TAKEN) {
					st = skip_labels_read_ahead(&j, ahead);
					if (st)
						goto out;
				} else {
					/* about one label per customer: room for them at once */
					if (!label_map_reserve(&c->labels, shard_share(&c->shard, pipeline_customers(pl)))) {
						st = SP_OSERR;
						goto out;
					}
					st = jscan_peek(&j, j.pos) == '{'
						? labels_object_read(&j, c, "/labels")
						: wrong_type(&j, "/labels", "an object (customer id -> cluster id)");
				}
				c->labels_broken = st != SP_OK;
				if (!fatal(st) && !j.broken) {
					sp_status st2 = pipeline_labels_done(pl);
					if (fatal(st2)) {
						st = st2;
						goto out;
					}
				}
			} else {
				st = skip_value(&j);
			}
			if (fatal(st) || j.broken)
				goto out;
			if (st)
				worst = st;
			section++;
			bool more;
			if ((st = jscan_after_element(&j, '}', "',' or '}' after a member of the request",
						      &more)))
				goto out;
			if (!more)
				break;
		}
	}
	j.key = SECTION_KEY(section + 1);
	ch = jscan_ws(&j, j.pos);
	if (ch != -1) {
		st = ch == -2 ? jscan_unexpected(&j, ch, "end of input")
			      : jscan_syntax(&j, j.pos, "invalid JSON: unexpected data after the request object");
		goto out;
	}
	for (int k = 0; k < (customers_only || c->cluster_in_row ? 1 : 2); k++) {
		if (!seen[k]) {
			diag_error(d, SP_DATAERR, j.key, src->name, 0, 0, "", "missing key \"%s\"",
				   k == M_CUSTOMERS ? "customers" : "labels");
			worst = SP_DATAERR;
		}
	}
	/* Without labels every customer would also be "unlabeled": one error is
	 * enough. */
	st = worst;
out:
	return st;
}
