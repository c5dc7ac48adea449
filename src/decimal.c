/* SPDX-License-Identifier: MIT */
/* decimal: exact decimal sums, means, shares and their rounding. */
#include "decimal.h"

#include "bigmem.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t POW10[19] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
	1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
	1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL,
};
#define BASE 1000000000ULL

dec dec_from_double(double d)
{
	/* Fast path, for money: below 2^32 a double's ulp is under 1e-6, so at
	 * most one multiple of 1e-6 reads back as d, and m / 1e6 is the correctly
	 * rounded value of that decimal (IEEE division). */
	if (d < 4294967296.0) {
		double m = nearbyint(d * 1e6);
		if (m / 1e6 == d)
			return (dec){(uint64_t)m, -6, false};
	}
	/* Slow path: the shortest %e form that reads back as d. */
	char buf[40];
	for (int prec = 0; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	dec v = {0, 0, false};
	const char *p = buf;
	int frac_digits = 0;
	bool in_frac = false;
	for (; *p && *p != 'e'; p++) {
		if (*p == '.') {
			in_frac = true;
			continue;
		}
		v.coef = v.coef * 10 + (uint64_t)(*p - '0');
		frac_digits += in_frac;
	}
	v.exp = (*p == 'e' ? atoi(p + 1) : 0) - frac_digits;
	return v;
}

static int coef_digits(uint64_t c)
{
	int n = 1;
	while (n < 19 && c >= POW10[n])
		n++;
	if (n == 19 && c >= 10000000000000000000ULL)
		n = 20;
	return n;
}

/* Compare magnitudes a, b (coef != 0 both). */
static int mag_cmp(dec a, dec b)
{
	long ma = (long)coef_digits(a.coef) + a.exp, mb = (long)coef_digits(b.coef) + b.exp;
	if (ma != mb)
		return ma < mb ? -1 : 1;
	/* same order of magnitude: the exponents differ by at most 18 */
	unsigned __int128 x = a.coef, y = b.coef;
	for (int e = a.exp; e > b.exp; e--)
		x *= 10;
	for (int e = b.exp; e > a.exp; e--)
		y *= 10;
	return (x > y) - (x < y);
}

int dec_cmp(dec a, dec b)
{
	bool za = a.coef == 0, zb = b.coef == 0;
	if (za || zb) {
		if (za && zb)
			return 0;
		if (za)
			return b.neg ? 1 : -1;
		return a.neg ? -1 : 1;
	}
	if (a.neg != b.neg)
		return a.neg ? -1 : 1;
	int c = mag_cmp(a, b);
	return a.neg ? -c : c;
}

void dec_text(dec v, char *buf, size_t len)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%" PRIu64, v.coef);
	int exp = v.exp;
	while (n > 1 && digits[n - 1] == '0') {
		digits[--n] = '\0';
		exp++;
	}
	if (v.coef == 0)
		exp = 0;
	const char *sign = v.neg && v.coef ? "-" : "";
	/* plain: digits, exp zeros and ".0"; or 0. and -exp-n zeros and digits */
	long plain = exp >= 0 ? (long)n + exp + 3 : (long)(-exp > n ? -exp : n) + 4;
	if (plain + 2 > (long)len) {
		snprintf(buf, len, "%s%se%d", sign, digits, exp);
		return;
	}
	char *w = buf + snprintf(buf, len, "%s", sign);
	if (exp >= 0) {
		w += sprintf(w, "%s", digits);
		for (int i = 0; i < exp; i++)
			*w++ = '0';
		strcpy(w, ".0");
		return;
	}
	int point = n + exp; /* digits before the point */
	if (point <= 0) {
		*w++ = '0';
		*w++ = '.';
		for (int i = 0; i < -point; i++)
			*w++ = '0';
		strcpy(w, digits);
		return;
	}
	memcpy(w, digits, (size_t)point);
	w[point] = '.';
	strcpy(w + point + 1, digits + point);
}

/* 8-byte words: below WIDE, a count of millionths offset by 2^62; from WIDE
 * on, an index into the side table. */
#define WIDE ((uint64_t)1 << 63)
#define OFFSET ((uint64_t)1 << 62)
#define PACKED_NONE UINT64_MAX
/* 4-byte words: a count of hundredths offset by 2^31; below the largest
 * magnitude, so that no value is NARROW_NONE. */
