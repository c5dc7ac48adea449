/* SPDX-License-Identifier: MIT */
/* csvcust: the header, the records, the cells of a customers CSV/TSV. */
#include "csvcust.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fastcust.h"
#include "number.h"
#include "utf8.h"

/* The option that names field k, for messages. */
static const char *const FIELD_OPTION[F_COUNT] = {
	"--id-field", "--frequency-field", "--amount-field", "--types-field", "--cluster-field",
};

const char *csv_cluster_id(const char *s, size_t len, cluster_id *out)
{
	size_t i = len > 0 && s[0] == '-';
	if (len - i - 1 < 18) {
		/* the common case, at most 18 digits: read at once, no overflow */
		uint64_t v = 0;
		size_t k = i;
		for (unsigned d; k < len && (d = (unsigned char)s[k] - (unsigned)'0') <= 9; k++)
			v = v * 10 + d;
		if (k == len) {
			*out = (cluster_id){.is_int = true, .i = i ? -(int64_t)v : (int64_t)v};
			return NULL;
		}
	}
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

/* ---- the header ---- */

/* The column named name in the header's cells, -1 if none; *twice: the
 * second column of that name (or -1). */
static int find_column(const csv_splitter *h, const char *name, size_t len, int *twice)
{
	int found = -1;
	*twice = -1;
	for (size_t i = 0; i < h->n; i++) {
		if (h->cells[i].len != len || memcmp(h->cells[i].s, name, len) != 0)
			continue;
		if (found < 0)
			found = (int)i;
		else if (*twice < 0)
			*twice = (int)i;
	}
	return found;
}

/* Whether a header line is rather a data line: a cell is a number. */
static bool looks_like_data(const csv_splitter *h)
{
	for (size_t i = 0; i < h->n; i++) {
		num n;
		if (h->cells[i].len && num_parse(h->cells[i].s, h->cells[i].len, &n))
			return true;
	}
	return false;
}

/* The column of a needed name; -1 (recorded) if it is missing or twice. */
static int needed_column(const csv_splitter *h, const char *name, size_t len, const char *option,
			 const char *file, long line, diag *d)
{
	int twice, col = find_column(h, name, len, &twice);
	if (col < 0)
		diag_error(d, SP_DATAERR, 0, file, line, 0, NULL,
			   "the header has no column \"%.*s\" (name it with %s)", (int)len, name, option);
	else if (twice >= 0)
		diag_error(d, SP_DATAERR, 0, file, line, 0, NULL,
			   "the header has the column \"%.*s\" twice (columns %d and %d)", (int)len, name,
			   col + 1, twice + 1);
	return twice >= 0 ? -1 : col;
}

/* "id, frequency, amount_spent, product_types and cluster", for messages. */
static void needed_names(const field_names *f, char *buf, size_t size)
{
	int n = f->cluster_in_row ? F_COUNT : F_CLUSTER, used = 0;
	buf[0] = '\0';
	for (int k = 0; k < n && used >= 0 && (size_t)used < size; k++)
		used += snprintf(buf + used, size - (size_t)used, "%s%.*s",
				 k == 0 ? "" : k == n - 1 ? " and " : ", ", (int)f->len[k], f->name[k]);
}

sp_status csv_layout_read(csv_layout *l, bool tsv, const char *text, size_t len,
			  const field_names *fields, const extra_spec *extras, const char *file,
			  long line, diag *d)
{
	csv_splitter h = {0};
	size_t at;
	sp_status st = SP_OK;
	memset(l, 0, sizeof *l);
	l->tsv = tsv;
	l->fields = fields;
	l->extras = extras;
	const char *msg = csv_split(&h, tsv, text, len, &at);
	if (msg == CSV_OUT_OF_MEMORY) {
		st = SP_OSERR;
		goto out;
	}
	if (msg) {
		diag_error(d, SP_DATAERR, 0, file, line, (long)at + 1, NULL, "%s", msg);
		st = SP_DATAERR;
		goto out;
	}
	l->n_cols = h.n;
	int twice, n_fields = fields->cluster_in_row ? F_COUNT : F_CLUSTER;
	bool any = false;
	for (int k = 0; k < n_fields; k++)
		any |= find_column(&h, fields->name[k], fields->len[k], &twice) >= 0;
	if (!any && looks_like_data(&h)) {
		char names[512];
		needed_names(fields, names, sizeof names);
		diag_error(d, SP_DATAERR, 0, file, line, 0, NULL,
			   "line %ld is data, not a header: a customers %s needs a header line naming its columns (%s)",
			   line, tsv ? "TSV" : "CSV", names);
		st = SP_DATAERR;
		goto out;
	}
	for (int k = 0; k < F_COUNT; k++) {
		l->col[k] = -1;
		if (k < n_fields &&
		    (l->col[k] = needed_column(&h, fields->name[k], fields->len[k], FIELD_OPTION[k],
					       file, line, d)) < 0)
			st = SP_DATAERR;
	}
	for (size_t i = 0; extras && i < extras->n; i++) {
		l->extra_col[i] = find_column(&h, extras->name[i], extras->len[i], &twice);
		if (twice >= 0) {
			/* as for the needed columns: which of the two is meant
			 * is not for segprof to guess */
			diag_error(d, SP_DATAERR, 0, file, line, 0, NULL,
				   "the header has the column \"%s\" twice (columns %d and %d)",
				   extras->name[i], l->extra_col[i] + 1, twice + 1);
			st = SP_DATAERR;
		} else if (l->extra_col[i] < 0 && !extras->skip_missing) {
			diag_error(d, SP_DATAERR, 0, file, line, 0, NULL,
				   "the header has no column \"%s\" (--mean/--median/--sum; --missing skip to leave it out)",
				   extras->name[i]);
			st = SP_DATAERR;
		}
	}
out:
	csv_splitter_fini(&h);
	return st;
}

/* ---- a record's cells ---- */

/* Record a rule error about the cell in column col (its name: name). */
static void cell_error(customer_parser *p, const customer_loc *loc, const char *text,
		       const csv_cell *cell, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void cell_error(customer_parser *p, const customer_loc *loc, const char *text,
		       const csv_cell *cell, const char *name, const char *fmt, ...)
{
	long line = loc->line, col = 1;
	for (size_t i = 0; i < cell->off; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(p->d, SP_DATAERR, loc->key, loc->file, line, col, NULL, "column \"%.100s\": %s",
		   name, msg);
}

/* The cell's text for messages: "abc" (cut at 60 bytes), or "an empty cell". */
static const char *got(const csv_cell *c, char *buf, size_t size)
{
	enum { SHOWN = 60 }; /* bytes of the cell quoted at most */
	if (c->len == 0)
		return "an empty cell";
	/* a quoted cell may hold line ends and other control bytes: written
	 * as escapes, so that a message stays one line */
	size_t n = c->len > SHOWN ? SHOWN : c->len, at = 0;
	buf[at++] = '"';
	for (size_t i = 0; i < n && at + 8 < size; i++) {
		unsigned char ch = (unsigned char)c->s[i];
		if (ch == '\n')
			at += (size_t)snprintf(buf + at, size - at, "\\n");
		else if (ch == '\r')
			at += (size_t)snprintf(buf + at, size - at, "\\r");
		else if (ch < 0x20 || ch == 0x7f)
			at += (size_t)snprintf(buf + at, size - at, "\\x%02x", ch);
		else
			buf[at++] = (char)ch;
	}
	snprintf(buf + at, size - at, "%s\"", c->len > SHOWN ? "..." : "");
	return buf;
}

static const csv_cell *cell_of(const customer_parser *p, const csv_layout *l, field_kind k)
{
	return &p->split.cells[l->col[k]];
}

static bool read_id(customer_parser *p, const csv_layout *l, const char *text,
		    const customer_loc *loc, customer_rec *rec)
{
	const csv_cell *c = cell_of(p, l, F_ID);
	if (c->len == 0) {
		cell_error(p, loc, text, c, l->fields->name[F_ID], "expected a customer id, got an empty cell");
		return false;
	}
	/* an id written as an integral real ("12346.0", a pandas float
	 * column) is that integer, as in JSON */
	size_t n;
	bool numeric = c->s[0] == '-' || (c->s[0] >= '0' && c->s[0] <= '9');
	if (numeric && num_integral_text(c->s, c->len, p->id_text, &n)) {
		rec->id = p->id_text;
		rec->id_len = n;
	} else {
		rec->id = c->s;
		rec->id_len = c->len;
	}
	return true;
}

/* The cell's text as written, cut at 60 bytes, for messages. */
static int cut(const csv_cell *c)
{
	return (int)(c->len > 60 ? 60 : c->len);
}

/* The common number cell, digits maybe with a fraction ("427.67", "8"; at
 * most PLAIN_DIGITS bytes, no sign, no exponent, no leading zero but "0"
 * and "0.5"): in one pass, the decimal num_parse and num_dec would give
 * (num_dec's coefficient has no trailing zeros).  false for anything else,
 * which num_parse reads and judges. */
enum { PLAIN_DIGITS = 18 };
static const int64_t POW10[PLAIN_DIGITS] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
	10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
	1000000000000000, 10000000000000000, 100000000000000000,
};

/* The digits from *p (before end) into *v; *p moves past them. */
static inline void plain_digits(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	unsigned d;
	for (; *p < end && (d = (unsigned)**p - '0') <= 9; (*p)++)
		*v = *v * 10 + d;
}

static inline bool plain_decimal(const char *s, size_t len, dec *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint64_t v = 0;
	if (len == 0 || len > PLAIN_DIGITS)
		return false;
	plain_digits(&p, end, &v);
	size_t whole = (size_t)(p - (const unsigned char *)s);
	if (whole == 0 || (whole > 1 && s[0] == '0'))
		return false;
	int exp = 0;
	if (p < end) {
		if (*p != '.' || p + 1 == end)
			return false;
		const unsigned char *frac = ++p;
		plain_digits(&p, end, &v);
		if (p != end)
			return false;
		exp = -(int)(end - frac);
	}
	if (v == 0) {
		*out = (dec){0, 0, false};
		return true;
	}
	while (v % 10 == 0) {
		v /= 10;
		exp++;
	}
	*out = (dec){v, exp, false};
	return true;
}

/* The plain frequency (plain_decimal, integral): *out; false for anything
 * else, which read_frequency reads. */
static inline bool plain_frequency(const csv_cell *c, int64_t *out)
{
	dec d;
	if (!plain_decimal(c->s, c->len, &d) || d.exp < 0 || d.exp >= PLAIN_DIGITS)
		return false;
	*out = (int64_t)d.coef * POW10[d.exp]; /* below 10^18 */
	return true;
}

/* Numbers follow the grammar and the rules of JSON numbers (number.h),
 * with the messages of customer.c. */
static bool read_frequency(customer_parser *p, const csv_layout *l, const char *text,
			   const customer_loc *loc, customer_rec *rec)
{
	const csv_cell *c = cell_of(p, l, F_FREQUENCY);
	const char *name = l->fields->name[F_FREQUENCY];
	char buf[256]; /* got(): up to 60 bytes, each up to 4 as an escape */
	num n;
	int64_t i;
	if (!num_parse(c->s, c->len, &n)) {
		cell_error(p, loc, text, c, name, "expected an integer >= 0, got %s", got(c, buf, sizeof buf));
		return false;
	}
	num_int r = num_to_int64(&n, &i);
	if (r == NUM_INT_FRACTION) {
		cell_error(p, loc, text, c, name, "expected an integer, got %.*s", cut(c), c->s);
		return false;
	}
	if (n.neg && n.coef) {
		cell_error(p, loc, text, c, name, "expected an integer >= 0, got %.*s", cut(c), c->s);
		return false;
	}
	if (r == NUM_INT_RANGE) {
		cell_error(p, loc, text, c, name, "out of range (at most 2^63 - 1), got %.*s", cut(c),
			   c->s);
		return false;
	}
	rec->frequency = i;
	return true;
}

static bool read_amount(customer_parser *p, const csv_layout *l, const char *text,
			const customer_loc *loc, customer_rec *rec)
{
	const csv_cell *c = cell_of(p, l, F_AMOUNT);
	const char *name = l->fields->name[F_AMOUNT];
	char buf[256]; /* got(): up to 60 bytes, each up to 4 as an escape */
	num n;
	if (!num_parse(c->s, c->len, &n)) {
		cell_error(p, loc, text, c, name, "expected a number, got %s", got(c, buf, sizeof buf));
		return false;
	}
	if (n.neg && n.coef) {
		cell_error(p, loc, text, c, name, "expected a number >= 0, got %.*s", cut(c), c->s);
		return false;
	}
	const char *problem = num_value_problem(&n);
	if (problem) {
		cell_error(p, loc, text, c, name, "%s: %.*s", problem, cut(c), c->s);
		return false;
	}
	rec->amount = num_dec(&n); /* exactly as written; -0 is 0 */
	return true;
}

static bool read_extras(customer_parser *p, const csv_layout *l, const char *text,
			const customer_loc *loc, bool fast)
{
	bool ok = true;
	for (size_t i = 0; l->extras && i < l->extras->n; i++) {
		p->extra_vals[i] = DEC_NONE;
		if (l->extra_col[i] < 0)
			continue; /* --missing skip: no such column */
		const csv_cell *c = &p->split.cells[l->extra_col[i]];
		const char *name = l->extras->name[i];
		num n;
		if (fast && plain_decimal(c->s, c->len, &p->extra_vals[i]))
			continue;
		if (num_parse(c->s, c->len, &n)) {
			const char *problem = num_value_problem(&n);
			if (!problem)
				p->extra_vals[i] = num_dec(&n);
			else
				cell_error(p, loc, text, c, name, "%s: %.*s", problem, cut(c), c->s);
			ok &= !problem;
			continue;
		}
		if (l->extras->skip_missing)
			continue;
		char buf[256]; /* got(): up to 60 bytes, each up to 4 as an escape */
		cell_error(p, loc, text, c, name, "expected a number, got %s%s", got(c, buf, sizeof buf),
			   c->len ? "" : " (--missing skip to leave such customers out of the column)");
		ok = false;
	}
	return ok;
}

/* The common cluster cell, at most PLAIN_DIGITS digits (what
 * csv_cluster_id reads as that integer): rec->cluster; false for anything
 * else (no column, an empty cell, a sign...), which read_cluster reads. */
static inline bool plain_cluster(customer_parser *p, const csv_layout *l, customer_rec *rec)
{
	if (l->col[F_CLUSTER] < 0)
		return false;
	const csv_cell *c = cell_of(p, l, F_CLUSTER);
	uint64_t v = 0;
	if (c->len == 0 || c->len > PLAIN_DIGITS)
		return false;
	for (size_t k = 0; k < c->len; k++) {
		unsigned d = (unsigned char)c->s[k] - (unsigned)'0';
		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	p->cluster = (cluster_id){.is_int = true, .i = (int64_t)v};
	rec->cluster = &p->cluster;
	return true;
}

static bool read_cluster(customer_parser *p, const csv_layout *l, const char *text,
			 const customer_loc *loc, customer_rec *rec)
{
	rec->cluster = NULL;
	if (l->col[F_CLUSTER] < 0)
		return true;
	const csv_cell *c = cell_of(p, l, F_CLUSTER);
	if (c->len == 0)
		return true; /* no cluster: unlabeled */
	const char *msg = csv_cluster_id(c->s, c->len, &p->cluster);
	if (msg) {
		cell_error(p, loc, text, c, l->fields->name[F_CLUSTER], "%s", msg);
		return false;
	}
	rec->cluster = &p->cluster;
	return true;
}

/* ---- the product types cell ---- */

static unsigned hex_value(const char *s, int n, bool *ok)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d == 16)
			*ok = false;
		v = v * 16 + (d & 15);
	}
	return v;
}

