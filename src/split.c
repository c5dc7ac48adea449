/* SPDX-License-Identifier: MIT */
/* split: labels files (JSON, CSV, TSV) and customers files (JSON, NDJSON). */
#include "split.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csvcust.h"
#include "customer.h"
#include "jscan.h"
#include "labelline.h"
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

/* CSV or TSV, from the line at offset at: TSV if it has a tab and no
 * comma. */
static in_format delimited_format(source *s, uint64_t at)
{
	size_t n = window_from_start(s, at + 4096) - at;
	const char *p = s->buf + (at - s->base);
	const char *nl = memchr(p, '\n', n);
	size_t line = nl ? (size_t)(nl - p) : n;
	if (memchr(p, '\t', line) && !memchr(p, ',', line))
		return IN_TSV;
	return IN_CSV;
}

in_format labels_format_detect(source *s)
{
	uint64_t at;
	int c = first_byte(s, &at);
	if (c == '{')
		return IN_JSON;
	if (c < 0)
		return IN_CSV; /* empty: no labels */
	return delimited_format(s, at);
}

in_format customers_format_detect(source *s)
{
	uint64_t at;
	int c = first_byte(s, &at);
	if (c < 0)
		return IN_NDJSON; /* empty (or blank): no customers */
	if (c == '[')
		return IN_JSON;
	if (c != '{')
		return delimited_format(s, at); /* a table with a header line */
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

/* ---- shapes segprof does not read, named (segprof(1) TABLES) ---- */

static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* A plain JSON string at p (no escapes): past it, or NULL. */
static const unsigned char *plain_string(const unsigned char *p, const unsigned char *end)
{
	if (p >= end || *p != '"')
		return NULL;
	for (p++; p < end && *p != '"' && *p != '\\'; p++)
		;
	return p < end && *p == '"' ? p + 1 : NULL;
}

/* Whether the file starts as pandas' default to_json() does (orient
 * "columns"): {"column": {"0": value, ...}, ...}, one object per column
 * keyed by the row index. */
/* Up to 4 KiB from offset at, from a regular file only (compressed or
 * not): a guess at a shape must not wait for a pipe that stays open, and
 * what a pipe happens to hold so far must not decide a message (the same
 * input gives the same messages).  0 for a pipe. */
static size_t window_available(source *s, uint64_t at)
{
	if (!s->regular)
		return 0;
	if (s->base + s->len - at < 4096)
		window_from_start(s, at + 4096);
	size_t n = (size_t)(s->base + s->len - at);
	return n < 4096 ? n : 4096;
}

static bool pandas_columns_shape(source *s)
{
	uint64_t at;
	if (first_byte(s, &at) != '{')
		return false;
	size_t n = window_available(s, at);
	if (n == 0)
		return false;
	const unsigned char *p = (const unsigned char *)s->buf + (at - s->base), *end = p + n;
	p = plain_string(skip_ws(p + 1, end), end);
	if (!p || (p = skip_ws(p, end)) >= end || *p != ':')
		return false;
	if ((p = skip_ws(p + 1, end)) >= end || *p != '{')
		return false;
	if ((p = skip_ws(p + 1, end)) >= end || *p != '"' || ++p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p < end && *p == '"';
}

sp_status shape_check(source *s, bool customers, diag *d)
{
	uint64_t at;
	int c = first_byte(s, &at);
	if (pandas_columns_shape(s)) {
		diag_error(d, SP_DATAERR, 0, s->name, 0, 0, NULL,
			   "this is pandas' default to_json() (orient=\"columns\": one object per column, "
			   "keyed by row); write one customer per line with "
			   "df.to_json(path, orient=\"records\", lines=True)%s",
			   customers ? "" : " and read it with --customers");
		return SP_DATAERR;
	}
	/* the request operand: a table?  Its header starts with a name (or
	 * the empty name of an index column) and holds no JSON brackets. */
	if (!customers && c >= 0 && (c == '_' || c == ',' || c == '"' || (c < 0x80 && isalnum(c)))) {
		size_t n = window_available(s, at);
		const char *p = s->buf + (at - s->base), *nl = memchr(p, '\n', n);
		size_t line = nl ? (size_t)(nl - p) : n;
		if ((memchr(p, ',', line) || memchr(p, '\t', line)) && !memchr(p, '{', line) &&
		    !memchr(p, '[', line)) {
			diag_error(d, SP_DATAERR, 0, s->name, 0, 0, NULL,
				   "this looks like a CSV or TSV table, not a request document: read it with "
				   "--customers %s and --cluster-field NAME (or --labels FILE)", s->name);
			return SP_DATAERR;
		}
	}
	return SP_OK;
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

/* Which columns of a labels CSV hold the id and the cluster. */
typedef struct label_columns {
	int id, cluster;
	size_t n;             /* fields per record */
	bool header;          /* line 1 was a header */
	/* a first line that is a header only if the next one says so: its
	 * two fields, kept until then */
	char *held;
	size_t held_id_len, held_cl_len;
} label_columns;

static int column_named(const csv_splitter *h, const char *a, const char *b)
{
	for (size_t i = 0; i < h->n; i++)
		if ((h->cells[i].len == strlen(a) && memcmp(h->cells[i].s, a, strlen(a)) == 0) ||
		    (b && h->cells[i].len == strlen(b) && memcmp(h->cells[i].s, b, strlen(b)) == 0))
			return (int)i;
	return -1;
}

/* "line 1 looks like a header ... but ..." */
static void header_error(diag *d, const char *file, const csv_splitter *h, int id, int cl,
			 const field_names *f)
{
	char line[120];
	size_t used = 0;
	for (size_t i = 0; i < h->n && used < sizeof line; i++)
		used += (size_t)snprintf(line + used, sizeof line - used, "%s%.*s", i ? "," : "",
					 (int)(h->cells[i].len > 40 ? 40 : h->cells[i].len), h->cells[i].s);
	char idn[200], cln[200];
	snprintf(idn, sizeof idn, "\"customer_id\" or \"%s\" (--id-field)", f->name[F_ID]);
	snprintf(cln, sizeof cln, "\"cluster_id\"%s%s%s", f->name[F_CLUSTER] ? " or \"" : " (or --cluster-field)",
		 f->name[F_CLUSTER] ? f->name[F_CLUSTER] : "", f->name[F_CLUSTER] ? "\" (--cluster-field)" : "");
	diag_error(d, SP_DATAERR, SECTION_KEY(1) + 1, file, 1, 0, NULL,
		   "line 1 looks like a header (%s) but names %s: the id column is %s, the cluster column %s",
		   line, id < 0 && cl < 0 ? "neither column" : id < 0 ? "no id column" : "no cluster column",
		   idn, cln);
}

/* Line 1, split into h: a header naming both columns (SP_OK, cols set),
 * clearly a header that does not (SP_DATAERR, recorded), or data (SP_OK,
 * cols->header false). */
static sp_status first_line(const csv_splitter *h, const field_names *f, const char *file,
			    label_columns *cols, diag *d)
{
	int id = column_named(h, "customer_id", f->name[F_ID]);
	int cl = column_named(h, "cluster_id", f->name[F_CLUSTER]);
	if (id >= 0 && cl >= 0 && id != cl) {
		*cols = (label_columns){.id = id, .cluster = cl, .n = h->n, .header = true};
		return SP_OK;
	}
	/* pandas' index column has an empty name */
	if (id >= 0 || cl >= 0 || (h->n > 2 && h->cells[0].len == 0)) {
		header_error(d, file, h, id, cl, f);
		return SP_DATAERR;
	}
	return SP_OK;
}

/* Whether a held first line (two fields, a string cluster) is a header,
 * decided by the next record: it is if that one's cluster is an integer. */
static bool held_is_header(const cluster_id *next)
{
	return next->is_int;
}

/* The first line, held back, as the label it is after all. */
static sp_status held_label(collector *c, label_columns *cols, const char *file)
{
	cluster_id cl;
	const char *cs = cols->held + cols->held_id_len;
	csv_cluster_id(cs, cols->held_cl_len, &cl); /* a string: cannot fail */
	sp_status st = csv_label(c, cols->held, cols->held_id_len, cl, SECTION_KEY(1) + 1, file, 1);
	free(cols->held);
	cols->held = NULL;
	return st;
}

/* The plain lines (labelline.h) the window holds whole from r->off on,
 * inserted in runs straight from the window; stops at the first other
 * line, which the general reader takes.  SP_OK or a fatal status; a
 * duplicate makes *worst SP_DATAERR. */
static sp_status plain_lines(line_reader *r, bool tsv, collector *c, sp_status *worst)
{
	enum { RUN = 256 };
	label_line run[RUN];
	source *s = r->s;
	if (r->off < s->base)
		return SP_OK;
	const char *p = s->buf + (r->off - s->base);
	size_t avail = (size_t)(s->base + s->len - r->off), n;
	do {
		labelline l;
		size_t len;
		for (n = 0; n < RUN && (len = labelline_read(p, avail, tsv, &l)) != 0; n++) {
			r->line++;
			run[n] = (label_line){.id = p, .len = l.id_len, .cluster = l.cluster,
					      .key = r->key_base + r->line, .line = (long)r->line};
			p += len;
			avail -= len;
			r->off += len;
		}
		sp_status st = n ? collector_labels_run(c, run, n, s->name, NULL) : SP_OK;
		if (status_is_fatal(st))
			return st;
		if (st)
			*worst = st;
	} while (n == RUN);
	return SP_OK;
}

static sp_status delimited_entries_read(source *s, bool tsv, const field_names *f, collector *c,
					diag *d)
{
	sp_status worst = SP_OK, st;
	csv_splitter row = {0};
	label_columns cols = {.id = 0, .cluster = 1, .n = 2};
	line_reader r = {s, bom_length(s), 0, SECTION_KEY(1), UINT64_MAX};
	const char *p;
	size_t n;
	for (;;) {
		/* after line 1, the common two-column form: plain lines first */
		if (r.line >= 1 && cols.n == 2 && cols.id == 0 && !cols.held &&
		    status_is_fatal(st = plain_lines(&r, tsv, c, &worst)))
			break;
		if ((st = next_line(&r, d, &p, &n)) || !p)
			break;
		const char *msg = NULL;
		long line = (long)r.line;
		uint64_t key = SECTION_KEY(1) + r.line;
		size_t bad, col = 0;
		cluster_id cl;
		size_t id_len;
		bool plain = line > 1 && cols.n == 2 && cols.id == 0 && plain_record(p, n, tsv, &id_len, &cl);
		if (plain && !cols.held) {
			sp_status st2 = csv_label(c, p, id_len, cl, key, s->name, line);
			if (status_is_fatal(st2)) {
				st = st2;
				break;
			}
			if (st2)
				worst = st2;
			continue;
		}
		if (!plain && blank_line(p, n))
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
		if (memchr(p, '\0', n)) {
			msg = "NUL byte";
			col = (size_t)((const char *)memchr(p, '\0', n) - p) + 1;
		} else if (!utf8_valid(p, n, &bad)) {
			msg = "invalid UTF-8";
			col = bad + 1;
		} else if ((msg = csv_split(&row, tsv, p, n, &col)) != NULL) {
			col++;
		}
		if (msg == CSV_OUT_OF_MEMORY) {
			st = SP_OSERR;
			goto out;
		}
		if (msg) {
			diag_error(d, SP_DATAERR, key, s->name, line, (long)col, NULL, "%s", msg);
			worst = SP_DATAERR;
			continue;
		}
		if (line == 1) {
			if ((st = first_line(&row, f, s->name, &cols, d)))
				goto out; /* no label can be read right */
			if (cols.header)
				continue;
			/* id,cluster over labels with integer clusters is a header */
			if (row.n == 2 && row.cells[0].len && row.cells[1].len &&
			    !csv_cluster_id(row.cells[1].s, row.cells[1].len, &cl) && !cl.is_int) {
				if (!(cols.held = malloc(row.cells[0].len + row.cells[1].len + 1))) {
					st = SP_OSERR;
					goto out;
				}
				memcpy(cols.held, row.cells[0].s, row.cells[0].len);
				memcpy(cols.held + row.cells[0].len, row.cells[1].s, row.cells[1].len);
				cols.held_id_len = row.cells[0].len;
				cols.held_cl_len = row.cells[1].len;
				continue;
			}
		}
		if (row.n != cols.n) {
			if (cols.n != 2)
				diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL,
					   "expected %zu fields, as the header has, got %zu", cols.n, row.n);
			else
				diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL,
					   "expected 2 fields (customer_id%ccluster_id), got %zu",
					   tsv ? '\t' : ',', row.n);
			worst = SP_DATAERR;
			continue;
		}
		const csv_cell *idc = &row.cells[cols.id], *clc = &row.cells[cols.cluster];
		if (idc->len == 0 || clc->len == 0) {
			diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL, "empty %s",
				   idc->len == 0 ? "customer id" : "cluster id");
			worst = SP_DATAERR;
			continue;
		}
		if ((msg = csv_cluster_id(clc->s, clc->len, &cl))) {
			diag_error(d, SP_DATAERR, key, s->name, line, 0, NULL, "%s", msg);
			worst = SP_DATAERR;
			continue;
		}
		if (cols.held) {
			/* the line held back: a header after all, or the first label */
			csv_splitter h = {0};
			csv_cell two[2] = {{cols.held, cols.held_id_len, 0},
					   {cols.held + cols.held_id_len, cols.held_cl_len, 0}};
			h.cells = two;
			h.n = 2;
			if (held_is_header(&cl)) {
				header_error(d, s->name, &h, -1, -1, f);
				free(cols.held);
				cols.held = NULL;
				st = SP_DATAERR;
				goto out;
			}
			sp_status st2 = held_label(c, &cols, s->name);
			if (status_is_fatal(st2)) {
				st = st2;
				goto out;
			}
			if (st2)
				worst = st2;
		}
		sp_status st2 = csv_label(c, idc->s, idc->len, cl, key, s->name, line);
		if (status_is_fatal(st2)) {
			st = st2;
			break;
		}
		if (st2)
			worst = st2;
	}
	if (!st && cols.held) {
		/* a file of one label */
		sp_status st2 = held_label(c, &cols, s->name);
		if (status_is_fatal(st2))
			st = st2;
		else if (st2)
			worst = st2;
	}
out:
	free(cols.held);
	csv_splitter_fini(&row);
	return st ? st : worst;
}

