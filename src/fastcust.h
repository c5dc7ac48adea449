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

/* A key as the last object read had it, at the same place: the next object
 * most likely has the same keys in the same order, which one compare then
 * confirms (no scan of the string, no lookup of the field). */
enum { FAST_KEYS = 16, FAST_KEY_TOKEN = 16 };
typedef struct fast_key {
	unsigned char token[FAST_KEY_TOKEN]; /* "name": (quotes and colon, nothing
						between) */
	uint8_t len;         /* of the token; 0: none to expect here */
	int8_t kind;         /* what its value is for (fastcust.c) */
	int8_t extra;        /* its index among the extra features, or -1 */
} fast_key;

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
	/* the keys of the last object read whole (for one extra_spec and one
	 * field_names: those of every call with this fast_customer) */
	fast_key keys[FAST_KEYS + 1]; /* keys[n_keys].len is 0 */
	size_t n_keys;
} fast_customer;

void fast_customer_fini(fast_customer *f);

/* true: text is a valid customer object that breaks no rule, fully read
 * into f.  false: use the general path. */
bool fast_customer_parse(const char *text, size_t len, const extra_spec *x,
			 const field_names *names, fast_customer *f);

#endif