static void put_utf8(char **w, unsigned cp)
{
	char *o = *w;
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | cp >> 12);
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | cp >> 18);
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	*w = o;
}

/* The code point of an escape at *p (past its backslash, at the letter) of
 * n hex digits, a \uD800-\uDBFF followed by its \uDC00-\uDFFF pair taken
 * together; false on a bad escape.  *p moves past it.  (Escapes never
 * decode to more bytes than they take.) */
static bool hex_escape(const char **p, const char *end, int n, unsigned *cp)
{
	bool ok = true;
	if (end - *p < n + 1)
		return false;
	*cp = hex_value(*p + 1, n, &ok);
	*p += n + 1;
	if (ok && n == 4 && *cp >= 0xD800 && *cp < 0xDC00 && end - *p >= 6 && (*p)[0] == '\\' &&
	    (*p)[1] == 'u') {
		unsigned lo = hex_value(*p + 2, 4, &ok);
		if (ok && lo >= 0xDC00 && lo < 0xE000) {
			*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
			*p += 6;
		}
	}
	return ok && *cp <= 0x10FFFF && !(*cp >= 0xD800 && *cp < 0xE000);
}

/* One quoted string of a list literal, JSON ("...") or Python ('...' or
 * "..."), decoded into *w; *p moves past it.  NULL or an error message. */
