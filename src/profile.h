/* SPDX-License-Identifier: MIT */
/* profile: from accumulators to the printed figures of each cluster (segprof(1) COMPUTATION).
 * Every real is kept as a hundredths string (see decimal.h), already rounded
 * half away from zero; writers only format it. */
#ifndef SEGPROF_PROFILE_H
#define SEGPROF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "diag.h"
#include "labels.h"
#include "rank.h"

typedef enum lang { LANG_EN, LANG_ES, LANG_PT } lang;

typedef struct profile {
	cluster_id id;
	uint64_t n_customers;
	char *avg_spend;       /* hundredths strings */
	char *median_spend;
	char *avg_frequency;
	char *top_categories;
	top_pick *top_picks;   /* with scores or picks (rank_opts): one per top
				  category, else NULL */
	size_t n_top;
	char *top_scores[2];   /* with scores: the scores joined with ", ", in
				  shortest form [0] and with two decimals [1] */
	char share[8];         /* hundredths of a percent, 0..10000 */
	const char *insight;   /* static */
	/* the portrait of a card, rounded from the exact figures: */
	char *card_orders;     /* avg_frequency in tenths */
	char *card_spend;      /* avg_spend in units */
	unsigned card_share;   /* share in whole percents */
	char **extra;          /* one per extra column: a hundredths string, a
				  count (n_FIELD), or NULL when no customer of
				  the cluster has the field */
	char *name;            /* --names: the cluster's name, or NULL */
} profile;

/* An extra column: n_FIELD (op 0), mean_FIELD, median_FIELD or sum_FIELD
 * (op EXTRA_MEAN...), or an index against the population (op COL_INDEX) of
 * the mean of a field, of amount_spent (INDEX_SPEND) or of frequency
 * (INDEX_FREQUENCY). */
enum { COL_INDEX = 8 };
#define INDEX_SPEND ((size_t)-1)
#define INDEX_FREQUENCY ((size_t)-2)

typedef struct extra_col {
	char *name;
	size_t field;
	unsigned op;
} extra_col;

typedef struct profile_list {
	profile *items;
	size_t n;
	extra_col *cols;
	size_t n_cols;
	bool named;            /* --names: a cluster_name column after cluster_id */
	uint64_t population;   /* customers profiled, withheld clusters included */
	char *pop_mean;        /* their mean spend, hundredths */
	uint64_t min_size;     /* --min-size (0: no guard) */
	size_t withheld;       /* clusters left out by it */
	bool scores;           /* a top_scores column beside top_categories */
} profile_list;

/* What the figures are made of: options of the computation. */
typedef struct profile_opts {
	rank_opts rank;        /* top_categories (and their scores) */
	lang lang;
	bool index;            /* idx_ columns (segprof(1) "Index against the
				  population") */
	unsigned jobs;         /* threads for the medians of large clusters
				  (0 or 1: the caller's only) */
} profile_opts;

/* Build the profiles of every non-empty cluster of a, in output order.
 * a's spend arrays are reordered (median selection).  ids gives each
 * cluster's id by index. */
sp_status profiles_build(agg *a, const cluster_id *ids, const profile_opts *po,
			 profile_list *out);

/* The extra columns a spec asks for, in order: field by field (in the order
 * first named), n_FIELD when missing values are skipped, then mean_, median_,
 * sum_ as asked; then, with index, idx_avg_spend, idx_avg_frequency and
 * idx_FIELD for each field with a mean. */
extra_col *extra_columns(const extra_spec *x, bool index, size_t *n);
void profiles_free(profile_list *pl);
/* Free what one profile holds (pl's n_cols extra cells). */
void profile_fini(profile *p, size_t n_cols);

const char *insight_text(lang lg, int focus);

#endif
