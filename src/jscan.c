/* SPDX-License-Identifier: MIT */
/* jscan: framing JSON values in a sliding window. */
#include "jscan.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

int jscan_peek(jscan *j, uint64_t keep)
{
	source *s = j->src;
	if (j->pos - s->base < s->len)
		return (unsigned char)s->buf[j->pos - s->base];
	if (!source_fill(s, keep))
		return s->err ? -2 : -1;
	return (unsigned char)s->buf[j->pos - s->base];
}

int jscan_ws(jscan *j, uint64_t keep)
{
	/* over the window in one loop, then jscan_peek for more */
	for (;;) {
		const unsigned char *b = (const unsigned char *)j->src->buf;
		size_t i = (size_t)(j->pos - j->src->base), n = j->src->len;
		if (i < n) {
			while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r'))
				i++;
			j->pos = j->src->base + i;
			if (i < n)
				return b[i];
		}
		int c = jscan_peek(j, keep);
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			return c;
		j->pos++;
	}
}

sp_status jscan_syntax(jscan *j, uint64_t off, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	long line, col;
	source_linecol(j->src, off, &line, &col);
	diag_error(j->d, SP_DATAERR, j->key, j->src->name, line, col, NULL, "%s", msg);
	j->broken = true;
	return SP_DATAERR;
}

static sp_status read_error(jscan *j)
{
	j->broken = true;
	return source_error(j->src, j->d, j->key);
}

sp_status jscan_unexpected(jscan *j, int c, const char *expected)
{
	if (c == -2)
		return read_error(j);
	if (c == -1)
		return jscan_syntax(j, j->pos, "invalid JSON: unexpected end of input, expected %s",
				    expected);
	if (c >= 0x21 && c < 0x7f)
		return jscan_syntax(j, j->pos, "invalid JSON: expected %s, got '%c'", expected, c);
	return jscan_syntax(j, j->pos, "invalid JSON: expected %s, got byte 0x%02x", expected, c);
}

sp_status jscan_after_element(jscan *j, int closer, const char *expected, bool *more)
{
	int ch = jscan_ws(j, j->pos);
	if (ch == ',' || ch == closer) {
		j->pos++;
		*more = ch == ',';
		return SP_OK;
	}
	return jscan_unexpected(j, ch, expected);
}

const char *jscan_type_of(int c)
{
	switch (c) {
	case '{': return "an object";
	case '[': return "an array";
	case '"': return "a string";
	case 't':
	case 'f': return "a boolean";
	case 'n': return "null";
	default: return (c == '-' || (c >= '0' && c <= '9')) ? "a number" : "invalid JSON";
	}
}

void jscan_skip_bom(jscan *j)
{
	if (jscan_peek(j, j->pos) != 0xEF)
		return;
	/* make sure three bytes are there */
	while (j->src->len - (j->pos - j->src->base) < 3 && source_fill(j->src, j->pos))
		;
	const unsigned char *p = (const unsigned char *)jscan_at(j, j->pos);
	if (j->src->len - (j->pos - j->src->base) >= 3 && p[1] == 0xBB && p[2] == 0xBF)
		j->pos += 3;
}

/* Bytes that stop the scanning loops.  NUL stops both: the window always
 * ends with a NUL sentinel (source_fill), so the loops need no bounds check. */
static const unsigned char STRUCTURAL[256] = {
	[0] = 1, ['"'] = 1, ['{'] = 1, ['['] = 1, ['}'] = 1, [']'] = 1,
};
static const unsigned char STRING_STOP[256] = {
	[0] = 1, ['"'] = 1, ['\\'] = 1,
};

static inline bool is_delim(unsigned char c)
{
	return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\t' ||
	       c == '\r' || c == ':' || c == 0;
}

/* One step of the framing loop: to the next byte that matters (outside a
 * string a quote, a bracket or a NUL; inside one a quote, a backslash or a
 * NUL) and past it, or past the byte an escape covers.  The loops need no
 * bounds check: b[n] is a NUL. */
