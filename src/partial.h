/* SPDX-License-Identifier: MIT */
/* partial: the exact, mergeable state of a run (--partial) and the merge of
 * any number of them (segprof merge, which may write a partial again), for
 * data that outgrows one process or one machine.
 *
 * A partial is NDJSON: a header line {"segprof_partial":2,...} naming the
 * extra features and the hash shards it holds (--shard), then one line per
 * cluster, in cluster order, with its count, its frequency sum, every spend
 * value (packed.h: for the exact median and, re-summed, the exact mean), its
 * slugs with tf and first-seen (ord, pos), and every extra value.
 *
 * First-seen ords: a hash shard's ords are positions in the input its run
 * read; shards compare them as (ord, shard, pos), so that shards that read
 * the same input compare as one run over it, shards that read different
 * files or orders still merge the same whatever the order or tree, and
 * merging them is commutative (a merged partial writes each entry's shard).  Partials without --shard are taken as consecutive
 * pieces of the input in the order given: the ords of the i-th are shifted
 * past those of the ones before it, and a merge that writes a partial
 * renumbers them 0, 1, ... keeping their order, so that a tree of merges
 * gives the same bytes whatever its shape.  Hash shards carry no customer
 * ids but cannot overlap; partials without --shard must not share a
 * customer. */
#ifndef SEGPROF_PARTIAL_H
#define SEGPROF_PARTIAL_H

#include <stdint.h>
#include <stdio.h>

#include "aggregate.h"
#include "diag.h"
#include "labels.h"

/* The hash shards a partial holds: count = K (0: not sharded), have[i] for
 * each shard i of K. */
typedef struct shard_set {
	uint32_t count;
	uint8_t *have;
} shard_set;

/* Write a's state (clusters named by ids) to out, clusters in output order,
 * values and slugs in a canonical order (the same bytes for every --jobs);
 * shards: NULL when not sharded.  false when out of memory. */
bool partial_write(FILE *out, const agg *a, const cluster_id *ids, const shard_set *shards);

typedef struct merge_state {
	label_map clusters;  /* only its cluster table is used */
	extra_spec extras;   /* from the first header */
	char *names[EXTRA_MAX];
	agg acc;
	uint64_t n_parts;    /* header lines read */
	shard_set shards;    /* the shards read so far (count 0: unsharded) */
	uint64_t *shard_part; /* per shard: the partial (n_parts, from 1) that held it */
	uint32_t part_shard; /* the first shard of the partial being read */
} merge_state;

void merge_state_init(merge_state *m);
void merge_state_fini(merge_state *m);

/* Read partial files (NULL or "-": standard input) in order into m.  A
 * header line starts a new partial, so concatenated partials merge too.
 * Refuses partials made with other figure-changing options, a mix of hash
 * shards and partials without --shard, mixed shard counts and a shard given
 * twice. */
sp_status partial_merge(merge_state *m, char **files, size_t n, diag *d);

/* After partial_merge: a missing hash shard is an error, or a warning with
 * allow_missing; partials without --shard get a warning (their overlap
 * cannot be checked). */
sp_status partial_merge_check(const merge_state *m, bool allow_missing, diag *d);

/* Write the merged state as one partial; false when out of memory. */
bool partial_merge_write(FILE *out, merge_state *m);

#endif
