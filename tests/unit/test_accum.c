/* SPDX-License-Identifier: MIT */
/* Unit tests for the accumulation fast paths against their slow paths:
 * the slug cache (slugcache.c) against the strtab alone, a record's slug
 * deduplication (customer.c) against a plain first-occurrence filter, and a
 * cluster's slug counts (aggregate.c), table or array, against a plain count.
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "aggregate.h"
#include "customer.h"
#include "slugcache.h"
#include "strtab.h"

static void test_words(void)
{
	/* every length, at the start and at the end of a buffer (the fast
	 * loads must stay inside [s, s + len): ASan sees it) */
	int bad = 0;
	rng_state = 0x1234;
	for (size_t len = 1; len <= SLUG_WORDS * 8; len++) {
		for (int round = 0; round < 50; round++) {
			char *s = malloc(len);
			for (size_t i = 0; i < len; i++)
				s[i] = (char)(rng() & 0xff);
			uint64_t a[SLUG_WORDS], b[SLUG_WORDS];
			slug_words(s, len, a);
			slug_words_portable(s, len, b);
			bad += memcmp(a, b, sizeof a) != 0;
			free(s);
		}
	}
	CHECK(bad == 0, "slug_words = slug_words_portable, lengths 1..%d (%d differ)",
	      SLUG_WORDS * 8, bad);
	uint64_t w[SLUG_WORDS];
	slug_words_portable("ab", 2, w);
	CHECK(w[0] == 0x6261 && w[1] == 0 && w[2] == 0, "portable words: little-endian, zero-padded");
	uint64_t x[SLUG_WORDS], y[SLUG_WORDS];
	slug_words("a\0", 2, x);
	slug_words("a", 1, y);
	CHECK(memcmp(x, y, sizeof x) == 0 && slug_cache_hash(x, 2) != slug_cache_hash(y, 1),
	      "\"a\\0\" and \"a\" have the same words, the length tells them apart");
}

/* A random slug: one of a few hundred, or 1..28 bytes from a small
 * alphabet (many near misses). */
static size_t random_slug(char *buf)
{
	if (rng() % 2)
		return (size_t)snprintf(buf, 64, "pool-slug-%d", (int)(rng() % 500));
	size_t len = 1 + rng() % 28;
	for (size_t i = 0; i < len; i++)
		buf[i] = "a-\0"[rng() % 3];
	return len;
}

static void test_cache(void)
{
	strtab ref, t;
	slug_cache c;
	strtab_init(&ref);
	strtab_init(&t);
	slug_cache_init(&c);
	rng_state = 0x5678;
	int bad = 0;
	char buf[64];
	for (int i = 0; i < 200000; i++) {
		size_t len = random_slug(buf);
		bool ins;
		bad += slug_cache_intern(&c, &t, buf, len) != strtab_intern(&ref, buf, len, &ins);
	}
	CHECK(bad == 0 && strtab_count(&t) == strtab_count(&ref),
	      "200000 random slugs: the cache answers what the strtab does (%d differ, %zu keys)",
	      bad, strtab_count(&ref));
	/* past the largest cache: the slugs it cannot keep go to the strtab */
	bad = 0;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 3 * SLUG_CACHE_MAX; i++) {
			int len = snprintf(buf, sizeof buf, "slug-%d", i);
			bool ins;
			bad += slug_cache_intern(&c, &t, buf, (size_t)len) !=
			       strtab_intern(&ref, buf, (size_t)len, &ins);
		}
	}
	CHECK(bad == 0 && c.cap == SLUG_CACHE_MAX && c.n * 4 <= c.cap * 3,
	      "more slugs than the cache holds: still the strtab's answers, cache bounded (%d differ)",
	      bad);
	bool ins;
	CHECK(slug_cache_intern(&c, &t, "", 0) == strtab_intern(&ref, "", 0, &ins),
	      "the empty slug goes to the strtab");
	slug_cache_fini(&c);
	strtab_fini(&t);
	strtab_fini(&ref);
}

static void test_dedup(void)
{
	strtab slugs, ref;
	strtab_init(&slugs);
	strtab_init(&ref);
	diag d;
	diag_init(&d);
	field_names names;
	field_names_default(&names);
	customer_parser p;
	customer_parser_init(&p, &slugs, &d, NULL, &names);
	rng_state = 0x9abc;
	int bad = 0;
	for (int cust = 0; cust < 3000; cust++) {
		/* few slugs, or many (past the compared ones), from a small set */
		size_t n = cust % 3 == 0 ? 20 + rng() % 60 : rng() % 6;
		uint32_t want[100];
		size_t n_want = 0, m = 0;
		if (!customer_slugs_begin(&p, n)) {
			bad++;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			char buf[16];
			int len = snprintf(buf, sizeof buf, "s%d", (int)(rng() % 50));
			bool ins, seen = false;
			uint32_t idx = (uint32_t)strtab_intern(&ref, buf, (size_t)len, &ins);
			for (size_t k = 0; k < n_want; k++)
				seen |= want[k] == idx;
			if (!seen)
				want[n_want++] = idx;
			if (!customer_slug_add(&p, buf, (size_t)len, &m))
				bad++;
		}
		bad += m != n_want || (m && memcmp(customer_slugs(&p), want, m * sizeof *want) != 0);
	}
	CHECK(bad == 0, "3000 records: each slug once, in first-listed order (%d wrong)", bad);
	customer_parser_fini(&p);
	diag_fini(&d);
	strtab_fini(&ref);
	strtab_fini(&slugs);
}

