/* SPDX-License-Identifier: MIT */
/* shard: which customers a --shard=I/K run keeps.
 *
 * A customer (and its label) belongs to shard FNV-1a-64(id) mod K, where id
 * is the canonical text the join compares: a string id's bytes (JSON escapes
 * decoded), an integer id's decimal text (17 and "17" are one customer, so
 * they hash alike).  The hash is fixed by segprof(1), PARTIAL RESULTS AND
 * MERGE: the same on every machine and in every version. */
#ifndef SEGPROF_SHARD_H
#define SEGPROF_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SHARD_MAX = 65536 };

typedef struct shard_spec {
	uint32_t index;  /* I, 0 <= I < count */
	uint32_t count;  /* K; 0: not sharded (every customer is kept) */
} shard_spec;

/* FNV-1a, 64 bits, over len bytes of s. */
uint64_t shard_hash(const char *s, size_t len);

/* Whether the customer with this id belongs to shard s (always, unsharded). */
static inline bool shard_keeps(const shard_spec *s, const char *id, size_t len)
{
	return s->count <= 1 || shard_hash(id, len) % s->count == s->index;
}

/* The id of a customer whose text starts the common way, {"id":"..." (no
 * escape inside) or {"id":INTEGER followed by ',' or '}': its canonical
 * text in [*id, *id + *len); false otherwise (the full parse decides). */
bool shard_plain_id(const char *text, size_t len, const char **id, size_t *id_len);

/* Whether a customer's JSON text plainly belongs to another shard than s's:
 * its id is plain (shard_plain_id) and hashes elsewhere.  Such a customer
 * may be passed over unparsed: the run of its own shard checks it. */
static inline bool shard_passes_over(const shard_spec *s, const char *text, size_t len)
{
	const char *id;
	size_t id_len;
	return s->count > 1 && shard_plain_id(text, len, &id, &id_len) &&
	       shard_hash(id, id_len) % s->count != s->index;
}

/* About n / K: the share of n records a shard keeps (for table sizes). */
static inline size_t shard_share(const shard_spec *s, size_t n)
{
	return s->count > 1 ? n / s->count + 1 : n;
}

/* Parse "I/K" (decimal, 0 <= I < K <= SHARD_MAX); false when malformed. */
bool shard_parse(const char *text, shard_spec *out);

#endif