static const char *list_string(const char **p, const char *end, char **w)
{
	static const char SIMPLE[] = "\\\\''\"\"//b\bf\fn\nr\rt\ta\av\v";
	char q = *(*p)++;
	while (*p < end && **p != q) {
		unsigned char c = (unsigned char)**p;
		if (c < 0x20)
			return "control character in a string";
		if (c != '\\') {
			*(*w)++ = (char)c;
			(*p)++;
			continue;
		}
		if (++*p >= end)
			break;
		const char *s = strchr(SIMPLE, **p);
		unsigned cp;
		if (**p && s && (s - SIMPLE) % 2 == 0) {
			*(*w)++ = s[1];
			(*p)++;
		} else if (**p == 'x' || **p == 'u' || **p == 'U') {
			if (!hex_escape(p, end, **p == 'x' ? 2 : **p == 'u' ? 4 : 8, &cp))
				return "invalid escape in a string";
			put_utf8(w, cp);
		} else {
			return "invalid escape in a string";
		}
	}
	if (*p >= end)
		return "unterminated string";
	(*p)++;
	return NULL;
}

static inline const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The slugs of a list literal [s, s + len): ["a", "b"] or ['a', 'b'].  NULL
 * or an error message, *at its offset; *oom when out of memory. */
static const char *list_cell(customer_parser *p, const char *s, size_t len, size_t *m,
			     size_t *at, bool *oom)
{
	const char *q = s + 1, *end = s + len;
	if (len + 1 > p->scratch_cap) {
		char *b = realloc(p->scratch, len + 1);
		if (!b)
			return *oom = true, CSV_OUT_OF_MEMORY;
		p->scratch = b;
		p->scratch_cap = len + 1;
	}
	if (!customer_slugs_begin(p, len / 2 + 1))
		return *oom = true, CSV_OUT_OF_MEMORY;
	char *w = p->scratch;
	q = skip_blank(q, end);
	for (bool first = true; q < end && *q != ']'; first = false) {
		if (!first) {
			if (*q != ',')
				return *at = (size_t)(q - s), "expected ',' or ']' in the list";
			q = skip_blank(q + 1, end);
		}
		if (q >= end || (*q != '"' && *q != '\''))
			return *at = (size_t)(q - s), "expected a quoted string in the list";
		const char *str = w, *open = q, *msg = list_string(&q, end, &w);
		size_t bad;
		if (msg)
			return *at = (size_t)(open - s), msg;
		if (w == str)
			return *at = (size_t)(open - s), "empty product type \"\"";
		if (memchr(str, '\0', (size_t)(w - str)) || !utf8_valid(str, (size_t)(w - str), &bad))
			return *at = (size_t)(open - s), "invalid UTF-8 or NUL in a product type";
		if (!customer_slug_add(p, str, (size_t)(w - str), m))
			return *oom = true, CSV_OUT_OF_MEMORY;
		q = skip_blank(q, end);
	}
	if (q >= end)
		return *at = len, "unterminated list (expected ']')";
	if (skip_blank(q + 1, end) != end)
		return *at = (size_t)(q + 1 - s), "unexpected text after the list";
	return NULL;
}