/* The reference: counts[cluster][slug], first (ord, pos). */
typedef struct ref_count {
	uint64_t tf, ord;
	uint32_t pos;
} ref_count;

enum { CLUSTERS = 3, SLUGS = 20000 };

static int compare_tf(const agg *a, ref_count (*ref)[SLUGS])
{
	int bad = 0;
	for (size_t c = 0; c < CLUSTERS; c++) {
		const cluster_acc *acc = &a->acc[c];
		size_t seen = 0, want = 0;
		for (size_t j = 0; j < acc->tf_cap; j++) {
			const slug_count *e = &acc->tf[j];
			if (e->slug == UINT32_MAX)
				continue;
			seen++;
			const ref_count *r = &ref[c][e->slug];
			bad += e->tf != r->tf || e->ord != r->ord || e->pos != r->pos;
		}
		for (size_t s = 0; s < SLUGS; s++)
			want += ref[c][s].tf != 0;
		bad += seen != want || acc->tf_n != want;
	}
	return bad;
}

static void add(agg *a, ref_count (*ref)[SLUGS], uint32_t cluster, uint64_t ord,
		const uint32_t *slugs, size_t n)
{
	customer_rec rec = {.ord = ord, .frequency = 1, .amount = {100, -2, false},
			    .slugs = slugs, .n_slugs = n};
	agg_add(a, cluster, &rec);
	for (size_t i = 0; i < n; i++) {
		ref_count *r = &ref[cluster][slugs[i]];
		if (!r->tf++) {
			r->ord = ord;
			r->pos = (uint32_t)i;
		}
	}
}

static void test_tf(void)
{
	static ref_count ref[CLUSTERS][SLUGS];
	agg a;
	agg_init(&a, NULL);
	agg_reserve(&a, CLUSTERS);
	uint64_t ord = 0;
	uint32_t s[4];
	/* cluster 1: the first 40 slugs, when there are no others yet */
	for (uint32_t i = 0; i < 40; i++) {
		char buf[16];
		bool ins;
		s[0] = (uint32_t)strtab_intern(&a.slugs, buf, (size_t)snprintf(buf, sizeof buf, "t%u", i), &ins);
		add(&a, ref, 1, ord++, s, 1);
	}
	CHECK(a.acc[1].tf_dense && compare_tf(&a, ref) == 0,
	      "a cluster with every slug of the worker: an array, counts right");
	/* many more slugs, in clusters 0 and 2 */
	rng_state = 0xdef0;
	for (uint32_t i = 40; i < SLUGS; i++) {
		char buf[16];
		bool ins;
		strtab_intern(&a.slugs, buf, (size_t)snprintf(buf, sizeof buf, "t%u", i), &ins);
	}
	for (int k = 0; k < 30000; k++) {
		s[0] = (uint32_t)(rng() % SLUGS);
		s[1] = (uint32_t)(rng() % 64);
		add(&a, ref, 0, ord++, s, s[0] == s[1] ? 1 : 2);
		s[0] = (uint32_t)(rng() % 200) * 100;
		add(&a, ref, 2, ord++, s, 1);
	}
	CHECK(a.acc[0].tf_dense && !a.acc[2].tf_dense && compare_tf(&a, ref) == 0,
	      "dense slugs: an array; 200 slugs spread over 20000: a table; counts right");
	/* cluster 1 meets a slug far past its array: a table again */
	s[0] = SLUGS - 1;
	add(&a, ref, 1, ord++, s, 1);
	CHECK(!a.acc[1].tf_dense && compare_tf(&a, ref) == 0,
	      "an array mostly empty for a far slug: back to a table, counts right");
	/* the merge: a second agg's counts folded in through another slug order */
	agg b, m;
	agg_init(&b, NULL);
	agg_init(&m, NULL);
	agg_reserve(&b, CLUSTERS);
	for (uint32_t i = SLUGS; i-- > 0;) {
		char buf[16];
		bool ins;
		strtab_intern(&b.slugs, buf, (size_t)snprintf(buf, sizeof buf, "t%u", i), &ins);
	}
	for (int k = 0; k < 20000; k++) {
		uint32_t slug = (uint32_t)(rng() % SLUGS), c = (uint32_t)(rng() % CLUSTERS);
		uint32_t bs = SLUGS - 1 - slug; /* the same slug's index in b */
		customer_rec rec = {.ord = ord, .frequency = 1, .amount = {1, 0, false},
				    .slugs = &bs, .n_slugs = 1};
		agg_add(&b, c, &rec);
		ref_count *r = &ref[c][slug];
		if (!r->tf++) {
			r->ord = ord;
			r->pos = 0;
		}
		ord++;
	}
	bool ok = agg_merge(&m, &a) && agg_merge(&m, &b);
	CHECK(ok && compare_tf(&m, ref) == 0, "two workers merged: counts and first seen right");
	agg_fini(&m);
	agg_fini(&b);
	agg_fini(&a);
}

int main(void)
{
	test_words();
	test_cache();
	test_dedup();
	test_tf();
	printf("1..%d\n", n_tests);
	if (n_failed)
		printf("# %d of %d failed\n", n_failed, n_tests);
	return n_failed ? 1 : 0;
}
