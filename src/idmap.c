/* SPDX-License-Identifier: MIT */
/* idmap: open addressing over 32-byte records; long ids in an arena. */
#include "idmap.h"

#include "bigmem.h"
#include "strtab.h"

#include <stdlib.h>

enum { CAP_MIN = 64 };

void idmap_init(idmap *m)
{
	memset(m, 0, sizeof *m);
}

void idmap_fini(idmap *m)
{
	arena_fini(&m->long_ids);
	big_zfree(m->recs, m->cap * sizeof *m->recs);
	memset(m, 0, sizeof *m);
}

/* The bytes of a short id back from its words (idmap_words inverted). */
static void short_key(const idmap_rec *r, char *buf, size_t len)
{
	if (len >= 8) {
		memcpy(buf, &r->k0, 8);
		memcpy(buf + len - 8, &r->k1, 8);
	} else if (len >= 4) {
		uint32_t a = (uint32_t)r->k0, b = (uint32_t)(r->k0 >> 32);
		memcpy(buf, &a, 4);
		memcpy(buf + len - 4, &b, 4);
	} else if (len) {
		buf[0] = (char)(r->k0 & 0xff);
		buf[len / 2] = (char)(r->k0 >> 8 & 0xff);
		buf[len - 1] = (char)(r->k0 >> 16 & 0xff);
	}
}

const char *idmap_key(const idmap *m, size_t idx, char *buf, size_t *len)
{
	const idmap_rec *r = &m->recs[idx];
	*len = r->len1 - 1;
	if (*len > IDMAP_INLINE) {
		return (const char *)(uintptr_t)r->k1;
	}
	short_key(r, buf, *len);
	return buf;
}

static uint32_t rec_hash(const idmap_rec *r)
{
	size_t len = r->len1 - 1;
	if (len > IDMAP_INLINE)
		return (uint32_t)r->k0;
	char buf[IDMAP_INLINE];
	short_key(r, buf, len);
	return strtab_hash(buf, len);
}

/* Records for n ids at a load of at most 0.7 (linear probing stays short);
 * the table grows only past 0.8, so that an estimate a little short does
 * not double it. */
static size_t cap_for(size_t n)
{
	size_t cap = n / 7 * 10 + n % 7 * 10 / 7 + 1;
	return cap < CAP_MIN ? CAP_MIN : cap;
}

static bool grow_to(idmap *m, size_t cap)
{
	if (cap > UINT32_MAX || cap > SIZE_MAX / sizeof *m->recs)
		return false;
	idmap_rec *recs = big_zalloc(cap * sizeof *recs);
	if (!recs)
		return false;
	idmap old = *m;
	m->recs = recs;
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++) {
		const idmap_rec *r = &old.recs[i];
		if (!r->len1)
			continue;
		size_t j = idmap_home(m, rec_hash(r));
		while (recs[j].len1)
			if (++j == cap)
				j = 0;
		recs[j] = *r;
	}
	big_zfree(old.recs, old.cap * sizeof *old.recs);
	m->limit = cap / 5 * 4 + cap % 5 * 4 / 5;
	return true;
}

bool idmap_reserve(idmap *m, size_t n)
{
	size_t cap = cap_for(n);
	return cap <= m->cap || grow_to(m, cap);
}

bool idmap_grow(idmap *m)
{
	return grow_to(m, m->cap ? m->cap * 2 : CAP_MIN);
}

const char *idmap_long_copy(idmap *m, const char *s, size_t len)
{
	char *p = arena_alloc(&m->long_ids, len);
	if (p)
		memcpy(p, s, len);
	return p;
}
