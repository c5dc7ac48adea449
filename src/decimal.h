/* SPDX-License-Identifier: MIT */
/* decimal: exact decimal arithmetic for the money figures.
 *
 * Amounts arrive as the decimal the user wrote (number.h reads the token's
 * text, never a double) and are summed exactly in a fixed-point decimal
 * accumulator, so that no printed digit depends on the order of the input
 * or on binary rounding: mean(4120.75, 4522.60) = 4321.675 exactly, printed
 * 4321.68; 1.0049999999999999 stays below 1.005.
 *
 * Rounded results are "hundredths strings": the value times 100, rounded half
 * away from zero, as a string of decimal digits without leading zeros. */
#ifndef SEGPROF_DECIMAL_H
#define SEGPROF_DECIMAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* value = sum(limb[i] * 10^(XSUM_EMIN + 9 i)); the limbs carry lazily. */
enum { XSUM_LIMBS = 76, XSUM_EMIN = -342 };

typedef struct xsum {
	uint64_t limb[XSUM_LIMBS];
} xsum;

/* A decimal (-1)^neg * coef * 10^exp, the exact form of one number as
 * written (at most 19 significant digits: segprof(1) COMPUTATION, Numbers).  Amounts are
 * never negative; extra features may be. */
typedef struct dec {
	uint64_t coef;
	int exp;
	bool neg;
} dec;

/* "No value": an extra feature the customer does not have. */
#define DEC_NONE ((dec){0, INT_MIN, false})
static inline bool dec_is_none(dec v)
{
	return v.exp == INT_MIN;
}

/* Compare exactly: <0, 0, >0 (-0 equals 0). */
int dec_cmp(dec a, dec b);

/* v in plain decimal notation with a point ("660.0", "0.05", "-2.55"), or
 * as coefficient and exponent ("1e-400") when that would be longer than
 * len allows; exact either way, and a JSON number.  len >= 48. */
void dec_text(dec v, char *buf, size_t len);

/* A list of decimals in packed words, as small as the values allow.  While
 * every value is a whole number of hundredths below 2^31 in magnitude (every
 * money amount of two decimals, every small integer) or "no value", a word
 * is 4 bytes: that count offset by 2^31, so that the words sort as the values
 * do.  The first value that is not makes the list widen, once, to 8-byte
 * words: a value with at most six decimals below 2^62 millionths is that
 * count, offset likewise; any other value lives in a side table and the word
 * holds its index.  The median needs every amount: this keeps that list at
 * half the size of a list of doubles, or the same.  Values come back exact,
 * though not as written (427.670 may come back as 427.67). */
typedef struct dlist {
	void *v;             /* uint32_t words, or uint64_t with words64 */
	size_t n, cap;       /* words */
	bool words64;
	dec *wide;
	size_t n_wide, cap_wide;
} dlist;

bool dlist_push(dlist *l, dec v);            /* false: out of memory */
dec dlist_get(const dlist *l, size_t i);
bool dlist_append(dlist *dst, const dlist *src); /* false: out of memory */
void dlist_fini(dlist *l);
/* The k-th smallest of the list (0-based); the largest of the k before it
 * in *below (k > 0).  The list may be reordered. */
dec dlist_select(dlist *l, size_t k, dec *below);
/* The same by quickselect, reordering the list so that the k before the
 * k-th are no greater.  (dlist_select counts bits instead in a long list of
 * 4-byte words; the unit test compares the two.) */
dec dlist_select_by_compare(dlist *l, size_t k, dec *below);

/* Largest hundredths string: 76*9 digits and a carry. */
enum { HUNDREDTHS_MAX = XSUM_LIMBS * 9 + 2 };

/* Shortest decimal that reads back as d (d finite, >= 0). */
dec dec_from_double(double d);

/* d as the shortest text that reads back as d ("-2.55", "1e+300"), for
 * messages. */
void double_shortest_text(double d, char *buf, size_t len);

