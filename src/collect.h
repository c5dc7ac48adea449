/* SPDX-License-Identifier: MIT */
/* collect: the join of customers to their labels, feeding the accumulators.
 *
 * The collector holds what all workers share: the label map (read-only once
 * the labels are complete), the set of unlabeled customer ids, and how
 * customers are named in messages.  Each worker has a collect_worker: its
 * accumulators, its pending customers, its diagnostics.  A customer whose
 * label is known is accounted at once; customers that come before the labels
 * (a request document with "customers" first) wait in the worker's compact
 * pending list (id bytes, frequency, amount, slug indexes; never their text).
 *
 * Duplicate customers are found with an atomic "first seen" per label (the
 * smallest ord wins whatever the thread order), and their messages are
 * written once all workers are done, so that they do not depend on timing. */
#ifndef SEGPROF_COLLECT_H
#define SEGPROF_COLLECT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "badrows.h"
#include "diag.h"
#include "labels.h"
#include "shard.h"

/* How a customer's ord is named in messages. */
typedef enum loc_kind {
	LOC_ARRAY,   /* ord = index in a customers array: POINTER_BASE/ORD */
	LOC_LINES,   /* ord = line number of an NDJSON customer */
} loc_kind;

/* A pending customer's fixed part: its id (and a NUL) and its slugs follow
 * the customer before's in the lists, so lengths say where they are. */
typedef struct pending_cust {
	uint64_t ord;
	int64_t frequency;
	uint32_t id_len;
	uint32_t n_slugs;
} pending_cust;

typedef struct pending {
	pending_cust *c;
	size_t n, cap;
	dlist amount;        /* packed: 4 or 8 bytes a customer */
	char *ids;
	size_t ids_len, ids_cap;
	uint32_t *slugs;
	size_t slugs_len, slugs_cap;
	dlist extras;        /* n_extras per customer */
	size_t n_extras;
} pending;

/* A customer id seen again: reported when all workers are done. */
typedef enum id_set { IDS_LABELS, IDS_UNLABELED, IDS_ROWS } id_set;
typedef struct dup_event {
	uint64_t ord;
	uint32_t idx;        /* index in the id set */
	id_set set;
} dup_event;

/* Ids of customers that carry their cluster, claimed in the set of ids
 * seen once per batch (collect_worker_batch_end), under one lock. */
typedef struct row_id {
	uint32_t off;        /* in row_queue.bytes */
	uint32_t len, hash;
	uint32_t ord;        /* (ord - row_queue.base) * 2, + 1 if the customer
				has no cluster */
} row_id;

typedef struct row_queue {
	row_id *e;
	size_t n, cap;
	uint64_t base;       /* the ord of the first queued id */
	char *bytes;
	size_t len, bytes_cap;
} row_queue;

/* A worker's own numbers for the clusters it has seen (the shared cluster
 * table is locked only for a cluster new to the worker). */
enum { CLUSTER_SMALL = 256 };
typedef struct cluster_cache {
	strtab keys;         /* encoded as label_map does: 'i' + 8 bytes, 's' + bytes */
	uint32_t *index;     /* by key: the cluster's index in the shared table */
	size_t cap;
	char *buf;           /* an encoded key */
	size_t buf_cap;
	/* integer ids 0 .. CLUSTER_SMALL - 1 (k-means labels), without a
	 * hash: the shared index + 1 by id, 0 while not seen */
	uint32_t small[CLUSTER_SMALL];
} cluster_cache;

/* Customers whose join waits JOIN_AHEAD customers (collector_customer_
 * queued): the label record of each is fetched into the cache while the
 * next ones are parsed, since a million lookups in a table beyond the
 * cache are otherwise bound by one miss each.  A queued customer is a
 * copy: the parser reuses its buffers. */
enum { JOIN_AHEAD = 8 };
typedef struct queued_customer {
	customer_rec rec;
	bool full;
	char *id;            /* rec.id's bytes, rec.slugs', rec.extras' */
	size_t id_cap;
	uint32_t *slugs;
	size_t slugs_cap;
	dec extras[EXTRA_MAX];
} queued_customer;

typedef struct join_queue {
	queued_customer e[JOIN_AHEAD];
	size_t next;         /* the slot the next customer takes */
} join_queue;

