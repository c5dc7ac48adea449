/* SPDX-License-Identifier: MIT */
/* labels: the customer id -> cluster mapping, and the table of clusters.
 *
 * Built from the labels of a request document or a labels file before (or
 * while) customers are joined to it.  Cluster ids keep their JSON type: an
 * integer label 2 and a string label "2" are different clusters. */
#ifndef SEGPROF_LABELS_H
#define SEGPROF_LABELS_H

#include <stdbool.h>
#include <stdint.h>

#include "strtab.h"

typedef struct cluster_id {
	bool is_int;
	int64_t i;
	const char *s; /* owned by the cluster table; NUL-terminated */
	uint32_t len;
} cluster_id;

enum { ORD_NONE = UINT64_MAX };

typedef struct label_map {
	strtab ids;           /* customer id -> label index */
	uint32_t *cluster;    /* label index -> cluster index */
	uint64_t *first_ord;  /* label index -> ord of the first customer joined, ORD_NONE */
	size_t cap;
	strtab clusters;      /* encoded cluster id -> cluster index */
	cluster_id *cluster_ids;
	size_t clusters_cap;
	int64_t last_cluster;  /* labels come in runs of one cluster: -1 or its index */
} label_map;

typedef enum label_add_result { LABEL_ADDED, LABEL_DUPLICATE, LABEL_OOM } label_add_result;

void label_map_init(label_map *m);
void label_map_fini(label_map *m);

/* Add id -> cluster (LABEL_DUPLICATE if id has a label already), given
 * hash = strtab_hash(id, id_len) (computed ahead for prefetching). */
label_add_result label_map_add_hashed(label_map *m, const char *id, size_t id_len, uint32_t hash,
				      cluster_id c);
/* Fetch the table slot a label of this hash goes to into the cache. */
static inline void label_map_prefetch(const label_map *m, uint32_t hash)
{
	strtab_prefetch_slot(&m->ids, hash);
}

/* Room for about n labels (a hint: reading a million labels should not
 * rehash the table twenty times).  false when out of memory. */
bool label_map_reserve(label_map *m, size_t n);

/* Index of cluster c in the cluster table, adding it if new; -1 when out
 * of memory. */
int64_t label_map_cluster(label_map *m, cluster_id c);

/* Label index of a customer id, or -1; hash: strtab_hash(id, len) if the
 * caller has it (for prefetching), else 0. */
static inline int64_t label_map_find(const label_map *m, const char *id, size_t len, uint32_t hash)
{
	return hash ? strtab_find_hashed(&m->ids, id, len, hash) : strtab_find(&m->ids, id, len);
}

static inline size_t label_map_count(const label_map *m) { return strtab_count(&m->ids); }
static inline size_t cluster_count(const label_map *m) { return strtab_count(&m->clusters); }

/* Order of clusters in the output: integer ids ascending, then string ids in
 * byte order. */
int cluster_id_cmp(const cluster_id *a, const cluster_id *b);

#endif
