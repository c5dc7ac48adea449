/* SPDX-License-Identifier: MIT */
/* denseids: the labels map's customer ids when every one of them is a common
 * prefix followed by a number (C0000001, cust-42, 1234567), held by that
 * number in a plain array: one 8-byte word a label, no id bytes, no hash.
 *
 * Exports of customer tables mostly number their customers from one end of
 * a range to the other, so a million labels make an array of about a
 * million words (8 MB) where the hash table takes 46 MB: far less memory
 * for the kernel to clear, and a join lookup that lands in a table the
 * size of the labels, not five times it.  The map keeps this form only
 * while it holds the ids exactly (segprof(1) MEMORY):
 *   - every id is the prefix of the first one (the bytes before its last
 *     digits) and then 1 to 19 ASCII digits;
 *   - the digits all have the same count (C0000001), or none has a leading
 *     zero (7, 12, 1234): either way an id's text is one number's text,
 *     and the number gives the text back;
 *   - the numbers span at most as many words as take the memory the hash
 *     table would (about 32 bytes a label there are, or are expected:
 *     32 narrow words, 4 wide ones), plus a million;
 *   - there are fewer than 65535 clusters.
 * Otherwise the caller moves the ids to the hash table (dense_ids_key
 * gives each back).
 *
 * A wide word (8 bytes): the cluster index + 1 in the top 16 bits (0: no
 * label there), the ord of the first customer joined in the low 48 (all
 * ones until one is: an ord counts the records of one input, so it stays
 * below 2^48).
 *
 * A narrow word (1 byte, when the owner allows it and while there are at
 * most DENSE_NARROW_CLUSTERS clusters): the cluster index + 1 in the low 7 bits, and
 * in the top bit whether a customer has been joined, but not which: a
 * second customer of the id claims DENSE_ORD_UNKNOWN, and the owner must
 * find the first some other way (segprof reads its input again with wide
 * words).  Ten million labels then take 10 MB, which stays in the cache. */
#ifndef SEGPROF_DENSEIDS_H
#define SEGPROF_DENSEIDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
	DENSE_PREFIX_MAX = 32,  /* bytes of the common prefix */
	DENSE_DIGITS_MAX = 19,  /* every number of 19 digits fits 64 bits */
	DENSE_ID_MAX = DENSE_PREFIX_MAX + DENSE_DIGITS_MAX,
	DENSE_CLUSTERS = 0xfffe,  /* cluster indexes that fit a word */
};

#define DENSE_ORD_BITS 48
#define DENSE_ORD_NONE ((UINT64_C(1) << DENSE_ORD_BITS) - 1)
#define DENSE_ORD_UNKNOWN (DENSE_ORD_NONE + 1) /* claimed before, by whom unknown */
enum { DENSE_NARROW_CLUSTERS = 126, DENSE_CLAIMED = 0x80 };

typedef enum dense_state { DENSE_EMPTY, DENSE_ON, DENSE_OFF } dense_state;

typedef struct dense_ids {
	dense_state state;
	char prefix[DENSE_PREFIX_MAX];
	size_t prefix_len;
	size_t width;        /* the digits of the first id */
	bool fixed;          /* every id has width digits */
	bool canonical;      /* no id's number has a leading zero */
	uint64_t lo;         /* the number of word 0 */
	bool narrow;         /* 1-byte words (set before the first add) */
	void *words;         /* big_zalloc'd: uint8_t narrow, uint64_t wide */
	size_t cap;          /* words */
	size_t n;            /* labels */
	size_t expected;     /* labels expected (a hint) */
} dense_ids;

void dense_ids_init(dense_ids *d);
void dense_ids_fini(dense_ids *d);

typedef enum dense_add { DENSE_ADDED, DENSE_DUPLICATE, DENSE_UNFIT, DENSE_OOM } dense_add;

/* Add id -> cluster index; DENSE_UNFIT when the id (or the cluster, or the
 * span it would make) does not fit the form above: the map is unchanged
 * and the caller moves to the hash table. */
dense_add dense_ids_add(dense_ids *d, const char *id, size_t len, uint32_t cluster);

/* The id of word idx, written into buf (DENSE_ID_MAX bytes); its length. */
size_t dense_ids_key(const dense_ids *d, size_t idx, char *buf);

/* How many bytes follow the prefix in id [s, s + len): 0 when it does not
 * start with the prefix, or when none or more than DENSE_DIGITS_MAX do. */
static inline size_t dense_ids_tail(const dense_ids *d, const char *s, size_t len)
{
	size_t p = d->prefix_len;
	if (len <= p || len - p > DENSE_DIGITS_MAX)
		return 0;
	for (size_t i = 0; i < p; i++) /* a prefix of a byte or two: no call */
		if (s[i] != d->prefix[i])
			return 0;
	return len - p;
}

/* The number of the n digits at s into *v; false if a byte is not a digit.
 * Portable: a digit at a time. */
static inline bool dense_number_portable(const char *s, size_t n, uint64_t *v)
{
	uint64_t number = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned digit = (unsigned)((unsigned char)s[i] - '0');
		if (digit > 9)
			return false;
		number = number * 10 + digit;
	}
	*v = number;
	return true;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight digits at s (as little-endian memory holds them) into *v: every
 * byte's high nibble 3 and its low nibble at most 9 (adding 6 leaves the
 * high nibble 3), then the digits paired, the pairs paired and the fours
 * paired by three multiplies.  false if a byte is not a digit. */
