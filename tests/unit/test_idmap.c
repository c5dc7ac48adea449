/* SPDX-License-Identifier: MIT */
/* Unit tests for idmap.c: ids of every length inline and by pointer, ids
 * that share their first or last bytes, growth, presizing.  TAP output; exit
 * status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "idmap.h"
#include "strtab.h"

static int64_t add(idmap *m, const char *s, size_t len, uint32_t cluster, bool *ins)
{
	return idmap_insert(m, s, len, strtab_hash(s, len), cluster, 0, ins);
}

static int64_t find(const idmap *m, const char *s, size_t len)
{
	return idmap_find(m, s, len, strtab_hash(s, len));
}

static bool key_is(const idmap *m, int64_t at, const char *s, size_t len)
{
	char buf[IDMAP_INLINE];
	size_t klen;
	const char *k = idmap_key(m, (size_t)at, buf, &klen);
	return klen == len && memcmp(k, s, len) == 0;
}

static void test_basic(void)
{
	idmap m;
	idmap_init(&m);
	bool ins = false;
	CHECK(find(&m, "a", 1) == -1 && find(&m, "", 0) == -1, "nothing found in a fresh map");
	int64_t a = add(&m, "C0000001", 8, 3, &ins);
	CHECK(a >= 0 && ins, "insert C0000001");
	CHECK(find(&m, "C0000001", 8) == a, "find C0000001");
	CHECK(idmap_at(&m, (size_t)a)->cluster == 3 && key_is(&m, a, "C0000001", 8),
	      "its cluster and id read back");
	CHECK(add(&m, "C0000001", 8, 4, &ins) == a && !ins, "a second insert finds it");
	CHECK(idmap_at(&m, (size_t)a)->cluster == 3, "and leaves its cluster");
	CHECK(find(&m, "C0000002", 8) == -1 && find(&m, "C000000", 7) == -1 &&
	      find(&m, "C00000010", 9) == -1, "near ids are not found");
	int64_t e = add(&m, "", 0, 1, &ins);
	CHECK(e >= 0 && ins && find(&m, "", 0) == e && key_is(&m, e, "", 0), "the empty id");
	CHECK(idmap_count(&m) == 2, "two ids");
	idmap_fini(&m);
}

/* Every length 0..40 over ids that differ in one byte only: first, middle
 * or last, so that both words of a short id (and the bytes of a long one)
 * decide. */
static void test_lengths(void)
{
	idmap m;
	idmap_init(&m);
	char ids[41 * 3][41];
	size_t n = 0;
	bool ok = true, ins;
	for (size_t len = 1; len <= 40; len++)
		for (size_t where = 0; where < 3; where++) {
			memset(ids[n], 'x', len);
			ids[n][where == 0 ? 0 : where == 1 ? len / 2 : len - 1] = 'y';
			int64_t at = add(&m, ids[n], len, (uint32_t)n, &ins);
			/* for short ids two of the three places coincide */
			ok &= at >= 0;
			n++;
		}
	for (size_t i = 0; i < n; i++) {
		size_t len = i / 3 + 1;
		int64_t at = find(&m, ids[i], len);
		ok &= at >= 0 && key_is(&m, at, ids[i], len);
		char other[41];
		memset(other, 'x', len);
		ok &= find(&m, other, len) == -1;
	}
	CHECK(ok, "ids of 1..40 bytes differing in one byte: found, read back, not confused");
	idmap_fini(&m);
}

static void test_growth(void)
{
	idmap m;
	idmap_init(&m);
	enum { N = 20000 };
	char id[32];
	bool ok = true, ins;
	for (int i = 0; i < N; i++) {
		int len = snprintf(id, sizeof id, i % 2 ? "C%07d" : "customer-%020d", i);
		ok &= add(&m, id, (size_t)len, (uint32_t)i, &ins) >= 0 && ins;
	}
	CHECK(ok && idmap_count(&m) == N, "20000 ids inserted into a growing map");
	CHECK(idmap_count(&m) * 10 <= idmap_capacity(&m) * 8, "load at most 0.8");
	for (int i = 0; i < N; i++) {
		int len = snprintf(id, sizeof id, i % 2 ? "C%07d" : "customer-%020d", i);
		int64_t at = find(&m, id, (size_t)len);
		ok &= at >= 0 && idmap_at(&m, (size_t)at)->cluster == (uint32_t)i &&
		      key_is(&m, at, id, (size_t)len);
	}
	CHECK(ok, "all found after growing, with their clusters and ids");
	idmap_fini(&m);
}

static void test_reserve(void)
{
	idmap m;
	idmap_init(&m);
	CHECK(idmap_reserve(&m, 1000), "reserve 1000");
	size_t cap = idmap_capacity(&m);
	CHECK(cap >= 1000 * 10 / 7 && cap < 1000 * 10 / 7 + 2, "about 1000 / 0.7 records (%zu)", cap);
	char id[16];
	bool ok = true, ins;
	for (int i = 0; i < 1100; i++) {
		int len = snprintf(id, sizeof id, "%d", i);
		ok &= add(&m, id, (size_t)len, 0, &ins) >= 0;
	}
	CHECK(ok && idmap_capacity(&m) == cap, "10 %% more ids than reserved: no growth");
	idmap_fini(&m);
}

int main(void)
{
	test_basic();
	test_lengths();
	test_growth();
	test_reserve();
	return tap_done();
}
