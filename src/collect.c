/* SPDX-License-Identifier: MIT */
/* collect: join, pending customers, consistency rules. */
#include "collect.h"

#include "bigmem.h"
#include "grow.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pending bytes all workers together may hold before they wait for the
 * labels (the tests make it small with SEGPROF_PENDING_BYTES, to take that
 * path).  Large enough that on ten million customers the workers keep
 * parsing for as long as the labels take (about 60 bytes a customer). */
enum { PENDING_WAIT_BYTES = 256 << 20 };

void collector_init(collector *c, diag *d, bool skip_unlabeled)
{
	memset(c, 0, sizeof *c);
	label_map_init(&c->labels);
	strtab_init(&c->unlabeled);
	pthread_mutex_init(&c->unlabeled_lock, NULL);
	pthread_mutex_init(&c->labels_lock, NULL);
	pthread_cond_init(&c->labels_cond, NULL);
	pthread_mutex_init(&c->rows_lock, NULL);
	strtab_init_lean(&c->rows); /* a million ids: no array of keys */
	c->d = d;
	c->skip_unlabeled = skip_unlabeled;
	const char *env = getenv("SEGPROF_PENDING_BYTES");
	c->pending_wait_bytes = env && *env ? strtoull(env, NULL, 10) : PENDING_WAIT_BYTES;
	env = getenv("SEGPROF_JOIN_DIRECT");
	c->join_direct = env && strcmp(env, "1") == 0;
	env = getenv("SEGPROF_IDS_HASHED");
	c->ids_hashed = env && strcmp(env, "1") == 0;
	if (c->ids_hashed)
		label_map_hashed(&c->labels);
	c->n_workers = 1;
}

void collector_fini(collector *c)
{
	label_map_fini(&c->labels);
	strtab_fini(&c->unlabeled);
	free(c->unlabeled_ord);
	free(c->cust_file);
	free(c->lq.bytes);
	strtab_fini(&c->rows);
	free(c->rows_ord);
	pthread_mutex_destroy(&c->rows_lock);
	pthread_mutex_destroy(&c->unlabeled_lock);
	pthread_mutex_destroy(&c->labels_lock);
	pthread_cond_destroy(&c->labels_cond);
	memset(c, 0, sizeof *c);
}

void collector_narrow_claims(collector *c)
{
	c->narrow_claims = true;
	label_map_narrow(&c->labels);
}

void collector_clusters_in_rows(collector *c, const char *field)
{
	c->cluster_in_row = true;
	c->cluster_field = field;
	collector_labels_complete(c); /* nothing to wait for */
}

void collector_labels_reset(collector *c)
{
	label_map_fini(&c->labels);
	label_map_init(&c->labels);
	if (c->ids_hashed)
		label_map_hashed(&c->labels);
	if (c->narrow_claims)
		label_map_narrow(&c->labels);
	c->lq.n = 0;
	c->lq.len = 0;
}

void collect_worker_init(collect_worker *w, const extra_spec *extras)
{
	memset(w, 0, sizeof *w);
	agg_init(&w->acc, extras);
	strtab_init(&w->clusters.keys);
	w->pend.n_extras = extras ? extras->n : 0;
	diag_init(&w->d);
	bad_rows_init(&w->bad);
}

static void pending_fini(pending *p)
{
	big_grow_free(p->c, p->cap * sizeof *p->c);
	dlist_fini(&p->amount);
	big_grow_free(p->ids, p->ids_cap);
	big_grow_free(p->slugs, p->slugs_cap * sizeof *p->slugs);
	dlist_fini(&p->extras);
	size_t n_extras = p->n_extras;
	memset(p, 0, sizeof *p);
	p->n_extras = n_extras;
}

void collect_worker_fini(collect_worker *w)
{
	agg_fini(&w->acc);
	free(w->rows.e);
	free(w->rows.bytes);
	strtab_fini(&w->clusters.keys);
	free(w->clusters.index);
	free(w->clusters.buf);
	pending_fini(&w->pend);
	for (size_t i = 0; i < JOIN_AHEAD; i++) {
		free(w->jq.e[i].id);
		free(w->jq.e[i].slugs);
	}
	diag_fini(&w->d);
	bad_rows_fini(&w->bad);
	free(w->dups);
	memset(w, 0, sizeof *w);
}

bool collector_set_customers_source(collector *c, const char *file, loc_kind kind,
				    const char *pointer_base, uint64_t key_base)
{
	free(c->cust_file);
	c->cust_file = strdup(file);
	c->cust_kind = kind;
	c->cust_pointer = pointer_base;
	c->cust_key_base = key_base;
	return c->cust_file != NULL;
}

