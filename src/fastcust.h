/* SPDX-License-Identifier: MIT */
/* fastcust: a strict fast path for the common shape of a customer object.
 *
 * jansson builds a small tree per object and parses here at ~35 MB/s; most
 * customer objects are flat: string keys without escapes, the four known
 * fields, a few extra scalar features.  This parser accepts exactly those
 * and answers "fall back" for anything else -- escapes, nested extra values,
 * duplicate keys, any invalid or unusual token, any rule violation -- so that
 * jansson stays the judge of every hard case and writes every message.  It
 * must never accept what jansson plus the input rules of segprof(1) INPUT would reject,
 * nor read a value differently (tests/unit/test_fastcust.c checks both). */
#ifndef SEGPROF_FASTCUST_H
#define SEGPROF_FASTCUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decimal.h"
#include "extras.h"
#include "fields.h"
#include "labels.h"

typedef struct fast_slug {
	const char *s;
	uint32_t len;
} fast_slug;

typedef struct fast_customer {
	const char *id;      /* points into the text (or to id_text) */
	size_t id_len;
	int64_t frequency;
	dec amount;          /* exactly as written */
	fast_slug *slugs;    /* owned, reused between calls */
	size_t n_slugs, slugs_cap;
	dec extra[EXTRA_MAX];      /* the extra features asked for ... */
	bool has_extra[EXTRA_MAX]; /* ... when present as plain numbers */
	cluster_id cluster;  /* the cluster, when the record carries one ... */
	bool has_cluster;    /* ... (fields->cluster_in_row; null: none) */
} fast_customer;

void fast_customer_fini(fast_customer *f);

/* true: text is a valid customer object that breaks no rule, fully read
 * into f.  false: use the general path. */
bool fast_customer_parse(const char *text, size_t len, const extra_spec *x,
			 const field_names *names, fast_customer *f);

#endif
