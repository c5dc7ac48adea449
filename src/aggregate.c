/* SPDX-License-Identifier: MIT */
/* aggregate: the per-customer hot path and the merge of workers. */
#include "aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void agg_init(agg *a, const extra_spec *extras)
{
	memset(a, 0, sizeof *a);
	a->extras = extras;
	strtab_init(&a->slugs);
}

static size_t n_extras(const agg *a)
{
	return a->extras ? a->extras->n : 0;
}

static void acc_fini(cluster_acc *c, size_t n_ex)
{
	msum_fini(&c->spend);
	dlist_fini(&c->spends);
	free(c->tf);
	free(c->hot);
	if (c->ex)
		for (size_t i = 0; i < n_ex; i++)
			dlist_fini(&c->ex[i].values);
	free(c->ex);
}

void agg_fini(agg *a)
{
	for (size_t i = 0; i < a->n_acc; i++)
		acc_fini(&a->acc[i], n_extras(a));
	free(a->acc);
	strtab_fini(&a->slugs);
	memset(a, 0, sizeof *a);
}

bool agg_reserve(agg *a, size_t n)
{
	if (n <= a->n_acc)
		return true;
	cluster_acc *acc = realloc(a->acc, n * sizeof *acc);
	if (!acc)
		return false;
	memset(acc + a->n_acc, 0, (n - a->n_acc) * sizeof *acc);
	a->acc = acc;
	size_t old = a->n_acc;
	a->n_acc = n;
	if (n_extras(a))
		for (size_t i = old; i < n; i++)
			if (!(acc[i].ex = calloc(n_extras(a), sizeof *acc[i].ex)))
				return false;
	return true;
}

/* A cluster's slug counts are a hash table keyed by slug index while the
 * cluster has few of the worker's slugs, and an array indexed by slug (an
 * entry's slug is its index, or UINT32_MAX: absent) once the array would be
 * no larger than the table: one load per slug instead of a probe.  Either way
 * a reader walks tf[0 .. tf_cap) and skips the absent entries. */

static inline size_t slot_of(uint32_t slug, size_t cap)
{
	return (size_t)((slug * 0x9E3779B1u) & (uint32_t)(cap - 1));
}

/* The hash table's capacity for n entries (at most three quarters full). */
static size_t tf_table_cap(size_t n)
{
	size_t cap = 16;
	while (n * 4 > cap * 3)
		cap *= 2;
	return cap;
}

/* Fold an array's hot counts into its entries. */
static void tf_settle(cluster_acc *c)
{
	for (size_t i = 0; c->hot && i < c->tf_cap; i++) {
		c->tf[i].tf += c->hot[i];
		c->hot[i] = 0;
	}
}

/* Rebuild c's counts with cap entries, as an array (with its hot counts) or
 * a table. */
static bool tf_rebuild(cluster_acc *c, size_t cap, bool dense)
{
	slug_count *tf = malloc(cap * sizeof *tf);
	uint32_t *hot = dense ? calloc(cap, sizeof *hot) : NULL;
	if (!tf || (dense && !hot)) {
		free(tf);
		free(hot);
		return false;
	}
	tf_settle(c);
	for (size_t i = 0; i < cap; i++)
		tf[i].slug = UINT32_MAX;
	for (size_t i = 0; i < c->tf_cap; i++) {
		if (c->tf[i].slug == UINT32_MAX)
			continue;
		size_t j = dense ? c->tf[i].slug : slot_of(c->tf[i].slug, cap);
		while (!dense && tf[j].slug != UINT32_MAX)
			j = (j + 1) & (cap - 1);
		tf[j] = c->tf[i];
	}
	free(c->tf);
	free(c->hot);
	c->tf = tf;
	c->hot = hot;
	c->tf_cap = cap;
	c->tf_dense = dense;
	return true;
}

/* An array's length for slug indexes below n: room for an eighth more
 * (slugs keep coming), in whole cache lines of entries; not a power of two
 * (it is never probed). */
static size_t tf_array_cap(size_t n)
{
	return (n + n / 8 + 7) & ~(size_t)7;
}

/* Room for slug in c: the table grown (or turned into an array, when every
 * slug index of the agg, all below n_slugs, fits in no more entries), or the
 * array grown (or turned back into a table, when mostly empty). */
