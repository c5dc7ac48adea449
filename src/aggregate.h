/* SPDX-License-Identifier: MIT */
/* aggregate: per-cluster accumulators.
 *
 * One `agg` per worker holds an accumulator per cluster and its own table of
 * slugs; agg_merge folds a worker's agg into the final one, translating slug
 * indexes, so that the result does not depend on how customers were split
 * between workers.  First appearance of a slug in a cluster is the smallest
 * (ord, pos): ord is the customer's position in the input, pos the slug's
 * position in its product_types. */
#ifndef SEGPROF_AGGREGATE_H
#define SEGPROF_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decimal.h"
#include "extras.h"
#include "labels.h"
#include "strtab.h"

typedef struct slug_count {
	uint32_t slug;  /* index in the agg's slug table; UINT32_MAX = empty slot */
	uint32_t pos;
	uint64_t ord;
	uint64_t tf;    /* customers of the cluster that bought it */
} slug_count;

/* One extra feature in one cluster. */
typedef struct extra_acc {
	uint64_t n;          /* customers that have it */
	ssum sum;
	dlist values;        /* kept only when its median is asked for */
} extra_acc;

typedef struct cluster_acc {
	uint64_t n;
	msum spend;
	unsigned __int128 frequency;
	dlist spends;        /* every amount, for the exact median */
	slug_count *tf;      /* by slug index: a table (open addressing) or, when
				tf_dense, an array; absent: slug UINT32_MAX */
	size_t tf_cap, tf_n;
	bool tf_dense;
	uint32_t *hot;       /* with tf_dense, by slug: counts not yet in tf (a
				worker's agg_add; agg_merge folds them in) */
	uint64_t ord_floor;  /* above every ord counted in tf, or UINT64_MAX */
	extra_acc *ex;       /* one per extra field */
} cluster_acc;

typedef struct agg {
	const extra_spec *extras; /* not owned; NULL or n == 0: none */
	strtab slugs;
	cluster_acc *acc;    /* by cluster index */
	size_t n_acc;
} agg;

/* One validated customer, as the join hands it to the accumulators. */
typedef struct customer_rec {
	uint64_t ord;
	const char *id;
	size_t id_len;
	uint32_t label_key;    /* label_map_locate(id), or 0: not known (the
				  join's queue takes it as it prefetches) */
	int64_t frequency;
	dec amount;            /* >= 0, as written */
	const uint32_t *slugs; /* indexes in the agg's slug table, distinct, in order */
	size_t n_slugs;
	const dec *extras;     /* one per extra field; DEC_NONE = missing (skipped) */
	const cluster_id *cluster; /* the cluster the record carries (--cluster-field
				      without labels); NULL: none */
} customer_rec;

void agg_init(agg *a, const extra_spec *extras);
void agg_fini(agg *a);

/* Make room for clusters 0..n-1.  false on out of memory. */
bool agg_reserve(agg *a, size_t n_clusters);

/* Account rec to cluster c.  false on out of memory. */
bool agg_add(agg *a, uint32_t cluster, const customer_rec *rec);

/* The pieces of a cluster's state, for partial results (partial.c): each
 * returns false when out of memory.  Spend and extra values are re-summed
 * exactly as agg_add does. */
bool agg_add_spends(agg *a, uint32_t cluster, const dec *v, size_t n);
void agg_add_frequency(agg *a, uint32_t cluster, unsigned __int128 sum);
bool agg_add_slug(agg *a, uint32_t cluster, const char *slug, size_t len, uint64_t tf,
		  uint64_t ord, uint32_t pos);
bool agg_add_extra_values(agg *a, uint32_t cluster, size_t field, const dec *v, size_t n);

/* Fold the counts agg_add keeps aside (cluster_acc.hot) into tf, for its
 * readers; agg_merge does it for both aggs. */
void agg_settle(agg *a);

/* Fold src into dst (src is emptied but must still be fini'd). */
bool agg_merge(agg *dst, agg *src);

#endif
