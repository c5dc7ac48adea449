/* SPDX-License-Identifier: MIT */
/* strtab: an interning table of byte strings -> dense indexes 0..n-1.
 * Used for customer ids (the labels map), product-type slugs and cluster ids.
 * Keys are copied into an arena owned by the table. */
#ifndef SEGPROF_STRTAB_H
#define SEGPROF_STRTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct strtab_key {
	const char *s;
	uint32_t len;
	uint32_t hash;
} strtab_key;

/* A slot holds what a lookup needs, so that a probe touches the slot and,
 * on a hash match, the key bytes: no third memory access (the table for a
 * million customer ids does not fit in cache). */
typedef struct strtab_slot {
	uint32_t hash;
	uint32_t idx;      /* index + 1, 0 = empty */
	const char *s;     /* key bytes; their length is stored just before them */
} strtab_slot;

typedef struct strtab {
	strtab_slot *slots;
	size_t cap;        /* power of two */
	strtab_key *keys;  /* by index */
	size_t n, keys_cap;
	arena bytes;       /* the keys' bytes */
	bool lean;         /* no keys array (16 bytes a key less) and keys not
			      NUL-terminated: strtab_get is not available,
			      strtab_all_keys is */
} strtab;

void strtab_init(strtab *t);
/* A table without the by-index array of keys, for a large set whose keys
 * are rarely needed again by index (the customer ids of a table). */
void strtab_init_lean(strtab *t);
void strtab_fini(strtab *t);

uint32_t strtab_hash(const char *s, size_t len);

/* Index of s, inserting it if absent (*inserted tells which).
 * Returns -1 when out of memory or past UINT32_MAX - 1 keys. */
int64_t strtab_intern(strtab *t, const char *s, size_t len, bool *inserted);
/* The same, given h = strtab_hash(s, len). */
int64_t strtab_intern_hashed(strtab *t, const char *s, size_t len, uint32_t h, bool *inserted);
/* Make room for n keys without rehashing (a size hint; false when out of
 * memory). */
bool strtab_reserve(strtab *t, size_t n);

/* Index of s, or -1 if absent. */
int64_t strtab_find(const strtab *t, const char *s, size_t len);
/* The same, given h = strtab_hash(s, len). */
int64_t strtab_find_hashed(const strtab *t, const char *s, size_t len, uint32_t h);

/* Software prefetching for a stream of lookups (the join of a million
 * customers is bound by cache misses): first the slot of hash h, later --
 * once that line has arrived -- the key bytes it points to.  Returns the
 * slot's index + 1 (0: empty) for the caller to prefetch its own data. */
static inline void strtab_prefetch_slot(const strtab *t, uint32_t h)
{
	if (t->cap)
		__builtin_prefetch(&t->slots[h & (t->cap - 1)]);
}
static inline uint32_t strtab_prefetch_key(const strtab *t, uint32_t h)
{
	if (!t->cap)
		return 0;
	const strtab_slot *e = &t->slots[h & (t->cap - 1)];
	if (e->idx)
		__builtin_prefetch(e->s - 4);
	return e->idx;
}

static inline size_t strtab_count(const strtab *t) { return t->n; }
static inline strtab_key strtab_get(const strtab *t, uint32_t idx) { return t->keys[idx]; }

/* Every key of t by index (also of a lean table): out[idx] (n entries, the
 * caller's) points to the key's bytes, *len_of gives their length. */
void strtab_all_keys(const strtab *t, const char **out);
static inline uint32_t strtab_key_len(const char *s)
{
	uint32_t len;
	__builtin_memcpy(&len, s - 4, 4);
	return len;
}

#endif