#define NARROW_OFFSET ((uint32_t)1 << 31)
#define NARROW_MAX (NARROW_OFFSET - 1)
#define NARROW_NONE UINT32_MAX
/* hundredths in millionths */
#define NARROW_SCALE 10000u

/* v as a packed count of millionths, or false. */
static bool pack_micro(dec v, uint64_t *out)
{
	if (dec_is_none(v) || v.exp < -6 || v.exp > 12)
		return false;
	unsigned __int128 m = (unsigned __int128)v.coef * POW10[v.exp + 6];
	if (m >= OFFSET)
		return false;
	*out = v.neg ? OFFSET - (uint64_t)m : OFFSET + (uint64_t)m;
	return true;
}

static dec unpack_micro(uint64_t w)
{
	if (w >= OFFSET)
		return (dec){w - OFFSET, -6, false};
	return (dec){OFFSET - w, -6, true};
}

/* v as a 4-byte word, or false when it is not a whole number of hundredths
 * below NARROW_MAX in magnitude. */
static bool pack_narrow(dec v, uint32_t *out)
{
	if (dec_is_none(v)) {
		*out = NARROW_NONE;
		return true;
	}
	if (v.exp < -2 - 18 || v.exp > 9)
		return false;
	uint64_t h;
	if (v.exp == -2) { /* cents as written: the common case */
		if (v.coef >= NARROW_MAX)
			return false;
		h = v.coef;
	} else if (v.exp > -2) {
		unsigned __int128 m = (unsigned __int128)v.coef * POW10[v.exp + 2];
		if (m >= NARROW_MAX)
			return false;
		h = (uint64_t)m;
	} else {
		uint64_t p = POW10[-2 - v.exp];
		if (v.coef % p || v.coef / p >= NARROW_MAX)
			return false;
		h = v.coef / p;
	}
	*out = v.neg ? NARROW_OFFSET - (uint32_t)h : NARROW_OFFSET + (uint32_t)h;
	return true;
}

static dec unpack_narrow(uint32_t w)
{
	if (w == NARROW_NONE)
		return DEC_NONE;
	if (w >= NARROW_OFFSET)
		return (dec){w - NARROW_OFFSET, -2, false};
	return (dec){NARROW_OFFSET - w, -2, true};
}

/* The 8-byte word of a 4-byte one (the same value, in millionths). */
static uint64_t narrow_to_micro(uint32_t w)
{
	if (w == NARROW_NONE)
		return PACKED_NONE;
	if (w >= NARROW_OFFSET)
		return OFFSET + (uint64_t)(w - NARROW_OFFSET) * NARROW_SCALE;
	return OFFSET - (uint64_t)(NARROW_OFFSET - w) * NARROW_SCALE;
}

static size_t word_size(const dlist *l)
{
	return l->words64 ? sizeof(uint64_t) : sizeof(uint32_t);
}

/* Room for cap words of the list's size. */
static bool words_room(dlist *l, size_t cap)
{
	if (cap <= l->cap)
		return true;
	if (cap > SIZE_MAX / sizeof(uint64_t))
		return false;
	void *v = big_grow(l->v, l->cap * word_size(l), cap * word_size(l));
	if (!v)
		return false;
	l->v = v;
	l->cap = cap;
	return true;
}

/* From 4-byte words to 8-byte ones, in place: the block doubles and the
 * words move from the last down (word i lands on narrow words 2i and 2i+1,
 * which are at or after i: already read). */
static bool widen(dlist *l)
{
	if (l->words64)
		return true;
	size_t cap = l->cap ? l->cap : 16;
	if (cap > SIZE_MAX / sizeof(uint64_t))
		return false;
	void *v = big_grow(l->v, l->cap * sizeof(uint32_t), cap * sizeof(uint64_t));
	if (!v)
		return false;
	const uint32_t *from = v;
	uint64_t *to = v;
	for (size_t i = l->n; i-- > 0;)
		to[i] = narrow_to_micro(from[i]);
	l->v = v;
	l->cap = cap;
	l->words64 = true;
	return true;
}

/* The 8-byte word of v, v going to the side table if need be. */
static bool word64_of(dlist *l, dec v, uint64_t *w)
{
	if (dec_is_none(v)) {
		*w = PACKED_NONE;
		return true;
	}
	if (pack_micro(v, w))
		return true;
	if (l->n_wide == l->cap_wide) {
		size_t cap = l->cap_wide ? l->cap_wide * 2 : 4;
		dec *nw = realloc(l->wide, cap * sizeof *nw);
		if (!nw)
			return false;
		l->wide = nw;
		l->cap_wide = cap;
	}
	l->wide[l->n_wide] = v;
	*w = WIDE | l->n_wide++;
	return true;
}

