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

#endif
