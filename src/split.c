/* SPDX-License-Identifier: MIT */
/* split: labels files (JSON, CSV, TSV) and customers files (JSON, NDJSON). */
#include "split.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "jscan.h"
#include "number.h"
#include "request.h"
#include "utf8.h"

enum { MAX_LINE = JSCAN_MAX_VALUE };

/* Make the window hold at least n bytes from absolute offset off (or all
 * that is left); returns how many it holds. */
static size_t window_at_keeping(source *s, uint64_t off, size_t n, uint64_t keep)
{
	while (s->base + s->len - off < n && source_fill(s, keep < off ? keep : off))
		;
	return (size_t)(s->base + s->len - off);
}


/* Make the window hold bytes [0, n) of the file (or all there is), keeping
 * the start: format detection must not consume anything. */
static size_t window_from_start(source *s, size_t n)
{
	while (s->base + s->len < n && source_fill(s, 0))
		;
	return (size_t)(s->base + s->len);
}

/* Length of a UTF-8 byte order mark at the start of the file (0 or 3). */
static uint64_t bom_length(source *s)
{
	return window_from_start(s, 3) >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* First non-blank byte (a BOM skipped) without consuming anything. */
static int first_byte(source *s, uint64_t *at)
{
	uint64_t off = bom_length(s);
	for (;;) {
		if (window_from_start(s, off + 1) <= off)
			return -1;
		unsigned char c = (unsigned char)s->buf[off - s->base];
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
			*at = off;
			return c;
		}
		off++;
	}
}

in_format labels_format_detect(source *s)
{
	uint64_t at;
	int c = first_byte(s, &at);
	if (c == '{')
		return IN_JSON;
	if (c < 0)
		return IN_CSV; /* empty: no labels */
	/* TSV if the first line has a tab and no comma. */
	size_t n = window_from_start(s, at + 4096) - at;
	const char *p = s->buf + (at - s->base);
	const char *nl = memchr(p, '\n', n);
	size_t line = nl ? (size_t)(nl - p) : n;
	if (memchr(p, '\t', line) && !memchr(p, ',', line))
		return IN_TSV;
	return IN_CSV;
}

in_format customers_format_detect(source *s)
{
	uint64_t at;
	int c = first_byte(s, &at);
	if (c < 0)
		return IN_NDJSON; /* empty (or blank): no customers */
	if (c != '{')
		return IN_JSON; /* an array, or an error the JSON reader will name */
	/* An object: a request document if its first key is "customers" or
	 * "labels", else the first line of NDJSON. */
	size_t n = window_from_start(s, at + 4096) - at;
	const char *p = s->buf + (at - s->base) + 1, *end = s->buf + (at - s->base) + n;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	if ((size_t)(end - p) >= 11 && memcmp(p, "\"customers\"", 11) == 0)
		return IN_JSON;
	if ((size_t)(end - p) >= 8 && memcmp(p, "\"labels\"", 8) == 0)
		return IN_JSON;
	return IN_NDJSON;
}

/* Reading a file line by line in the window. */
typedef struct line_reader {
	source *s;
	uint64_t off;     /* start of the next line */
	uint64_t line;    /* its number */
	uint64_t key_base;
	uint64_t keep;    /* bytes from here stay in the window (a CSV record
			     spanning lines); UINT64_MAX: none */
} line_reader;

/* The next line [*p, *p + *len) without its '\n' (valid until the next
 * call).  SP_OK with *p NULL at the end; SP_DATAERR / SP_IOERR recorded. */
static sp_status next_line(line_reader *r, diag *d, const char **p, size_t *len)
{
	source *s = r->s;
	*p = NULL;
	size_t have = window_at_keeping(s, r->off, 1, r->keep);
	if (have == 0) {
		if (!s->err)
			return SP_OK;
		return source_error(s, d, r->key_base + r->line + 1);
	}
	r->line++;
	const char *b = s->buf + (r->off - s->base), *nl;
	size_t scanned = 0;
	while (!(nl = memchr(b + scanned, '\n', have - scanned))) {
		scanned = have;
		if (have > MAX_LINE) {
			diag_error(d, SP_DATAERR, r->key_base + r->line, s->name, (long)r->line, 0, NULL,
				   "line longer than %d MiB", MAX_LINE >> 20);
			return SP_DATAERR;
		}
		size_t more = window_at_keeping(s, r->off, have + 1, r->keep);
		b = s->buf + (r->off - s->base);
		if (more == have)
			break;
		have = more;
	}
	if (s->err)
		return source_error(s, d, r->key_base + r->line);
	*p = b;
	*len = nl ? (size_t)(nl - b) : have;
	r->off += *len + (nl != NULL);
	return SP_OK;
}

