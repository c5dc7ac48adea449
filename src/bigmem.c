/* SPDX-License-Identifier: MIT */
/* bigmem: huge-page advice for large blocks. */
#include "bigmem.h"

#include <stdint.h>
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

void *big_zalloc(size_t size)
{
	if (size < HUGE)
		return calloc(1, size ? size : 1);
	/* rounded to whole huge pages, at a huge-page boundary: map one more
	 * and trim both ends */
	size_t rounded = (size + HUGE - 1) / HUGE * HUGE;
	char *p = mmap(NULL, rounded + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	size_t lead = (HUGE - (uintptr_t)p % HUGE) % HUGE;
	if (lead)
		munmap(p, lead);
	if (HUGE - lead)
		munmap(p + lead + rounded, HUGE - lead);
	p += lead;
#ifdef MADV_HUGEPAGE
	madvise(p, rounded, MADV_HUGEPAGE); /* advice only: failure is fine */
#endif
	return p;
}

void big_zfree(void *p, size_t size)
{
	if (!p)
		return;
	if (size < HUGE) {
		free(p);
		return;
	}
	munmap(p, (size + HUGE - 1) / HUGE * HUGE);
}

/* ThreadSanitizer does not follow mremap (it intercepts mmap and munmap,
 * not mremap), so a list moved by it onto addresses another worker's
 * freed list had used is reported as racing with that worker's old
 * writes.  Its builds copy instead. */
#if defined(__SANITIZE_THREAD__)
#define SEGPROF_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SEGPROF_TSAN 1
#endif
#endif
#ifndef SEGPROF_TSAN
#define SEGPROF_TSAN 0
#endif

/* An anonymous mapping of size bytes, or NULL. */
static void *mapped(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void *big_grow(void *p, size_t size, size_t new_size)
{
	if (new_size <= size)
		return p;
	if (new_size < BIG_GROW_MAPPED)
		return realloc(p, new_size ? new_size : 1);
	if (size < BIG_GROW_MAPPED) {
		/* leaving the heap: the one copy, of less than BIG_GROW_MAPPED */
		void *q = mapped(new_size);
		if (q && size)
			memcpy(q, p, size);
		if (q)
			free(p);
		return q;
	}
#if defined(MREMAP_MAYMOVE) && !SEGPROF_TSAN
	void *q = mremap(p, size, new_size, MREMAP_MAYMOVE);
	return q == MAP_FAILED ? NULL : q;
#else
	void *q = mapped(new_size);
	if (q) {
		memcpy(q, p, size < new_size ? size : new_size);
		munmap(p, size);
	}
	return q;
#endif
}

void big_grow_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size < BIG_GROW_MAPPED)
		free(p);
	else
		munmap(p, size);
}