static sp_status delimited_labels_read(source *s, bool tsv, const field_names *f, collector *c,
				       diag *d)
{
	sp_status st = delimited_entries_read(s, tsv, f, c, d);

	sp_status st2 = collector_labels_flush(c);
	return status_is_fatal(st) || status_is_fatal(st2) ? (status_is_fatal(st) ? st : st2)
							  : st ? st : st2;
}

sp_status labels_file_read(source *s, in_format fmt, const field_names *f, collector *c, diag *d)
{
	uint64_t at;
	if (fmt != IN_CSV && fmt != IN_TSV && first_byte(s, &at) == '[') {
		diag_error(d, SP_DATAERR, SECTION_KEY(1), s->name, 0, 0, NULL,
			   "a JSON array is not labels: a list of cluster numbers (km.labels_.tolist()) "
			   "has no customer ids; write an object {\"id\": cluster, ...}, a CSV "
			   "customer_id,cluster_id, or put the cluster in the customers table "
			   "(--cluster-field)");
		return SP_DATAERR;
	}
	if (fmt == IN_AUTO)
		fmt = labels_format_detect(s);
	/* per line (CSV, TSV) or, near enough, per pair (JSON) */
	char per = fmt == IN_CSV || fmt == IN_TSV ? '\n' : ','; /* (JSON labels may be one line) */
	if (s->total && !label_map_reserve(&c->labels, shard_share(&c->shard, source_records_estimate(s, 0, per))))
		return SP_OSERR;
	if (fmt == IN_CSV || fmt == IN_TSV)
		return delimited_labels_read(s, fmt == IN_TSV, f, c, d);
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

/* Make the window hold the line at r->off whole, as next_line does (and
 * with its messages: a line too long, a read error); false when there is
 * none (*st says why: SP_OK at the end).  *len: the bytes to hand on, the
 * line's '\n' included when it has one. */
static bool ndjson_line_whole(line_reader *r, diag *d, sp_status *st, size_t *len)
{
	uint64_t off = r->off;
	const char *p;
	size_t n;
	if ((*st = next_line(r, d, &p, &n)) || !p)
		return false;
	*len = (size_t)(r->off - off); /* n, and the '\n' if there was one */
	/* handed on as lines from off, numbered from there again */
	r->off = off;
	r->line--;
	return true;
}

/* NDJSON one line at a time, each copied on its own: the reading that
 * ndjson_read's blocks must agree with (SEGPROF_NDJSON_LINES=1, for the
 * tests and fuzz_ndjson_frame). */
static sp_status ndjson_read_lines(source *s, collector *c, pipeline *pl, diag *d)
{
	sp_status worst = SP_OK, st;
	line_reader r = {s, bom_length(s), 0, SECTION_KEY(2), UINT64_MAX};
	const char *p;
	size_t n;
	while (!(st = next_line(&r, d, &p, &n)) && p) {
		/* --shard: another shard's customer is passed over here, before
		 * it is copied into a batch */
		if (shard_passes_over(&c->shard, p, n) || blank_line(p, n))
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

/* The customers' lines from offset start on read by the workers in chunks
 * (pipeline_file_lines), when the collector allows it and s is a regular,
 * uncompressed file; false when not (nothing is read then).  no_quotes: a
 * CSV table, whose chunks must hold no quote (file_chunks). */
static bool read_in_chunks(source *s, uint64_t start, bool no_quotes, collector *c, pipeline *pl,
			   sp_status *st)
{
	file_chunks fc;
	if (!c->chunk_bytes || pipeline_jobs(pl) < 2 || !s->total || s->z ||
	    !file_chunks_init(&fc, s->fd, start, s->total, c->chunk_bytes, MAX_LINE))
		return false;
	fc.no_quotes = no_quotes;
	c->chunks_read = true;
	*st = pipeline_file_lines(pl, &fc, SECTION_KEY(2), &s->prog);
	return true;
}

static sp_status ndjson_read(source *s, collector *c, pipeline *pl, diag *d)
{
	sp_status worst = SP_OK, st = SP_OK;
	if (!collector_set_customers_source(c, s->name, LOC_LINES, "", SECTION_KEY(2)))
		return SP_OSERR;
	pipeline_set_source(pl, (customer_source){s->name, "", false, NULL});
	const char *by_line = getenv("SEGPROF_NDJSON_LINES");
	if (by_line && strcmp(by_line, "1") == 0)
		return ndjson_read_lines(s, c, pl, d);
	if (read_in_chunks(s, bom_length(s), false, c, pl, &st))
		return st;
	line_reader r = {s, bom_length(s), 0, SECTION_KEY(2), UINT64_MAX};
	for (;;) {
		/* Every whole line the window holds goes to the workers at once;
		 * a line it holds only in part is read on as next_line reads it,
		 * so that the window is refilled exactly when, and as, it was
		 * line by line (and a read error is met at the same line). */
		size_t have = (size_t)(s->base + s->len - r.off), len;
		const char *b = have ? s->buf + (r.off - s->base) : NULL;
		const char *last = have ? memrchr(b, '\n', have) : NULL;
		if (last) {
			len = (size_t)(last - b) + 1;
		} else {
			if (!ndjson_line_whole(&r, d, &st, &len))
				break;
			b = s->buf + (r.off - s->base);
			if (b[len - 1] == '\n')
				continue; /* the window now holds it (and more) */
		}
		uint64_t lines;
		sp_status st2 = pipeline_lines(pl, b, len, r.line + 1, SECTION_KEY(2), &lines);
		r.line += lines;
		r.off += len;
		/* counted: the source need not count them again (as CSV) */
		source_mark_line(s, r.off, r.line + 1);
		if (status_is_fatal(st2)) {
			st = st2;
			break;
		}
		if (st2)
			worst = st2;
	}
	return st ? st : worst;
}

/* ---- customers: CSV and TSV ---- */

/* The record that starts with the line [*p, *p + *n): while a quoted field
 * is open (CSV), the next lines are taken into it.  *p and *n cover it. */
static sp_status whole_record(line_reader *r, bool tsv, diag *d, const char **p, size_t *n)
{
	source *s = r->s;
	if (tsv || !memchr(*p, '"', *n) || !open_quote(*p, *n))
		return SP_OK;
	uint64_t rec_off = s->base + (uint64_t)(*p - s->buf);
	for (;;) {
		const char *q;
		size_t qn;
		r->keep = rec_off;
		sp_status st = next_line(r, d, &q, &qn);
		r->keep = UINT64_MAX;
		if (st)
			return st;
		*p = s->buf + (rec_off - s->base); /* the window may have moved */
		if (!q)
			return SP_OK; /* the open quote is the record's error */
		*n = (size_t)(q + qn - *p);
		if (!open_quote(*p, *n))
			return SP_OK;
	}
}

/* One record the way a record over several lines needs: its first line
 * read, and while a quoted field is open the next ones (whole_record).
 * *stop at the end of the input, on a read error or a fatal status. */
static sp_status delimited_record(line_reader *r, bool tsv, pipeline *pl, diag *d, bool *stop)
{
	const char *p;
	size_t n;
	sp_status st = next_line(r, d, &p, &n);
	*stop = st || !p;
	if (*stop || blank_line(p, n))
		return st;
	uint64_t line = r->line;
	if ((st = whole_record(r, tsv, d, &p, &n))) {
		*stop = true;
		return st;
	}
	st = pipeline_customer(pl, p, n, line, SECTION_KEY(2) + line, (long)line, 1);
	*stop = status_is_fatal(st);
	return st;
}

/* Where the whole lines of the window end (past its last '\n'), found once
 * for each state of the window: a window of records that each hold a quote
 * is not searched back from its end for every one of them. */
typedef struct lines_end {
	uint64_t window_end; /* s->base + s->len when found */
	uint64_t at;         /* past the last '\n' then, or 0 */
} lines_end;

static uint64_t window_lines_end(const source *s, lines_end *le)
{
	uint64_t end = s->base + s->len;
	if (le->window_end != end) {
		const char *last = s->len ? memrchr(s->buf, '\n', s->len) : NULL;
		le->window_end = end;
		le->at = last ? s->base + (uint64_t)(last - s->buf) + 1 : 0;
	}
	return le->at;
}

/* The whole lines at the start of the window that are records of their own,
 * [*b, *b + return value): up to the last '\n' the window holds, and in CSV
 * before the first line with a quote (which may open a field over several
 * lines).  0 when the window has no such line. */
static size_t record_lines(const line_reader *r, bool tsv, lines_end *le, const char **b)
{
	source *s = r->s;
	uint64_t end = window_lines_end(s, le);
	if (end <= r->off)
		return 0;
	*b = s->buf + (r->off - s->base);
	size_t len = (size_t)(end - r->off);
	const char *q = tsv ? NULL : memchr(*b, '"', len);
	if (!q)
		return len;
	const char *nl = q > *b ? memrchr(*b, '\n', (size_t)(q - *b)) : NULL;
	return nl ? (size_t)(nl - *b) + 1 : 0;
}

/* SEGPROF_CSV_RECORDS=1 (for the tests): a table's records read one at a
 * time, never a window of lines at once nor in chunks. */
static bool csv_by_record(void)
{
	const char *env = getenv("SEGPROF_CSV_RECORDS");
	return env && strcmp(env, "1") == 0;
}

/* The records after the header: whole lines that hold no quote go to the
 * workers a window at a time (pipeline_lines numbers them and passes over
 * the blank ones, as next_line and blank_line do); a line with a quote, or
 * the last one while the window holds it only in part, is read on its own,
 * so that refills, read errors and records over several lines are met as
 * one record at a time meets them.  The status that stopped the reading;
 * *worst the worst of the others. */
static sp_status delimited_records(line_reader *r, bool tsv, pipeline *pl, diag *d,
				   sp_status *worst)
{
	bool by_record = csv_by_record();
	lines_end le = {UINT64_MAX, 0};
	for (;;) {
		const char *b;
		size_t len = by_record ? 0 : record_lines(r, tsv, &le, &b);
		bool stop;
		sp_status st;
		if (len) {
			uint64_t lines = 0;
			st = pipeline_lines(pl, b, len, r->line + 1, SECTION_KEY(2), &lines);
			r->line += lines;
			r->off += len;
			/* the lines handed are counted: the source need not
			 * count them again when it drops them */
			source_mark_line(r->s, r->off, r->line + 1);
			stop = status_is_fatal(st);
		} else {
			st = delimited_record(r, tsv, pl, d, &stop);
		}
		if (stop)
			return st;
		if (st)
			*worst = st;
	}
}

/* The records after the header read by the workers in chunks, unless the
 * window already shows a quote after it (CSV), which would make the run
 * start again in order; false when they are not (nothing is read then). */
static bool records_in_chunks(line_reader *r, bool tsv, collector *c, pipeline *pl, sp_status *st)
{
	if (csv_by_record())
		return false;
	source *s = r->s;
	size_t have = (size_t)(s->base + s->len - r->off);
	if (!tsv && memchr(s->buf + (r->off - s->base), '"', have))
		return false;
	return read_in_chunks(s, r->off, !tsv, c, pl, st);
}

static sp_status delimited_customers_read(source *s, bool tsv, const field_names *f,
					  const extra_spec *x, collector *c, pipeline *pl,
					  diag *d)
{
	sp_status worst = SP_OK, st;
	csv_layout layout;
	if (!collector_set_customers_source(c, s->name, LOC_LINES, "", SECTION_KEY(2)))
		return SP_OSERR;
	line_reader r = {s, bom_length(s), 0, SECTION_KEY(2), UINT64_MAX};
	const char *p;
	size_t n;
	while (!(st = next_line(&r, d, &p, &n)) && p && blank_line(p, n))
		;
	uint64_t line = r.line;
	/* without its header no record can be read: stop there */
	if (!st && p && !(st = whole_record(&r, tsv, d, &p, &n)) &&
	    !(st = csv_layout_read(&layout, tsv, p, n, f, x, s->name, (long)line, d))) {
		pipeline_set_source(pl, (customer_source){s->name, "", false, &layout});
		if (!records_in_chunks(&r, tsv, c, pl, &st))
			st = delimited_records(&r, tsv, pl, d, &worst);
	}
	/* the workers read the layout: done with it before it goes */
	sp_status st3 = pipeline_drain(pl);
	pipeline_set_source(pl, (customer_source){s->name, "", false, NULL});
	if (!st && status_is_fatal(st3))
		st = st3;
	return st ? st : worst ? worst : st3;
}

sp_status customers_file_read(source *s, in_format fmt, const field_names *f,
			      const extra_spec *x, collector *c, pipeline *pl, diag *d)
{
	if (fmt == IN_AUTO && shape_check(s, true, d))
		return SP_DATAERR;
	if (fmt == IN_AUTO)
		fmt = customers_format_detect(s);
	if (fmt == IN_NDJSON)
		return ndjson_read(s, c, pl, d);
	if (fmt == IN_CSV || fmt == IN_TSV)
		return delimited_customers_read(s, fmt == IN_TSV, f, x, c, pl, d);
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
	sp_status st = customers_array_read(&j, pl, "", c->guess_lines);
	if (status_is_fatal(st) || j.broken)
		return st;
	if (jscan_ws(&j, j.pos) != -1)
		return jscan_syntax(&j, j.pos, "invalid JSON: unexpected data after the customers array");
	return st;
}