static inline bool dense_eight_digits(const char *s, uint64_t *v)
{
	const uint64_t high = 0xF0F0F0F0F0F0F0F0ULL;
	uint64_t x;
	memcpy(&x, s, 8);
	if (((x & high) | (((x + 0x0606060606060606ULL) & high) >> 4)) != 0x3333333333333333ULL)
		return false;
	x = (x & 0x0F0F0F0F0F0F0F0FULL) * 2561 >> 8;
	x = (x & 0x00FF00FF00FF00FFULL) * 6553601 >> 16;
	*v = (x & 0x0000FFFF0000FFFFULL) * 42949672960001ULL >> 32;
	return true;
}
#endif

/* The same, eight digits at a time where the byte order allows
 * (tests/unit/test_denseids.c compares the two). */
static inline bool dense_number(const char *s, size_t n, uint64_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	size_t head = n % 8;
	uint64_t number, eight;
	if (!dense_number_portable(s, head, &number))
		return false;
	for (size_t i = head; i < n; i += 8) {
		if (!dense_eight_digits(s + i, &eight))
			return false;
		number = number * 100000000 + eight;
	}
	*v = number;
	return true;
#else
	return dense_number_portable(s, n, v);
#endif
}

/* The word an id would have, or false when no label can have it. */
__attribute__((always_inline))
static inline bool dense_ids_slot(const dense_ids *d, const char *s, size_t len, size_t *idx)
{
	size_t p = d->prefix_len, nd = dense_ids_tail(d, s, len);
	uint64_t v;
	if (!nd || (d->fixed ? nd != d->width : nd > 1 && s[p] == '0') || !dense_number(s + p, nd, &v))
		return false;
	if (v < d->lo || v - d->lo >= d->cap)
		return false;
	*idx = (size_t)(v - d->lo);
	return true;
}

static inline uint8_t *dense_ids_narrow(const dense_ids *d) { return (uint8_t *)d->words; }
static inline uint64_t *dense_ids_wide(const dense_ids *d) { return (uint64_t *)d->words; }

/* The words are read atomically (relaxed: a plain load on x86-64) wherever
 * the join reads them, for another worker may be claiming the same word
 * (dense_ids_claim); their clusters were written before the joins began. */
static inline uint8_t dense_ids_narrow_word(const dense_ids *d, size_t idx)
{
	return __atomic_load_n(&dense_ids_narrow(d)[idx], __ATOMIC_RELAXED);
}

static inline uint64_t dense_ids_wide_word(const dense_ids *d, size_t idx)
{
	return __atomic_load_n(&dense_ids_wide(d)[idx], __ATOMIC_RELAXED);
}

static inline bool dense_ids_present(const dense_ids *d, size_t idx)
{
	return d->narrow ? dense_ids_narrow_word(d, idx) != 0 : dense_ids_wide_word(d, idx) != 0;
}

/* The word of a label's id, or -1. */
static inline int64_t dense_ids_find(const dense_ids *d, const char *s, size_t len)
{
	size_t idx;
	if (!dense_ids_slot(d, s, len, &idx))
		return -1;
	if (!dense_ids_present(d, idx))
		return -1;
	return (int64_t)idx;
}

/* Always inlined: gcc finds a function whose only effect is a prefetch
 * "const", and drops the calls to it before it would inline them. */
__attribute__((always_inline))
static inline void dense_ids_prefetch_slot(const dense_ids *d, size_t idx)
{
	__builtin_prefetch(d->narrow ? (void *)&dense_ids_narrow(d)[idx]
				     : (void *)&dense_ids_wide(d)[idx]);
}

static inline uint32_t dense_ids_cluster(const dense_ids *d, size_t idx)
{
	if (d->narrow)
		return (uint32_t)(dense_ids_narrow_word(d, idx) & ~DENSE_CLAIMED) - 1;
	return (uint32_t)(dense_ids_wide_word(d, idx) >> DENSE_ORD_BITS) - 1;
}

/* The first ord joined to word idx; DENSE_ORD_UNKNOWN for a narrow word
 * claimed. */
static inline uint64_t dense_ids_first(const dense_ids *d, size_t idx)
{
	if (d->narrow)
		return dense_ids_narrow_word(d, idx) & DENSE_CLAIMED ? DENSE_ORD_UNKNOWN
								   : DENSE_ORD_NONE;
	return dense_ids_wide_word(d, idx) & DENSE_ORD_NONE;
}

/* Claim word idx for ord, atomically: the smallest ord keeps it.  The ord
 * that lost (a duplicate), or DENSE_ORD_NONE; a narrow word claimed before
 * gives DENSE_ORD_UNKNOWN. */
static inline uint64_t dense_ids_claim(dense_ids *d, size_t idx, uint64_t ord)
{
	if (d->narrow) {
		uint8_t was = __atomic_fetch_or(&dense_ids_narrow(d)[idx], DENSE_CLAIMED,
						__ATOMIC_RELAXED);
		return was & DENSE_CLAIMED ? DENSE_ORD_UNKNOWN : DENSE_ORD_NONE;
	}
	uint64_t *w = &dense_ids_wide(d)[idx];
	uint64_t cur = __atomic_load_n(w, __ATOMIC_RELAXED);
	for (;;) {
		uint64_t first = cur & DENSE_ORD_NONE;
		if (first != DENSE_ORD_NONE && first < ord)
			return ord;
		uint64_t next = (cur & ~DENSE_ORD_NONE) | (ord & DENSE_ORD_NONE);
		if (__atomic_compare_exchange_n(w, &cur, next, false, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED))
			return first;
	}
}

#endif
