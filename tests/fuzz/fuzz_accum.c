/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the accumulation fast paths against plain
 * slow ones.
 *
 * Input: records, one a line; a record's first byte picks its cluster (of
 * four), the rest is its slugs joined by ','.  Each slug goes through the
 * worker's path (customer_slug_add: the slug cache in front of the slug
 * strtab, the record's deduplication) and through the strtab alone with a
 * plain first-occurrence filter: the same indexes must come out, and
 * slug_words must give slug_words_portable's words.  Each record is then
 * accounted by agg_add (a cluster's counts in a table or an array) and in a
 * plain array of counts per cluster: every count and first (ord, pos) must
 * agree, and again after agg_merge into an empty agg and into one that
 * already holds the same records.  Any difference aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "customer.h"
#include "slugcache.h"
#include "strtab.h"

enum { CLUSTERS = 4 };

typedef struct ref_count {
	uint64_t tf, ord;
	uint32_t pos;
} ref_count;

typedef struct reference {
	strtab slugs;
	ref_count *count[CLUSTERS]; /* by slug index */
	size_t cap;
} reference;

__attribute__((noreturn)) static void mismatch(const char *what)
{
	fprintf(stderr, "fuzz_accum mismatch: %s\n", what);
	abort();
}

static void ref_room(reference *r, size_t n)
{
	if (n <= r->cap)
		return;
	size_t cap = r->cap ? r->cap * 2 : 64;
	while (cap < n)
		cap *= 2;
	for (int c = 0; c < CLUSTERS; c++) {
		r->count[c] = realloc(r->count[c], cap * sizeof **r->count);
		if (!r->count[c])
			abort();
		memset(r->count[c] + r->cap, 0, (cap - r->cap) * sizeof **r->count);
	}
	r->cap = cap;
}

/* a's counts, its slugs named by a's own table, against r's. */
static void compare(agg *a, const reference *r, uint64_t scale)
{
	agg_settle(a);
	for (size_t c = 0; c < CLUSTERS; c++) {
		size_t seen = 0, want = 0;
		const cluster_acc *acc = c < a->n_acc ? &a->acc[c] : NULL;
		for (size_t j = 0; acc && j < acc->tf_cap; j++) {
			const slug_count *e = &acc->tf[j];
			if (e->slug == UINT32_MAX)
				continue;
			if (acc->tf_dense && e->slug != j)
				mismatch("an array entry away from its slug's index");
			strtab_key k = strtab_get(&a->slugs, e->slug);
			int64_t ri = strtab_find(&r->slugs, k.s, k.len);
			if (ri < 0)
				mismatch("a slug the reference never saw");
			const ref_count *rc = &r->count[c][ri];
			if (e->tf != rc->tf * scale || e->ord != rc->ord || e->pos != rc->pos)
				mismatch("a count or first (ord, pos)");
			seen++;
		}
		for (size_t s = 0; s < strtab_count(&r->slugs); s++)
			want += r->count[c][s].tf != 0;
		if (seen != want || (acc && acc->tf_n != want))
			mismatch("the number of slugs of a cluster");
	}
}

/* One record's slugs [s, end) into rec, through p and through r. */
static void record_slugs(customer_parser *p, reference *r, const char *s, const char *end,
			 customer_rec *rec)
{
	size_t n = 1, m = 0, n_want = 0;
	for (const char *q = s; q < end; q++)
		n += *q == ',';
	uint32_t *want = malloc(n * sizeof *want);
	if (!want || !customer_slugs_begin(p, n))
		abort();
	for (const char *q = s;;) {
		const char *e = memchr(q, ',', (size_t)(end - q));
		if (!e)
			e = end;
		size_t len = (size_t)(e - q);
		if (len && len <= SLUG_WORDS * 8) {
			uint64_t a[SLUG_WORDS], b[SLUG_WORDS];
			slug_words(q, len, a);
			slug_words_portable(q, len, b);
			if (memcmp(a, b, sizeof a) != 0)
				mismatch("slug_words and slug_words_portable");
		}
		bool ins, seen = false;
		int64_t idx = strtab_intern(&r->slugs, q, len, &ins);
		if (idx < 0 || !customer_slug_add(p, q, len, &m))
			abort();
		for (size_t k = 0; k < n_want; k++)
			seen |= want[k] == (uint32_t)idx;
		if (!seen)
			want[n_want++] = (uint32_t)idx;
		if (e == end)
			break;
		q = e + 1;
	}
	if (m != n_want || (m && memcmp(customer_slugs(p), want, m * sizeof *want) != 0))
		mismatch("a record's slug indexes");
	free(want);
	rec->slugs = customer_slugs(p);
	rec->n_slugs = m;
}

static void account(reference *r, uint32_t cluster, const customer_rec *rec)
{
	ref_room(r, strtab_count(&r->slugs));
	for (size_t i = 0; i < rec->n_slugs; i++) {
		ref_count *c = &r->count[cluster][rec->slugs[i]];
		if (!c->tf++) {
			c->ord = rec->ord;
			c->pos = (uint32_t)i;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data, *end = t + size;
	strtab slugs;
	reference r = {0};
	strtab_init(&slugs);
	strtab_init(&r.slugs);
	diag d;
	diag_init(&d);
	field_names names;
	field_names_default(&names);
	customer_parser p;
	customer_parser_init(&p, &slugs, &d, NULL, &names);
	agg a, merged, twice;
	agg_init(&a, NULL);
	agg_init(&merged, NULL);
	agg_init(&twice, NULL);
	if (!agg_reserve(&a, CLUSTERS))
		abort();
	uint64_t ord = 0;
	for (const char *line = t; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		if (nl > line) {
			customer_rec rec = {.ord = ord++, .frequency = 1, .amount = {1, 0, false}};
			uint32_t cluster = (unsigned char)line[0] % CLUSTERS;
			record_slugs(&p, &r, line + 1, nl, &rec);
			/* the worker's slugs are its agg's (pipeline.c) */
			if (strtab_count(&slugs) != strtab_count(&r.slugs))
				mismatch("the count of slugs");
			account(&r, cluster, &rec);
			/* agg_add indexes a's own table: the same as the parser's */
			for (size_t i = 0; i < rec.n_slugs; i++) {
				strtab_key k = strtab_get(&slugs, rec.slugs[i]);
				bool ins;
				if (strtab_intern(&a.slugs, k.s, k.len, &ins) != rec.slugs[i])
					mismatch("the agg's slug table");
			}
			if (!agg_add(&a, cluster, &rec))
				abort();
		}
		line = nl + 1;
	}
	compare(&a, &r, 1);
	/* a second worker with the same records, its slugs in another order */
	agg b;
	agg_init(&b, NULL);
	if (!agg_reserve(&b, CLUSTERS))
		abort();
	for (size_t i = strtab_count(&a.slugs); i-- > 0;) {
		strtab_key k = strtab_get(&a.slugs, (uint32_t)i);
		bool ins;
		if (strtab_intern(&b.slugs, k.s, k.len, &ins) < 0)
			abort();
	}
	for (size_t c = 0; c < CLUSTERS; c++) {
		dec one = {1, 0, false};
		/* a cluster without customers is passed over by a merge */
		if (a.acc[c].n && !agg_add_spends(&b, (uint32_t)c, &one, 1))
			abort();
		for (size_t j = 0; j < a.acc[c].tf_cap; j++) {
			const slug_count *e = &a.acc[c].tf[j];
			if (e->slug == UINT32_MAX)
				continue;
			strtab_key k = strtab_get(&a.slugs, e->slug);
			if (!agg_add_slug(&b, (uint32_t)c, k.s, k.len, e->tf, e->ord, e->pos))
				abort();
		}
	}
	if (!agg_merge(&merged, &b))
		abort();
	compare(&merged, &r, 1);
	if (!agg_merge(&twice, &a) || !agg_merge(&twice, &merged))
		abort();
	compare(&twice, &r, 2);
	agg_fini(&b);
	agg_fini(&twice);
	agg_fini(&merged);
	agg_fini(&a);
	customer_parser_fini(&p);
	diag_fini(&d);
	for (int c = 0; c < CLUSTERS; c++)
		free(r.count[c]);
	strtab_fini(&r.slugs);
	strtab_fini(&slugs);
	return 0;
}
