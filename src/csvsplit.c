/* SPDX-License-Identifier: MIT */
/* csvsplit: cells of a CSV or TSV record. */
#include "csvsplit.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

const char CSV_OUT_OF_MEMORY[] = "out of memory";

void csv_splitter_fini(csv_splitter *sp)
{
	free(sp->cells);
	free(sp->buf);
	memset(sp, 0, sizeof *sp);
}

/* Room for more cells (false: out of memory, which csv_split reports). */
static inline bool cells_room(csv_splitter *sp, size_t more)
{
	return sp->cap - sp->n >= more ||
	       grow_room(&sp->cells, &sp->cap, sp->n + more, sizeof *sp->cells, 16);
}

static bool push_cell(csv_splitter *sp, const char *s, size_t len, size_t off)
{
	if (!cells_room(sp, 1))
		return false;
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

/* ---- the plain record ---- */

/* The bytes [from, end) of text, one at a time; *start: where the current
 * cell began; *high |= whether a byte was >= 0x80. */
static bool plain_bytes(csv_splitter *sp, char sep, char special, const char *text, size_t from,
			size_t end, size_t *start, bool *high)
{
	for (size_t i = from; i < end; i++) {
		char c = text[i];
		if (c == '\0' || c == special)
			return false;
		*high |= (unsigned char)c >= 0x80;
		if (c == sep) {
			if (!cells_room(sp, 1))
				return false;
			sp->cells[sp->n++] = (csv_cell){text + *start, i - *start, *start};
			*start = i + 1;
		}
	}
	return true;
}

/* The record's length without a final '\r', as csv_split drops it. */
static size_t without_cr(const char *text, size_t len)
{
	return len && text[len - 1] == '\r' ? len - 1 : len;
}

static bool plain_last_cell(csv_splitter *sp, const char *text, size_t len, size_t start)
{
	if (!cells_room(sp, 1))
		return false;
	sp->cells[sp->n++] = (csv_cell){text + start, len - start, start};
	return true;
}

bool csv_split_plain_portable(csv_splitter *sp, bool tsv, const char *text, size_t len,
			      bool *high)
{
	size_t start = 0;
	sp->n = 0;
	*high = false;
	len = without_cr(text, len);
	return plain_bytes(sp, tsv ? '\t' : ',', tsv ? '\\' : '"', text, 0, len, &start, high) &&
	       plain_last_cell(sp, text, len, start);
}

#ifdef __SSE2__
/* The cells ending at the separators of mask m (bit k: byte i + k), from
 * *start on, written at c (room for 16); the next write position. */
static inline csv_cell *block_cells(csv_cell *c, unsigned m, const char *text, size_t i,
				    size_t *start)
{
	size_t s = *start;
	for (; m; m &= m - 1) {
		size_t k = i + (size_t)__builtin_ctz(m);
		*c++ = (csv_cell){text + s, k - s, s};
		s = k + 1;
	}
	*start = s;
	return c;
}

bool csv_split_plain(csv_splitter *sp, bool tsv, const char *text, size_t len, bool *high)
{
	char sep = tsv ? '\t' : ',', special = tsv ? '\\' : '"';
	size_t start = 0, i = 0;
	sp->n = 0;
	*high = false;
	len = without_cr(text, len);
	if (len < 16)
		return plain_bytes(sp, sep, special, text, 0, len, &start, high) &&
		       plain_last_cell(sp, text, len, start);
	const __m128i vsep = _mm_set1_epi8(sep), vspecial = _mm_set1_epi8(special);
	const __m128i zero = _mm_setzero_si128();
	/* the top bits of every byte, and the bytes that stop the plain path
	 * (NUL, the special), gathered over the blocks and looked at once */
	__m128i top = zero, stop = zero;
	if (!cells_room(sp, 16))
		return false;
	csv_cell *c = sp->cells, *room_end = sp->cells + sp->cap;
	for (;; i += 16) {
		/* the last block ends at len, overlapping the one before: its
		 * bytes already seen are skipped for the separators */
		bool last = i + 16 >= len;
		size_t at = last ? len - 16 : i;
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + at));
		top = _mm_or_si128(top, v);
		stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, zero),
						       _mm_cmpeq_epi8(v, vspecial)));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vsep));
		if (room_end - c < 16) {
			sp->n = (size_t)(c - sp->cells);
			if (!cells_room(sp, 16))
				return false;
			c = sp->cells + sp->n;
			room_end = sp->cells + sp->cap;
		}
		c = block_cells(c, m >> (i - at) << (i - at), text, at, &start);
		if (last)
			break;
	}
	sp->n = (size_t)(c - sp->cells);
	if (_mm_movemask_epi8(stop))
		return false;
	*high = _mm_movemask_epi8(top) != 0;
	return plain_last_cell(sp, text, len, start);
}
#else
bool csv_split_plain(csv_splitter *sp, bool tsv, const char *text, size_t len, bool *high)
{
	return csv_split_plain_portable(sp, tsv, text, len, high);
}
#endif
