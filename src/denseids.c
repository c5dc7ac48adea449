/* SPDX-License-Identifier: MIT */
/* denseids: customer ids held by their number, one word a label. */
#include "denseids.h"

#include "bigmem.h"

#include <stdlib.h>

enum { SPAN_SLACK = 1u << 20, CAP_MIN = 1024, NARROW_PER_LABEL = 32, WIDE_PER_LABEL = 4 };

void dense_ids_init(dense_ids *d)
{
	memset(d, 0, sizeof *d);
}

/* Bytes of a word. */
static size_t word_size(const dense_ids *d)
{
	return d->narrow ? 1 : sizeof(uint64_t);
}

void dense_ids_fini(dense_ids *d)
{
	big_zfree(d->words, d->cap * word_size(d));
	d->words = NULL;
	d->cap = 0;
	d->n = 0;
}

static bool is_digit(char c)
{
	return (unsigned)((unsigned char)c - '0') <= 9u;
}

/* The first id sets the form: its prefix and its digits' count. */
static bool take_form(dense_ids *d, const char *id, size_t len)
{
	size_t start = len;
	while (start > 0 && len - start < DENSE_DIGITS_MAX && is_digit(id[start - 1]))
		start--;
	if (start == len || start > DENSE_PREFIX_MAX)
		return false;
	memcpy(d->prefix, id, start);
	d->prefix_len = start;
	d->width = len - start;
	d->fixed = true;
	d->canonical = !(d->width > 1 && id[start] == '0');
	return true;
}

/* The most words the map may take: about the memory the hash table would
 * take for the labels there are (or are expected), 32 bytes each, as
 * narrow words (a byte) or wide ones (8 bytes), and some slack.  A shard's
 * labels are 1/K of the numbers: as narrow words, up to 32 shards. */
static size_t span_allowed(const dense_ids *d, bool narrow)
{
	uint64_t labels = d->n + 1 > d->expected ? d->n + 1 : d->expected;
	uint64_t allowed = labels * (narrow ? NARROW_PER_LABEL : WIDE_PER_LABEL) + SPAN_SLACK;
	/* below 2^32 - 1: a slot + 1 fits 32 bits (label_map_locate) */
	return allowed > UINT32_MAX - 1 ? UINT32_MAX - 1 : (size_t)allowed;
}

/* Words [lo, lo + cap) moved to [new_lo, new_lo + new_cap), which covers
 * them; false when out of memory. */
static bool move_to(dense_ids *d, uint64_t new_lo, size_t new_cap)
{
	size_t size = word_size(d);
	char *words = big_zalloc(new_cap * size);
	if (!words)
		return false;
	if (d->cap)
		memcpy(words + (d->lo - new_lo) * size, d->words, d->cap * size);
	big_zfree(d->words, d->cap * size);
	d->words = words;
	d->lo = new_lo;
	d->cap = new_cap;
	return true;
}

/* Room for number v: DENSE_ADDED, DENSE_UNFIT (too sparse) or DENSE_OOM. */
static dense_add cover(dense_ids *d, uint64_t v)
{
	size_t allowed = span_allowed(d, d->narrow);
	if (!d->cap) {
		size_t cap = d->expected + d->expected / 8 + CAP_MIN;
		if (cap > allowed)
			cap = allowed;
		/* numbers from 1 (or a little above) start the array at 0 */
		uint64_t lo = v < cap ? 0 : v;
		return move_to(d, lo, cap) ? DENSE_ADDED : DENSE_OOM;
	}
	uint64_t hi = d->lo + d->cap;
	uint64_t need = v < d->lo ? hi - v : v - d->lo + 1; /* the least span */
	if (need > allowed)
		return DENSE_UNFIT;
	size_t span = d->cap * 2 > allowed ? allowed : d->cap * 2;
	if (span < need)
		span = (size_t)need;
	uint64_t new_lo = d->lo;
	if (v < d->lo) /* grow downwards, not below 0 */
		new_lo = hi > span ? hi - span : 0;
	if (new_lo + span < hi)
		span = (size_t)(hi - new_lo);
	return move_to(d, new_lo, span) ? DENSE_ADDED : DENSE_OOM;
}

/* Narrow words made wide (a 127th cluster), before any is claimed; false
 * when out of memory. */
static bool widen(dense_ids *d)
{
	uint64_t *wide = d->cap ? big_zalloc(d->cap * sizeof *wide) : NULL;
	if (d->cap && !wide)
		return false;
	const uint8_t *narrow = dense_ids_narrow(d);
	for (size_t i = 0; i < d->cap; i++)
		if (narrow[i])
			wide[i] = (uint64_t)narrow[i] << DENSE_ORD_BITS | DENSE_ORD_NONE;
	big_zfree(d->words, d->cap);
	d->words = wide;
	d->narrow = false;
	return true;
}

dense_add dense_ids_add(dense_ids *d, const char *id, size_t len, uint32_t cluster)
{
	if (d->state == DENSE_OFF || cluster >= DENSE_CLUSTERS)
		return DENSE_UNFIT;
	if (d->state == DENSE_EMPTY) {
		if (!take_form(d, id, len))
			return DENSE_UNFIT;
		d->state = DENSE_ON;
	}
	size_t p = d->prefix_len, nd = dense_ids_tail(d, id, len);
	bool fixed = d->fixed && nd == d->width;
	bool canonical = d->canonical && !(nd > 1 && id[p] == '0');
	uint64_t v;
	if (!nd || (!fixed && !canonical) || !dense_number(id + p, nd, &v))
		return DENSE_UNFIT;
	if (v < d->lo || v - d->lo >= d->cap) {
		dense_add st = cover(d, v);
		if (st != DENSE_ADDED)
			return st;
	}
	if (d->narrow && cluster >= DENSE_NARROW_CLUSTERS) {
		if (d->cap > span_allowed(d, false))
			return DENSE_UNFIT; /* wide, the span would take more than the hash table */
		if (!widen(d))
			return DENSE_OOM;
	}
	size_t idx = (size_t)(v - d->lo);
	if (d->narrow) {
		uint8_t *w = &dense_ids_narrow(d)[idx];
		if (*w)
			return DENSE_DUPLICATE;
		*w = (uint8_t)(cluster + 1);
	} else {
		uint64_t *w = &dense_ids_wide(d)[idx];
		if (*w)
			return DENSE_DUPLICATE;
		*w = (uint64_t)(cluster + 1) << DENSE_ORD_BITS | DENSE_ORD_NONE;
	}
	d->n++;
	d->fixed = fixed;
	d->canonical = canonical;
	return DENSE_ADDED;
}

size_t dense_ids_key(const dense_ids *d, size_t idx, char *buf)
{
	char digits[DENSE_DIGITS_MAX];
	size_t nd = 0;
	for (uint64_t v = d->lo + idx; v || !nd; v /= 10)
		digits[DENSE_DIGITS_MAX - ++nd] = (char)('0' + v % 10);
	size_t zeros = d->fixed && d->width > nd ? d->width - nd : 0;
	memcpy(buf, d->prefix, d->prefix_len);
	memset(buf + d->prefix_len, '0', zeros);
	memcpy(buf + d->prefix_len + zeros, digits + DENSE_DIGITS_MAX - nd, nd);
	return d->prefix_len + zeros + nd;
}
