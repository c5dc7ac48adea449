/* SPDX-License-Identifier: MIT */
/* arena: bytes that live as long as their table (the keys of an interning
 * table, the long customer ids of the id map), handed out from chunks that
 * double from 64 KiB up to 16 MiB and are freed all at once. */
#ifndef SEGPROF_ARENA_H
#define SEGPROF_ARENA_H

#include <stddef.h>

typedef struct arena {
	char **chunks;
	size_t n_chunks, chunk_used, chunk_size;
} arena;

/* An all-zero arena is empty and valid. */
void arena_fini(arena *a);

/* need bytes (not zeroed, not aligned), or NULL when out of memory. */
char *arena_alloc(arena *a, size_t need);

#endif
