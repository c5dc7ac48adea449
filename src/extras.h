/* SPDX-License-Identifier: MIT */
/* extras: the extra numeric features asked for with --mean/--median/--sum.
 * A plain description shared by the stages that read, accumulate and print
 * them; filled by the CLI. */
#ifndef SEGPROF_EXTRAS_H
#define SEGPROF_EXTRAS_H

#include <stdbool.h>
#include <stddef.h>

enum { EXTRA_MAX = 32 };

typedef enum extra_op { EXTRA_MEAN = 1, EXTRA_MEDIAN = 2, EXTRA_SUM = 4 } extra_op;

typedef struct extra_spec {
	size_t n;                      /* distinct fields, in order of first mention */
	const char *name[EXTRA_MAX];   /* top-level keys of the customer object */
	size_t len[EXTRA_MAX];
	unsigned ops[EXTRA_MAX];       /* extra_op bits */
	bool skip_missing;             /* --missing skip */
	bool keep_values;              /* keep every value, not only for medians
					  (--partial writes them all) */
} extra_spec;

/* Index of key in spec, or -1. */
static inline int extra_find(const extra_spec *x, const char *key, size_t len)
{
	for (size_t i = 0; x && i < x->n; i++)
		if (x->len[i] == len && __builtin_memcmp(x->name[i], key, len) == 0)
			return (int)i;
	return -1;
}

#endif
