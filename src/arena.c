/* SPDX-License-Identifier: MIT */
/* arena: chunked allocation of bytes freed together. */
#include "arena.h"

#include "bigmem.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK_MIN = 1 << 16, CHUNK_MAX = 1 << 24 };

void arena_fini(arena *a)
{
	for (size_t i = 0; i < a->n_chunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	memset(a, 0, sizeof *a);
}

char *arena_alloc(arena *a, size_t need)
{
	if (a->n_chunks == 0 || a->chunk_used + need > a->chunk_size) {
		size_t size = a->chunk_size ? a->chunk_size * 2 : CHUNK_MIN;
		if (size > CHUNK_MAX)
			size = CHUNK_MAX;
		if (size < need)
			size = need;
		char **chunks = realloc(a->chunks, (a->n_chunks + 1) * sizeof *chunks);
		if (!chunks)
			return NULL;
		a->chunks = chunks;
		/* a big chunk on huge pages, as the tables pointing into it;
		 * never zeroed: every byte handed out is written first */
		char *c = big_realloc(NULL, 0, size);
		if (!c)
			return NULL;
		a->chunks[a->n_chunks++] = c;
		a->chunk_size = size;
		a->chunk_used = 0;
	}
	char *p = a->chunks[a->n_chunks - 1] + a->chunk_used;
	a->chunk_used += need;
	return p;
}
