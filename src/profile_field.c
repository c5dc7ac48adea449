/* SPDX-License-Identifier: MIT */
/* profile_field: column names and the text of a profile's fields. */
#include "profile_field.h"

#include <inttypes.h>
#include <stdio.h>

#include "decimal.h"

const char *const profile_fields[PF_STANDARD] = {
	[PF_CLUSTER_ID] = "cluster_id",
	[PF_N_CUSTOMERS] = "n_customers",
	[PF_AVG_SPEND] = "avg_spend",
	[PF_MEDIAN_SPEND] = "median_spend",
	[PF_AVG_FREQUENCY] = "avg_frequency",
	[PF_TOP_CATEGORIES] = "top_categories",
	[PF_SHARE_OF_REVENUE_PCT] = "share_of_revenue_pct",
	[PF_INSIGHT] = "insight",
};

const char *column_name(const profile_list *pl, size_t f)
{
	size_t x = 0;
	profile_field k = column_field(pl, f, &x);
	if (k == PF_EXTRA)
		return pl->cols[x].name;
	if (k == PF_TOP_SCORES)
		return "top_scores";
	return k == PF_CLUSTER_NAME ? "cluster_name" : profile_fields[k];
}

static const char *hundredths(const char *v, bool fixed2, char *buf)
{
	hundredths_format(v, fixed2, buf);
	return buf;
}

const char *profile_field_text(const profile_list *pl, const profile *p, size_t f, bool fixed2,
			       char *buf, size_t len)
{
	size_t x = 0;
	switch (column_field(pl, f, &x)) {
	case PF_CLUSTER_ID:
		if (!p->id.is_int)
			return p->id.s;
		snprintf(buf, len, "%" PRId64, p->id.i);
		return buf;
	case PF_CLUSTER_NAME: return p->name;
	case PF_N_CUSTOMERS:
		snprintf(buf, len, "%" PRIu64, p->n_customers);
		return buf;
	case PF_AVG_SPEND: return hundredths(p->avg_spend, fixed2, buf);
	case PF_MEDIAN_SPEND: return hundredths(p->median_spend, fixed2, buf);
	case PF_AVG_FREQUENCY: return hundredths(p->avg_frequency, fixed2, buf);
	case PF_TOP_CATEGORIES: return p->top_categories;
	case PF_TOP_SCORES: return p->top_scores[fixed2];
	case PF_SHARE_OF_REVENUE_PCT: return hundredths(p->share, fixed2, buf);
	case PF_INSIGHT: return p->insight;
	case PF_EXTRA: break;
	}
	const char *v = p->extra[x];
	if (!v || pl->cols[x].op == 0) /* null, or a count */
		return v;
	return hundredths(v, fixed2, buf);
}
