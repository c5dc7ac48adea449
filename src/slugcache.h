/* SPDX-License-Identifier: MIT */
/* slugcache: a worker's small table of the slugs it has met, in front of its
 * slug strtab.
 *
 * Most customers list a few of some thousand distinct slugs.  Interning each
 * through the strtab costs a full hash, a probe and a memcmp call into the
 * key arena; here a slug of at most SLUG_WORDS * 8 bytes is held in its slot
 * as zero-padded 64-bit words, so a hit is a few word loads, one multiply
 * and word compares, and never touches the strtab.  A miss (a new slug, a
 * longer one, a full cache) goes to the strtab, which stays the truth: the
 * cache only ever answers an index the strtab gave it for the same bytes.
 *
 * The strtab must not be emptied or replaced while the cache is in use. */
#ifndef SEGPROF_SLUGCACHE_H
#define SEGPROF_SLUGCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "strtab.h"

enum {
	SLUG_WORDS = 3,        /* slugs of up to 24 bytes are cached */
	SLUG_CACHE_MIN = 256,  /* slots */
	SLUG_CACHE_MAX = 1 << 15,
};

typedef struct slug_slot {
	uint64_t w[SLUG_WORDS];  /* the bytes, zero-padded */
	uint32_t len;            /* 0: empty (the empty slug is never cached) */
	uint32_t idx;            /* its index in the strtab */
} slug_slot;

typedef struct slug_cache {
	slug_slot *slots;
	uint32_t cap;            /* power of two, or 0 */
	uint32_t n;
} slug_cache;

void slug_cache_init(slug_cache *c);
void slug_cache_fini(slug_cache *c);

/* The key words of s (len <= SLUG_WORDS * 8): byte i of s in byte i % 8 of
 * w[i / 8] (as little-endian memory holds it), the rest zero.  Portable:
 * one byte at a time. */
void slug_words_portable(const char *s, size_t len, uint64_t w[SLUG_WORDS]);

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t slug_load8(const char *s)
{
	uint64_t t;
	memcpy(&t, s, 8);
	return t;
}

/* Bytes [off, len) of s as a word, 0 < len - off <= 8 <= len: the last
 * eight bytes, shifted down to the ones wanted. */
static inline uint64_t slug_tail(const char *s, size_t len, size_t off)
{
	return slug_load8(s + len - 8) >> 8 * (8 - (len - off));
}

/* Bytes [0, len) of s as a word, 0 < len <= 8. */
static inline uint64_t slug_short(const char *s, size_t len)
{
	if (len >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, s, 4);
		memcpy(&hi, s + len - 4, 4);
		return lo | (uint64_t)hi << 8 * (len - 4);
	}
	const unsigned char *u = (const unsigned char *)s;
	return u[0] | (uint64_t)u[len / 2] << 8 * (len / 2) | (uint64_t)u[len - 1] << 8 * (len - 1);
}
#endif

/* The same as slug_words_portable, with whole-word loads that never read
 * outside [s, s + len); 0 < len <= SLUG_WORDS * 8. */
static inline void slug_words(const char *s, size_t len, uint64_t w[SLUG_WORDS])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len > 16) {
		w[0] = slug_load8(s);
		w[1] = slug_load8(s + 8);
		w[2] = slug_tail(s, len, 16);
	} else if (len > 8) {
		w[0] = slug_load8(s);
		w[1] = slug_tail(s, len, 8);
		w[2] = 0;
	} else {
		w[0] = slug_short(s, len);
		w[1] = w[2] = 0;
	}
#else
	slug_words_portable(s, len, w);
#endif
}

static inline uint32_t slug_cache_hash(const uint64_t w[SLUG_WORDS], size_t len)
{
	uint64_t h = (w[0] ^ len) * 0x9E3779B97F4A7C15ULL;
	h = (h ^ (h >> 29) ^ w[1]) * 0xBF58476D1CE4E5B9ULL;
	h = (h ^ (h >> 32) ^ w[2]) * 0x94D049BB133111EBULL;
	return (uint32_t)(h >> 32);
}

/* The slow path of slug_cache_intern: through the strtab, then cached. */
int64_t slug_cache_miss(slug_cache *c, strtab *t, const char *s, size_t len,
			const uint64_t w[SLUG_WORDS], uint32_t h);

/* The index of s in t, interning it if absent: what strtab_intern(t, s, len)
 * answers.  -1 when out of memory.  (Inlined: called once per slug, a call
 * cost a fifth of a hit.) */
static inline __attribute__((always_inline)) int64_t slug_cache_intern(slug_cache *c, strtab *t,
								    const char *s, size_t len)
{
	if (len == 0 || len > SLUG_WORDS * 8 || !c->cap) {
		bool inserted;
		return len == 0 || len > SLUG_WORDS * 8 ? strtab_intern(t, s, len, &inserted)
							 : slug_cache_miss(c, t, s, len, NULL, 0);
	}
	uint64_t w[SLUG_WORDS];
	slug_words(s, len, w);
	uint32_t h = slug_cache_hash(w, len);
	uint32_t mask = c->cap - 1;
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		const slug_slot *e = &c->slots[i];
		if (!e->len)
			break;
		if (e->len == len && e->w[0] == w[0] && e->w[1] == w[1] && e->w[2] == w[2])
			return e->idx;
	}
	return slug_cache_miss(c, t, s, len, w, h);
}

#endif
