/* SPDX-License-Identifier: MIT */
/* profile_field: the columns of a profile by number, their names and their
 * text, shared by every writer.  The standard columns come first, in the
 * order of segprof(1) OUTPUT FORMATS; the extra ones (--mean, --median,
 * --sum, --missing skip) follow from PF_STANDARD on. */
#ifndef SEGPROF_PROFILE_FIELD_H
#define SEGPROF_PROFILE_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "profile.h"

typedef enum profile_field {
	PF_CLUSTER_ID,
	PF_N_CUSTOMERS,
	PF_AVG_SPEND,
	PF_MEDIAN_SPEND,
	PF_AVG_FREQUENCY,
	PF_TOP_CATEGORIES,
	PF_SHARE_OF_REVENUE_PCT,
	PF_INSIGHT,
	PF_STANDARD, /* the number of standard columns: the first extra one */
} profile_field;

/* The standard columns' names, in output order. */
extern const char *const profile_fields[PF_STANDARD];

/* Columns: the standard ones, then the extra ones. */
static inline size_t profile_columns(const profile_list *pl) { return PF_STANDARD + pl->n_cols; }

/* Name of column f (0 .. profile_columns(pl) - 1). */
const char *column_name(const profile_list *pl, size_t f);

/* Text of column f of p into buf (HUNDREDTHS_MAX + 3 bytes), or NULL for a
 * null cell; may return p's own storage.  Reals are shortest-form unless
 * fixed2. */
const char *profile_field_text(const profile_list *pl, const profile *p, size_t f, bool fixed2,
			       char *buf, size_t len);

/* Whether column f of p is a number (printed bare in JSON, right-aligned):
 * all are but the two texts, and a cluster id that is a string. */
static inline bool profile_field_is_number(const profile *p, size_t f)
{
	if (f == PF_CLUSTER_ID)
		return p->id.is_int;
	return f != PF_TOP_CATEGORIES && f != PF_INSIGHT;
}

/* Whether column f as a whole holds numbers (a header aligned like them):
 * the cluster id column when the first cluster's id is an integer. */
static inline bool profile_column_is_number(const profile_list *pl, size_t f)
{
	if (f == PF_CLUSTER_ID)
		return pl->n == 0 || pl->items[0].id.is_int;
	return f != PF_TOP_CATEGORIES && f != PF_INSIGHT;
}

#endif