bool dlist_push(dlist *l, dec v)
{
	if (l->n == l->cap && !words_room(l, l->cap ? l->cap * 2 : 16))
		return false;
	uint32_t w32;
	if (!l->words64) {
		if (pack_narrow(v, &w32)) {
			((uint32_t *)l->v)[l->n++] = w32;
			return true;
		}
		if (!widen(l))
			return false;
	}
	uint64_t w;
	if (!word64_of(l, v, &w))
		return false;
	((uint64_t *)l->v)[l->n++] = w;
	return true;
}

static inline dec unpack(const dlist *l, uint64_t w)
{
	if (w == PACKED_NONE)
		return DEC_NONE;
	return w & WIDE ? l->wide[w & ~WIDE] : unpack_micro(w);
}

dec dlist_get(const dlist *l, size_t i)
{
	if (!l->words64)
		return unpack_narrow(((const uint32_t *)l->v)[i]);
	return unpack(l, ((const uint64_t *)l->v)[i]);
}

bool dlist_append(dlist *dst, const dlist *src)
{
	if (src->words64 && !widen(dst))
		return false;
	if (dst->n + src->n > dst->cap && !words_room(dst, dst->n + src->n))
		return false;
	if (!dst->words64) { /* both narrow */
		if (src->n)
			memcpy((uint32_t *)dst->v + dst->n, src->v, src->n * sizeof(uint32_t));
		dst->n += src->n;
		return true;
	}
	if (dst->n_wide + src->n_wide > dst->cap_wide) {
		size_t cap = dst->n_wide + src->n_wide;
		dec *nw = realloc(dst->wide, cap * sizeof *nw);
		if (!nw)
			return false;
		dst->wide = nw;
		dst->cap_wide = cap;
	}
	uint64_t *to = (uint64_t *)dst->v + dst->n;
	if (!src->words64) {
		for (size_t i = 0; i < src->n; i++)
			to[i] = narrow_to_micro(((const uint32_t *)src->v)[i]);
	} else {
		for (size_t i = 0; i < src->n; i++) {
			uint64_t w = ((const uint64_t *)src->v)[i];
			to[i] = w != PACKED_NONE && (w & WIDE) ? w + dst->n_wide : w;
		}
	}
	if (src->n_wide)
		memcpy(dst->wide + dst->n_wide, src->wide, src->n_wide * sizeof *src->wide);
	dst->n += src->n;
	dst->n_wide += src->n_wide;
	return true;
}

void dlist_fini(dlist *l)
{
	big_grow_free(l->v, l->cap * word_size(l));
	free(l->wide);
	memset(l, 0, sizeof *l);
}

/* Packed words in value order: millionths compare as integers (the offset
 * keeps the order), anything else exactly. */
static inline int word_cmp(const dlist *l, uint64_t a, uint64_t b)
{
	if (!((a | b) & WIDE))
		return (a > b) - (a < b);
	return dec_cmp(unpack(l, a), unpack(l, b));
}

/* Quickselect with a three-way partition (amounts repeat a lot) and a
 * pseudo-random pivot, so that no input order makes it quadratic.  The same
 * for both word sizes; CMP(x, y) orders two words. */
#define SELECT(v, n, k, CMP)                                                     \
	do {                                                                     \
		size_t lo = 0, hi = (n);                                         \
		uint64_t rng = 0x9E3779B97F4A7C15ULL ^ (n);                      \
		while (hi - lo > 1) {                                            \
			rng ^= rng << 13;                                        \
			rng ^= rng >> 7;                                         \
			rng ^= rng << 17;                                        \
			__typeof__(*(v)) pivot = (v)[lo + rng % (hi - lo)];      \
			size_t lt = lo, i = lo, gt = hi;                         \
			while (i < gt) {                                         \
				__typeof__(*(v)) x = (v)[i];                     \
				int c = CMP(x, pivot);                           \
				if (c < 0) {                                     \
					(v)[i++] = (v)[lt];                      \
					(v)[lt++] = x;                           \
				} else if (c > 0) {                              \
					(v)[i] = (v)[--gt];                      \
					(v)[gt] = x;                             \
				} else {                                         \
					i++;                                     \
				}                                                \
			}                                                        \
			if ((k) < lt)                                            \
				hi = lt;                                         \
			else if ((k) >= gt)                                      \
				lo = gt;                                         \
			else                                                     \
				break;                                           \
		}                                                                \
	} while (0)