static bool blank_line(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/* ---- labels: CSV and TSV ---- */

typedef struct csv_row {
	char *field[3];     /* decoded fields (up to 3 kept, to say "got N") */
	size_t len[3];
	size_t n_fields;
	char *buf;          /* storage */
	size_t cap;
} csv_row;

static const char OUT_OF_MEMORY[] = "out of memory";

/* Parse one record of [p, end) (end excludes the line's '\n').  CSV: RFC
 * 4180 fields, "" inside quotes; TSV: \t \n \r \\ escapes.  Returns NULL or
 * an error message, with *col the 1-based column of the error. */
static const char *parse_record(const char *p, const char *end, bool tsv, csv_row *row,
				size_t *col)
{
	const char *start = p;
	size_t need = (size_t)(end - p) + 3;
	if (need > row->cap) {
		char *b = realloc(row->buf, need);
		if (!b)
			return OUT_OF_MEMORY;
		row->buf = b;
		row->cap = need;
	}
	char *w = row->buf;
	row->n_fields = 0;
	if (end > p && end[-1] == '\r')
		end--;
	for (;;) {
		char *f = w;
		if (!tsv && p < end && *p == '"') {
			const char *open = p++;
			for (;;) {
				if (p >= end) {
					*col = (size_t)(open - start) + 1; /* the opening quote */
					return "unterminated quoted field";
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*w++ = *p++;
			}
			if (p < end && *p != ',') {
				*col = (size_t)(p - start) + 1;
				return "expected ',' after a quoted field";
			}
		} else {
			while (p < end && *p != (tsv ? '\t' : ',')) {
				if (!tsv && *p == '"') {
					*col = (size_t)(p - start) + 1;
					return "unexpected '\"' in an unquoted field";
				}
				if (tsv && *p == '\\' && p + 1 < end) {
					char e = p[1];
					char d = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
					if (d) {
						*w++ = d;
						p += 2;
						continue;
					}
				}
				*w++ = *p++;
			}
		}
		if (row->n_fields < 3) {
			row->field[row->n_fields] = f;
			row->len[row->n_fields] = (size_t)(w - f);
		}
		row->n_fields++;
		*w++ = '\0';
		if (p >= end)
			return NULL;
		p++; /* the separator */
	}
}

/* A cluster id from CSV: only digits (optional leading '-') is an integer. */
static const char *csv_cluster(const char *s, size_t len, cluster_id *out)
{
	size_t i = len > 0 && s[0] == '-';
	bool digits = i < len;
	for (size_t k = i; k < len; k++)
		digits &= s[k] >= '0' && s[k] <= '9';
	if (!digits) {
		/* an integral real (1.0, 1e3: a pandas float column) is the
		 * integer; anything else is a string cluster id */
		num x;
		int64_t v;
		num_int r = num_parse(s, len, &x) ? num_to_int64(&x, &v) : NUM_INT_FRACTION;
		if (r == NUM_INT_RANGE)
			return "integer cluster id out of range (64 bits)";
		*out = r == NUM_INT_OK ? (cluster_id){.is_int = true, .i = v}
				       : (cluster_id){.is_int = false, .s = s, .len = (uint32_t)len};
		return NULL;
	}
	uint64_t v = 0;
	for (size_t k = i; k < len; k++) {
		if (v > (UINT64_C(9223372036854775808) - (uint64_t)(s[k] - '0')) / 10)
			return "integer cluster id out of range (64 bits)";
		v = v * 10 + (uint64_t)(s[k] - '0');
	}
	if (!i && v > INT64_MAX)
		return "integer cluster id out of range (64 bits)";
	*out = (cluster_id){.is_int = true, .i = i ? (int64_t)(0 - v) : (int64_t)v};
	return NULL;
}

/* A label for the CSV id field [id, id + len): an id written as an integral
 * real ("12346.0", as pandas writes a float column) is that integer, as in
 * JSON. */
static sp_status csv_label(collector *c, const char *id, size_t len, cluster_id cl, uint64_t key,
			   const char *file, long line)
{
	char text[24];
	size_t text_len;
	if (num_integral_text(id, len, text, &text_len))
		return collector_label(c, text, text_len, cl, key, file, NULL, line);
	return collector_label(c, id, len, cl, key, file, NULL, line);
}

/* The common record, an id of printable ASCII without quotes (or, in TSV,
 * backslashes), the separator, an integer cluster id of at most 18 digits
 * and maybe '\r': read in one pass, *id_len bytes of the id from p.  false
 * for anything else, which parse_record reads (and judges) instead. */
static bool plain_record(const char *p, size_t n, bool tsv, size_t *id_len, cluster_id *out)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned char sep = tsv ? '\t' : ',';
	if (n && u[n - 1] == '\r')
		n--;
	size_t i = 0;
	for (; i < n && u[i] != sep; i++)
		if (u[i] < 0x20 || u[i] >= 0x7f || u[i] == '"' || (tsv && u[i] == '\\'))
			return false;
	if (i == 0 || i == n)
		return false;
	*id_len = i++;
	bool neg = u[i] == '-';
	i += neg;
	if (i == n || n - i > 18)
		return false;
	int64_t v = 0;
	for (; i < n; i++) {
		if (u[i] < '0' || u[i] > '9')
			return false;
		v = v * 10 + (u[i] - '0');
	}
	*out = (cluster_id){.is_int = true, .i = neg ? -v : v};
	return true;
}

/* Whether [p, p + n) leaves a quoted CSV field open. */
static bool open_quote(const char *p, size_t n)
{
	bool in = false;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '"')
			in = !in;
	return in;
}

