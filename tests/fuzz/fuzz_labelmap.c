/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the labels map (src/labels.c) with its ids
 * held dense by their number (src/denseids.c) for as long as they fit, then
 * moved to the hash table, against the general interning table
 * (src/strtab.c), and against a second labels map kept in the hash table
 * from the start (SEGPROF_IDS_HASHED), and against one with narrow words
 * (label_map_narrow: a claim knows that the label was joined, not by whom).
 *
 * Input: a size-hint byte, then operations of four bytes: an op byte and a
 * 16-bit number, and for raw ids a length byte and that many bytes.  The op
 * says which id: raw bytes, "C" and the number zero-padded to a width of 1
 * to 6, "C" and the number in plain decimal, or the plain number scaled by
 * a power of ten (sparse: the map leaves its dense form); whether to add it
 * as a label (with a cluster from the op) or to look it up and claim it for
 * the operation's ord.  After every operation the three must agree: what
 * was added, counted and found, the cluster, the id's bytes given back, and
 * the first ord that claimed it.  Any difference aborts with a description. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "strtab.h"

__attribute__((noreturn)) static void mismatch(const char *what, const char *id, size_t len)
{
	fprintf(stderr, "labels map mismatch: %s (id of %zu bytes: %.*s)\n", what, len, (int)len,
		id);
	abort();
}

/* The id of one operation into buf; its length.  *at moves past it. */
static size_t make_id(const uint8_t *data, size_t size, size_t *at, uint8_t op, unsigned num,
		      char *buf)
{
	static const uint64_t scale[4] = {1, 1000, 1000000000ULL, 1000000000000000000ULL};
	switch (op & 3) {
	case 0: {
		size_t len = *at < size ? data[(*at)++] % 24 : 0;
		if (len > size - *at)
			len = size - *at;
		memcpy(buf, data + *at, len);
		*at += len;
		return len;
	}
	case 1:
		return (size_t)snprintf(buf, 32, "C%0*u", 1 + (op >> 2) % 6, num);
	case 2:
		return (size_t)snprintf(buf, 32, "C%u", num);
	default:
		return (size_t)snprintf(buf, 32, "%" PRIu64, (uint64_t)num * scale[(op >> 2) & 3]);
	}
}

/* The first ord map m should give for a label first joined at first:
 * narrow words only know whether it was. */
static uint64_t seen(const label_map *m, uint64_t first)
{
	return m->dense.narrow && !label_map_is_hashed(m) && first != ORD_NONE ? ORD_UNKNOWN : first;
}

/* What map m holds for id (want: the reference's index, or -1). */
static void check_find(label_map *m, const char *id, size_t len, int64_t want,
		       const uint32_t *cluster, const uint64_t *first)
{
	int64_t got = label_map_find(m, id, len, strtab_hash(id, len));
	if ((want < 0) != (got < 0))
		mismatch(want < 0 ? "found an id never added" : "lost an id", id, len);
	if (got < 0)
		return;
	if (label_map_cluster_of(m, (size_t)got) != cluster[want])
		mismatch("the cluster differs", id, len);
	if (label_map_first(m, (size_t)got) != seen(m, first[want]))
		mismatch("the first ord differs", id, len);
	char buf[LABEL_ID_BUF];
	size_t klen;
	const char *k = label_map_id(m, (size_t)got, buf, &klen);
	if (klen != len || (len && memcmp(k, id, len) != 0))
		mismatch("the id given back differs", id, len);
}

static void claim_both(label_map *m, const char *id, size_t len, uint64_t ord, uint64_t want)
{
	int64_t at = label_map_find(m, id, len, 0);
	if (at < 0)
		return;
	if (label_map_claim(m, (size_t)at, ord) != seen(m, want))
		mismatch("a claim lost a different ord", id, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { MAX_IDS = 4096 };
	if (size < 1)
		return 0;
	static uint32_t cluster[MAX_IDS];
	static uint64_t first[MAX_IDS];
	label_map dense, narrow, hashed;
	strtab ref;
	label_map_init(&dense);
	label_map_init(&narrow);
	label_map_narrow(&narrow);
	label_map_init(&hashed);
	label_map_hashed(&hashed);
	strtab_init(&ref);
	if (data[0] && (!label_map_reserve(&dense, (size_t)data[0] * 4) ||
			!label_map_reserve(&narrow, (size_t)data[0] * 4) ||
			!label_map_reserve(&hashed, (size_t)data[0] * 4)))
		abort();
	bool claimed = false; /* adds stop once the join has begun */
	uint64_t ord = 0;
	for (size_t i = 1; i + 3 <= size && strtab_count(&ref) < MAX_IDS; ord++) {
		uint8_t op = data[i];
		unsigned num = data[i + 1] | (unsigned)data[i + 2] << 8;
		i += 3;
		char id[32];
		size_t len = make_id(data, size, &i, op, num, id);
		int64_t want = strtab_find(&ref, id, len);
		check_find(&dense, id, len, want, cluster, first);
		check_find(&narrow, id, len, want, cluster, first);
		check_find(&hashed, id, len, want, cluster, first);
		if (op & 0x80 || claimed) { /* a customer */
			claimed = true;
			uint64_t lost = want < 0 ? ORD_NONE : ord_claim(&first[want], ord);
			claim_both(&dense, id, len, ord, lost);
			claim_both(&narrow, id, len, ord, lost);
			claim_both(&hashed, id, len, ord, lost);
			continue;
		}
		/* clusters 0..7, or up to 1030 (the narrow words widen at 127) */
		cluster_id c = {.is_int = true, .i = op & 0x40 && num % 4 == 0 ? num % 1031 : (op >> 4) & 7};
		label_add_result a = label_map_add_hashed(&dense, id, len, strtab_hash(id, len), c);
		label_add_result b = label_map_add_hashed(&hashed, id, len, 0, c);
		label_add_result n = label_map_add_hashed(&narrow, id, len, 0, c);
		if (a == LABEL_OOM || b == LABEL_OOM || n == LABEL_OOM)
			abort();
		bool inserted;
		int64_t r = strtab_intern(&ref, id, len, &inserted);
		if (r < 0)
			abort();
		if ((a == LABEL_ADDED) != inserted || a != b || a != n)
			mismatch(inserted ? "did not add a new id" : "added an id twice", id, len);
		if (inserted) {
			cluster[r] = (uint32_t)label_map_cluster(&dense, c);
			first[r] = ORD_NONE;
		}
		if (label_map_count(&dense) != strtab_count(&ref) ||
		    label_map_count(&narrow) != strtab_count(&ref) ||
		    label_map_count(&hashed) != strtab_count(&ref))
			mismatch("counts differ", id, len);
	}
	label_map_fini(&dense);
	label_map_fini(&narrow);
	label_map_fini(&hashed);
	strtab_fini(&ref);
	return 0;
}