void collector_customer_where(const collector *c, uint64_t ord, char *buf, size_t len)
{
	if (c->cust_kind == LOC_ARRAY)
		snprintf(buf, len, "%s/%" PRIu64, c->cust_pointer, ord);
	else
		snprintf(buf, len, "line %" PRIu64, ord);
}

/* Record a rule error about customer ord's id (id_len bytes, not
 * NUL-terminated: it may point into the input). */
static void customer_error(const collector *c, diag *d, uint64_t ord, const char *what,
			   const char *id, size_t id_len, const char *first)
{
	/* A duplicate points at the id, a missing label at the customer. */
	char ptr[96];
	long line = 0;
	const char *field = first ? "/id" : "";
	if (c->cust_kind == LOC_ARRAY) {
		snprintf(ptr, sizeof ptr, "%s/%" PRIu64 "%s", c->cust_pointer, ord, field);
	} else {
		snprintf(ptr, sizeof ptr, "%s", first ? "/id" : "");
		line = (long)ord;
	}
	int len = id_len > 256 ? 256 : (int)id_len;
	if (first)
		diag_error(d, SP_DATAERR, c->cust_key_base + ord, c->cust_file, line, 0, ptr,
			   "%s \"%.*s\" (first at %s)", what, len, id, first);
	else
		diag_error(d, SP_DATAERR, c->cust_key_base + ord, c->cust_file, line, 0, ptr,
			   "customer \"%.*s\" %s", len, id, what);
}

/* Insert one label (hash: strtab_hash of its id); a duplicate is recorded
 * at key, file, line and, in JSON, the member's pointer. */
static sp_status add_label(collector *c, const char *id, size_t id_len, uint32_t hash,
			   cluster_id cl, uint64_t key, const char *file, const char *pointer_base,
			   long line)
{
	char *pointer;
	switch (label_map_add_hashed(&c->labels, id, id_len, hash, cl)) {
	case LABEL_ADDED:
		return SP_OK;
	case LABEL_DUPLICATE:
		pointer = pointer_base ? pointer_append(pointer_base, id, id_len) : NULL;
		diag_error(c->d, SP_DATAERR, key, file, line, 0, pointer,
			   "duplicate label for customer \"%.*s\"",
			   (int)(id_len > 200 ? 200 : id_len), id);
		free(pointer);
		return SP_DATAERR;
	default:
		return SP_OSERR;
	}
}

static sp_status insert_label(collector *c, const queued_label *q)
{
	return add_label(c, c->lq.bytes + q->id_off, q->id_len, q->hash, q->cl, q->key, q->file,
			 q->pointer_base, q->line);
}

/* Fetch the hash table's record of a label's id into the cache; the id's
 * hash.  Numbered ids are not fetched (their labels mostly come in order,
 * into a small array) nor hashed: 0, which the map computes if the ids
 * move to the hash table. */
static uint32_t label_prefetch(const label_map *m, const char *id, size_t len)
{
	return label_map_is_hashed(m) ? label_map_locate(m, id, len) : 0;
}

sp_status collector_labels_flush(collector *c)
{
	label_queue *lq = &c->lq;
	sp_status worst = SP_OK;
	for (size_t i = 0; i < lq->n; i++) {
		queued_label *q = &lq->e[i];
		q->hash = label_prefetch(&c->labels, lq->bytes + q->id_off, q->id_len);
	}
	for (size_t i = 0; i < lq->n; i++) {
		queued_label *q = &lq->e[i];
		if (!q->cl.is_int)
			q->cl.s = lq->bytes + q->cl_off; /* the bytes may have moved */
		sp_status st = insert_label(c, q);
		if (st == SP_OSERR) {
			worst = st;
			break;
		}
		if (worst == SP_OK)
			worst = st;
	}
	lq->n = lq->len = 0;
	return worst;
}

sp_status collector_labels_run(collector *c, const label_line *v, size_t n, const char *file,
			       const char *pointer_base)
{
	sp_status worst = collector_labels_flush(c); /* in file order */
	/* The record of the label AHEAD lines on is fetched while this one is
	 * inserted: a steady stream of misses in flight.  (Batches of 32
	 * fetched together then inserted stalled at each batch's start: M's
	 * labels alone took 73 ms of CPU that way, 55 ms so; 4 ahead 62 ms,
	 * 12 or 16 ahead no better than 8.) */
	enum { AHEAD = 8 };
	uint32_t hash[AHEAD];
	for (size_t i = 0; i < AHEAD && i < n; i++)
		hash[i] = label_prefetch(&c->labels, v[i].id, v[i].len);
	for (size_t i = 0; i < n && worst != SP_OSERR; i++) {
		uint32_t h = hash[i % AHEAD];
		if (i + AHEAD < n)
			hash[(i + AHEAD) % AHEAD] = label_prefetch(&c->labels, v[i + AHEAD].id,
								   v[i + AHEAD].len);
		const label_line *l = &v[i];
		if (!shard_keeps(&c->shard, l->id, l->len))
			continue;
		cluster_id cl = {.is_int = true, .i = l->cluster};
		sp_status st = add_label(c, l->id, l->len, h, cl, l->key, file, pointer_base, l->line);
		if (st == SP_OSERR)
			worst = st;
		else if (worst == SP_OK)
			worst = st;
	}
	return worst;
}

