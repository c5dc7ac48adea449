/* collect: join, pending customers, consistency rules. */
#include "collect.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void collector_init(collector *c, diag *d, bool skip_unlabeled)
{
	memset(c, 0, sizeof *c);
	label_map_init(&c->labels);
	agg_init(&c->acc);
	strtab_init(&c->unlabeled);
	c->d = d;
	c->skip_unlabeled = skip_unlabeled;
}

static void pending_fini(pending *p)
{
	free(p->ord);
	free(p->frequency);
	free(p->amount);
	free(p->id_end);
	free(p->slug_end);
	free(p->ids);
	free(p->slugs);
	memset(p, 0, sizeof *p);
}

void collector_fini(collector *c)
{
	label_map_fini(&c->labels);
	agg_fini(&c->acc);
	pending_fini(&c->pend);
	strtab_fini(&c->unlabeled);
	free(c->unlabeled_ord);
	memset(c, 0, sizeof *c);
}

void collector_set_customers_source(collector *c, const char *file, loc_kind kind,
				    const char *pointer_base, uint64_t key_base)
{
	c->cust_file = file;
	c->cust_kind = kind;
	c->cust_pointer = pointer_base;
	c->cust_key_base = key_base;
}

void collector_customer_where(const collector *c, uint64_t ord, char *buf, size_t len)
{
	if (c->cust_kind == LOC_ARRAY)
		snprintf(buf, len, "%s/%" PRIu64, c->cust_pointer, ord);
	else
		snprintf(buf, len, "line %" PRIu64, ord);
}

/* Record a rule error about customer ord's id. */
static void customer_error(collector *c, uint64_t ord, const char *fmt, const customer_rec *rec,
			   const char *first)
{
	char ptr[64];
	long line = 0;
	if (c->cust_kind == LOC_ARRAY) {
		snprintf(ptr, sizeof ptr, "%s/%" PRIu64 "/id", c->cust_pointer, ord);
	} else {
		snprintf(ptr, sizeof ptr, "/id");
		line = (long)ord;
	}
	/* ids are not NUL-terminated: they may point into the input */
	int len = rec->id_len > 256 ? 256 : (int)rec->id_len;
	diag_error(c->d, SP_DATAERR, c->cust_key_base + ord, c->cust_file, line, 0, ptr, fmt, len,
		   rec->id, first ? first : "");
}

sp_status collector_label(collector *c, const char *id, size_t id_len, cluster_id cl,
			  uint64_t key, const char *file, const char *pointer, long line)
{
	uint64_t first;
	switch (label_map_add(&c->labels, id, id_len, cl, key, &first)) {
	case LABEL_ADDED:
		return SP_OK;
	case LABEL_DUPLICATE:
		diag_error(c->d, SP_DATAERR, key, file, line, 0, pointer,
			   "duplicate label for customer \"%.*s\"", (int)(id_len > 200 ? 200 : id_len),
			   id);
		return SP_DATAERR;
	default:
		return SP_OSERR;
	}
}

static sp_status unlabeled(collector *c, const customer_rec *rec)
{
	bool inserted;
	int64_t idx = strtab_intern(&c->unlabeled, rec->id, rec->id_len, &inserted);
	if (idx < 0)
		return SP_OSERR;
	if (!inserted) {
		char where[48];
		collector_customer_where(c, c->unlabeled_ord[idx], where, sizeof where);
		customer_error(c, rec->ord, "duplicate customer id \"%.*s\" (first at %s)", rec,
			       where);
		return SP_DATAERR;
	}
	if ((size_t)idx >= c->unlabeled_cap) {
		size_t cap = c->unlabeled_cap ? c->unlabeled_cap * 2 : 64;
		uint64_t *o = realloc(c->unlabeled_ord, cap * sizeof *o);
		if (!o)
			return SP_OSERR;
		c->unlabeled_ord = o;
		c->unlabeled_cap = cap;
	}
	c->unlabeled_ord[idx] = rec->ord;
	if (c->skip_unlabeled) {
		c->n_skipped++;
		return SP_OK;
	}
	customer_error(c, rec->ord, "customer \"%.*s\" has no label%s", rec, NULL);
	return SP_DATAERR;
}