typedef struct collect_worker {
	agg acc;
	join_queue jq;
	row_queue rows;
	cluster_cache clusters;
	pending pend;
	diag d;
	dup_event *dups;
	size_t n_dups, dups_cap;
	uint64_t n_skipped;
	uint64_t n_claimed;  /* labels this worker joined their first customer to */
	bad_rows bad;        /* records left out (--bad-rows=skip) */
	bool labels_ready;   /* this batch joins (else: pending); see
				collect_worker_batch_start */
	unsigned index;      /* 0 .. n_workers - 1 */
} collect_worker;

/* Labels wait here in small batches: their table slots are prefetched
 * together before they are inserted, since a million inserts into a table
 * beyond the cache are otherwise bound by one miss each. */
enum { LABEL_QUEUE = 32 };
typedef struct queued_label {
	uint64_t key;
	long line;
	const char *file, *pointer_base;
	size_t id_off, id_len;   /* in label_queue.bytes */
	size_t cl_off;           /* a string cluster id's bytes, likewise */
	cluster_id cl;
	uint32_t hash;
} queued_label;

typedef struct label_queue {
	queued_label e[LABEL_QUEUE];
	size_t n;
	char *bytes;
	size_t len, cap;
} label_queue;

typedef struct collector {
	label_map labels;
	label_queue lq;
	/* The labels are complete.  Set once, with release order, by
	 * collector_labels_complete: the labels may be read on their own
	 * thread while workers already parse customers into pending lists. */
	bool labels_done;
	bool labels_ended;      /* their reading stopped (complete or failed) */
	bool labels_beside;     /* they are read on another thread than the
				   customers (only then may a worker wait) */
	size_t pending_wait_bytes; /* for all workers together */
	bool narrow_claims;     /* collector_narrow_claims */
	bool ids_hashed;        /* SEGPROF_IDS_HASHED=1 (for tests): the labels
				   map's ids in its hash table, never dense */
	bool join_direct;       /* SEGPROF_JOIN_DIRECT=1 (for tests): customers
				   join as they come, not through the queue */
	unsigned n_workers;         /* set by the pipeline */
	pthread_mutex_t labels_lock;
	pthread_cond_t labels_cond;
	bool skip_unlabeled;
	bool skip_bad_rows;     /* --bad-rows=skip: see badrows.h */
	bool quiet_absent;      /* --partial: labels of other shards are expected */
	shard_spec shard;       /* --shard: customers and labels of other shards
				   are passed over */
	bool guess_lines;       /* customers of a JSON array may be framed by
				   their lines (customers_array_read): every
				   input can be read again (SP_RETRY) */
	size_t chunk_bytes;     /* NDJSON customers and CSV/TSV records of a
				   regular file may be read by the workers
				   in chunks of this many
				   bytes (pipeline_file_lines): every input
				   can be read again (SP_RETRY), and nothing
				   written shows an ord; 0: not */
	bool chunks_read;       /* they were: a message about a customer needs
				   the run done again to name its line */
	bool labels_broken;     /* the labels had errors: "has no label" would
				   only repeat them */
	pthread_mutex_t unlabeled_lock;
	strtab unlabeled;       /* ids of unlabeled customers, for duplicates */
	uint64_t *unlabeled_ord;
	size_t unlabeled_cap;
	/* --cluster-field without labels: the customers carry their cluster.
	 * No label map then, only the set of ids seen (for duplicates) and
	 * the cluster table of c->labels, both under rows_lock. */
	bool cluster_in_row;
	const char *cluster_field;  /* its name, for messages */
	pthread_mutex_t rows_lock;
	strtab rows;                /* customer ids seen */
	uint64_t *rows_ord;         /* by id: the first ord, its top bit set
				       if that customer had no cluster */
	size_t rows_cap;
	diag *d;                /* for labels and the final messages */
	/* naming customers in messages */
	char *cust_file;          /* owned copy: the source may be closed first */
	loc_kind cust_kind;
	const char *cust_pointer; /* "/customers" in a request, "" in an array file */
	uint64_t cust_key_base;
} collector;

void collector_init(collector *c, diag *d, bool skip_unlabeled);

/* The input can be read again: numbered labels may take a byte each, which
 * does not keep which customer joined a label first; a second customer of
 * one then stops the run with SP_RETRY, to be read again without this. */
void collector_narrow_claims(collector *c);

/* The customers carry their cluster under field (--cluster-field without
 * labels): no labels are read, and customers are accounted as they come. */
