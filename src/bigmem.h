/* SPDX-License-Identifier: MIT */
/* bigmem: allocations for the big random-access tables (the hash slots of a
 * million customer ids, the arena of their bytes).  They are asked to live
 * on transparent huge pages, so that a lookup costs a cache miss, not also a
 * TLB miss and a page walk. */
#ifndef SEGPROF_BIGMEM_H
#define SEGPROF_BIGMEM_H

#include <stddef.h>

/* calloc / realloc that advise huge pages for blocks of 2 MiB and more
 * (freed with free()). */
void *big_calloc(size_t n, size_t size);
void *big_realloc(void *p, size_t old_size, size_t new_size);

/* A zeroed block of size bytes, freed with big_zfree(p, size): a large one
 * comes straight from the kernel, already zero, so that its pages are
 * cleared once, when first touched (not also by a memset over all of it). */
void *big_zalloc(size_t size);
void big_zfree(void *p, size_t size);

/* A block that only ever grows (a list of every amount): from
 * BIG_GROW_MAPPED bytes on it is a mapping of its own, grown with mremap,
 * so that growing it copies nothing and touches no page again (a realloc in
 * the heap copies the whole list, into fresh pages, at every doubling).
 * size: the block's current size in bytes (0 with p NULL); a new_size not
 * above it changes nothing.  NULL when out of memory (p is then unchanged).
 * Freed with big_grow_free(p, size). */
enum { BIG_GROW_MAPPED = 64u << 10 };
void *big_grow(void *p, size_t size, size_t new_size);
void big_grow_free(void *p, size_t size);

#endif
