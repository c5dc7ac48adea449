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
#include "collect.h"
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

static int compare_tf(agg *a, ref_count (*ref)[SLUGS])
{
	int bad = 0;
	agg_settle(a);
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

/* The 4-byte counts of an array: past their range, and a customer that
 * comes before one already counted (its first (ord, pos) must win). */
static void test_hot(void)
{
	agg a;
	agg_init(&a, NULL);
	agg_reserve(&a, 1);
	bool ins;
	uint32_t s[2] = {(uint32_t)strtab_intern(&a.slugs, "x", 1, &ins),
			 (uint32_t)strtab_intern(&a.slugs, "y", 1, &ins)};
	uint32_t more[16]; /* enough slugs for the cluster to become an array */
	for (uint32_t i = 0; i < 16; i++) {
		char buf[8];
		more[i] = (uint32_t)strtab_intern(&a.slugs, buf, (size_t)snprintf(buf, sizeof buf, "m%u", i), &ins);
	}
	customer_rec first = {.ord = 5, .amount = {1, 0, false}, .slugs = more, .n_slugs = 16};
	agg_add(&a, 0, &first);
	for (uint64_t ord = 10; ord < 40; ord++) {
		customer_rec rec = {.ord = ord, .amount = {1, 0, false}, .slugs = s, .n_slugs = 2};
		agg_add(&a, 0, &rec);
	}
	cluster_acc *c = &a.acc[0];
	CHECK(c->tf_dense && c->hot && c->hot[s[0]] == 30, "an array keeps its counts aside");
	c->hot[s[0]] += UINT32_MAX - 32; /* as if that many more customers */
	uint32_t y_first[1] = {s[1]};
	for (uint64_t ord = 40; ord < 45; ord++) {
		customer_rec rec = {.ord = ord, .amount = {1, 0, false}, .slugs = s, .n_slugs = 2};
		agg_add(&a, 0, &rec);
	}
	customer_rec early = {.ord = 3, .amount = {1, 0, false}, .slugs = y_first, .n_slugs = 1};
	agg_add(&a, 0, &early);
	agg_settle(&a);
	CHECK(c->tf[s[0]].tf == 35 + (uint64_t)UINT32_MAX - 32 && c->tf[s[1]].tf == 36,
	      "counts past 2^32 carried into the entry (%llu, %llu)",
	      (unsigned long long)c->tf[s[0]].tf, (unsigned long long)c->tf[s[1]].tf);
	CHECK(c->tf[s[0]].ord == 10 && c->tf[s[0]].pos == 0 && c->tf[s[1]].ord == 3 &&
	      c->tf[s[1]].pos == 0, "an earlier customer counted late is still the first seen");
	agg_fini(&a);
}

/* Ids queued for the end of a batch with ords far apart (each queued ord is
 * kept relative to the first): the smallest ord still keeps the id. */
static void test_row_ords(void)
{
	diag d;
	diag_init(&d);
	collector c;
	collector_init(&c, &d, false);
	collector_clusters_in_rows(&c, "cluster");
	collect_worker w;
	collect_worker_init(&w, NULL);
	cluster_id cl = {.is_int = true, .i = 1};
	const uint64_t big = UINT64_C(5) << 31;
	const uint64_t ords[] = {7, 7 + big, 2, 9, UINT64_MAX - 1};
	const char *ids[] = {"a", "a", "b", "b", "c"};
	int bad = 0;
	for (size_t i = 0; i < 5; i++) {
		customer_rec rec = {.ord = ords[i], .id = ids[i], .id_len = 1, .frequency = 1,
				    .amount = {1, 0, false}, .cluster = i == 3 ? NULL : &cl};
		bad += collector_customer(&c, &w, &rec) != SP_OK;
	}
	bad += collect_worker_batch_end(&c, &w) != SP_OK;
	CHECK(bad == 0 && w.n_dups == 2 && w.dups[0].ord == 7 + big && w.dups[1].ord == 9,
	      "the later of each pair is the duplicate, across a 2^33 gap in ords");
	int64_t ia = strtab_find(&c.rows, "a", 1), ib = strtab_find(&c.rows, "b", 1),
		ic = strtab_find(&c.rows, "c", 1);
	CHECK(ia >= 0 && ib >= 0 && ic >= 0 && c.rows_ord[ia] == 7 && c.rows_ord[ib] == 2 &&
	      c.rows_ord[ic] == UINT64_MAX - 1, "first ords kept exactly");
	collect_worker_fini(&w);
	collector_fini(&c);
	diag_fini(&d);
}

int main(void)
{
	test_hot();
	test_row_ords();
	test_words();
	test_cache();
	test_dedup();
	test_tf();
	return tap_done();
}