enum {
	RADIX_BITS = 11, /* of a word, counted in one round (a 16 KB table) */
	RADIX_MIN = 512, /* words in a list, at least, for counting to pay */
};

/* The k-th smallest of the candidates c[0..n), all in [lo, hi] (lo < hi):
 * counted by the RADIX_BITS bits below the highest bit of their spread,
 * those in the bucket of rank k are copied to *out (which may be c;
 * allocated for them when NULL), their bounds put in *lo, *hi and their
 * count returned; *k becomes the rank among them.  With *want_below, when
 * rank k is the first of its bucket, the largest word of the buckets before
 * it goes to *below and *want_below to false.  SIZE_MAX: out of memory. */
static size_t radix_round(const uint32_t *c, size_t n, size_t *k, uint32_t *lo, uint32_t *hi,
			  uint32_t **out, bool *want_below, uint32_t *below)
{
	size_t count[1u << RADIX_BITS];
	uint32_t mn = *lo;
	int bits = 32 - __builtin_clz(*hi - mn);
	unsigned shift = bits > RADIX_BITS ? (unsigned)(bits - RADIX_BITS) : 0;
	size_t n_buckets = (size_t)((*hi - mn) >> shift) + 1;
	memset(count, 0, n_buckets * sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[(c[i] - mn) >> shift]++;
	size_t b = 0, before = 0;
	while (before + count[b] <= *k)
		before += count[b++];
	uint32_t start = mn + ((uint32_t)b << shift);
	if (*want_below && *k == before) {
		uint32_t m = 0;
		for (size_t i = 0; i < n; i++)
			m = c[i] < start && c[i] > m ? c[i] : m;
		*below = m;
		*want_below = false;
	}
	if (!*out && !(*out = malloc(count[b] * sizeof **out)))
		return SIZE_MAX;
	uint32_t *o = *out, new_lo = UINT32_MAX, new_hi = 0;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t x = c[i];
		if ((uint32_t)(x - mn) >> shift == b) {
			o[m++] = x;
			new_lo = x < new_lo ? x : new_lo;
			new_hi = x > new_hi ? x : new_hi;
		}
	}
	*k -= before;
	*lo = new_lo;
	*hi = new_hi;
	return m;
}

/* select_narrow by rounds of radix_round, for a list of at least
 * RADIX_MIN words: three passes over the list and a few over ever fewer
 * candidates, no branch on the order of two words, the list only read.
 * false: out of memory. */
static bool radix_select(const uint32_t *v, size_t n, size_t k, uint32_t *kth, uint32_t *below)
{
	uint32_t lo = UINT32_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	bool want_below = below && k > 0;
	uint32_t *cand = NULL; /* (the first round's bucket: later ones fit) */
	const uint32_t *c = v;
	while (lo != hi) {
		n = radix_round(c, n, &k, &lo, &hi, &cand, &want_below, below);
		if (n == SIZE_MAX)
			return false;
		c = cand;
	}
	free(cand);
	/* all candidates equal: the k-th, and the one before it when it is
	 * among them (want_below still) */
	*kth = lo;
	if (want_below)
		*below = lo;
	return true;
}

static dec select_narrow(uint32_t *v, size_t n, size_t k, dec *below)
{
#define NARROW_CMP(a, b) (((a) > (b)) - ((a) < (b)))
	SELECT(v, n, k, NARROW_CMP);
#undef NARROW_CMP
	if (below && k > 0) {
		uint32_t m = v[0];
		for (size_t i = 1; i < k; i++)
			if (v[i] > m)
				m = v[i];
		*below = unpack_narrow(m);
	}
	/* v[k] holds the k-th: the partition left it in place */
	return unpack_narrow(v[k]);
}

static dec select_words64(const dlist *l, uint64_t *v, size_t n, size_t k, dec *below)
{
#define WORD_CMP(a, b) word_cmp(l, a, b)
	SELECT(v, n, k, WORD_CMP);
#undef WORD_CMP
	if (below && k > 0) {
		uint64_t m = v[0];
		for (size_t i = 1; i < k; i++)
			if (word_cmp(l, v[i], m) > 0)
				m = v[i];
		*below = unpack(l, m);
	}
	return unpack(l, v[k]);
}