static bool tf_room(cluster_acc *c, uint32_t slug, size_t n_slugs)
{
	if (!c->tf_dense) {
		if ((c->tf_n + 1) * 4 <= c->tf_cap * 3)
			return true;
		size_t cap = c->tf_cap ? c->tf_cap * 2 : 16;
		if (tf_array_cap(n_slugs) <= cap && slug < n_slugs)
			return tf_rebuild(c, tf_array_cap(n_slugs), true);
		return tf_rebuild(c, cap, false);
	}
	if (slug < c->tf_cap)
		return true;
	size_t cap = tf_array_cap(n_slugs > slug ? n_slugs : (size_t)slug + 1);
	size_t table = tf_table_cap(c->tf_n + 1);
	return cap <= 2 * table ? tf_rebuild(c, cap, true) : tf_rebuild(c, table, false);
}

/* Count one customer's slug (or, in a merge, tf customers' worth of it);
 * n_slugs: the agg's count of slugs (every slug index is below it). */
static inline bool tf_add(cluster_acc *c, uint32_t slug, uint64_t tf, uint64_t ord, uint32_t pos,
			  size_t n_slugs)
{
	if (ord == UINT64_MAX)
		c->ord_floor = UINT64_MAX;
	else if (ord >= c->ord_floor)
		c->ord_floor = ord + 1;
	if (!(c->tf_dense && slug < c->tf_cap) && !tf_room(c, slug, n_slugs))
		return false;
	size_t j;
	if (c->tf_dense) {
		j = slug;
	} else {
		size_t mask = c->tf_cap - 1;
		j = slot_of(slug, c->tf_cap);
		while (c->tf[j].slug != UINT32_MAX && c->tf[j].slug != slug)
			j = (j + 1) & mask;
	}
	slug_count *e = &c->tf[j];
	if (e->slug == UINT32_MAX) {
		*e = (slug_count){.slug = slug, .pos = pos, .ord = ord, .tf = tf};
		c->tf_n++;
		return true;
	}
	e->tf += tf;
	if (ord < e->ord || (ord == e->ord && pos < e->pos)) {
		e->ord = ord;
		e->pos = pos;
	}
	return true;
}

static bool extras_add(agg *a, cluster_acc *c, const dec *x)
{
	for (size_t i = 0; i < n_extras(a); i++) {
		if (dec_is_none(x[i]))
			continue;
		extra_acc *e = &c->ex[i];
		if ((a->extras->keep_values || (a->extras->ops[i] & EXTRA_MEDIAN)) &&
		    !dlist_push(&e->values, x[i]))
			return false;
		e->n++;
		ssum_add(&e->sum, x[i]);
	}
	return true;
}

/* A customer's slugs in a cluster whose counts are an array: each count is
 * one increment of a 4-byte hot count (the 24-byte entries, six times the
 * memory, are touched only by a slug's first customer).  Only for a
 * customer after every one counted so far (ord >= c->ord_floor): a slug met
 * before then has its first (ord, pos) already.  Returns how many of the
 * slugs it took (the rest go through tf_add). */
static size_t tf_add_hot(cluster_acc *c, const customer_rec *rec)
{
	size_t i = 0;
	for (; i < rec->n_slugs; i++) {
		uint32_t slug = rec->slugs[i];
		if (slug >= c->tf_cap)
			break;
		uint32_t h = c->hot[slug]++;
		if (h == 0 && c->tf[slug].slug == UINT32_MAX) {
			c->tf[slug] = (slug_count){.slug = slug, .pos = (uint32_t)i, .ord = rec->ord};
			c->tf_n++;
		} else if (h == UINT32_MAX - 1) {
			c->tf[slug].tf += UINT32_MAX;
			c->hot[slug] = 0;
		}
	}
	return i;
}

bool agg_add(agg *a, uint32_t cluster, const customer_rec *rec)
{
	cluster_acc *c = &a->acc[cluster];
	if (!dlist_push(&c->spends, rec->amount))
		return false;
	c->n++;
	if (!msum_add(&c->spend, rec->amount))
		return false;
	c->frequency += (unsigned __int128)rec->frequency;
	size_t i = 0, n_slugs = strtab_count(&a->slugs);
	if (c->tf_dense && rec->ord >= c->ord_floor && rec->ord != UINT64_MAX) {
		c->ord_floor = rec->ord + 1;
		i = tf_add_hot(c, rec);
	}
	for (; i < rec->n_slugs; i++)
		if (!tf_add(c, rec->slugs[i], 1, rec->ord, (uint32_t)i, n_slugs))
			return false;
	return n_extras(a) == 0 || extras_add(a, c, rec->extras);
}

