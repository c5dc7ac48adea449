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

#include "denseids.h"
#include "idmap.h"
#include "strtab.h"

typedef struct cluster_id {
	bool is_int;
	int64_t i;
	const char *s; /* owned by the cluster table; NUL-terminated */
	uint32_t len;
} cluster_id;

enum { ORD_NONE = UINT64_MAX };
/* A duplicate whose first customer is not known (label_map_narrow). */
enum { ORD_UNKNOWN = UINT64_MAX - 1 };
enum { LABEL_SMALL_INT = 256 };

typedef struct label_map {
	/* customer id -> label: its cluster index and the ord of the first
	 * customer joined (ORD_NONE).  In dense while every id is a prefix
	 * and a number (denseids.h), else moved to ids, the hash table. */
	dense_ids dense;
	idmap ids;
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

/* Keep the ids in the hash table from the start (SEGPROF_IDS_HASHED=1:
 * the tests compare both forms). */
void label_map_hashed(label_map *m);

/* Numbered ids may take a byte each (denseids.h: narrow words), which know
 * that a label was joined but not to which customer first: a second
 * customer of an id then claims ORD_UNKNOWN.  Before any label is added. */
void label_map_narrow(label_map *m);

/* Whether the ids are in the hash table (else in dense). */
static inline bool label_map_is_hashed(const label_map *m)
{
	return m->dense.state == DENSE_OFF;
}

/* Free the customer ids (the map's bytes, nearly all of it) once every
 * customer is joined: the clusters stay, and so does nothing else; only
 * label_map_fini may follow.  Their count must be read before. */
void label_map_drop_ids(label_map *m);

/* Room for about n labels (a hint: reading a million labels should not
 * rehash the table twenty times).  false when out of memory. */
bool label_map_reserve(label_map *m, size_t n);

/* Index of cluster c in the cluster table, adding it if new; -1 when out
 * of memory. */
int64_t label_map_cluster(label_map *m, cluster_id c);

/* Label index of a customer id, or -1; hash: strtab_hash(id, len) if the
 * caller has it (for prefetching), else 0.  A lookup touches one record
 * (label_map_locate fetches it ahead). */
static inline int64_t label_map_find(const label_map *m, const char *id, size_t len, uint32_t hash)
{
	if (!label_map_is_hashed(m))
		return dense_ids_find(&m->dense, id, len);
	return idmap_find(&m->ids, id, len, hash ? hash : strtab_hash(id, len));
}

/* Where the label of a customer id would be, fetched into the cache ahead
 * of label_map_find_at: a key that saves the lookup finding it again (the
 * id's hash in the hash table; the slot + 1 of a numbered id; 0: none).
 * Once the labels are complete: the key holds while the map does not move. */
static inline uint32_t label_map_locate(const label_map *m, const char *id, size_t len)
{
	if (label_map_is_hashed(m)) {
		uint32_t h = strtab_hash(id, len);
		idmap_prefetch(&m->ids, h);
		return h;
	}
	size_t idx;
	if (!dense_ids_slot(&m->dense, id, len, &idx))
		return 0;
	dense_ids_prefetch_slot(&m->dense, idx);
	return (uint32_t)idx + 1;
}

/* label_map_find, given key = label_map_locate(id) or 0. */
static inline int64_t label_map_find_at(const label_map *m, const char *id, size_t len,
					uint32_t key)
{
	if (label_map_is_hashed(m) || !key)
		return label_map_find(m, id, len, key);
	return dense_ids_present(&m->dense, key - 1) ? (int64_t)key - 1 : -1;
}

/* Claim slot *first for ord: the smallest ord keeps it.  Returns the ord
 * that lost (a duplicate), or ORD_NONE. */
static inline uint64_t ord_claim(uint64_t *first, uint64_t ord)
{
	uint64_t cur = __atomic_load_n(first, __ATOMIC_RELAXED);
	for (;;) {
		if (cur != ORD_NONE && cur < ord)
			return ord;
		if (__atomic_compare_exchange_n(first, &cur, ord, false, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED))
			return cur; /* ORD_NONE, or the larger ord we displaced */
	}
}

/* Label idx claimed for the customer of this ord, atomically (the join of
 * every worker): the ord that lost (a duplicate), ORD_UNKNOWN (a duplicate
 * of narrow words), or ORD_NONE. */
static inline uint64_t label_map_claim(label_map *m, size_t idx, uint64_t ord)
{
	if (label_map_is_hashed(m))
		return ord_claim(&idmap_at(&m->ids, idx)->first_ord, ord);
	uint64_t lost = dense_ids_claim(&m->dense, idx, ord);
	return lost == DENSE_ORD_NONE ? ORD_NONE : lost == DENSE_ORD_UNKNOWN ? ORD_UNKNOWN : lost;
}

/* Of label idx: the ord of the first customer joined to it (ORD_NONE
 * before any), its cluster index. */
static inline uint64_t label_map_first(const label_map *m, size_t idx)
{
	if (label_map_is_hashed(m))
		return idmap_at(&m->ids, idx)->first_ord;
	uint64_t first = dense_ids_first(&m->dense, idx);
	return first == DENSE_ORD_NONE ? ORD_NONE : first == DENSE_ORD_UNKNOWN ? ORD_UNKNOWN : first;
}
static inline uint32_t label_map_cluster_of(const label_map *m, size_t idx)
{
	if (label_map_is_hashed(m))
		return idmap_at(&m->ids, idx)->cluster;
	return dense_ids_cluster(&m->dense, idx);
}

/* Room for any customer id label_map_id gives back. */
enum { LABEL_ID_BUF = 64 };
_Static_assert((int)LABEL_ID_BUF >= (int)DENSE_ID_MAX && (int)LABEL_ID_BUF >= (int)IDMAP_INLINE,
	       "label_map_id's buffer holds every id it may write");

/* Its customer id: the bytes (maybe in buf, LABEL_ID_BUF bytes of the
 * caller's) and *len. */
static inline const char *label_map_id(const label_map *m, size_t idx, char *buf, size_t *len)
{
	if (label_map_is_hashed(m))
		return idmap_key(&m->ids, idx, buf, len);
	*len = dense_ids_key(&m->dense, idx, buf);
	return buf;
}

/* Move the ids to the hash table (a label that does not fit dense); false
 * when out of memory. */
bool label_map_to_hashed(label_map *m);

/* Add id -> cluster (LABEL_DUPLICATE if id has a label already), given
 * hash = strtab_hash(id, id_len) (computed ahead for prefetching), or 0.  Inline,
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
	if (!label_map_is_hashed(m)) {
		switch (dense_ids_add(&m->dense, id, id_len, (uint32_t)ci)) {
		case DENSE_ADDED:
			return LABEL_ADDED;
		case DENSE_DUPLICATE:
			return LABEL_DUPLICATE;
		case DENSE_OOM:
			return LABEL_OOM;
		case DENSE_UNFIT:
			if (!label_map_to_hashed(m))
				return LABEL_OOM;
			break;
		}
	}
	if (!hash) /* not computed (0 itself is computed again, to 0) */
		hash = strtab_hash(id, id_len);
	bool inserted;
	int64_t idx = idmap_insert(&m->ids, id, id_len, hash, (uint32_t)ci, ORD_NONE, &inserted);
	if (idx < 0)
		return LABEL_OOM;
	return inserted ? LABEL_ADDED : LABEL_DUPLICATE;
}

static inline size_t label_map_count(const label_map *m)
{
	return label_map_is_hashed(m) ? idmap_count(&m->ids) : m->dense.n;
}
static inline size_t cluster_count(const label_map *m) { return strtab_count(&m->clusters); }

/* Order of clusters in the output: integer ids ascending, then string ids in
 * byte order. */
int cluster_id_cmp(const cluster_id *a, const cluster_id *b);

#endif