dec dlist_select_by_compare(dlist *l, size_t k, dec *below)
{
	if (!l->words64)
		return select_narrow(l->v, l->n, k, below);
	return select_words64(l, l->v, l->n, k, below);
}

dec dlist_select(dlist *l, size_t k, dec *below)
{
	uint32_t kth, before;
	if (l->words64 || l->n < RADIX_MIN ||
	    !radix_select(l->v, l->n, k, &kth, below ? &before : NULL))
		return dlist_select_by_compare(l, k, below);
	if (below && k > 0)
		*below = unpack_narrow(before);
	return unpack_narrow(kth);
}

void double_shortest_text(double d, char *buf, size_t len)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

void double_decimal_text(double d, char *buf, size_t len)
{
	char digits[24], *w = buf, *end = buf + len - 1;
	bool neg = signbit(d) && d != 0;
	dec v = dec_from_double(neg ? -d : d);
	int n = snprintf(digits, sizeof digits, "%" PRIu64, v.coef);
	/* drop trailing zeros of the coefficient into the exponent */
	while (n > 1 && digits[n - 1] == '0') {
		digits[--n] = '\0';
		v.exp++;
	}
	if (neg && w < end)
		*w++ = '-';
	if (v.exp >= 0) {
		for (int i = 0; i < n && w < end; i++)
			*w++ = digits[i];
		for (int i = 0; i < v.exp && w < end; i++)
			*w++ = '0';
		if (w + 2 <= end) {
			*w++ = '.';
			*w++ = '0';
		}
	} else {
		int point = n + v.exp; /* digits before the point */
		if (point <= 0) {
			if (w < end) *w++ = '0';
			if (w < end) *w++ = '.';
			for (int i = 0; i < -point && w < end; i++)
				*w++ = '0';
			for (int i = 0; i < n && w < end; i++)
				*w++ = digits[i];
		} else {
			for (int i = 0; i < n && w < end; i++) {
				if (i == point)
					*w++ = '.';
				*w++ = digits[i];
			}
		}
	}
	*w = '\0';
}

void xsum_clear(xsum *s)
{
	memset(s, 0, sizeof *s);
}

/* Add c (< BASE) * 10^k units at limb i; k in 0..8.  Each limb grows by less
 * than 2 * BASE per call, so 2^64 is reached only after ~9e9 additions;
 * callers normalise long before (xsum_merge, and never more than 2^32 adds
 * between merges in practice). */
static inline void add_piece(xsum *s, size_t i, uint64_t c, unsigned k)
{
	uint64_t x = c * POW10[k]; /* < 1e17 */
	s->limb[i] += x % BASE;
	if (i + 1 < XSUM_LIMBS)
		s->limb[i + 1] += x / BASE;
}

void xsum_add(xsum *s, dec v)
{
	if (v.coef == 0)
		return;
	/* Digits below 10^XSUM_EMIN are dropped (segprof(1) COMPUTATION,
	 * Numbers): only amounts below 10^-323 have them, and a figure printed
	 * to 2 decimals does not depend on them. */
	int rel = v.exp - XSUM_EMIN;
	if (rel < 0) {
		uint64_t c = v.coef;
		while (rel < 0 && c) {
			c /= 10;
			rel++;
		}
		v.coef = c;
	}
	size_t i = (size_t)rel / 9;
	unsigned k = (unsigned)rel % 9;
	uint64_t c = v.coef;
	/* coef < 2^64 < 1e20: at most three base-1e9 pieces. */
	for (; c && i < XSUM_LIMBS; i++, c /= BASE)
		add_piece(s, i, c % BASE, k);
}

static void normalize(xsum *s)
{
	uint64_t carry = 0;
	for (size_t i = 0; i < XSUM_LIMBS; i++) {
		uint64_t x = s->limb[i] + carry;
		s->limb[i] = x % BASE;
		carry = x / BASE;
	}
	/* carry out of the top limb is impossible: 10^342 far exceeds any sum of
	 * at most 2^64 doubles. */
}

void xsum_merge(xsum *dst, const xsum *src)
{
	xsum t = *src;
	normalize(&t);
	normalize(dst);
	for (size_t i = 0; i < XSUM_LIMBS; i++)
		dst->limb[i] += t.limb[i];
	normalize(dst);
}