bool agg_add_spends(agg *a, uint32_t cluster, const dec *v, size_t n)
{
	cluster_acc *c = &a->acc[cluster];
	for (size_t i = 0; i < n; i++) {
		if (!dlist_push(&c->spends, v[i]))
			return false;
		c->n++;
		if (!msum_add(&c->spend, v[i]))
			return false;
	}
	return true;
}

void agg_add_frequency(agg *a, uint32_t cluster, unsigned __int128 sum)
{
	a->acc[cluster].frequency += sum;
}

bool agg_add_slug(agg *a, uint32_t cluster, const char *slug, size_t len, uint64_t tf,
		  uint64_t ord, uint32_t pos)
{
	bool inserted;
	int64_t idx = strtab_intern(&a->slugs, slug, len, &inserted);
	return idx >= 0 && tf_add(&a->acc[cluster], (uint32_t)idx, tf, ord, pos,
				  strtab_count(&a->slugs));
}

bool agg_add_extra_values(agg *a, uint32_t cluster, size_t field, const dec *v, size_t n)
{
	extra_acc *e = &a->acc[cluster].ex[field];
	bool keep = a->extras->keep_values || (a->extras->ops[field] & EXTRA_MEDIAN);
	for (size_t i = 0; i < n; i++) {
		if (keep && !dlist_push(&e->values, v[i]))
			return false;
		e->n++;
		ssum_add(&e->sum, v[i]);
	}
	return true;
}

static bool extras_merge(size_t n_ex, cluster_acc *d, cluster_acc *s)
{
	for (size_t i = 0; i < n_ex; i++) {
		extra_acc *de = &d->ex[i], *se = &s->ex[i];
		if (!dlist_append(&de->values, &se->values))
			return false;
		de->n += se->n;
		ssum_merge(&de->sum, &se->sum);
	}
	return true;
}

/* Whether a holds nothing yet (no slugs, no customers). */
static bool agg_empty(const agg *a)
{
	if (strtab_count(&a->slugs))
		return false;
	for (size_t i = 0; i < a->n_acc; i++)
		if (a->acc[i].n)
			return false;
	return true;
}

void agg_settle(agg *a)
{
	for (size_t i = 0; i < a->n_acc; i++)
		tf_settle(&a->acc[i]);
}

bool agg_merge(agg *dst, agg *src)
{
	agg_settle(src);
	agg_settle(dst);
	if (agg_empty(dst) && dst->extras == src->extras) {
		/* The first worker's state moves over as it is: no re-interning. */
		agg tmp = *dst;
		*dst = *src;
		*src = tmp;
		return true;
	}
	bool ok = false;
	uint32_t *map = NULL;
	size_t ns = strtab_count(&src->slugs);
	if (ns) {
		map = malloc(ns * sizeof *map);
		if (!map)
			goto out;
	}
	for (size_t i = 0; i < ns; i++) {
		strtab_key k = strtab_get(&src->slugs, (uint32_t)i);
		bool inserted;
		int64_t idx = strtab_intern(&dst->slugs, k.s, k.len, &inserted);
		if (idx < 0)
			goto out;
		map[i] = (uint32_t)idx;
	}
	if (!agg_reserve(dst, src->n_acc))
		goto out;
	for (size_t ci = 0; ci < src->n_acc; ci++) {
		cluster_acc *s = &src->acc[ci], *d = &dst->acc[ci];
		if (!s->n)
			continue;
		if (!dlist_append(&d->spends, &s->spends))
			goto out;
		d->n += s->n;
		if (!msum_merge(&d->spend, &s->spend))
			goto out;
		d->frequency += s->frequency;
		for (size_t j = 0; j < s->tf_cap; j++) {
			const slug_count *e = &s->tf[j];
			if (e->slug != UINT32_MAX &&
			    !tf_add(d, map[e->slug], e->tf, e->ord, e->pos, strtab_count(&dst->slugs)))
				goto out;
		}
		if (n_extras(src) && !extras_merge(n_extras(src), d, s))
			goto out;
		acc_fini(s, n_extras(src));
		memset(s, 0, sizeof *s);
	}
	ok = true;
out:
	free(map);
	return ok;
}
