/* collect: the join of customers to their labels, feeding the accumulators.
 *
 * Labels go into the label map.  A customer whose label is already known is
 * accounted at once; customers that come before the labels (a request
 * document with "customers" first) wait in a compact pending list (id bytes,
 * frequency, amount, slug indexes; never their text) until the labels are
 * complete.  The collector also enforces the consistency rules of SPEC §1.1:
 * duplicate customers, unlabeled customers, labels without a customer. */
#ifndef SEGPROF_COLLECT_H
#define SEGPROF_COLLECT_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "diag.h"
#include "labels.h"

/* How a customer's ord is named in messages. */
typedef enum loc_kind {
	LOC_ARRAY,   /* ord = index in a customers array: POINTER_BASE/ORD */
	LOC_LINES,   /* ord = line number of an NDJSON customer */
} loc_kind;

typedef struct pending {
	uint64_t *ord;
	int64_t *frequency;
	double *amount;
	uint64_t *id_end;    /* ids[id_end[i-1] .. id_end[i]) */
	uint64_t *slug_end;  /* slugs likewise */
	size_t n, cap;
	char *ids;
	size_t ids_len, ids_cap;
	uint32_t *slugs;
	size_t slugs_len, slugs_cap;
} pending;

typedef struct collector {
	label_map labels;
	bool labels_done;
	bool skip_unlabeled;
	agg acc;
	pending pend;
	strtab unlabeled;       /* ids of unlabeled customers, for duplicates */
	uint64_t *unlabeled_ord;
	size_t unlabeled_cap;
	uint64_t n_skipped;
	diag *d;
	/* naming customers in messages */
	const char *cust_file;
	loc_kind cust_kind;
	const char *cust_pointer; /* "/customers" in a request, "" in an array file */
	uint64_t cust_key_base;
} collector;

void collector_init(collector *c, diag *d, bool skip_unlabeled);
void collector_fini(collector *c);

/* Where the customers come from (for messages). */
void collector_set_customers_source(collector *c, const char *file, loc_kind kind,
				    const char *pointer_base, uint64_t key_base);

/* One label.  key: diagnostic order key; pointer: its JSON Pointer or NULL;
 * line: its line or 0.  SP_OK, SP_DATAERR (recorded) or SP_OSERR. */
sp_status collector_label(collector *c, const char *id, size_t id_len, cluster_id cl,
			  uint64_t key, const char *file, const char *pointer, long line);

/* All labels are in: resolve the pending customers. */
sp_status collector_labels_done(collector *c);

/* One validated customer (its slugs index c->acc.slugs). */
sp_status collector_customer(collector *c, const customer_rec *rec);

/* End of input: warnings for labels without customers and skipped customers. */
sp_status collector_finish(collector *c);

/* The position of customer ord, as text, for messages. */
void collector_customer_where(const collector *c, uint64_t ord, char *buf, size_t len);

#endif
