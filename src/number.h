/* SPDX-License-Identifier: MIT */
/* number: a JSON number token read exactly, as the decimal it writes.
 *
 * Every figure segprof prints is computed on the decimal the user wrote, so
 * numbers are read from their text, never through a double: "1.0049999999999999"
 * is 10049999999999999 * 10^-16, "9007199254740993.0" is the integer
 * 9007199254740993.  See segprof(1) COMPUTATION, Numbers. */
#ifndef SEGPROF_NUMBER_H
#define SEGPROF_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decimal.h"

/* At most this many significant digits are kept (10^19 - 1 < 2^64). */
enum { NUM_MAX_DIGITS = 19, NUM_EXP_CLAMP = 1000000 };

typedef struct num {
	bool neg;
	bool plain_int;  /* written without fraction or exponent */
	bool has_exp;    /* written with an exponent */
	bool lost;       /* more than NUM_MAX_DIGITS significant digits */
	uint64_t coef;   /* significant digits, trailing zeros dropped */
	int digits;      /* of coef (0 for zero) */
	long exp;        /* value = coef * 10^exp, unless lost (|exp| at most
			    NUM_EXP_CLAMP: beyond, the bound) */
	long magnitude;  /* value < 10^magnitude, >= 10^(magnitude-1); 0 for zero */
} num;

/* A number as most are written, at most 18 digits and no exponent, read
 * in one loop: every digit as one integer (no overflow, nothing lost). */
typedef struct num_short {
	uint64_t v;
	long sig;   /* digits from the first nonzero one on */
	long frac;  /* digits after the point */
	bool neg, point;
} num_short;

/* Its length, or 0 for any other token, or none (num_scan says which). */
static inline __attribute__((always_inline)) size_t num_scan_short(const char *p, const char *end,
								 num_short *out)
{
	const char *b = p;
	bool neg = p < end && *p == '-';
	p += neg;
	if (p >= end || *p < '0' || *p > '9')
		return 0;
	uint64_t v = 0;
	long sig = 0, frac = 0;
	const char *digits = p;
	if (*p == '0') {
		if (++p < end && *p >= '0' && *p <= '9')
			return 0;
		digits = p;
	} else {
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		sig = p - digits;
	}
	long total = p - digits;
	bool point = p < end && *p == '.';
	if (point) {
		if (++p >= end || *p < '0' || *p > '9')
			return 0;
		for (; p < end && *p >= '0' && *p <= '9'; p++, frac++) {
			v = v * 10 + (uint64_t)(*p - '0');
			sig += v != 0;
		}
	}
	if (total + frac > 18 || (p < end && (*p == 'e' || *p == 'E')))
		return 0;
	*out = (num_short){v, sig, frac, neg, point};
	return (size_t)(p - b);
}

/* The exact decimal of a short number, as num_dec gives it. */
static inline dec num_short_dec(const num_short *s)
{
	if (!s->v)
		return (dec){0, 0, false};
	uint64_t v = s->v;
	long zeros = 0;
	for (; v % 10 == 0; v /= 10)
		zeros++;
	return (dec){v, (int)(zeros - s->frac), s->neg};
}

/* The JSON number token at [p, end), strictly by the grammar (RFC 8259): its
 * length, or 0 if p does not start one.  The token ends where the grammar
 * does; the caller checks what follows. */
size_t num_scan(const char *p, const char *end, num *out);
/* The same, one digit at a time for every number (num_scan reads the
 * common ones faster and must agree with this: the fuzzing harness
 * fuzz_number compares the two). */
size_t num_scan_general(const char *p, const char *end, num *out);

/* Whether all of [p, p + n) is one JSON number token. */
bool num_parse(const char *p, size_t n, num *out);

typedef enum num_int {
	NUM_INT_OK,
	NUM_INT_FRACTION, /* not integral (1.5) */
	NUM_INT_RANGE,    /* integral, beyond 64 bits */
} num_int;

/* An integral value (1.0, 1e3, 12346.0 are integers) as an int64_t; -0 is 0. */
num_int num_to_int64(const num *n, int64_t *out);

/* The exact value (n->lost false): -0 is 0. */
static inline dec num_dec(const num *n)
{
	return (dec){n->coef, n->coef ? (int)n->exp : 0, n->neg && n->coef};
}

/* Whether an amount or extra feature can be kept exactly: at most 19
 * significant digits (a double has 17), within a double's range.  Else
 * the message says why not. */
const char *num_value_problem(const num *n);

/* A CSV id field written as an integral real ("12346.0", "1.2346e4", "-0"):
 * its integer text ("12346") into out (24 bytes), true.  false for anything
 * else, plain integers included (already their own text): the field is the
 * id as written. */
bool num_integral_text(const char *s, size_t n, char *out, size_t *out_len);

/* NaN, Infinity, -Infinity (as Python's json and pandas write them) at
 * [p, end): the token's length, else 0. */
size_t num_nonfinite_token(const char *p, const char *end);

/* The message for such a token: "NaN is not a JSON number (...)". */
const char *num_nonfinite_message(const char *p, size_t len);

#endif
