/* SPDX-License-Identifier: MIT */
/* profile_field: the columns of a profile by number, their names and their
 * text, shared by every writer.  The standard columns come first, in the
 * order of segprof(1) OUTPUT FORMATS, with cluster_name right after
 * cluster_id when --names is given and top_scores right after
 * top_categories with --scores; the extra ones (--mean, --median, --sum,
 * --missing skip, --index) follow.  column_field says what column f holds. */
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
	PF_STANDARD,                   /* the number of standard columns */
	PF_CLUSTER_NAME = PF_STANDARD, /* --names: right after cluster_id */
	PF_TOP_SCORES,                 /* --scores: right after top_categories */
	PF_EXTRA,                      /* --mean, --median, --sum, --missing skip,
					  --index */
} profile_field;

/* The standard columns' names, in output order. */
extern const char *const profile_fields[PF_STANDARD];

/* Columns: the standard ones (and cluster_name, top_scores), then the extra
 * ones. */
static inline size_t profile_columns(const profile_list *pl)
{
	return PF_STANDARD + (pl->named ? 1 : 0) + (pl->scores ? 1 : 0) + pl->n_cols;
}

/* What column f holds; for PF_EXTRA, *extra := its index in pl->cols. */
static inline profile_field column_field(const profile_list *pl, size_t f, size_t *extra)
{
	*extra = 0;
	if (f == 0)
		return PF_CLUSTER_ID;
	if (pl->named && f-- == 1)
		return PF_CLUSTER_NAME;
	if (f <= PF_TOP_CATEGORIES)
		return (profile_field)f;
	if (pl->scores && f-- == PF_TOP_CATEGORIES + 1)
		return PF_TOP_SCORES;
	if (f < PF_STANDARD)
		return (profile_field)f;
	*extra = f - PF_STANDARD;
	return PF_EXTRA;
}

/* Name of column f (0 .. profile_columns(pl) - 1). */
const char *column_name(const profile_list *pl, size_t f);

/* Text of column f of p into buf (HUNDREDTHS_MAX + 3 bytes), or NULL for a
 * null cell; may return p's own storage.  Reals are shortest-form unless
 * fixed2. */
const char *profile_field_text(const profile_list *pl, const profile *p, size_t f, bool fixed2,
			       char *buf, size_t len);

/* Whether column f holds text (left-aligned) whatever the cluster. */
static inline bool column_is_text(const profile_list *pl, size_t f)
{
	size_t x;
	profile_field k = column_field(pl, f, &x);
	return k == PF_CLUSTER_NAME || k == PF_TOP_CATEGORIES || k == PF_TOP_SCORES ||
	       k == PF_INSIGHT;
}

/* Whether column f of p is a number (printed bare in JSON, right-aligned):
 * all are but the texts, and a cluster id that is a string. */
static inline bool profile_field_is_number(const profile_list *pl, const profile *p, size_t f)
{
	if (f == 0)
		return p->id.is_int;
	return !column_is_text(pl, f);
}

/* Whether column f as a whole holds numbers (a header aligned like them):
 * the cluster id column when the first cluster's id is an integer. */
static inline bool profile_column_is_number(const profile_list *pl, size_t f)
{
	if (f == 0)
		return pl->n == 0 || pl->items[0].id.is_int;
	return !column_is_text(pl, f);
}

#endif
