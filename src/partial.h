/* SPDX-License-Identifier: MIT */
/* partial: the exact, mergeable state of a run (--partial) and the merge of
 * any number of them (segprof merge), for data that outgrows one process or
 * one machine.
 *
 * A partial is NDJSON: a header line {"segprof_partial":1,...} naming the
 * extra features, then one line per cluster with its count, its frequency
 * sum, every spend value (for the exact median and, re-summed, the exact
 * mean), its slugs with tf and first-seen (ord, pos), and every extra value.
 * Merging shards in the order given equals one run over their concatenation:
 * a slug first seen in shard i precedes one first seen in shard j > i.
 * Shards must not share a customer: a partial carries no ids. */
#ifndef SEGPROF_PARTIAL_H
#define SEGPROF_PARTIAL_H

#include <stdio.h>

#include "aggregate.h"
#include "diag.h"
#include "labels.h"

/* Write a's state (clusters named by ids) to out, values and slugs in a
 * canonical order (the same bytes for every --jobs); false when out of
 * memory. */
bool partial_write(FILE *out, const agg *a, const cluster_id *ids);

typedef struct merge_state {
	label_map clusters;  /* only its cluster table is used */
	extra_spec extras;   /* from the first header */
	char *names[EXTRA_MAX];
	agg acc;
	bool have_header;
} merge_state;

void merge_state_init(merge_state *m);
void merge_state_fini(merge_state *m);

/* Read partial files (NULL or "-": standard input) in order into m.  A
 * header line starts a new shard, so concatenated partials merge too. */
sp_status partial_merge(merge_state *m, char **files, size_t n, diag *d);

#endif