static bool is_header(const csv_row *r)
{
	return r->n_fields == 2 && r->len[0] == 11 && memcmp(r->field[0], "customer_id", 11) == 0 &&
	       r->len[1] == 10 && memcmp(r->field[1], "cluster_id", 10) == 0;
}

static sp_status delimited_entries_read(source *s, bool tsv, collector *c, diag *d)
{
	sp_status worst = SP_OK, st;
	csv_row row = {0};
	line_reader r = {s, bom_length(s), 0, SECTION_KEY(1), UINT64_MAX};
	const char *p;
	size_t n;
	while (!(st = next_line(&r, d, &p, &n)) && p) {
		const char *msg = NULL;
		long line = (long)r.line;
		uint64_t key = SECTION_KEY(1) + r.line;
		size_t bad, col = 0;
		cluster_id cl;
		size_t id_len;
		if (line > 1 && plain_record(p, n, tsv, &id_len, &cl)) {
			sp_status st2 = csv_label(c, p, id_len, cl, key, s->name, line);
			if (status_is_fatal(st2)) {
				st = st2;
				break;
			}
			if (st2)
				worst = st2;
			continue;
		}
		if (blank_line(p, n))
			continue;
		/* RFC 4180: a quoted field may hold line breaks.  While the record
		 * has an open quote, take the next line into it. */
		uint64_t rec_off = s->base + (uint64_t)(p - s->buf);
		while (!tsv && open_quote(p, n)) {
			const char *q;
			size_t qn;
			r.keep = rec_off;
			sp_status st2 = next_line(&r, d, &q, &qn);
			r.keep = UINT64_MAX;
			if (st2) {
				st = st2;
				goto out;
			}
			p = s->buf + (rec_off - s->base); /* the window may have moved */
			if (!q)
				break;
			n = (size_t)(q + qn - p);
		}
		const char *end = p + n;
		if (memchr(p, '\0', n)) {
			msg = "NUL byte";
			col = (size_t)((const char *)memchr(p, '\0', n) - p) + 1;
		} else if (!utf8_valid(p, n, &bad)) {
			msg = "invalid UTF-8";
			col = bad + 1;
		} else {
			msg = parse_record(p, end, tsv, &row, &col);
		}
		if (msg == OUT_OF_MEMORY) {
			st = SP_OSERR;
			goto out;
		}
		if (msg) {
			diag_error(d, SP_DATAERR, key, s->name, line, (long)col, NULL, "%s", msg);
			worst = SP_DATAERR;
			continue;
		}
		if (line == 1 && is_header(&row))
			continue;
		if (row.n_fields != 2) {
			diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL,
				   "expected 2 fields (customer_id%ccluster_id), got %zu", tsv ? '\t' : ',',
				   row.n_fields);
			worst = SP_DATAERR;
			continue;
		}
		if (row.len[0] == 0 || row.len[1] == 0) {
			diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL, "empty %s",
				   row.len[0] == 0 ? "customer id" : "cluster id");
			worst = SP_DATAERR;
			continue;
		}
		if ((msg = csv_cluster(row.field[1], row.len[1], &cl))) {
			diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL, "%s", msg);
			worst = SP_DATAERR;
			continue;
		}
		sp_status st2 = csv_label(c, row.field[0], row.len[0], cl, key, s->name, line);
		if (status_is_fatal(st2)) {
			st = st2;
			break;
		}
		if (st2)
			worst = st2;
	}