/* Append n bytes to the queue's bytes; their offset, or SIZE_MAX when out
 * of memory. */
static size_t queue_bytes(label_queue *lq, const char *s, size_t n)
{
	if (!grow_room(&lq->bytes, &lq->cap, lq->len + n, 1, 4096))
		return SIZE_MAX;
	if (n)
		memcpy(lq->bytes + lq->len, s, n);
	lq->len += n;
	return lq->len - n;
}

sp_status collector_label(collector *c, const char *id, size_t id_len, cluster_id cl,
			  uint64_t key, const char *file, const char *pointer_base, long line)
{
	label_queue *lq = &c->lq;
	if (!shard_keeps(&c->shard, id, id_len))
		return SP_OK;
	queued_label q = {.key = key, .line = line, .file = file, .pointer_base = pointer_base,
			  .id_len = id_len, .cl = cl};
	q.id_off = queue_bytes(lq, id, id_len);
	if (q.id_off == SIZE_MAX)
		return SP_OSERR;
	if (!cl.is_int && (q.cl_off = queue_bytes(lq, cl.s, cl.len)) == SIZE_MAX)
		return SP_OSERR;
	lq->e[lq->n++] = q;
	return lq->n == LABEL_QUEUE ? collector_labels_flush(c) : SP_OK;
}

static bool push_dup(collect_worker *w, uint64_t ord, uint32_t idx, id_set set)
{
	if (!grow_room(&w->dups, &w->dups_cap, w->n_dups + 1, sizeof *w->dups, 16))
		return false;
	w->dups[w->n_dups++] = (dup_event){ord, idx, set};
	return true;
}

/* A customer without a label.  Its error (or, with --unlabeled=skip, its
 * count) is settled in collector_finish, once the first of each id is known. */
static sp_status unlabeled(collector *c, collect_worker *w, const customer_rec *rec)
{
	sp_status st = SP_OK;
	bool inserted;
	pthread_mutex_lock(&c->unlabeled_lock);
	/* room first, so that an out-of-memory leaves set and array in step */
	if (!grow_room(&c->unlabeled_ord, &c->unlabeled_cap, strtab_count(&c->unlabeled) + 1,
		       sizeof *c->unlabeled_ord, 64)) {
		st = SP_OSERR;
		goto out;
	}
	int64_t idx = strtab_intern(&c->unlabeled, rec->id, rec->id_len, &inserted);
	if (idx < 0) {
		st = SP_OSERR;
		goto out;
	}
	if (inserted)
		c->unlabeled_ord[idx] = ORD_NONE;
	uint64_t lost = ord_claim(&c->unlabeled_ord[idx], rec->ord);
	if (lost != ORD_NONE)
		st = push_dup(w, lost, (uint32_t)idx, IDS_UNLABELED) ? SP_DATAERR : SP_OSERR;
	else if (c->skip_unlabeled)
		w->n_skipped++;
	else
		st = SP_DATAERR;
out:
	pthread_mutex_unlock(&c->unlabeled_lock);
	return st;
}

static sp_status join(collector *c, collect_worker *w, const customer_rec *rec)
{
	int64_t idx = label_map_find_at(&c->labels, rec->id, rec->id_len, rec->label_key);
	if (idx < 0)
		return unlabeled(c, w, rec);
	uint64_t lost = label_map_claim(&c->labels, (size_t)idx, rec->ord);
	if (lost == ORD_UNKNOWN) /* narrow words: read it all again with wide ones */
		return SP_RETRY;
	if (lost != ORD_NONE)
		return push_dup(w, lost, (uint32_t)idx, IDS_LABELS) ? SP_DATAERR : SP_OSERR;
	w->n_claimed++;
	/* Once the input is known to be bad, only its errors matter. */
	if (w->d.n_errors || w->n_dups)
		return SP_OK;
	if (!agg_reserve(&w->acc, cluster_count(&c->labels)))
		return SP_OSERR;
	return agg_add(&w->acc, label_map_cluster_of(&c->labels, (size_t)idx), rec) ? SP_OK : SP_OSERR;
}