/* The slugs of a cell joined by sep, in one pass: room for as many as the
 * cell could hold, and at least SLUGS_ROOM (the buffer is then sized once,
 * not regrown among the tables growing beside it). */
enum { SLUGS_ROOM = 64 };
static const char *joined_cell(customer_parser *p, const char *s, size_t len, char sep,
			       size_t *m, size_t *at, bool *oom)
{
	if (!customer_slugs_begin(p, len / 2 + 1 > SLUGS_ROOM ? len / 2 + 1 : SLUGS_ROOM))
		return *oom = true, CSV_OUT_OF_MEMORY;
	for (const char *q = s, *end = s + len;;) {
		const char *e = memchr(q, sep, (size_t)(end - q));
		if (!e)
			e = end;
		if (e == q)
			return *at = (size_t)(q - s), "empty product type (a separator at an end, or two in a row)";
		if (!customer_slug_add(p, q, (size_t)(e - q), m))
			return *oom = true, CSV_OUT_OF_MEMORY;
		if (e == end)
			return NULL;
		q = e + 1;
	}
}

static sp_status read_types(customer_parser *p, const csv_layout *l, const char *text,
			    const customer_loc *loc, customer_rec *rec)
{
	const csv_cell *c = cell_of(p, l, F_TYPES);
	size_t m = 0, at = 0;
	bool oom = false;
	const char *msg = NULL;
	if (c->len == 0)
		oom = !customer_slugs_begin(p, 0);
	else if (c->s[0] == '[')
		msg = list_cell(p, c->s, c->len, &m, &at, &oom);
	else
		msg = joined_cell(p, c->s, c->len, l->fields->types_sep, &m, &at, &oom);
	if (oom)
		return SP_OSERR;
	if (msg) {
		/* at an offset of the decoded cell: the column of the cell's
		 * start is the precise place we can name */
		cell_error(p, loc, text, c, l->fields->name[F_TYPES], "%s (at byte %zu of the cell)", msg,
			   at + 1);
		return SP_DATAERR;
	}
	rec->slugs = customer_slugs(p);
	rec->n_slugs = m;
	return SP_OK;
}

