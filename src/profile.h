/* profile: from accumulators to the printed figures of each cluster (SPEC §2).
 * Every real is kept as a hundredths string (see decimal.h), already rounded
 * half away from zero; writers only format it. */
#ifndef SEGPROF_PROFILE_H
#define SEGPROF_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "diag.h"
#include "labels.h"

typedef enum lang { LANG_EN, LANG_ES, LANG_PT } lang;

typedef struct profile {
	cluster_id id;
	uint64_t n_customers;
	char *avg_spend;       /* hundredths strings */
	char *median_spend;
	char *avg_frequency;
	char *top_categories;
	char share[8];         /* hundredths of a percent, 0..10000 */
	const char *insight;   /* static */
} profile;

typedef struct profile_list {
	profile *items;
	size_t n;
} profile_list;

/* Build the profiles of every non-empty cluster of a, in output order.
 * a's spend arrays are reordered (median selection).  ids gives each
 * cluster's id by index. */
sp_status profiles_build(agg *a, const cluster_id *ids, unsigned top, lang lg,
			 profile_list *out);
void profiles_free(profile_list *pl);

const char *insight_text(lang lg, int focus);

#endif
