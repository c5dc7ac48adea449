/* SPDX-License-Identifier: MIT */
/* guard: leaving the small clusters out. */
#include "guard.h"

void profiles_withhold(profile_list *pl, uint64_t min_size)
{
	size_t kept = 0;
	pl->min_size = min_size;
	for (size_t i = 0; i < pl->n; i++) {
		if (pl->items[i].n_customers >= min_size)
			pl->items[kept++] = pl->items[i];
		else
			profile_fini(&pl->items[i], pl->n_cols);
	}
	pl->withheld = pl->n - kept;
	pl->n = kept;
}