/* Room for cap ids in c->rows_ord. */
static bool rows_resize(collector *c, size_t cap)
{
	uint64_t *o = realloc(c->rows_ord, cap * sizeof *o);
	if (!o)
		return false;
	c->rows_ord = o;
	c->rows_cap = cap;
	return true;
}

/* c->rows_ord[i]: the first ord of id i, with ROW_NONE set if that customer
 * had no cluster; ORD_NONE before any. */
#define ROW_NONE (UINT64_C(1) << 63)
static inline uint64_t row_ord(const collector *c, size_t i)
{
	return c->rows_ord[i] == ORD_NONE ? ORD_NONE : c->rows_ord[i] & ~ROW_NONE;
}
static inline bool row_none(const collector *c, size_t i)
{
	return c->rows_ord[i] != ORD_NONE && (c->rows_ord[i] & ROW_NONE);
}

/* Room for one more id in c->rows' arrays (under rows_lock). */
static bool rows_room(collector *c)
{
	return strtab_count(&c->rows) < c->rows_cap ||
	       rows_resize(c, c->rows_cap ? c->rows_cap * 2 : 1024);
}

/* The shared index of cluster cl, through the worker's cache; -1 when out
 * of memory. */
/* The shared index of a cluster new to the worker, entered in its cache
 * under the encoded key cc->buf[0 .. len). */
static int64_t cluster_index_miss(collector *c, cluster_cache *cc, const cluster_id *cl,
				  size_t len)
{
	bool inserted;
	int64_t k;
	if (!grow_room(&cc->index, &cc->cap, strtab_count(&cc->keys) + 1, sizeof *cc->index, 16))
		return -1;
	pthread_mutex_lock(&c->rows_lock);
	int64_t ci = label_map_cluster(&c->labels, *cl);
	pthread_mutex_unlock(&c->rows_lock);
	if (ci < 0 || (k = strtab_intern(&cc->keys, cc->buf, len, &inserted)) < 0)
		return -1;
	cc->index[k] = (uint32_t)ci;
	return ci;
}

static int64_t cluster_index(collector *c, collect_worker *w, const cluster_id *cl)
{
	cluster_cache *cc = &w->clusters;
	bool small = cl->is_int && cl->i >= 0 && cl->i < CLUSTER_SMALL;
	if (small && cc->small[cl->i])
		return cc->small[cl->i] - 1;
	size_t len = cl->is_int ? 9 : (size_t)cl->len + 1;
	if (len > cc->buf_cap) {
		char *b = realloc(cc->buf, len);
		if (!b)
			return -1;
		cc->buf = b;
		cc->buf_cap = len;
	}
	cc->buf[0] = cl->is_int ? 'i' : 's';
	if (cl->is_int)
		memcpy(cc->buf + 1, &cl->i, 8);
	else
		memcpy(cc->buf + 1, cl->s, cl->len);
	int64_t k = strtab_find(&cc->keys, cc->buf, len);
	int64_t ci = k >= 0 ? cc->index[k] : cluster_index_miss(c, cc, cl, len);
	if (small && ci >= 0 && ci < UINT32_MAX)
		cc->small[cl->i] = (uint32_t)ci + 1;
	return ci;
}

static sp_status claim_rows(collector *c, collect_worker *w);

/* Queue a customer's id for collect_worker_batch_end (or claim the queued
 * ones first, when its ord or bytes would not fit a row_id). */
static sp_status queue_row_id(collector *c, collect_worker *w, const customer_rec *rec)
{
	row_queue *q = &w->rows;
	if (rec->id_len > UINT32_MAX)
		return SP_OSERR;
	if (q->n && (rec->ord < q->base || rec->ord - q->base > INT32_MAX ||
		     q->len + rec->id_len > UINT32_MAX)) {
		sp_status st = claim_rows(c, w);
		if (st)
			return st;
	}
	if (!q->n)
		q->base = rec->ord;
	if (!grow_room(&q->e, &q->cap, q->n + 1, sizeof *q->e, 1024) ||
	    !grow_room(&q->bytes, &q->bytes_cap, q->len + rec->id_len, 1, 1 << 16))
		return SP_OSERR;
	memcpy(q->bytes + q->len, rec->id, rec->id_len);
	q->e[q->n++] = (row_id){(uint32_t)q->len, (uint32_t)rec->id_len,
				strtab_hash(rec->id, rec->id_len),
				(uint32_t)(rec->ord - q->base) * 2 + (rec->cluster == NULL)};
	q->len += rec->id_len;
	return SP_OK;
}

static int by_cluster_id(const void *a, const void *b, void *ids)
{
	const cluster_id *id = ids;
	return cluster_id_cmp(&id[*(const uint32_t *)a], &id[*(const uint32_t *)b]);
}