static inline jscan_frame_result frame_step(const unsigned char *b, size_t *at, size_t n,
					    jscan_frame_state *st)
{
	size_t i = *at;
	if (st->in_str) {
		if (st->esc) {
			st->esc = false;
			*at = i + 1;
			return JSCAN_FRAME_MORE;
		}
		while (!STRING_STOP[b[i]])
			i++;
		if (i >= n) {
			*at = n;
			return JSCAN_FRAME_MORE;
		}
		*at = i;
		if (b[i] == 0)
			return JSCAN_FRAME_NUL_IN_STRING;
		*at = i + 1;
		if (b[i] == '\\')
			st->esc = true;
		else
			st->in_str = false;
		return !st->in_str && st->depth == 0 ? JSCAN_FRAME_END : JSCAN_FRAME_MORE;
	}
	while (!STRUCTURAL[b[i]])
		i++;
	if (i >= n) {
		*at = n;
		return JSCAN_FRAME_MORE;
	}
	*at = i;
	unsigned char ch = b[i];
	if (ch == 0)
		return JSCAN_FRAME_NUL;
	if (ch == '{' || ch == '[') {
		if (++st->depth > JSCAN_MAX_DEPTH)
			return JSCAN_FRAME_DEEP;
	} else if (ch == '"') {
		st->in_str = true;
	} else if (--st->depth == 0) {
		*at = i + 1;
		return JSCAN_FRAME_END;
	}
	*at = i + 1;
	return JSCAN_FRAME_MORE;
}

jscan_frame_result jscan_frame_portable(const unsigned char *b, size_t *at, size_t n,
					 jscan_frame_state *st)
{
	for (;;) {
		jscan_frame_result r = frame_step(b, at, n, st);
		if (r != JSCAN_FRAME_MORE || *at >= n)
			return r;
	}
}

#ifdef __SSE2__
/* Sixteen bytes at a time, inside a container: the strings of a block are
 * found from its quotes alone (each quote toggles "in a string": a prefix
 * XOR of the quote bits), and only the brackets outside them are looked at
 * one by one.  A backslash or a NUL ends the run of blocks just before it,
 * for the portable step; so does the tail of the window, an escape pending,
 * depth 0 (a string value) and a depth near the limit. */
static jscan_frame_result frame_sse2(const unsigned char *b, size_t *at, size_t n,
				     jscan_frame_state *st)
{
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i nul = _mm_setzero_si128(), case_bit = _mm_set1_epi8(0x20);
	/* '{' and '[' differ only in bit 0x20, as do '}' and ']' */
	const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
	size_t i = *at;
	while (n - i >= 16 && !st->esc && st->depth > 0 && st->depth + 16 <= JSCAN_MAX_DEPTH) {
		__m128i v = _mm_loadu_si128((const __m128i *)(b + i));
		unsigned stop = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, bslash), _mm_cmpeq_epi8(v, nul)));
		/* the bytes before the first backslash or NUL, all 16 if none */
		unsigned len = stop ? (unsigned)__builtin_ctz(stop) : 16;
		unsigned keep = (1u << len) - 1;
		unsigned q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) & keep;
		__m128i folded = _mm_or_si128(v, case_bit);
		unsigned br = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)));
		/* inside, bit k: byte k is in a string (an opening quote is in,
		 * a closing one out) */
		unsigned inside = q;
		inside ^= inside << 1;
		inside ^= inside << 2;
		inside ^= inside << 4;
		inside ^= inside << 8;
		if (st->in_str)
			inside = ~inside;
		br &= keep & ~inside;
		while (br) {
			unsigned k = (unsigned)__builtin_ctz(br);
			br &= br - 1;
			if ((b[i + k] | 0x20) == '{') {
				st->depth++;
			} else if (--st->depth == 0) {
				st->in_str = false; /* (a bracket outside strings) */
				*at = i + k + 1;
				return JSCAN_FRAME_END;
			}
		}
		if (len)
			st->in_str = (inside >> (len - 1)) & 1;
		i += len;
		if (len < 16)
			break;
	}
	*at = i;
	return JSCAN_FRAME_MORE;
}
#endif

jscan_frame_result jscan_frame(const unsigned char *b, size_t *at, size_t n, jscan_frame_state *st)
{
#ifdef __SSE2__
	for (;;) {
		jscan_frame_result r = frame_sse2(b, at, n, st);
		if (r != JSCAN_FRAME_MORE || *at >= n)
			return r;
		/* what the blocks left: one portable step, then blocks again */
		r = frame_step(b, at, n, st);
		if (r != JSCAN_FRAME_MORE || *at >= n)
			return r;
	}
#else
	return jscan_frame_portable(b, at, n, st);
#endif
}

