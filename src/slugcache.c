/* SPDX-License-Identifier: MIT */
/* slugcache: open addressing with linear probing, at most three quarters full. */
#include "slugcache.h"

#include <stdlib.h>

_Static_assert(SLUG_WORDS == 3, "slug_cache_intern and slug_cache_hash compare three words");
_Static_assert(64 % sizeof(slug_slot) == 0, "slots do not straddle cache lines");

void slug_cache_init(slug_cache *c)
{
	memset(c, 0, sizeof *c);
}

void slug_cache_fini(slug_cache *c)
{
	free(c->slots);
	memset(c, 0, sizeof *c);
}

void slug_words_portable(const char *s, size_t len, uint64_t w[SLUG_WORDS])
{
	for (size_t i = 0; i < SLUG_WORDS; i++)
		w[i] = 0;
	for (size_t i = 0; i < len; i++)
		w[i / 8] |= (uint64_t)(unsigned char)s[i] << 8 * (i % 8);
}

static void put(slug_cache *c, const slug_slot *e, uint32_t h)
{
	uint32_t mask = c->cap - 1;
	uint32_t i = h & mask;
	while (c->slots[i].len)
		i = (i + 1) & mask;
	c->slots[i] = *e;
	c->n++;
}

/* Room for one more slug: false when the cache is at its largest and three
 * quarters full (or out of memory: it is only a cache), and the slug is not
 * kept. */
static bool room(slug_cache *c)
{
	if ((c->n + 1) * 4 <= c->cap * 3)
		return true;
	if (c->cap >= SLUG_CACHE_MAX)
		return false;
	uint32_t cap = c->cap ? c->cap * 2 : SLUG_CACHE_MIN;
	/* two slots a cache line, none across two */
	slug_slot *slots = aligned_alloc(64, cap * sizeof *slots);
	if (!slots)
		return false;
	memset(slots, 0, cap * sizeof *slots);
	slug_cache old = *c;
	c->slots = slots;
	c->cap = cap;
	c->n = 0;
	for (uint32_t i = 0; i < old.cap; i++)
		if (old.slots[i].len)
			put(c, &old.slots[i], slug_cache_hash(old.slots[i].w, old.slots[i].len));
	free(old.slots);
	return true;
}

int64_t slug_cache_miss(slug_cache *c, strtab *t, const char *s, size_t len,
			const uint64_t w[SLUG_WORDS], uint32_t h)
{
	bool inserted;
	int64_t idx = strtab_intern(t, s, len, &inserted);
	if (idx < 0 || !room(c))
		return idx;
	slug_slot e = {.len = (uint32_t)len, .idx = (uint32_t)idx};
	if (w) {
		memcpy(e.w, w, sizeof e.w);
	} else {
		slug_words(s, len, e.w);
		h = slug_cache_hash(e.w, len);
	}
	put(c, &e, h);
	return idx;
}
