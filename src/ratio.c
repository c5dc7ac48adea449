/* SPDX-License-Identifier: MIT */
/* ratio: exact rounded quotients (128-bit, and wide natural numbers). */
#include "ratio.h"

#include <string.h>


/* The next decimal digit of r / den (r < den): floor(10 r / den), and r :=
 * 10 r mod den, by ten modular additions so that 10 r never overflows. */
static unsigned next_digit(unsigned __int128 *r, unsigned __int128 den)
{
	unsigned __int128 x = 0;
	unsigned d = 0;
	for (int i = 0; i < 10; i++) {
		if (x >= den - *r) {
			x -= den - *r;
			d++;
		} else {
			x += *r;
		}
	}
	*r = x;
	return d;
}

void ratio_hundredths(unsigned __int128 num, unsigned __int128 den, char *out)
{
	unsigned __int128 q = num / den, r = num % den;
	unsigned tenths = next_digit(&r, den);
	unsigned hundredths = next_digit(&r, den);
	unsigned __int128 h = q * 100 + tenths * 10 + hundredths;
	if (r >= den - r) /* 2 r >= den: the rest is at least a half */
		h++;
	u128_digits(h, out);
}

int ratio_cmp(uint64_t a_num, uint64_t a_den, uint64_t b_num, uint64_t b_den)
{
	unsigned __int128 l = (unsigned __int128)a_num * b_den, r = (unsigned __int128)b_num * a_den;
	return (l > r) - (l < r);
}

/* Natural numbers of up to BN_WORDS 32-bit words, least significant first:
 * a sum (below 10^684), times a count (2^64), times 10^4 fits. */
enum { BN_WORDS = 84 };

typedef struct bn {
	uint32_t w[BN_WORDS];
	size_t n; /* words in use; w[n - 1] != 0 unless n == 0 */
} bn;

static void bn_trim(bn *b)
{
	while (b->n && b->w[b->n - 1] == 0)
		b->n--;
}

/* b := b * m + add */
static void bn_mul_add(bn *b, uint64_t m, uint64_t add)
{
	unsigned __int128 carry = add;
	for (size_t i = 0; i < b->n; i++) {
		unsigned __int128 t = (unsigned __int128)b->w[i] * m + carry;
		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	while (carry && b->n < BN_WORDS) {
		b->w[b->n++] = (uint32_t)carry;
		carry >>= 32;
	}
	bn_trim(b);
}

/* The normalised limbs lo.. of an xsum as a natural number (the value
 * divided by 10^(9 lo) units). */
static void bn_from_limbs(bn *b, const xsum *s, size_t lo)
{
	b->n = 0;
	for (size_t i = XSUM_LIMBS; i-- > lo;)
		bn_mul_add(b, 1000000000u, s->limb[i]);
}

static int bn_cmp(const bn *a, const bn *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = a->n; i-- > 0;)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

/* a := a - b, a >= b */
static void bn_sub(bn *a, const bn *b)
{
	int64_t borrow = 0;
	for (size_t i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
		borrow = t < 0;
		a->w[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
	}
	bn_trim(a);
}

/* b := 2 b + bit */
static void bn_shl1(bn *b, unsigned bit)
{
	uint32_t carry = bit;
	for (size_t i = 0; i < b->n; i++) {
		uint32_t next = b->w[i] >> 31;
		b->w[i] = b->w[i] << 1 | carry;
		carry = next;
	}
	if (carry && b->n < BN_WORDS)
		b->w[b->n++] = carry;
}

static size_t bn_bits(const bn *b)
{
	if (!b->n)
		return 0;
	return 32 * (b->n - 1) + (size_t)(32 - __builtin_clz(b->w[b->n - 1]));
}

/* q := floor(a / d), r := a mod d, d > 0: binary long division (the
 * quotient of an index has a few dozen bits in practice). */
static void bn_divmod(const bn *a, const bn *d, bn *q, bn *r)
{
	size_t bits = bn_bits(a);
	memset(q, 0, sizeof *q);
	r->n = 0;
	for (size_t i = bits; i-- > 0;) {
		bn_shl1(r, a->w[i / 32] >> (i % 32) & 1);
		if (bn_cmp(r, d) >= 0) {
			bn_sub(r, d);
			q->w[i / 32] |= 1u << (i % 32);
			if (q->n <= i / 32)
				q->n = i / 32 + 1;
		}
	}
}

/* b := b / m, returns b mod m; m > 0 */
static uint32_t bn_div_small(bn *b, uint32_t m)
{
	uint64_t rem = 0;
	for (size_t i = b->n; i-- > 0;) {
		uint64_t cur = rem << 32 | b->w[i];
		b->w[i] = (uint32_t)(cur / m);
		rem = cur % m;
	}
	bn_trim(b);
	return (uint32_t)rem;
}

static void bn_text(bn *b, char *out)
{
	char tmp[HUNDREDTHS_MAX + 16];
	size_t n = 0;
	do {
		uint32_t chunk = bn_div_small(b, 1000000000u);
		for (int k = 0; k < 9; k++) {
			tmp[n++] = (char)('0' + chunk % 10);
			chunk /= 10;
		}
	} while (b->n);
	while (n > 1 && tmp[n - 1] == '0')
		n--;
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static size_t lowest_limb(const xsum *s)
{
	size_t i = 0;
	while (i < XSUM_LIMBS && s->limb[i] == 0)
		i++;
	return i;
}

bool ratio_index(const xsum *part, bool part_neg, uint64_t n_part, const xsum *whole,
		 bool whole_neg, uint64_t n_whole, char *out)
{
	xsum p, w;
	xsum_clear(&p);
	xsum_clear(&w);
	xsum_merge(&p, part); /* normalises */
	xsum_merge(&w, whole);
	if (xsum_is_zero(&w))
		return false;
	/* A common factor 10^(9 lo) of both sums cancels: fewer words. */
	size_t lo = lowest_limb(&p) < lowest_limb(&w) ? lowest_limb(&p) : lowest_limb(&w);
	bn num, den, q, r;
	bn_from_limbs(&num, &p, lo);
	bn_from_limbs(&den, &w, lo);
	/* hundredths of 100 (p / n_part) / (w / n_whole) = 10^4 p n_whole / (n_part w) */
	bn_mul_add(&num, n_whole, 0);
	bn_mul_add(&num, 10000, 0);
	bn_mul_add(&den, n_part, 0);
	bn_divmod(&num, &den, &q, &r);
	bn half = r;
	bn_shl1(&half, 0);
	if (bn_cmp(&half, &den) >= 0)
		bn_mul_add(&q, 1, 1);
	bool negative = (part_neg != whole_neg) && q.n;
	if (negative)
		*out++ = '-';
	bn_text(&q, out);
	return true;
}