bool xsum_is_zero(const xsum *s)
{
	for (size_t i = 0; i < XSUM_LIMBS; i++)
		if (s->limb[i])
			return false;
	return true;
}

/* Digits of q (normalised limbs) as a string, most significant first,
 * exactly XSUM_LIMBS*9 characters with leading zeros. */
static void limbs_to_digits(const uint64_t *q, char *out)
{
	for (size_t i = 0; i < XSUM_LIMBS; i++) {
		uint64_t x = q[XSUM_LIMBS - 1 - i];
		for (int k = 8; k >= 0; k--) {
			out[i * 9 + (size_t)k] = (char)('0' + x % 10);
			x /= 10;
		}
	}
	out[XSUM_LIMBS * 9] = '\0';
}

/* Increment a digit string in place; it has room for one more leading digit
 * at out[-1] is NOT assumed: the caller passes a buffer with a spare '0'. */
static void digits_increment(char *s)
{
	for (size_t i = strlen(s); i-- > 0;) {
		if (s[i] == '9') {
			s[i] = '0';
		} else {
			s[i]++;
			return;
		}
	}
}

/* From "0" + digits of Q (units 10^XSUM_EMIN), produce round_half_away(Q *
 * 10^(XSUM_EMIN + 2)) as a hundredths string (Q's remainder below one unit is
 * irrelevant: see xsum_mean_hundredths). */
static void units_to_rounded(char *digits, int decimals, char *out)
{
	/* digits: 1 spare + XSUM_LIMBS*9; the last -(XSUM_EMIN+decimals) are
	 * dropped. */
	size_t len = strlen(digits);
	size_t drop = (size_t)(-(XSUM_EMIN + decimals));
	size_t keep = len - drop;
	bool up = digits[keep] >= '5';
	digits[keep] = '\0';
	if (up)
		digits_increment(digits);
	const char *p = digits;
	while (*p == '0' && p[1])
		p++;
	strcpy(out, p);
}

void xsum_mean_hundredths(const xsum *s, uint64_t n, char *out)
{
	xsum_mean_rounded(s, n, 2, out);
}

void xsum_mean_rounded(const xsum *s, uint64_t n, int decimals, char *out)
{
	xsum t = *s;
	normalize(&t);
	/* Q = floor(S / n).  S/n*100 in units: Q + R/n with R/n < 1, and since
	 * the rounding position lies 340 digits above the unit, the first dropped
	 * digit of Q alone decides it: L + R/n >= 5*10^339 iff L >= 5*10^339. */
	unsigned __int128 rem = 0;
	size_t top = XSUM_LIMBS;
	while (top > 0 && t.limb[top - 1] == 0)
		top--;
	for (size_t i = top; i-- > 0;) {
		/* 64-bit division while it fits (n below 2^34: always, in practice) */
		if (rem < ((uint64_t)1 << 34)) {
			uint64_t cur = (uint64_t)rem * BASE + t.limb[i];
			t.limb[i] = cur / n;
			rem = cur % n;
			continue;
		}
		unsigned __int128 cur = rem * BASE + t.limb[i];
		t.limb[i] = (uint64_t)(cur / n);
		rem = cur % n;
	}
	char digits[XSUM_LIMBS * 9 + 2];
	digits[0] = '0';
	limbs_to_digits(t.limb, digits + 1);
	units_to_rounded(digits, decimals, out);
}

/* a * m for normalised a, m < 2^32: result in r (XSUM_LIMBS + 2 limbs). */
static void mul_small(const uint64_t *a, uint64_t m, uint64_t *r)
{
	/* a[i] < 1e9 and m < 2^32: a[i] * m + carry < 2^63, 64-bit arithmetic */
	uint64_t carry = 0;
	for (size_t i = 0; i < XSUM_LIMBS; i++) {
		uint64_t x = a[i] * m + carry;
		r[i] = x % BASE;
		carry = x / BASE;
	}
	r[XSUM_LIMBS] = carry % BASE;
	r[XSUM_LIMBS + 1] = carry / BASE;
}

/* The value of normalised s as a long double (an estimate). */
static long double xsum_estimate(const xsum *s)
{
	long double v = 0;
	for (size_t i = XSUM_LIMBS; i-- > 0;)
		v = v * 1e9L + (long double)s->limb[i];
	return v;
}