/* d in plain decimal notation, exact and shortest, always with a point
 * ("660.0", "0.05", "-2.55"): read back by any JSON reader as the same
 * double.  buf needs 400 bytes. */
void double_decimal_text(double d, char *buf, size_t len);

void xsum_clear(xsum *s);
void xsum_add(xsum *s, dec v);
void xsum_merge(xsum *dst, const xsum *src);
bool xsum_is_zero(const xsum *s);

/* out (HUNDREDTHS_MAX bytes) := round_half_away(100 * s / n); n > 0. */
void xsum_mean_hundredths(const xsum *s, uint64_t n, char *out);
/* The same rounded to `decimals` places (0..2): round_half_away(10^decimals
 * * s / n) as a digit string (the cards round the exact figures, not the
 * printed ones). */
void xsum_mean_rounded(const xsum *s, uint64_t n, int decimals, char *out);

/* Share in hundredths of a percent: round_half_away(100 * 100 * part / whole),
 * 0 when whole is 0; part <= whole. */
unsigned xsum_share_hundredths(const xsum *part, const xsum *whole);
/* The same with scale units per whole (100: whole percents). */
unsigned xsum_share_scaled(const xsum *part, const xsum *whole, unsigned scale);

/* Same rounding for an integer sum (frequencies): round(100 * sum / n). */
void int_mean_hundredths(unsigned __int128 sum, uint64_t n, char *out);
void int_mean_rounded(unsigned __int128 sum, uint64_t n, int decimals, char *out);

/* A compact exact sum for the per-cluster accumulators: money amounts (at
 * most six decimals, below 2^32) add into a 128-bit count of millionths;
 * anything else goes to a wide xsum allocated on first need.  16 bytes
 * instead of 600 for the common case, and one addition per customer. */
typedef struct msum {
	unsigned __int128 micro;
	xsum *wide;
} msum;

/* false when out of memory (the wide part could not be allocated). */
bool msum_add(msum *s, dec v);
bool msum_merge(msum *dst, const msum *src);
void msum_fini(msum *s);
/* The exact value as an xsum. */
void msum_to_xsum(const msum *s, xsum *out);
/* xsum_mean_rounded and xsum_share_scaled for msums: plain 128-bit
 * arithmetic when there is no wide part (the common case, and a hundred
 * thousand clusters must not each cost a 76-limb division). */
void msum_mean_rounded(const msum *s, uint64_t n, int decimals, char *out);
unsigned msum_share_scaled(const msum *part, const msum *whole, unsigned scale);

/* A signed exact sum, for extra features (which may be negative). */
typedef struct ssum {
	xsum pos, neg;
} ssum;

void ssum_clear(ssum *s);
void ssum_add(ssum *s, dec v);
void ssum_merge(ssum *dst, const ssum *src);
/* out := round_half_away(100 * s / n) as a hundredths string with a leading
 * '-' when negative (never "-0"); n > 0. */
void ssum_mean_hundredths(const ssum *s, uint64_t n, char *out);

/* |s| into mag (normalised); true when s is negative. */
bool ssum_magnitude(const ssum *s, xsum *mag);

/* s += v * 10^exp (exp >= XSUM_EMIN), for integer sums such as frequencies. */
void xsum_add_u128(xsum *s, unsigned __int128 v, int exp);

/* Compare two hundredths strings as numbers: <0, 0, >0. */
int hundredths_cmp(const char *a, const char *b);

/* Format hundredths as a real: shortest with at least one decimal
 * ("59111" -> "591.11", "54000" -> "540.0") when fixed2 is false, or with
 * exactly two decimals ("540.00") when true; a leading '-' is kept.
 * out needs HUNDREDTHS_MAX + 3. */
void hundredths_format(const char *h, bool fixed2, char *out);

/* The decimal digits of v into out (at least 40 bytes), NUL-terminated. */
void u128_digits(unsigned __int128 v, char *out);

#endif
