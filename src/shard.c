/* SPDX-License-Identifier: MIT */
/* shard: the shard of a customer id (see shard.h). */
#include "shard.h"

#include <errno.h>
#include <stdlib.h>

static const uint64_t FNV_OFFSET = UINT64_C(0xcbf29ce484222325);
static const uint64_t FNV_PRIME = UINT64_C(0x100000001b3);

uint64_t shard_hash(const char *s, size_t len)
{
	uint64_t h = FNV_OFFSET;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* A decimal number of at most 5 digits, no sign, no blank; *end after it. */
static bool small_number(const char *s, unsigned long *v, const char **end)
{
	if (*s < '0' || *s > '9')
		return false;
	char *e;
	errno = 0;
	*v = strtoul(s, &e, 10);
	if (errno || e - s > 5)
		return false;
	*end = e;
	return true;
}

bool shard_parse(const char *text, shard_spec *out)
{
	unsigned long i, k;
	const char *p;
	if (!small_number(text, &i, &p) || *p != '/' || !small_number(p + 1, &k, &p) || *p)
		return false;
	if (k == 0 || k > SHARD_MAX || i >= k)
		return false;
	out->index = (uint32_t)i;
	out->count = (uint32_t)k;
	return true;
}