bool collector_rows_canonical(collector *c, agg *out)
{
	size_t n = cluster_count(&c->labels);
	if (n < 2)
		return true;
	uint32_t *order = malloc(n * sizeof *order);
	cluster_id *ids = malloc(n * sizeof *ids);
	cluster_acc *acc = malloc(n * sizeof *acc);
	bool ok = order && ids && acc && agg_reserve(out, n);
	if (ok) {
		for (uint32_t i = 0; i < n; i++)
			order[i] = i;
		qsort_r(order, n, sizeof *order, by_cluster_id, c->labels.cluster_ids);
		for (size_t k = 0; k < n; k++) {
			ids[k] = c->labels.cluster_ids[order[k]];
			acc[k] = out->acc[order[k]];
		}
		memcpy(c->labels.cluster_ids, ids, n * sizeof *ids);
		memcpy(out->acc, acc, n * sizeof *acc);
	}
	free(order);
	free(ids);
	free(acc);
	return ok;
}

bool collector_rows_reserve(collector *c, size_t n)
{
	if (n > (64u << 20))
		n = 64u << 20; /* a hint only */
	if (!strtab_reserve(&c->rows, n))
		return false;
	/* exactly: ten million ids are 90 MB of these arrays */
	return n <= c->rows_cap || rows_resize(c, n);
}

/* A customer that carries its cluster (or none): accounted at once, its id
 * claimed at the end of the batch. */
static sp_status row_customer(collector *c, collect_worker *w, const customer_rec *rec)
{
	sp_status st = queue_row_id(c, w, rec);
	if (st)
		return st;
	if (!rec->cluster)
		return SP_OK; /* settled in collect_worker_batch_end */
	int64_t ci = cluster_index(c, w, rec->cluster);
	if (ci < 0)
		return SP_OSERR;
	if (w->d.n_errors || w->n_dups)
		return SP_OK;
	if (!agg_reserve(&w->acc, (size_t)ci + 1))
		return SP_OSERR;
	return agg_add(&w->acc, (uint32_t)ci, rec) ? SP_OK : SP_OSERR;
}

/* Claim one queued id (under rows_lock). */
static sp_status claim_row(collector *c, collect_worker *w, const row_id *r)
{
	bool inserted;
	if (!rows_room(c))
		return SP_OSERR;
	int64_t idx = strtab_intern_hashed(&c->rows, w->rows.bytes + r->off, r->len, r->hash,
					   &inserted);
	if (idx < 0)
		return SP_OSERR;
	if (inserted)
		c->rows_ord[idx] = ORD_NONE;
	uint64_t ord = w->rows.base + r->ord / 2;
	bool none = r->ord & 1;
	/* the smallest ord keeps the id (all under rows_lock) */
	uint64_t first = row_ord(c, (size_t)idx), lost = ord;
	if (first == ORD_NONE || ord < first) {
		lost = first;
		c->rows_ord[idx] = ord | (none ? ROW_NONE : 0);
	}
	if (lost != ORD_NONE)
		return push_dup(w, lost, (uint32_t)idx, IDS_ROWS) ? SP_DATAERR : SP_OSERR;
	if (none && c->skip_unlabeled)
		w->n_skipped++;
	return SP_OK;
}

/* Claim the queued ids: SP_OK, or SP_OSERR (duplicates are recorded). */
static sp_status claim_rows(collector *c, collect_worker *w)
{
	/* A batch of random insertions into a table beyond the cache: the
	 * slot AHEAD ids on is fetched while this one is inserted. */
	enum { AHEAD = 8 };
	row_queue *q = &w->rows;
	sp_status st = SP_OK;
	if (!q->n)
		return SP_OK;
	pthread_mutex_lock(&c->rows_lock);
	for (size_t i = 0; i < AHEAD && i < q->n; i++)
		strtab_prefetch_slot(&c->rows, q->e[i].hash);
	for (size_t i = 0; i < q->n && st != SP_OSERR; i++) {
		if (i + AHEAD < q->n)
			strtab_prefetch_slot(&c->rows, q->e[i + AHEAD].hash);
		sp_status st2 = claim_row(c, w, &q->e[i]);
		if (st == SP_OK)
			st = st2;
	}
	pthread_mutex_unlock(&c->rows_lock);
	q->n = q->len = 0;
	return st == SP_OSERR ? st : SP_OK;
}

sp_status collect_worker_batch_end(collector *c, collect_worker *w)
{
	return claim_rows(c, w);
}

/* Room for need elements of elem bytes in *p, doubling: big_grow, so that
 * a pending list of a million customers is not copied at every doubling. */
