/* SPDX-License-Identifier: MIT */
/* bigmem: huge-page advice for large blocks. */
#include "bigmem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { HUGE = 2u << 20 };

static void *aligned_block(size_t size)
{
	void *p = NULL;
	size_t rounded = (size + HUGE - 1) / HUGE * HUGE;
	if (posix_memalign(&p, HUGE, rounded) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, rounded, MADV_HUGEPAGE); /* advice only: failure is fine */
#endif
	return p;
}

void *big_calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	size_t total = n * size;
	if (total < HUGE)
		return calloc(n ? n : 1, size ? size : 1);
	void *p = aligned_block(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *big_realloc(void *p, size_t old_size, size_t new_size)
{
	if (new_size < HUGE)
		return realloc(p, new_size);
	void *q = aligned_block(new_size);
	if (!q)
		return NULL;
	if (p) {
		memcpy(q, p, old_size < new_size ? old_size : new_size);
		free(p);
	}
	return q;
}
