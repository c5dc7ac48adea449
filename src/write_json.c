/* SPDX-License-Identifier: MIT */
/* write_json: json (indented by 4 like the endpoint, or --compact) and ndjson. */
#include <inttypes.h>
#include <string.h>

#include "jsonout.h"
#include "profile_field.h"
#include "writer.h"

static void real(FILE *out, const char *hundredths)
{
	char buf[HUNDREDTHS_MAX + 3];
	hundredths_format(hundredths, false, buf);
	fputs(buf, out);
}

/* One profile object; ind is the indentation of its members (NULL: compact). */
static void profile_object(FILE *out, const profile_list *pl, const profile *p, const char *ind,
			   const char *close_ind)
{
	const char *sep = ind ? ": " : ":";
	putc('{', out);
	for (size_t f = 0; f < profile_columns(pl); f++) {
		const char *name = column_name(pl, f);
		if (f)
			putc(',', out);
		if (ind) {
			putc('\n', out);
			fputs(ind, out);
		}
		jsonout_string(out, name, strlen(name));
		fputs(sep, out);
		if (f >= PF_STANDARD) {
			const char *v = p->extra[f - PF_STANDARD];
			if (!v)
				fputs("null", out);
			else if (pl->cols[f - PF_STANDARD].op == 0) /* a count */
				fputs(v, out);
			else
				real(out, v);
			continue;
		}
		switch ((profile_field)f) {
		case PF_CLUSTER_ID:
			if (p->id.is_int)
				fprintf(out, "%" PRId64, p->id.i);
			else
				jsonout_string(out, p->id.s, p->id.len);
			break;
		case PF_N_CUSTOMERS: fprintf(out, "%" PRIu64, p->n_customers); break;
		case PF_AVG_SPEND: real(out, p->avg_spend); break;
		case PF_MEDIAN_SPEND: real(out, p->median_spend); break;
		case PF_AVG_FREQUENCY: real(out, p->avg_frequency); break;
		case PF_TOP_CATEGORIES:
			jsonout_string(out, p->top_categories, strlen(p->top_categories));
			break;
		case PF_SHARE_OF_REVENUE_PCT: real(out, p->share); break;
		case PF_INSIGHT:
		case PF_STANDARD:
			jsonout_string(out, p->insight, strlen(p->insight));
			break;
		}
	}
	if (ind) {
		putc('\n', out);
		fputs(close_ind, out);
	}
	putc('}', out);
}

void write_json(FILE *out, const profile_list *pl, bool compact)
{
	if (compact) {
		fputs("{\"cluster_profiles\":[", out);
		for (size_t i = 0; i < pl->n; i++) {
			if (i)
				putc(',', out);
			profile_object(out, pl, &pl->items[i], NULL, NULL);
		}
		fputs("]}\n", out);
		return;
	}
	if (pl->n == 0) {
		fputs("{\n    \"cluster_profiles\": []\n}\n", out);
		return;
	}
	fputs("{\n    \"cluster_profiles\": [", out);
	for (size_t i = 0; i < pl->n; i++) {
		fputs(i ? ",\n        " : "\n        ", out);
		profile_object(out, pl, &pl->items[i], "            ", "        ");
	}
	fputs("\n    ]\n}\n", out);
}

void write_ndjson(FILE *out, const profile_list *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		profile_object(out, pl, &pl->items[i], NULL, NULL);
		putc('\n', out);
	}
}