static int cmp_wide(const uint64_t *a, const uint64_t *b)
{
	for (size_t i = XSUM_LIMBS + 2; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

unsigned xsum_share_hundredths(const xsum *part, const xsum *whole)
{
	return xsum_share_scaled(part, whole, 10000);
}

unsigned xsum_share_scaled(const xsum *part, const xsum *whole, unsigned scale)
{
	xsum p = *part, w = *whole;
	normalize(&p);
	normalize(&w);
	if (xsum_is_zero(&w))
		return 0;
	/* r = round_half_away(scale p / w) is the largest r in [0, scale] with
	 * (2r - 1) w <= 2 scale p. */
	uint64_t rhs[XSUM_LIMBS + 2], lhs[XSUM_LIMBS + 2];
	mul_small(p.limb, 2 * (uint64_t)scale, rhs);
	/* Start from an estimate and confirm it exactly: a few comparisons
	 * instead of a binary search over [0, scale]. */
	long double est = xsum_estimate(&p) * scale / xsum_estimate(&w);
	unsigned guess = est <= 0 ? 0 : est >= scale ? scale : (unsigned)(est + 0.5L);
	unsigned lo = guess > 2 ? guess - 2 : 0, hi = guess + 2 < scale ? guess + 2 : scale;
	if (lo > 0) {
		mul_small(w.limb, 2 * (uint64_t)lo - 1, lhs);
		if (cmp_wide(lhs, rhs) > 0)
			lo = 0; /* the estimate was off: search everything */
	}
	if (hi < scale) {
		mul_small(w.limb, 2 * (uint64_t)(hi + 1) - 1, lhs);
		if (cmp_wide(lhs, rhs) <= 0)
			hi = scale;
	}
	while (lo < hi) {
		unsigned mid = lo + (hi - lo + 1) / 2;
		mul_small(w.limb, 2 * (uint64_t)mid - 1, lhs);
		if (cmp_wide(lhs, rhs) <= 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

void int_mean_hundredths(unsigned __int128 sum, uint64_t n, char *out)
{
	int_mean_rounded(sum, n, 2, out);
}

void int_mean_rounded(unsigned __int128 sum, uint64_t n, int decimals, char *out)
{
	unsigned scale = decimals == 0 ? 1 : decimals == 1 ? 10 : 100;
	unsigned __int128 q = sum / n, r = sum % n;
	/* scale * sum / n = scale q + scale r / n; round half away on the fraction. */
	unsigned __int128 h = q * scale + (r * scale) / n;
	unsigned __int128 frac = (r * scale) % n;
	if (2 * frac >= n)
		h++;
	char tmp[48];
	size_t len = 0;
	do {
		tmp[len++] = (char)('0' + (int)(h % 10));
		h /= 10;
	} while (h);
	for (size_t i = 0; i < len; i++)
		out[i] = tmp[len - 1 - i];
	out[len] = '\0';
}

bool msum_add(msum *s, dec v)
{
	/* millionths below 2^62 (every money amount): one 128-bit addition */
	if (v.exp >= -6 && v.exp <= 12) {
		unsigned __int128 m = (unsigned __int128)v.coef * POW10[v.exp + 6];
		if (m < ((uint64_t)1 << 62)) {
			s->micro += m;
			return true;
		}
	}
	if (!s->wide && !(s->wide = calloc(1, sizeof *s->wide)))
		return false;
	xsum_add(s->wide, v);
	return true;
}

bool msum_merge(msum *dst, const msum *src)
{
	dst->micro += src->micro;
	if (!src->wide)
		return true;
	if (!dst->wide && !(dst->wide = calloc(1, sizeof *dst->wide)))
		return false;
	xsum_merge(dst->wide, src->wide);
	return true;
}

void msum_fini(msum *s)
{
	free(s->wide);
	s->wide = NULL;
	s->micro = 0;
}

void xsum_add_u128(xsum *s, unsigned __int128 v, int exp)
{
	/* v < 2^128 < 10^39: three pieces of at most 18 digits */
	const uint64_t e18 = 1000000000000000000ULL;
	xsum_add(s, (dec){(uint64_t)(v % e18), exp, false});
	v /= e18;
	xsum_add(s, (dec){(uint64_t)(v % e18), exp + 18, false});
	v /= e18;
	xsum_add(s, (dec){(uint64_t)v, exp + 36, false});
}

void msum_to_xsum(const msum *s, xsum *out)
{
	xsum_clear(out);
	xsum_add_u128(out, s->micro, -6);
	if (s->wide)
		xsum_merge(out, s->wide);
}

void u128_digits(unsigned __int128 v, char *out)
{
	char tmp[48];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Below this a micro sum times 10^4 and a divisor of 10^6 * n stay far from
 * 2^128. */
#define MICRO_FAST ((unsigned __int128)1 << 100)

void msum_mean_rounded(const msum *s, uint64_t n, int decimals, char *out)
{
	if (s->wide || s->micro >= MICRO_FAST) {
		xsum x;
		msum_to_xsum(s, &x);
		xsum_mean_rounded(&x, n, decimals, out);
		return;
	}
	/* round_half_away(micro * 10^d / (10^6 n)) */
	unsigned __int128 num = s->micro * (decimals == 0 ? 1 : decimals == 1 ? 10 : 100);
	unsigned __int128 den = (unsigned __int128)1000000 * n;
	unsigned __int128 q = num / den, r = num % den;
	if (2 * r >= den)
		q++;
	u128_digits(q, out);
}

unsigned msum_share_scaled(const msum *part, const msum *whole, unsigned scale)
{
	if (part->wide || whole->wide || whole->micro >= MICRO_FAST) {
		xsum p, w;
		msum_to_xsum(part, &p);
		msum_to_xsum(whole, &w);
		return xsum_share_scaled(&p, &w, scale);
	}
	if (whole->micro == 0)
		return 0;
	unsigned __int128 num = part->micro * scale, den = whole->micro;
	unsigned __int128 q = num / den, r = num % den;
	if (2 * r >= den)
		q++;
	return (unsigned)q;
}

void ssum_clear(ssum *s)
{
	xsum_clear(&s->pos);
	xsum_clear(&s->neg);
}

void ssum_add(ssum *s, dec v)
{
	xsum_add(v.neg ? &s->neg : &s->pos, v);
}

void ssum_merge(ssum *dst, const ssum *src)
{
	xsum_merge(&dst->pos, &src->pos);
	xsum_merge(&dst->neg, &src->neg);
}

/* Compare normalised sums. */
static int xsum_cmp(const xsum *a, const xsum *b)
{
	for (size_t i = XSUM_LIMBS; i-- > 0;)
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	return 0;
}

/* a - b for normalised a >= b. */
static void xsum_sub(const xsum *a, const xsum *b, xsum *r)
{
	uint64_t borrow = 0;
	for (size_t i = 0; i < XSUM_LIMBS; i++) {
		uint64_t sub = b->limb[i] + borrow;
		if (a->limb[i] >= sub) {
			r->limb[i] = a->limb[i] - sub;
			borrow = 0;
		} else {
			r->limb[i] = a->limb[i] + BASE - sub;
			borrow = 1;
		}
	}
}

bool ssum_magnitude(const ssum *s, xsum *mag)
{
	xsum p = s->pos, q = s->neg;
	normalize(&p);
	normalize(&q);
	bool negative = xsum_cmp(&p, &q) < 0;
	if (negative)
		xsum_sub(&q, &p, mag);
	else
		xsum_sub(&p, &q, mag);
	return negative;
}

void ssum_mean_hundredths(const ssum *s, uint64_t n, char *out)
{
	xsum m;
	bool negative = ssum_magnitude(s, &m);
	/* Half away from zero on the magnitude is half away from zero. */
	xsum_mean_hundredths(&m, n, negative ? out + 1 : out);
	if (negative) {
		if (strcmp(out + 1, "0") == 0)
			memmove(out, out + 1, 2);
		else
			out[0] = '-';
	}
}

int hundredths_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	int c = strcmp(a, b);
	return (c > 0) - (c < 0);
}

void hundredths_format(const char *h, bool fixed2, char *out)
{
	if (h[0] == '-') {
		*out++ = '-';
		h++;
	}
	size_t len = strlen(h);
	char frac[3] = {'0', '0', '\0'};
	if (len >= 2) {
		frac[0] = h[len - 2];
		frac[1] = h[len - 1];
	} else {
		frac[1] = h[0];
	}
	size_t ilen = len > 2 ? len - 2 : 0;
	if (ilen) {
		memcpy(out, h, ilen);
	} else {
		out[0] = '0';
		ilen = 1;
	}
	out[ilen] = '.';
	out[ilen + 1] = frac[0];
	if (fixed2 || frac[1] != '0') {
		out[ilen + 2] = frac[1];
		out[ilen + 3] = '\0';
	} else {
		out[ilen + 2] = '\0';
	}
}