static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 1024;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / elem)
		return false;
	void *q = big_grow(*p, *cap * elem, n * elem);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static sp_status pend(pending *p, const customer_rec *rec)
{
	if (rec->id_len >= UINT32_MAX || rec->n_slugs > UINT32_MAX ||
	    !grow((void **)&p->c, &p->cap, p->n + 1, sizeof *p->c))
		return SP_OSERR;
	if (!grow((void **)&p->ids, &p->ids_cap, p->ids_len + rec->id_len + 1, 1) ||
	    !grow((void **)&p->slugs, &p->slugs_cap, p->slugs_len + rec->n_slugs, sizeof *p->slugs))
		return SP_OSERR;
	memcpy(p->ids + p->ids_len, rec->id, rec->id_len);
	p->ids_len += rec->id_len;
	p->ids[p->ids_len++] = '\0';
	if (rec->n_slugs) /* (no memcpy to a NULL array, even of 0 bytes) */
		memcpy(p->slugs + p->slugs_len, rec->slugs, rec->n_slugs * sizeof *rec->slugs);
	p->slugs_len += rec->n_slugs;
	if (!dlist_push(&p->amount, rec->amount))
		return SP_OSERR;
	for (size_t k = 0; k < p->n_extras; k++)
		if (!dlist_push(&p->extras, rec->extras[k]))
			return SP_OSERR;
	size_t i = p->n++;
	p->c[i] = (pending_cust){.ord = rec->ord, .frequency = rec->frequency,
				 .id_len = (uint32_t)rec->id_len, .n_slugs = (uint32_t)rec->n_slugs};
	return SP_OK;
}

static void labels_end(collector *c, bool complete)
{
	pthread_mutex_lock(&c->labels_lock);
	if (complete)
		__atomic_store_n(&c->labels_done, true, __ATOMIC_RELEASE);
	c->labels_ended = true;
	pthread_cond_broadcast(&c->labels_cond);
	pthread_mutex_unlock(&c->labels_lock);
}

void collector_labels_complete(collector *c)
{
	labels_end(c, true);
}

void collector_labels_failed(collector *c)
{
	labels_end(c, false);
}

/* About what the pending list holds (for PENDING_WAIT_BYTES). */
static size_t pending_bytes(const pending *p)
{
	return p->n * (5 * sizeof(uint64_t) + p->n_extras * sizeof(uint64_t)) +
	       p->ids_len + p->slugs_len * sizeof *p->slugs;
}

sp_status collect_worker_batch_start(collector *c, collect_worker *w)
{
	w->labels_ready = __atomic_load_n(&c->labels_done, __ATOMIC_ACQUIRE);
	/* The last worker leaves its core to the labels' thread: the labels are
	 * the critical path, the others' parsing only fills pending lists. */
	bool leave_core = c->n_workers > 1 && w->index == c->n_workers - 1;
	if (!w->labels_ready && c->labels_beside &&
	    (leave_core || pending_bytes(&w->pend) >= c->pending_wait_bytes / c->n_workers)) {
		pthread_mutex_lock(&c->labels_lock);
		while (!c->labels_ended)
			pthread_cond_wait(&c->labels_cond, &c->labels_lock);
		pthread_mutex_unlock(&c->labels_lock);
		w->labels_ready = __atomic_load_n(&c->labels_done, __ATOMIC_ACQUIRE);
	}
	/* The labels just arrived: join the pending customers now, beside the
	 * other workers, rather than all at the end. */
	if (w->labels_ready && w->pend.n) {
		sp_status st = collect_worker_resolve(c, w);
		return status_is_fatal(st) ? st : SP_OK; /* data errors are recorded */
	}
	return SP_OK;
}

sp_status collector_customer(collector *c, collect_worker *w, const customer_rec *rec)
{
	if (!shard_keeps(&c->shard, rec->id, rec->id_len))
		return SP_OK;
	if (c->cluster_in_row)
		return row_customer(c, w, rec);
	return w->labels_ready ? join(c, w, rec) : pend(&w->pend, rec);
}

/* Copy n bytes from src to dst: most ids are short, copied in two
 * overlapping words rather than by a call. */
static inline void copy_short(char *dst, const char *src, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a, b;
		memcpy(&a, src, 8);
		memcpy(&b, src + n - 8, 8);
		memcpy(dst, &a, 8);
		memcpy(dst + n - 8, &b, 8);
	} else {
		memcpy(dst, src, n);
	}
}

/* Copy rec into queue slot e (its buffers grown as needed); false when
 * out of memory. */
