/* SPDX-License-Identifier: MIT */
/* rank: each cluster's top slugs, by TF-IDF (the API's formula) or by lift
 * against the population (segprof(1) "TF-IDF" and "Lift").
 *
 *   tf(t, c)  = customers of c whose product_types contain t
 *   TF-IDF    = tf(t, c) * (ln((1 + K) / (1 + df(t))) + 1)   (scikit-learn)
 *   lift      = (tf(t, c) / n(c)) / (T(t) / N),  T(t) = sum over c of tf(t, c)
 *
 * Highest first; ties by first appearance in c.  Lifts are compared as exact
 * fractions, so the order is the same however the counts were gathered. */
#ifndef SEGPROF_RANK_H
#define SEGPROF_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "ratio.h"

typedef enum rank_method { RANK_TFIDF, RANK_LIFT } rank_method;

/* --min-support's default: see segprof(1) "Lift" for why 10. */
enum { LIFT_MIN_SUPPORT = 10 };

typedef struct rank_opts {
	rank_method method;
	unsigned top;          /* slugs per cluster */
	uint64_t min_support;  /* lift: customers of c having t, at least */
	bool scores;           /* fill in each pick's score */
	bool picks;            /* fill in each pick (its place and tf) without
				  asking for scores: the report's bars */
} rank_opts;

/* One of a cluster's top slugs: its place in the joined string, its tf
 * (customers of the cluster that bought it) and its score as a hundredths
 * string (decimal.h). */
typedef struct top_pick {
	size_t off, len;
	uint64_t tf;
	char score[RATIO_HUNDREDTHS_MAX];
} top_pick;

/* A cluster's top: the slugs joined with ", " ("" when none) and, when
 * scores are asked, one pick per slug (NULL otherwise). */
typedef struct cluster_top {
	char *joined;
	top_pick *picks;
	size_t n;
} cluster_top;

/* top[c] for c in 0..a->n_acc-1 (zeroed by the caller).  false on out of
 * memory; top[] then holds what was made, which the caller frees with
 * cluster_top_fini either way. */
bool rank_top(const agg *a, const rank_opts *ro, cluster_top *top);
void cluster_top_fini(cluster_top *t);

/* TF-IDF tops without scores: top[c] := the joined string (malloc'd). */
bool tfidf_top(const agg *a, unsigned n, char **top);

#endif
