/* SPDX-License-Identifier: MIT */
/* idmap: the table of customer ids behind the labels map, one record per id.
 *
 * A join of a million customers makes a million lookups at random places in
 * a table far larger than the cache, so the table is laid out for one cache
 * miss a lookup: open addressing over the records themselves (32 bytes,
 * two to a cache line), each holding the id (up to 16 bytes inline, longer
 * ones by pointer), its cluster and the ord of the first customer that
 * claimed it.  Linear probing from a home position that is the 32-bit id
 * hash scaled to the table (no power-of-two rounding), so that a table
 * presized for n ids is about n / 0.7 records, never twice that.
 *
 * A label's index is its record's position: stable once the labels are
 * complete (the table only moves while it grows, during insertion). */
#ifndef SEGPROF_IDMAP_H
#define SEGPROF_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

enum { IDMAP_INLINE = 16 }; /* ids of at most this many bytes are kept in the record */

typedef struct idmap_rec {
	uint64_t first_ord;  /* the caller's (labels: ORD_NONE until claimed) */
	uint32_t cluster;    /* the caller's */
	uint32_t len1;       /* the id's length + 1; 0: a free record */
	uint64_t k0, k1;     /* the id (idmap_words); a longer one: k0 its hash,
				k1 a pointer to its bytes */
} idmap_rec;

typedef struct idmap {
	idmap_rec *recs;
	size_t cap;          /* records */
	size_t n;            /* ids */
	size_t limit;        /* n past which the table grows */
	arena long_ids;      /* the bytes of ids longer than IDMAP_INLINE */
} idmap;

void idmap_init(idmap *m);
void idmap_fini(idmap *m);

/* Room for n ids without growing (a size hint); false when out of memory. */
bool idmap_reserve(idmap *m, size_t n);

/* idmap_insert's rare steps, out of line: the table doubled (false when
 * out of memory or past 2^32 records); a long id's bytes copied into the
 * arena (NULL when out of memory). */
bool idmap_grow(idmap *m);
const char *idmap_long_copy(idmap *m, const char *s, size_t len);

/* The id of record idx: its bytes (in buf, IDMAP_INLINE bytes of the
 * caller's, when they are kept inline) and *len. */
const char *idmap_key(const idmap *m, size_t idx, char *buf, size_t *len);

/* An id of up to IDMAP_INLINE bytes as two words, every byte in one of
 * them (together with the length, the id itself): the first and the last
 * eight bytes of an id of 8..16, the first and last four of 4..7, the first,
 * middle and last byte of 1..3. */
static inline void idmap_words(const char *s, size_t len, uint64_t *k0, uint64_t *k1)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len >= 8) {
		memcpy(k0, s, 8);
		memcpy(k1, s + len - 8, 8);
	} else if (len >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		*k0 = a | (uint64_t)b << 32;
		*k1 = 0;
	} else {
		*k0 = len ? u[0] | (uint64_t)u[len / 2] << 8 | (uint64_t)u[len - 1] << 16 : 0;
		*k1 = 0;
	}
}

/* The record an id of hash h starts probing at. */
static inline size_t idmap_home(const idmap *m, uint32_t h)
{
	return (size_t)(((uint64_t)h * m->cap) >> 32);
}

static inline void idmap_prefetch(const idmap *m, uint32_t h)
{
	if (m->cap)
		__builtin_prefetch(&m->recs[idmap_home(m, h)]);
}

/* Whether record r holds the id [s, s + len) (k0, k1: idmap_words of a
 * short one; k0 its hash for a long one). */
static inline bool idmap_rec_is(const idmap_rec *r, const char *s, size_t len, uint64_t k0,
				uint64_t k1)
{
	if (r->len1 != len + 1 || r->k0 != k0)
		return false;
	if (len <= IDMAP_INLINE)
		return r->k1 == k1;
	return memcmp((const char *)(uintptr_t)r->k1, s, len) == 0;
}

/* Index of id s (h = strtab_hash(s, len)), or -1. */
static inline int64_t idmap_find(const idmap *m, const char *s, size_t len, uint32_t h)
{
	if (!m->n || len >= UINT32_MAX)
		return -1;
	uint64_t k0 = h, k1 = 0;
	if (len <= IDMAP_INLINE)
		idmap_words(s, len, &k0, &k1);
	for (size_t i = idmap_home(m, h);;) {
		const idmap_rec *r = &m->recs[i];
		if (idmap_rec_is(r, s, len, k0, k1))
			return (int64_t)i;
		if (!r->len1)
			return -1;
		if (++i == m->cap)
			i = 0;
	}
}

/* Index of id s (h = strtab_hash(s, len)), inserting it if absent with
 * cluster and first_ord as given (*inserted tells which).  -1 when out of
 * memory or past the size limits (ids of 4 GiB, 2^32 records).  Inline:
 * a million labels are a million calls otherwise. */
static inline int64_t idmap_insert(idmap *m, const char *s, size_t len, uint32_t h,
				   uint32_t cluster, uint64_t first_ord, bool *inserted)
{
	*inserted = false;
	if (len >= UINT32_MAX)
		return -1;
	if (m->n >= m->limit && !idmap_grow(m))
		return -1;
	uint64_t k0 = h, k1 = 0;
	if (len <= IDMAP_INLINE)
		idmap_words(s, len, &k0, &k1);
	size_t i = idmap_home(m, h);
	for (;;) {
		const idmap_rec *r = &m->recs[i];
		if (idmap_rec_is(r, s, len, k0, k1))
			return (int64_t)i;
		if (!r->len1)
			break;
		if (++i == m->cap)
			i = 0;
	}
	if (len > IDMAP_INLINE) {
		const char *copy = idmap_long_copy(m, s, len);
		if (!copy)
			return -1;
		k1 = (uint64_t)(uintptr_t)copy;
	}
	m->recs[i] = (idmap_rec){.first_ord = first_ord, .cluster = cluster,
				 .len1 = (uint32_t)len + 1, .k0 = k0, .k1 = k1};
	m->n++;
	*inserted = true;
	return (int64_t)i;
}

static inline idmap_rec *idmap_at(const idmap *m, size_t idx)
{
	return &m->recs[idx];
}

static inline size_t idmap_count(const idmap *m)
{
	return m->n;
}

/* One past the largest index (a loop over every record checks len1). */
static inline size_t idmap_capacity(const idmap *m)
{
	return m->cap;
}

#endif
