/* SPDX-License-Identifier: MIT */
/* strtab: open addressing with linear probing; keys in an arena. */
#include "strtab.h"

#include "bigmem.h"

#include <stdlib.h>
#include <string.h>

void strtab_init(strtab *t)
{
	memset(t, 0, sizeof *t);
}

void strtab_init_lean(strtab *t)
{
	memset(t, 0, sizeof *t);
	t->lean = true;
}

void strtab_all_keys(const strtab *t, const char **out)
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].idx)
			out[t->slots[i].idx - 1] = t->slots[i].s;
}

void strtab_fini(strtab *t)
{
	arena_fini(&t->bytes);
	free(t->slots);
	free(t->keys);
	memset(t, 0, sizeof *t);
}

static inline uint64_t mix(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)(a ^ 0xa0761d6478bd642fULL) *
			      (b ^ 0xe7037ed1a0b428dbULL);
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint32_t strtab_hash(const char *s, size_t len)
{
	/* Eight bytes at a time, a 64x64->128 multiply to mix (as wyhash does):
	 * ids and slugs are short, so this is a few multiplies per key. */
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = mix(h, w);
		s += 8;
		len -= 8;
	}
	uint64_t t = 0;
	memcpy(&t, s, len);
	h = mix(h, t ^ ((uint64_t)len << 56));
	return (uint32_t)(h ^ (h >> 32));
}

static int64_t probe(const strtab *t, const char *s, size_t len, uint32_t h, size_t *slot)
{
	size_t mask = t->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const strtab_slot *e = &t->slots[i];
		if (!e->idx) {
			*slot = i;
			return -1;
		}
		if (e->hash == h) {
			uint32_t elen;
			memcpy(&elen, e->s - 4, 4);
			if (elen == len && memcmp(e->s, s, len) == 0)
				return (int64_t)e->idx - 1;
		}
	}
}

int64_t strtab_find(const strtab *t, const char *s, size_t len)
{
	return strtab_find_hashed(t, s, len, strtab_hash(s, len));
}

int64_t strtab_find_hashed(const strtab *t, const char *s, size_t len, uint32_t h)
{
	if (!t->cap)
		return -1;
	size_t slot;
	return probe(t, s, len, h, &slot);
}

static bool grow_to(strtab *t, size_t cap)
{
	strtab_slot *slots = big_calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	if (t->lean) {
		/* from the old slots: there is no array of keys */
		for (size_t i = 0; i < t->cap; i++) {
			const strtab_slot *e = &t->slots[i];
			if (!e->idx)
				continue;
			size_t j = e->hash & (cap - 1);
			while (slots[j].idx)
				j = (j + 1) & (cap - 1);
			slots[j] = *e;
		}
	}
	for (size_t i = 0; !t->lean && i < t->n; i++) {
		const strtab_key *k = &t->keys[i];
		size_t j = k->hash & (cap - 1);
		while (slots[j].idx)
			j = (j + 1) & (cap - 1);
		slots[j] = (strtab_slot){k->hash, (uint32_t)i + 1, k->s};
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return true;
}

static bool grow(strtab *t)
{
	return grow_to(t, t->cap ? t->cap * 2 : 64);
}

bool strtab_reserve(strtab *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 64;
	while (n * 10 > cap * 7)
		cap *= 2;
	if (cap > t->cap && !grow_to(t, cap))
		return false;
	if (!t->lean && n > t->keys_cap) {
		strtab_key *keys = big_realloc(t->keys, t->keys_cap * sizeof *keys, n * sizeof *keys);
		if (!keys)
			return false;
		t->keys = keys;
		t->keys_cap = n;
	}
	return true;
}

/* Copy [len u32][bytes][NUL] into the arena (a lean table's keys have no
 * NUL); returns the bytes. */
static char *arena_copy(strtab *t, const char *s, size_t len)
{
	size_t need = len + 4 + !t->lean;
	char *p = arena_alloc(&t->bytes, need);
	if (!p)
		return NULL;
	uint32_t l = (uint32_t)len;
	memcpy(p, &l, 4);
	memcpy(p + 4, s, len);
	if (!t->lean)
		p[4 + len] = '\0';
	return p + 4;
}

int64_t strtab_intern(strtab *t, const char *s, size_t len, bool *inserted)
{
	return strtab_intern_hashed(t, s, len, strtab_hash(s, len), inserted);
}

int64_t strtab_intern_hashed(strtab *t, const char *s, size_t len, uint32_t h, bool *inserted)
{
	*inserted = false;
	if (len > UINT32_MAX)
		return -1;
	/* at most 70 % full: linear probing stays short, and the table for ten
	 * million customer ids stays small */
	if ((t->n + 1) * 10 > t->cap * 7 && !grow(t))
		return -1;
	size_t slot;
	int64_t idx = probe(t, s, len, h, &slot);
	if (idx >= 0)
		return idx;
	if (t->n >= UINT32_MAX - 1)
		return -1;
	if (!t->lean && t->n == t->keys_cap) {
		size_t kc = t->keys_cap ? t->keys_cap * 2 : 64;
		strtab_key *keys = big_realloc(t->keys, t->keys_cap * sizeof *keys, kc * sizeof *keys);
		if (!keys)
			return -1;
		t->keys = keys;
		t->keys_cap = kc;
	}
	char *copy = arena_copy(t, s, len);
	if (!copy)
		return -1;
	if (!t->lean)
		t->keys[t->n] = (strtab_key){copy, (uint32_t)len, h};
	t->slots[slot] = (strtab_slot){h, (uint32_t)t->n + 1, copy};
	*inserted = true;
	return (int64_t)t->n++;
}
