/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the labels' id table (src/idmap.c)
 * against the general interning table (src/strtab.c).
 *
 * Input: a size-hint byte, then operations, each an op byte, a length byte
 * (0..40, so that ids inline and ids by pointer both occur) and that many id
 * bytes.  An even op inserts the id (its cluster: the order in which the
 * reference first saw it), an odd one looks it up.  Without a hint the table
 * starts at its smallest and grows (rehashing) up to a load of 0.8: ids
 * share home records and probe past each other, also across the end of the
 * table.  After every operation both tables must agree on what was inserted
 * and what is found; idmap must give back the id's bytes and its cluster; at
 * the end every record must be one of the reference's ids.  Any difference
 * aborts with a description. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "strtab.h"

__attribute__((noreturn)) static void mismatch(const char *what, const uint8_t *id, size_t len)
{
	fprintf(stderr, "idmap mismatch: %s (id of %zu bytes: %.*s)\n", what, len, (int)len,
		(const char *)id);
	abort();
}

static void check_record(const idmap *m, int64_t at, const uint8_t *id, size_t len,
			 uint32_t cluster)
{
	char buf[IDMAP_INLINE];
	size_t klen;
	const char *k = idmap_key(m, (size_t)at, buf, &klen);
	if (klen != len || (len && memcmp(k, id, len) != 0))
		mismatch("the id read back differs", id, len);
	if (idmap_at(m, (size_t)at)->cluster != cluster)
		mismatch("the cluster read back differs", id, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	idmap m;
	strtab ref;
	idmap_init(&m);
	strtab_init(&ref);
	if (data[0] && !idmap_reserve(&m, (size_t)data[0] * 4))
		abort();
	size_t i = 1;
	while (i + 2 <= size) {
		bool insert = !(data[i] & 1);
		size_t len = data[i + 1] % 41;
		i += 2;
		if (len > size - i)
			len = size - i;
		const uint8_t *id = data + i;
		i += len;
		uint32_t h = strtab_hash((const char *)id, len);
		int64_t want = strtab_find(&ref, (const char *)id, len);
		int64_t got = idmap_find(&m, (const char *)id, len, h);
		if ((want < 0) != (got < 0))
			mismatch(want < 0 ? "found an id never inserted" : "lost an id", id, len);
		if (got >= 0)
			check_record(&m, got, id, len, (uint32_t)want);
		if (!insert)
			continue;
		bool ins_ref, ins;
		int64_t r = strtab_intern(&ref, (const char *)id, len, &ins_ref);
		if (r < 0)
			abort();
		int64_t at = idmap_insert(&m, (const char *)id, len, h, (uint32_t)r, 7, &ins);
		if (at < 0)
			abort();
		if (ins != ins_ref)
			mismatch(ins ? "inserted an id twice" : "did not insert a new id", id, len);
		if (idmap_count(&m) != strtab_count(&ref))
			mismatch("counts differ", id, len);
		check_record(&m, at, id, len, (uint32_t)r);
	}
	size_t seen = 0;
	for (size_t k = 0; k < idmap_capacity(&m); k++) {
		const idmap_rec *rec = idmap_at(&m, k);
		if (!rec->len1)
			continue;
		char buf[IDMAP_INLINE];
		size_t klen;
		const char *key = idmap_key(&m, k, buf, &klen);
		if (strtab_find(&ref, key, klen) != (int64_t)rec->cluster || rec->first_ord != 7)
			mismatch("a record that is no id of the reference", (const uint8_t *)key, klen);
		seen++;
	}
	if (seen != strtab_count(&ref))
		mismatch("records and ids differ in number", data, 0);
	idmap_fini(&m);
	strtab_fini(&ref);
	return 0;
}