out:
	free(row.buf);
	return st ? st : worst;
}

static sp_status delimited_labels_read(source *s, bool tsv, collector *c, diag *d)
{
	sp_status st = delimited_entries_read(s, tsv, c, d);
	sp_status st2 = collector_labels_flush(c);
	return status_is_fatal(st) || status_is_fatal(st2) ? (status_is_fatal(st) ? st : st2)
							  : st ? st : st2;
}

sp_status labels_file_read(source *s, in_format fmt, collector *c, diag *d)
{
	if (fmt == IN_AUTO)
		fmt = labels_format_detect(s);
	/* per line (CSV, TSV) or, near enough, per pair (JSON) */
	if (s->total && !label_map_reserve(&c->labels, source_records_estimate(s, 0, '\n')))
		return SP_OSERR;
	if (fmt == IN_CSV || fmt == IN_TSV)
		return delimited_labels_read(s, fmt == IN_TSV, c, d);
	jscan j = {.src = s, .d = d, .key = SECTION_KEY(1)};
	jscan_skip_bom(&j);
	int ch = jscan_ws(&j, j.pos);
	if (ch != '{')
		return ch == -1 ? jscan_syntax(&j, j.pos, "invalid JSON: empty input, expected a labels object")
				: jscan_unexpected(&j, ch, "a labels object '{'");
	sp_status st = labels_object_read(&j, c, "");
	if (status_is_fatal(st) || j.broken)
		return st;
	int end = jscan_ws(&j, j.pos);
	if (end != -1)
		return jscan_syntax(&j, j.pos, "invalid JSON: unexpected data after the labels object");
	return st;
}

/* ---- customers: NDJSON ---- */

static sp_status ndjson_read(source *s, collector *c, pipeline *pl, diag *d)
{
	sp_status worst = SP_OK, st;
	if (!collector_set_customers_source(c, s->name, LOC_LINES, "", SECTION_KEY(2)))
		return SP_OSERR;
	pipeline_set_source(pl, (customer_source){s->name, "", false});
	line_reader r = {s, bom_length(s), 0, SECTION_KEY(2), UINT64_MAX};
	const char *p;
	size_t n;
	while (!(st = next_line(&r, d, &p, &n)) && p) {
		if (blank_line(p, n))
			continue;
		sp_status st2 = pipeline_customer(pl, p, n, r.line, SECTION_KEY(2) + r.line,
						  (long)r.line, 1);
		if (status_is_fatal(st2)) {
			st = st2;
			break;
		}
		if (st2)
			worst = st2;
	}
	return st ? st : worst;
}

sp_status customers_file_read(source *s, in_format fmt, collector *c, pipeline *pl, diag *d)
{
	if (fmt == IN_AUTO)
		fmt = customers_format_detect(s);
	if (fmt == IN_NDJSON)
		return ndjson_read(s, c, pl, d);
	uint64_t at;
	int ch = first_byte(s, &at);
	if (ch == '{')
		return request_read(s, c, pl, d, true, NULL);
	jscan j = {.src = s, .d = d, .key = SECTION_KEY(2)};
	jscan_skip_bom(&j);
	ch = jscan_ws(&j, j.pos);
	if (ch != '[')
		return ch == -1 ? jscan_syntax(&j, j.pos, "invalid JSON: empty input, expected customers")
				: jscan_unexpected(&j, ch, "a customers array '['");
	if (!collector_set_customers_source(c, s->name, LOC_ARRAY, "", SECTION_KEY(2)))
		return SP_OSERR;
	sp_status st = customers_array_read(&j, pl, "");
	if (status_is_fatal(st) || j.broken)
		return st;
	if (jscan_ws(&j, j.pos) != -1)
		return jscan_syntax(&j, j.pos, "invalid JSON: unexpected data after the customers array");
	return st;
}