sp_status jscan_value(jscan *j, uint64_t keep, uint64_t *start, uint64_t *end)
{
	source *s = j->src;
	int c = jscan_peek(j, keep);
	/* A value starts with one of {["-0123456789tfn; anything else (a
	 * delimiter, a NUL byte, the end) is named as it is. */
	if (c < 0 || !(c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
		       (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return jscan_unexpected(j, c, "a value");
	*start = j->pos;
	bool scalar = c != '{' && c != '[' && c != '"';
	jscan_frame_state fs = {0};
	for (;;) {
		const unsigned char *b = (const unsigned char *)s->buf;
		size_t i = (size_t)(j->pos - s->base), n = s->len;
		if (scalar) {
			while (i < n && !is_delim(b[i]))
				i++;
			if (i < n)
				goto done;
		} else {
			switch (jscan_frame(b, &i, n, &fs)) {
			case JSCAN_FRAME_END:
				goto done;
			case JSCAN_FRAME_NUL_IN_STRING:
				j->pos = s->base + i;
				return jscan_syntax(j, j->pos, "invalid JSON: NUL byte in a string");
			case JSCAN_FRAME_NUL:
				j->pos = s->base + i;
				return jscan_syntax(j, j->pos, "invalid JSON: unexpected NUL byte");
			case JSCAN_FRAME_DEEP:
				j->pos = s->base + i;
				return jscan_syntax(j, j->pos, "nesting deeper than %d levels",
						    JSCAN_MAX_DEPTH);
			case JSCAN_FRAME_MORE:
				break;
			}
		}
		j->pos = s->base + i;
		if (j->pos - *start > JSCAN_MAX_VALUE)
			return jscan_syntax(j, *start, "value larger than %d MiB",
					    JSCAN_MAX_VALUE >> 20);
		if (!source_fill(s, keep < *start ? keep : *start)) {
			if (s->err)
				return read_error(j);
			if (scalar)
				goto done_eof;
			return jscan_syntax(j, j->pos, "invalid JSON: unexpected end of input");
		}
		continue;
done:
		j->pos = s->base + i;
done_eof:
		*end = j->pos;
		if (*end - *start > JSCAN_MAX_VALUE)
			return jscan_syntax(j, *start, "value larger than %d MiB",
					    JSCAN_MAX_VALUE >> 20);
		return SP_OK;
	}
}

/* The longest line jscan_line_value reads to its end: longer ones are
 * framed (a customer is far shorter). */
enum { GUESS_MAX = 1 << 20 };

/* The length of the customer guessed on the line [b, nl) (nl its newline):
 * up to the '}' before the line's ',' and whitespace; 0 if it is not
 * shaped so. */
static size_t line_span(const char *b, const char *nl)
{
	/* back from the newline: whitespace, ',', whitespace, '}' */
	const char *q = nl;
	while (q > b && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
		q--;
	if (q == b || *--q != ',')
		return 0;
	while (q > b && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
		q--;
	size_t len = (size_t)(q - b);
	return len < 2 || q[-1] != '}' || len > JSCAN_MAX_VALUE ? 0 : len;
}

/* The next line's bookkeeping, j->pos at its first byte. */
static void at_line_start(jscan *j, long line)
{
	j->lc_off = j->pos;
	j->lc_line = line;
	j->lc_col = 1;
}

bool jscan_line_value(jscan *j, uint64_t keep, jscan_guess *g)
{
	source *s = j->src;
	size_t i = (size_t)(j->pos - s->base), seen = 0;
	if (i >= s->len || s->buf[i] != '{')
		return false;
	/* the line's end, read into the window if need be (as jscan_value
	 * would read the object) */
	const char *nl;
	while (!(nl = memchr(s->buf + i + seen, '\n', s->len - i - seen))) {
		seen = s->len - i;
		if (seen > GUESS_MAX || !source_fill(s, keep))
			return false;
		i = (size_t)(j->pos - s->base);
	}
	const char *b = s->buf + i;
	size_t len = line_span(b, nl);
	if (!len)
		return false;
	g->start = j->pos;
	g->len = len;
	jscan_linecol(j, g->start, &g->line, &g->col);
	j->pos += (uint64_t)(nl - b) + 1;
	at_line_start(j, g->line + 1);
	return true;
}

size_t jscan_line_values(jscan *j, uint64_t keep, jscan_guess *g, size_t max)
{
	if (max == 0 || !jscan_line_value(j, keep, &g[0]))
		return 0;
	/* the lines after it that start with '{' (after spaces or tabs), as
	 * far as the window goes */
	const source *s = j->src;
	const char *b = s->buf + (j->pos - s->base), *lim = s->buf + s->len, *v, *nl;
	long line = j->lc_line;
	size_t n = 1, len;
	for (; n < max; b = nl + 1) {
		for (v = b; v < lim && (*v == ' ' || *v == '\t'); v++)
			;
		if (v == lim || *v != '{' || !(nl = memchr(v, '\n', (size_t)(lim - v))) ||
		    !(len = line_span(v, nl)))
			break;
		g[n++] = (jscan_guess){s->base + (uint64_t)(v - s->buf), len, line++, 1 + (v - b)};
	}
	j->pos = s->base + (uint64_t)(b - s->buf);
	at_line_start(j, line);
	return n;
}

void jscan_mark_line(jscan *j)
{
	if (j->lc_line != 0 && j->lc_col == 1 && j->lc_off >= j->src->base)
		source_mark_line(j->src, j->lc_off, (uint64_t)j->lc_line);
}

bool jscan_frames_exactly(const char *text, size_t len)
{
	if (len == 0 || len > JSCAN_MAX_VALUE || (text[0] != '{' && text[0] != '['))
		return false;
	/* a window of its own, for the NUL sentinel the framer needs */
	unsigned char *b = malloc(len + 1);
	if (!b)
		return false;
	memcpy(b, text, len);
	b[len] = 0;
	size_t at = 0;
	jscan_frame_state st = {0};
	jscan_frame_result r = jscan_frame(b, &at, len, &st);
	free(b);
	return r == JSCAN_FRAME_END && at == len;
}

sp_status jscan_jansson_error(jscan *j, uint64_t start, size_t len, const syntax_error *se)
{
	(void)len;
	return jscan_syntax(j, start + se->offset, "%s", se->message);
}

sp_status jscan_load(jscan *j, uint64_t start, uint64_t end, json_t **out, bool *int_overflow)
{
	json_error_t err;
	size_t n = (size_t)(end - start);
	*out = json_loadb_noting(jscan_at(j, start), n, JSON_DECODE_ANY, &err);
	if (*out)
		return SP_OK;
	if (jansson_oom(&err))
		return SP_OSERR;
	if (int_overflow && json_error_code(&err) == json_error_numeric_overflow &&
	    strncmp(err.text, "too big integer", 15) == 0) {
		*int_overflow = true;
		return SP_DATAERR;
	}
	syntax_error se;
	syntax_from_jansson(&err, jscan_at(j, start), n, &se);
	return jscan_jansson_error(j, start, n, &se);
}

sp_status jscan_string(jscan *j, uint64_t start, uint64_t end, const char **out,
		       size_t *len, char **owned)
{
	const char *p = jscan_at(j, start);
	size_t n = (size_t)(end - start);
	*owned = NULL;
	bool plain = n >= 2 && p[n - 1] == '"';
	for (size_t i = 1; plain && i + 1 < n; i++)
		if (p[i] == '\\' || (unsigned char)p[i] < 0x20)
			plain = false;
	if (plain) {
		size_t bad;
		if (!utf8_valid(p + 1, n - 2, &bad))
			return jscan_syntax(j, start + 1 + bad, "invalid JSON: invalid UTF-8 in a string");
		*out = p + 1;
		*len = n - 2;
		return SP_OK;
	}
	json_t *v;
	sp_status st = jscan_load(j, start, end, &v, NULL);
	if (st)
		return st;
	if (!json_is_string(v)) {
		json_decref(v);
		return jscan_syntax(j, start, "invalid JSON: expected a string");
	}
	*len = json_string_length(v);
	*owned = malloc(*len + 1);
	if (!*owned) {
		json_decref(v);
		return SP_OSERR;
	}
	memcpy(*owned, json_string_value(v), *len + 1);
	*out = *owned;
	json_decref(v);
	return SP_OK;
}

void jscan_linecol(jscan *j, uint64_t off, long *line, long *col)
{
	const source *s = j->src;
	if (off == j->lc_off && j->lc_line != 0 && off >= s->base) {
		*line = j->lc_line; /* (a line's first byte: jscan_line_value) */
		*col = j->lc_col;
		return;
	}
	if (j->lc_line == 0 || j->lc_off < s->base || j->lc_off > off) {
		j->lc_off = s->base;
		j->lc_line = (long)s->base_line;
		j->lc_col = (long)s->base_col + 1;
	}
	const char *p = s->buf + (j->lc_off - s->base), *end = s->buf + (off - s->base);
	const char *last = NULL;
	for (const char *q = p; q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++) {
		j->lc_line++;
		last = q;
	}
	if (last)
		j->lc_col = (long)(end - last);
	else
		j->lc_col += (long)(end - p);
	j->lc_off = off;
	*line = j->lc_line;
	*col = j->lc_col;
}
