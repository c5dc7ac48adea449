/* SPDX-License-Identifier: MIT */
/* labels: the labels map and the cluster table. */
#include "labels.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>

void label_map_init(label_map *m)
{
	memset(m, 0, sizeof *m);
	dense_ids_init(&m->dense);
	idmap_init(&m->ids);
	strtab_init(&m->clusters);
	m->last_cluster = -1;
}

void label_map_hashed(label_map *m)
{
	m->dense.state = DENSE_OFF;
}

void label_map_narrow(label_map *m)
{
	if (m->dense.state == DENSE_EMPTY)
		m->dense.narrow = true;
}

void label_map_fini(label_map *m)
{
	dense_ids_fini(&m->dense);
	idmap_fini(&m->ids);
	strtab_fini(&m->clusters);
	free(m->cluster_ids);
	memset(m, 0, sizeof *m);
}

void label_map_drop_ids(label_map *m)
{
	dense_ids_fini(&m->dense);
	idmap_fini(&m->ids);
}

bool label_map_to_hashed(label_map *m)
{
	dense_ids *d = &m->dense;
	size_t n = d->n > d->expected ? d->n : d->expected;
	bool ok = idmap_reserve(&m->ids, n);
	for (size_t i = 0; ok && d->n && i < d->cap; i++) {
		if (!dense_ids_present(d, i))
			continue;
		char buf[DENSE_ID_MAX];
		size_t len = dense_ids_key(d, i, buf);
		bool inserted;
		ok = idmap_insert(&m->ids, buf, len, strtab_hash(buf, len), dense_ids_cluster(d, i),
				  ORD_NONE, &inserted) >= 0;
	}
	if (!ok) { /* the labels stay where they were */
		idmap_fini(&m->ids);
		idmap_init(&m->ids);
		return false;
	}
	dense_ids_fini(d);
	d->state = DENSE_OFF;
	return true;
}

/* Cluster keys: 'i' + 8 bytes for integers, 's' + bytes for strings, so that
 * 2 and "2" differ. */
static int64_t intern_cluster(label_map *m, cluster_id c)
{
	char small[9];
	const char *key;
	size_t len;
	char *heap = NULL;
	if (c.is_int) {
		small[0] = 'i';
		memcpy(small + 1, &c.i, 8);
		key = small;
		len = 9;
	} else {
		heap = malloc((size_t)c.len + 1);
		if (!heap)
			return -1;
		heap[0] = 's';
		memcpy(heap + 1, c.s, c.len);
		key = heap;
		len = (size_t)c.len + 1;
	}
	bool inserted;
	int64_t idx = strtab_intern(&m->clusters, key, len, &inserted);
	free(heap);
	if (idx < 0 || !inserted)
		return idx;
	if (!grow_room(&m->cluster_ids, &m->clusters_cap, (size_t)idx + 1, sizeof *m->cluster_ids, 16))
		return -1;
	strtab_key k = strtab_get(&m->clusters, (uint32_t)idx);
	m->cluster_ids[idx] = c.is_int ? c
		: (cluster_id){.is_int = false, .s = k.s + 1, .len = k.len - 1};
	return idx;
}

bool label_map_reserve(label_map *m, size_t n)
{
	if (n > (64u << 20))
		n = 64u << 20; /* a hint only */
	m->dense.expected = n; /* (kept there for the hash table too) */
	return !label_map_is_hashed(m) || idmap_reserve(&m->ids, n);
}

static bool same_cluster(const cluster_id *a, const cluster_id *b)
{
	return a->is_int == b->is_int &&
	       (a->is_int ? a->i == b->i : a->len == b->len && memcmp(a->s, b->s, a->len) == 0);
}

int64_t label_map_cluster(label_map *m, cluster_id c)
{
	if (c.is_int && c.i >= 0 && c.i < LABEL_SMALL_INT) {
		uint32_t *known = &m->small_int[c.i];
		if (*known)
			return *known - 1;
		int64_t idx = intern_cluster(m, c);
		if (idx >= 0 && idx < UINT32_MAX)
			*known = (uint32_t)idx + 1;
		return idx;
	}
	if (m->last_cluster >= 0 && same_cluster(&m->cluster_ids[m->last_cluster], &c))
		return m->last_cluster;
	int64_t idx = intern_cluster(m, c);
	if (idx >= 0)
		m->last_cluster = idx;
	return idx;
}

int cluster_id_cmp(const cluster_id *a, const cluster_id *b)
{
	if (a->is_int != b->is_int)
		return a->is_int ? -1 : 1;
	if (a->is_int)
		return (a->i > b->i) - (a->i < b->i);
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);
	if (c)
		return c < 0 ? -1 : 1;
	return (a->len > b->len) - (a->len < b->len);
}
