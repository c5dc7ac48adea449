/* SPDX-License-Identifier: MIT */
/* csvsplit: cells of a CSV or TSV record. */
#include "csvsplit.h"

#include <stdlib.h>
#include <string.h>

const char CSV_OUT_OF_MEMORY[] = "out of memory";

void csv_splitter_fini(csv_splitter *sp)
{
	free(sp->cells);
	free(sp->buf);
	memset(sp, 0, sizeof *sp);
}

static bool push_cell(csv_splitter *sp, const char *s, size_t len, size_t off)
{
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 16;
		csv_cell *c = realloc(sp->cells, cap * sizeof *c);
		if (!c)
			return false;
		sp->cells = c;
		sp->cap = cap;
	}
	sp->cells[sp->n++] = (csv_cell){s, len, off};
	return true;
}

/* A quoted CSV cell from p (its opening '"'), decoded into *w; *p moves past
 * the closing quote.  NULL or an error message. */
static const char *quoted_cell(const char **p, const char *end, char **w, const char *start,
			       size_t *at)
{
	const char *open = (*p)++;
	for (;;) {
		const char *q = memchr(*p, '"', (size_t)(end - *p));
		if (!q) {
			*at = (size_t)(open - start);
			return "unterminated quoted field";
		}
		memcpy(*w, *p, (size_t)(q - *p));
		*w += q - *p;
		if (q + 1 < end && q[1] == '"') {
			*(*w)++ = '"';
			*p = q + 2;
			continue;
		}
		*p = q + 1;
		if (*p < end && **p != ',') {
			*at = (size_t)(*p - start);
			return "expected ',' after a quoted field";
		}
		return NULL;
	}
}

/* A TSV cell with escapes, decoded into *w up to the next tab. */
static void tsv_cell(const char **p, const char *end, char **w)
{
	while (*p < end && **p != '\t') {
		char c = **p, e = *p + 1 < end ? (*p)[1] : 0;
		char d = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
		if (c == '\\' && d) {
			*(*w)++ = d;
			*p += 2;
		} else {
			*(*w)++ = c;
			(*p)++;
		}
	}
}

const char *csv_split(csv_splitter *sp, bool tsv, const char *text, size_t len, size_t *at)
{
	const char *p = text, *end = text + len;
	char sep = tsv ? '\t' : ',';
	sp->n = 0;
	if (end > p && end[-1] == '\r')
		end--;
	if (len + 1 > sp->buf_cap) {
		char *b = realloc(sp->buf, len + 1);
		if (!b)
			return CSV_OUT_OF_MEMORY;
		sp->buf = b;
		sp->buf_cap = len + 1;
	}
	char *w = sp->buf;
	/* a CSV quote, or a TSV escape: the cell needs decoding */
	char special = tsv ? '\\' : '"';
	for (;;) {
		size_t off = (size_t)(p - text);
		const char *s = p, *q = p;
		size_t n;
		if (!tsv && p < end && *p == '"') {
			s = w;
			const char *msg = quoted_cell(&p, end, &w, text, at);
			if (msg)
				return msg;
			n = (size_t)(w - s);
		} else {
			/* cells are short: one loop beats two memchr calls */
			while (q < end && *q != sep && *q != special)
				q++;
			if (q < end && *q == '"') {
				*at = (size_t)(q - text);
				return "unexpected '\"' in an unquoted field";
			}
			if (q < end && *q == '\\') {
				s = w;
				tsv_cell(&p, end, &w);
				n = (size_t)(w - s);
			} else {
				n = (size_t)(q - p);
				p = q;
			}
		}
		if (!push_cell(sp, s, n, off))
			return CSV_OUT_OF_MEMORY;
		if (p >= end)
			return NULL;
		p++; /* the separator */
	}
}