static bool queue_copy(queued_customer *e, const customer_rec *rec, size_t n_extras)
{
	if (rec->id_len > e->id_cap) {
		size_t cap = rec->id_len < 64 ? 64 : rec->id_len;
		char *id = realloc(e->id, cap);
		if (!id)
			return false;
		e->id = id;
		e->id_cap = cap;
	}
	if (rec->n_slugs > e->slugs_cap) {
		size_t cap = rec->n_slugs < 32 ? 32 : rec->n_slugs;
		uint32_t *s = realloc(e->slugs, cap * sizeof *s);
		if (!s)
			return false;
		e->slugs = s;
		e->slugs_cap = cap;
	}
	e->rec = *rec;
	copy_short(e->id, rec->id, rec->id_len);
	e->rec.id = e->id;
	/* a few slugs: a loop, not a call */
	for (size_t i = 0; i < rec->n_slugs; i++)
		e->slugs[i] = rec->slugs[i];
	e->rec.slugs = e->slugs;
	if (rec->extras && n_extras)
		memcpy(e->extras, rec->extras, n_extras * sizeof *rec->extras);
	e->rec.extras = rec->extras ? e->extras : NULL;
	e->rec.cluster = NULL; /* (only customers joined to labels are queued) */
	return true;
}

sp_status collector_customer_queued(collector *c, collect_worker *w, const customer_rec *rec)
{
	if (c->cluster_in_row || !w->labels_ready || c->join_direct)
		return collector_customer(c, w, rec);
	if (!shard_keeps(&c->shard, rec->id, rec->id_len))
		return SP_OK;
	join_queue *q = &w->jq;
	queued_customer *e = &q->e[q->next];
	sp_status st = SP_OK;
	if (e->full) {
		e->full = false;
		st = join(c, w, &e->rec);
		if (status_is_fatal(st))
			return st;
	}
	if (!queue_copy(e, rec, w->pend.n_extras))
		return SP_OSERR;
	e->rec.label_key = label_map_locate(&c->labels, e->rec.id, e->rec.id_len);
	e->full = true;
	q->next = (q->next + 1) % JOIN_AHEAD;
	return st;
}

sp_status collector_customers_flush(collector *c, collect_worker *w)
{
	join_queue *q = &w->jq;
	sp_status worst = SP_OK;
	for (size_t k = 0; k < JOIN_AHEAD; k++) {
		queued_customer *e = &q->e[(q->next + k) % JOIN_AHEAD];
		if (!e->full)
			continue;
		e->full = false;
		sp_status st = status_is_fatal(worst) ? worst : join(c, w, &e->rec);
		if (status_is_fatal(st) || worst == SP_OK)
			worst = st;
	}
	q->next = 0;
	return worst;
}

/* The id of the pending customer at *cursor (the offset of its id in
 * ids), and the cursor moved on to the next one. */
static const char *pending_id_next(const pending *p, size_t i, size_t *cursor, size_t *len)
{
	const char *id = p->ids + *cursor;
	*len = p->c[i].id_len;
	*cursor += *len + 1;
	return id;
}

sp_status collect_worker_resolve(collector *c, collect_worker *w)
{
	sp_status worst = SP_OK;
	pending *p = &w->pend;
	/* A million random lookups: prefetch the label AHEAD customers on
	 * (see pipeline.c). */
	enum { AHEAD = 8 };
	const label_map *lm = &c->labels;
	uint32_t hint[AHEAD];
	/* ahead: the offset of customer i + AHEAD's id; id0, s0: customer i's */
	size_t ahead = 0, id0 = 0, s0 = 0;
	for (size_t i = 0; i < AHEAD && i < p->n; i++) {
		size_t len;
		const char *id = pending_id_next(p, i, &ahead, &len);
		hint[i] = label_map_locate(lm, id, len);
	}
	for (size_t i = 0; i < p->n; i++) {
		uint32_t label_key = hint[i % AHEAD]; /* before its slot is reused below */
		size_t k = i + AHEAD;
		if (k < p->n) {
			size_t len;
			const char *id = pending_id_next(p, k, &ahead, &len);
			hint[k % AHEAD] = label_map_locate(lm, id, len);
		}
		dec extras[EXTRA_MAX];
		for (size_t k = 0; k < p->n_extras; k++)
			extras[k] = dlist_get(&p->extras, i * p->n_extras + k);
		customer_rec rec = {
			.ord = p->c[i].ord,
			.id = p->ids + id0,
			.id_len = p->c[i].id_len,
			.label_key = label_key,
			.frequency = p->c[i].frequency,
			.amount = dlist_get(&p->amount, i),
			.slugs = p->slugs ? p->slugs + s0 : NULL,
			.n_slugs = p->c[i].n_slugs,
			.extras = p->n_extras ? extras : NULL,
		};
		id0 += rec.id_len + 1;
		s0 += rec.n_slugs;
		sp_status st = join(c, w, &rec);
		if (status_is_fatal(st))
			return st;
		if (worst == SP_OK)
			worst = st;
	}
	pending_fini(p);
	return worst;
}

