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

#include "idmap.h"
#include "strtab.h"

typedef struct cluster_id {
	bool is_int;
	int64_t i;
	const char *s; /* owned by the cluster table; NUL-terminated */
	uint32_t len;
} cluster_id;

enum { ORD_NONE = UINT64_MAX };
enum { LABEL_SMALL_INT = 256 };

typedef struct label_map {
	idmap ids;            /* customer id -> label: its cluster index and the
				 ord of the first customer joined (ORD_NONE) */
	strtab clusters;      /* encoded cluster id -> cluster index */
	cluster_id *cluster_ids;
	size_t clusters_cap;
	int64_t last_cluster;  /* labels come in runs of one cluster: -1 or its index */
	/* most clusters are small integers: their index + 1, 0 until seen */
	uint32_t small_int[LABEL_SMALL_INT];
} label_map;

typedef enum label_add_result { LABEL_ADDED, LABEL_DUPLICATE, LABEL_OOM } label_add_result;

void label_map_init(label_map *m);
void label_map_fini(label_map *m);

/* Free the customer ids (the map's bytes, nearly all of it) once every
 * customer is joined: the clusters stay, and so does nothing else; only
 * label_map_fini may follow.  Their count must be read before. */
void label_map_drop_ids(label_map *m);

/* Fetch the table slot a label of this hash goes to into the cache. */
static inline void label_map_prefetch(const label_map *m, uint32_t hash)
{
	idmap_prefetch(&m->ids, hash);
}

/* Room for about n labels (a hint: reading a million labels should not
 * rehash the table twenty times).  false when out of memory. */
bool label_map_reserve(label_map *m, size_t n);

/* Index of cluster c in the cluster table, adding it if new; -1 when out
 * of memory. */
int64_t label_map_cluster(label_map *m, cluster_id c);

/* Label index of a customer id, or -1; hash: strtab_hash(id, len) if the
 * caller has it (for prefetching), else 0.  A lookup touches one record
 * (label_map_prefetch fetches it ahead). */
static inline int64_t label_map_find(const label_map *m, const char *id, size_t len, uint32_t hash)
{
	return idmap_find(&m->ids, id, len, hash ? hash : strtab_hash(id, len));
}

/* Of label idx: the ord of the first customer joined to it (ORD_NONE
 * before any; claimed atomically by the join), its cluster index. */
static inline uint64_t *label_map_first_ord(const label_map *m, size_t idx)
{
	return &idmap_at(&m->ids, idx)->first_ord;
}
static inline uint32_t label_map_cluster_of(const label_map *m, size_t idx)
{
	return idmap_at(&m->ids, idx)->cluster;
}
/* Its customer id: the bytes (maybe in buf, IDMAP_INLINE bytes of the
 * caller's) and *len. */
static inline const char *label_map_id(const label_map *m, size_t idx, char *buf, size_t *len)
{
	return idmap_key(&m->ids, idx, buf, len);
}

/* Add id -> cluster (LABEL_DUPLICATE if id has a label already), given
 * hash = strtab_hash(id, id_len) (computed ahead for prefetching).  Inline,
 * a small integer cluster seen before without a call. */
static inline label_add_result label_map_add_hashed(label_map *m, const char *id, size_t id_len,
						    uint32_t hash, cluster_id c)
{
	/* Everything that can fail comes before the id is inserted, so that
	 * an out-of-memory leaves the map consistent. */
	int64_t ci = c.is_int && c.i >= 0 && c.i < LABEL_SMALL_INT && m->small_int[c.i]
			     ? (int64_t)m->small_int[c.i] - 1
			     : label_map_cluster(m, c);
	if (ci < 0)
		return LABEL_OOM;
	bool inserted;
	int64_t idx = idmap_insert(&m->ids, id, id_len, hash, (uint32_t)ci, ORD_NONE, &inserted);
	if (idx < 0)
		return LABEL_OOM;
	return inserted ? LABEL_ADDED : LABEL_DUPLICATE;
}

static inline size_t label_map_count(const label_map *m) { return idmap_count(&m->ids); }
static inline size_t cluster_count(const label_map *m) { return strtab_count(&m->clusters); }

/* Order of clusters in the output: integer ids ascending, then string ids in
 * byte order. */
int cluster_id_cmp(const cluster_id *a, const cluster_id *b);

#endif
