/* SPDX-License-Identifier: MIT */
/* grow: room in an array that grows by doubling, the way every list of
 * segprof grows (big tables that must not be copied use bigmem.h). */
#ifndef SEGPROF_GROW_H
#define SEGPROF_GROW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Room for need elements of elem bytes in the array whose pointer is at
 * array (a T **, of any T) and whose capacity is *cap: the capacity doubled
 * from first (from *cap if not 0) until need fits, the array realloc'd.
 * false when out of memory or past SIZE_MAX bytes: then nothing changed. */
static inline bool grow_room(void *array, size_t *cap, size_t need, size_t elem, size_t first)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : first;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return false;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return false;
	void *old;
	memcpy(&old, array, sizeof old); /* (a T * read through void *) */
	void *fresh = realloc(old, n * elem);
	if (!fresh)
		return false;
	memcpy(array, &fresh, sizeof fresh);
	*cap = n;
	return true;
}

#endif