static void dup_messages(collector *c, const collect_worker *w, const char *const *row_ids)
{
	for (size_t i = 0; i < w->n_dups; i++) {
		const dup_event *e = &w->dups[i];
		if (e->set == IDS_ROWS) {
			char where[48];
			const char *id = row_ids[e->idx];
			collector_customer_where(c, row_ord(c, e->idx), where, sizeof where);
			customer_error(c, c->d, e->ord, "duplicate customer id", id, strtab_key_len(id),
				       where);
			continue;
		}
		char where[48], buf[LABEL_ID_BUF];
		const char *id;
		size_t len;
		uint64_t first;
		if (e->set == IDS_LABELS) {
			id = label_map_id(&c->labels, e->idx, buf, &len);
			first = label_map_first(&c->labels, e->idx);
		} else {
			strtab_key k = strtab_get(&c->unlabeled, e->idx);
			id = k.s;
			len = k.len;
			first = c->unlabeled_ord[e->idx];
		}
		collector_customer_where(c, first, where, sizeof where);
		customer_error(c, c->d, e->ord, "duplicate customer id", id, len, where);
	}
}

/* The ids of the rows by index, when messages will need them (a duplicate,
 * a customer without a cluster): *ids, else NULL.  false when out of memory. */
static bool rows_messages(collector *c, collect_worker **w, size_t n, const char ***ids)
{
	bool need = false;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < w[i]->n_dups; k++)
			need |= w[i]->dups[k].set == IDS_ROWS;
	bool report_none = c->cluster_in_row && !c->skip_unlabeled && !c->labels_broken;
	for (size_t i = 0; report_none && !need && i < strtab_count(&c->rows); i++)
		need = row_none(c, i);
	*ids = NULL;
	if (!need)
		return true;
	if (!(*ids = malloc(strtab_count(&c->rows) * sizeof **ids)))
		return false;
	strtab_all_keys(&c->rows, *ids);
	if (!report_none)
		return true;
	char what[300];
	snprintf(what, sizeof what, "has no cluster (\"%.200s\" is missing or null)", c->cluster_field);
	for (size_t i = 0; i < strtab_count(&c->rows); i++)
		if (row_none(c, i))
			customer_error(c, c->d, row_ord(c, i), what, (*ids)[i],
				       strtab_key_len((*ids)[i]), NULL);
	return true;
}

sp_status collector_finish(collector *c, collect_worker **w, size_t n, agg *out)
{
	uint64_t skipped = 0;
	const char **row_ids = NULL;
	if (!rows_messages(c, w, n, &row_ids))
		return SP_OSERR;
	bad_rows bad;
	bad_rows_init(&bad);
	for (size_t i = 0; i < n; i++) {
		dup_messages(c, w[i], row_ids);
		diag_merge(c->d, &w[i]->d);
		skipped += w[i]->n_skipped;
		bad_rows_merge(&bad, &w[i]->bad);
	}
	free(row_ids);
	/* The ids of rows have served (duplicates are known): their memory
	 * goes before the accumulators are merged, which is the peak. */
	strtab_fini(&c->rows);
	strtab_init_lean(&c->rows);
	free(c->rows_ord);
	c->rows_ord = NULL;
	c->rows_cap = 0;
	bad_rows_warn(&bad, c->d);
	bad_rows_fini(&bad);
	if (!c->skip_unlabeled && !c->labels_broken) {
		for (size_t i = 0; i < strtab_count(&c->unlabeled); i++) {
			strtab_key k = strtab_get(&c->unlabeled, (uint32_t)i);
			customer_error(c, c->d, c->unlabeled_ord[i], "has no label", k.s, k.len, NULL);
		}
	}
	if (diag_has_errors(c->d))
		return c->d->worst;
	/* each label claimed once, by the worker that took it from ORD_NONE */
	uint64_t absent = label_map_count(&c->labels);
	for (size_t i = 0; i < n; i++)
		absent -= w[i]->n_claimed;
	/* The customer ids have served too (every customer is joined, every
	 * message written): the labels map's bytes go before the peak, as the
	 * rows' ids above; only the clusters are read from here on. */
	label_map_drop_ids(&c->labels);
	for (size_t i = 0; i < n; i++)
		if (!agg_merge(out, &w[i]->acc))
			return SP_OSERR;
	if (absent && !c->quiet_absent)
		diag_warning(c->d, NULL, "%" PRIu64 " label%s name%s no customer in the input",
			     absent, absent == 1 ? "" : "s", absent == 1 ? "s" : "");
	if (skipped)
		diag_warning(c->d, NULL, "%" PRIu64 " unlabeled customer%s skipped",
			     skipped, skipped == 1 ? "" : "s");
	return SP_OK;
}
