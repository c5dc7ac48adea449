/* SPDX-License-Identifier: MIT */
/* jscan: a streaming JSON framer over a source.
 *
 * It walks the structure of a document (objects, arrays, keys) without
 * building it, and finds the byte span of each value so that the value alone
 * can be handed to jansson.  It checks nesting depth and value size, so that
 * no input makes memory grow with the size of one value or the depth of
 * nesting. */
#ifndef SEGPROF_JSCAN_H
#define SEGPROF_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "customer.h"
#include "diag.h"
#include "source.h"

enum {
	JSCAN_MAX_DEPTH = 512,
	JSCAN_MAX_VALUE = 64 << 20, /* bytes in one customer object or other value */
};

typedef struct jscan {
	source *src;
	uint64_t pos;   /* absolute offset of the next byte */
	diag *d;
	uint64_t key;   /* diagnostic order key for syntax errors */
	bool broken;    /* a syntax or read error: the structure is lost, stop */
	/* line/column bookkeeping, advanced incrementally (jscan_linecol) */
	uint64_t lc_off;
	long lc_line, lc_col;
} jscan;

/* Line and column (1-based, bytes) of absolute offset off, which must be in
 * the window and not before an offset asked for earlier (amortised O(1)). */
void jscan_linecol(jscan *j, uint64_t off, long *line, long *col);

/* Byte at pos, reading more if needed (keeping bytes from keep on):
 * -1 at end of input, -2 on a read error. */
int jscan_peek(jscan *j, uint64_t keep);

/* Skip JSON whitespace; returns the next byte as jscan_peek. */
int jscan_ws(jscan *j, uint64_t keep);

/* Pointer to absolute offset off, which must be in the window. */
static inline const char *jscan_at(const jscan *j, uint64_t off)
{
	return j->src->buf + (off - j->src->base);
}

/* Record a syntax error at absolute offset off and return SP_DATAERR
 * (SP_IOERR if the cause was a read error). */
sp_status jscan_syntax(jscan *j, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The error for what jscan_peek returned at pos when something else was
 * expected: end of input, a read error, or an unexpected byte. */
sp_status jscan_unexpected(jscan *j, int c, const char *expected);

/* After an element of an array or object: a ',' (*more = true) or the
 * closer (*more = false) is consumed; anything else is the error, naming
 * what was expected. */
sp_status jscan_after_element(jscan *j, int closer, const char *expected, bool *more);

/* Framing a container (or string) value inside a window b[0..n), b[n] a NUL:
 * the state between calls, zero at the value's first byte ('{', '[' or
 * '"'). */
typedef struct jscan_frame_state {
	unsigned depth;
	bool in_str, esc;
} jscan_frame_state;

typedef enum jscan_frame_result {
	JSCAN_FRAME_MORE,           /* *at == n: the value goes on past the window */
	JSCAN_FRAME_END,            /* *at just past the value's last byte */
	JSCAN_FRAME_NUL_IN_STRING,  /* *at at a NUL byte inside a string */
	JSCAN_FRAME_NUL,            /* *at at a NUL byte outside strings */
	JSCAN_FRAME_DEEP,           /* *at at the bracket that nests too deep */
} jscan_frame_result;

/* Frame from b + *at on: the fast path (SSE2 where there is SSE2) and the
 * portable one, which must agree on every input (tests/fuzz/fuzz_jscan.c).
 * Brackets are only counted ('}' may close '['); what is between them is
 * left to the parser. */
jscan_frame_result jscan_frame(const unsigned char *b, size_t *at, size_t n, jscan_frame_state *st);
jscan_frame_result jscan_frame_portable(const unsigned char *b, size_t *at, size_t n,
					 jscan_frame_state *st);

/* Span [*start, *end) of the value at pos (pos moves past it).  Bytes from
 * keep on stay in the window. */
sp_status jscan_value(jscan *j, uint64_t keep, uint64_t *start, uint64_t *end);

/* A guess at the span of the customer object at j->pos (a '{' there): the
 * rest of its line (read into the window; bytes from keep on are kept),
 * up to a '}' followed by a ',' and nothing but whitespace to the end of the
 * line (one customer a line, as most writers put them).  A raw newline is
 * never inside a JSON string, so the guess is right whenever the object is
 * valid JSON, which the worker's parse confirms (else jscan_frames_exactly
 * says).  true: *g is the guess (start, length, its first byte's line and
 * column); j->pos moves past the newline (the ',' taken).  false: nothing
 * moved. */
typedef struct jscan_guess {
	uint64_t start;
	size_t len;
	long line, col;
} jscan_guess;
bool jscan_line_value(jscan *j, uint64_t keep, jscan_guess *g);

/* jscan_line_value, then again for each next line that starts with '{'
 * (after spaces or tabs) and is in the window, up to max guesses in g:
 * how many. */
size_t jscan_line_values(jscan *j, uint64_t keep, jscan_guess *g, size_t max);

/* Tell the source where the line bookkeeping stands, if at a line's first
 * byte (source_mark_line): after jscan_line_value, the next line's.  Bytes
 * dropped from the window later need then not have their lines counted. */
void jscan_mark_line(jscan *j);

/* Whether jscan_value, at the first byte of text[0..len), would frame
 * exactly that span (without an error): the check of a guess that the
 * parser did not confirm. */
bool jscan_frames_exactly(const char *text, size_t len);

/* Decode the JSON string whose token is [start, end) into *out (malloc'd
 * when it has escapes, else pointing into the window: *owned tells).
 * SP_DATAERR with the error recorded if it is invalid. */
sp_status jscan_string(jscan *j, uint64_t start, uint64_t end, const char **out,
		       size_t *len, char **owned);

/* Map a jansson error in the value at [start, ...) and record it. */
sp_status jscan_jansson_error(jscan *j, uint64_t start, size_t len, const syntax_error *se);

/* The value [start, end) parsed by jansson into *out.  SP_OSERR when out of
 * memory; SP_DATAERR with the error recorded at its position -- except,
 * when int_overflow is not NULL, an integer beyond 64 bits, which is left
 * to the caller (*int_overflow set, nothing recorded). */
sp_status jscan_load(jscan *j, uint64_t start, uint64_t end, json_t **out, bool *int_overflow);

/* Skip an UTF-8 byte order mark at the very start. */
void jscan_skip_bom(jscan *j);

/* Name of the JSON type a value starting with byte c would have. */
const char *jscan_type_of(int c);

#endif
