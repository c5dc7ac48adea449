/* SPDX-License-Identifier: MIT */
/* shard: the shard of a customer id (see shard.h). */
#include "shard.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

bool shard_plain_id(const char *t, size_t len, const char **id, size_t *id_len)
{
	size_t i = 0;
	while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r'))
		i++;
	if (len - i < 8 || memcmp(t + i, "{\"id\":", 6) != 0)
		return false;
	i += 6;
	size_t start = i;
	if (t[i] == '"') {
		start = ++i;
		while (i < len && t[i] != '"' && t[i] != '\\')
			i++;
		*id = t + start;
		*id_len = i - start;
		return i < len && t[i] == '"' && i > start;
	}
	if (t[i] == '-')
		i++;
	if (i >= len || t[i] < '1' || t[i] > '9')
		return false; /* 0, -0, 012: the full parse says what they are */
	while (i < len && t[i] >= '0' && t[i] <= '9' && i - start < 18)
		i++;
	*id = t + start;
	*id_len = i - start;
	return i < len && (t[i] == ',' || t[i] == '}');
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