void collector_clusters_in_rows(collector *c, const char *field);
/* Clusters carried in rows are numbered in the order the workers meet
 * them: renumber them, and out's accumulators, by cluster id, so that what
 * is written in that order (a partial) does not depend on the threads.
 * false when out of memory. */
bool collector_rows_canonical(collector *c, agg *out);

/* Room for about n customer ids in that case (a hint); false when out of
 * memory. */
bool collector_rows_reserve(collector *c, size_t n);
void collector_fini(collector *c);

void collect_worker_init(collect_worker *w, const extra_spec *extras);
void collect_worker_fini(collect_worker *w);

/* Where the customers come from (for messages). */
/* false when out of memory. */
bool collector_set_customers_source(collector *c, const char *file, loc_kind kind,
				    const char *pointer_base, uint64_t key_base);

/* One label.  key: diagnostic order key; pointer_base: the JSON Pointer of
 * the labels object ("/labels", "") or NULL in CSV; line: its line or 0.
 * id and cl are copied; file and pointer_base must live until the next
 * collector_labels_flush.  The label may wait in the queue: SP_OK, or the
 * worst status of the labels inserted now (SP_DATAERR: a duplicate,
 * recorded; SP_OSERR). */
sp_status collector_label(collector *c, const char *id, size_t id_len, cluster_id cl,
			  uint64_t key, const char *file, const char *pointer_base, long line);
/* Insert the queued labels (at the end of every labels reader); statuses as
 * collector_label. */
sp_status collector_labels_flush(collector *c);

/* A label with an integer cluster id, its id still in the reader's window
 * (a line of a labels CSV or TSV, a plain pair of a labels object). */
typedef struct label_line {
	const char *id;
	size_t len;
	int64_t cluster;     /* an integer cluster id */
	uint64_t key;        /* diagnostic order key */
	long line;           /* or 0 */
} label_line;

/* Labels with integer clusters from file, inserted now, after those still
 * queued, without copying their ids (which need live only until this
 * returns); pointer_base as for collector_label.  Statuses as
 * collector_label. */
sp_status collector_labels_run(collector *c, const label_line *v, size_t n, const char *file,
			       const char *pointer_base);

/* The labels are complete (and the label map read-only from now on), or
 * their reading failed: either way, workers waiting for them go on. */
void collector_labels_complete(collector *c);
void collector_labels_failed(collector *c);

/* Forget the labels read so far (before they were complete: no worker has
 * used them). */
void collector_labels_reset(collector *c);

/* Before each batch of customers: whether they join now or go pending.
 * When the labels are read beside the customers (c->labels_beside, set
 * before the workers start), the last worker waits for them, leaving its
 * core to their thread, and so does a worker whose pending list is already
 * large, so that memory stays bounded.  (Not otherwise: in a
 * request document the labels come after the customers on the same thread.)
 * Once the labels are there, the worker's pending customers are joined
 * first.  SP_OK, or SP_OSERR. */
sp_status collect_worker_batch_start(collector *c, collect_worker *w);

/* After each batch: the ids of the customers that carry their cluster are
 * claimed (duplicates found).  SP_OK or SP_OSERR. */
sp_status collect_worker_batch_end(collector *c, collect_worker *w);

/* One validated customer (its slugs index w->acc.slugs).  Thread-safe for
 * distinct workers. */
sp_status collector_customer(collector *c, collect_worker *w, const customer_rec *rec);
/* The same, the join maybe left for later: rec is copied into the
 * worker's join queue and its label record prefetched, and the customer
 * JOIN_AHEAD places before it is joined now (its status returned: a data
 * error is recorded all the same; messages are sorted by input position,
 * so the order of joins does not show).  collector_customers_flush joins
 * the rest, before the worker's batch ends. */
sp_status collector_customer_queued(collector *c, collect_worker *w, const customer_rec *rec);
sp_status collector_customers_flush(collector *c, collect_worker *w);

/* After the labels are complete (collector_labels_complete): join w's
 * pending customers. */
sp_status collect_worker_resolve(collector *c, collect_worker *w);

/* End of input: fold the workers (in order) into out, their diagnostics into
 * c->d, write duplicate messages and the warnings. */
sp_status collector_finish(collector *c, collect_worker **w, size_t n, agg *out);

/* The position of customer ord, as text, for messages. */
void collector_customer_where(const collector *c, uint64_t ord, char *buf, size_t len);

#endif