static sp_status join(collector *c, const customer_rec *rec)
{
	int64_t idx = label_map_find(&c->labels, rec->id, rec->id_len);
	if (idx < 0)
		return unlabeled(c, rec);
	uint64_t *first = &c->labels.first_ord[idx];
	if (*first != ORD_NONE) {
		char where[48];
		collector_customer_where(c, *first, where, sizeof where);
		customer_error(c, rec->ord, "duplicate customer id \"%.*s\" (first at %s)", rec,
			       where);
		return SP_DATAERR;
	}
	*first = rec->ord;
	/* Once the input is known to be bad, only its errors matter. */
	if (diag_has_errors(c->d))
		return SP_OK;
	if (!agg_reserve(&c->acc, cluster_count(&c->labels)))
		return SP_OSERR;
	return agg_add(&c->acc, c->labels.cluster[idx], rec) ? SP_OK : SP_OSERR;
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 1024;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static sp_status pend(pending *p, const customer_rec *rec)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		void *a = realloc(p->ord, cap * sizeof *p->ord);
		if (!a) return SP_OSERR;
		p->ord = a;
		a = realloc(p->frequency, cap * sizeof *p->frequency);
		if (!a) return SP_OSERR;
		p->frequency = a;
		a = realloc(p->amount, cap * sizeof *p->amount);
		if (!a) return SP_OSERR;
		p->amount = a;
		a = realloc(p->id_end, cap * sizeof *p->id_end);
		if (!a) return SP_OSERR;
		p->id_end = a;
		a = realloc(p->slug_end, cap * sizeof *p->slug_end);
		if (!a) return SP_OSERR;
		p->slug_end = a;
		p->cap = cap;
	}
	if (!grow((void **)&p->ids, &p->ids_cap, p->ids_len + rec->id_len + 1, 1) ||
	    !grow((void **)&p->slugs, &p->slugs_cap, p->slugs_len + rec->n_slugs, sizeof *p->slugs))
		return SP_OSERR;
	memcpy(p->ids + p->ids_len, rec->id, rec->id_len);
	p->ids_len += rec->id_len;
	p->ids[p->ids_len++] = '\0';
	memcpy(p->slugs + p->slugs_len, rec->slugs, rec->n_slugs * sizeof *rec->slugs);
	p->slugs_len += rec->n_slugs;
	size_t i = p->n++;
	p->ord[i] = rec->ord;
	p->frequency[i] = rec->frequency;
	p->amount[i] = rec->amount;
	p->id_end[i] = p->ids_len;
	p->slug_end[i] = p->slugs_len;
	return SP_OK;
}

sp_status collector_customer(collector *c, const customer_rec *rec)
{
	if (c->labels_done)
		return join(c, rec);
	return pend(&c->pend, rec);
}

sp_status collector_labels_done(collector *c)
{
	sp_status worst = SP_OK;
	pending *p = &c->pend;
	c->labels_done = true;
	for (size_t i = 0; i < p->n; i++) {
		size_t id0 = i ? p->id_end[i - 1] : 0, s0 = i ? p->slug_end[i - 1] : 0;
		customer_rec rec = {
			.ord = p->ord[i],
			.id = p->ids + id0,
			.id_len = p->id_end[i] - id0 - 1,
			.frequency = p->frequency[i],
			.amount = p->amount[i],
			.slugs = p->slugs + s0,
			.n_slugs = p->slug_end[i] - s0,
		};
		sp_status st = join(c, &rec);
		if (st == SP_OSERR)
			return st;
		if (worst == SP_OK)
			worst = st;
	}
	pending_fini(p);
	return worst;
}

sp_status collector_finish(collector *c)
{
	uint64_t absent = 0;
	for (size_t i = 0; i < label_map_count(&c->labels); i++)
		absent += c->labels.first_ord[i] == ORD_NONE;
	if (absent)
		diag_warning(c->d, NULL, "%" PRIu64 " label%s name%s no customer in the input; ignored",
			     absent, absent == 1 ? "" : "s", absent == 1 ? "s" : "");
	if (c->n_skipped)
		diag_warning(c->d, NULL, "%" PRIu64 " unlabeled customer%s left out (--unlabeled=skip)",
			     c->n_skipped, c->n_skipped == 1 ? "" : "s");
	return SP_OK;
}