/* ---- a record ---- */

/* Bytes no record may hold; false with se set. */
static bool plain_text(const char *text, size_t len, syntax_error *se)
{
	const char *nul = memchr(text, '\0', len);
	size_t bad;
	if (nul) {
		se->offset = (size_t)(nul - text);
		snprintf(se->message, sizeof se->message, "NUL byte");
		return false;
	}
	if (!utf8_valid(text, len, &bad)) {
		se->offset = bad;
		snprintf(se->message, sizeof se->message, "invalid UTF-8");
		return false;
	}
	return true;
}

/* fast: the plain record and the plain numbers are read at once, when
 * they are; else every record goes the full way. */
static sp_status parse_record(customer_parser *p, const csv_layout *l, const char *text,
			      size_t len, const customer_loc *loc, customer_rec *rec,
			      syntax_error *se, bool fast)
{
	size_t at;
	se->message[0] = '\0';
	memset(rec, 0, sizeof *rec);
	bool high = false;
	size_t bad;
	if (!fast || !csv_split_plain(&p->split, l->tsv, text, len, &high) ||
	    (high && !utf8_valid(text, len, &bad))) {
		if (!plain_text(text, len, se))
			return SP_DATAERR;
		const char *msg = csv_split(&p->split, l->tsv, text, len, &at);
		if (msg == CSV_OUT_OF_MEMORY)
			return SP_OSERR;
		if (msg) {
			se->offset = at;
			snprintf(se->message, sizeof se->message, "%s", msg);
			return SP_DATAERR;
		}
	}
	if (p->split.n != l->n_cols) {
		diag_error(p->d, SP_DATAERR, loc->key, loc->file, loc->line, 0, NULL,
			   "expected %zu fields, as the header has, got %zu", l->n_cols, p->split.n);
		return SP_DATAERR;
	}
	bool ok = read_id(p, l, text, loc, rec);
	/* the plain cells inline, anything else the general way */
	if (!fast || !plain_frequency(cell_of(p, l, F_FREQUENCY), &rec->frequency))
		ok &= read_frequency(p, l, text, loc, rec);
	const csv_cell *amount = cell_of(p, l, F_AMOUNT);
	if (!fast || !plain_decimal(amount->s, amount->len, &rec->amount))
		ok &= read_amount(p, l, text, loc, rec);
	if (l->extras && l->extras->n)
		ok &= read_extras(p, l, text, loc, fast);
	if (!fast || !plain_cluster(p, l, rec))
		ok &= read_cluster(p, l, text, loc, rec);
	rec->extras = p->extra_vals;
	sp_status st = read_types(p, l, text, loc, rec);
	if (st == SP_OSERR)
		return st;
	return ok && st == SP_OK ? SP_OK : SP_DATAERR;
}

sp_status csv_customer_parse(customer_parser *p, const csv_layout *l, const char *text,
			     size_t len, const customer_loc *loc, customer_rec *rec,
			     syntax_error *se)
{
	return parse_record(p, l, text, len, loc, rec, se, true);
}

sp_status csv_customer_parse_full(customer_parser *p, const csv_layout *l, const char *text,
				  size_t len, const customer_loc *loc, customer_rec *rec,
				  syntax_error *se)
{
	return parse_record(p, l, text, len, loc, rec, se, false);
}
