/* SPDX-License-Identifier: MIT */
/* write_json: json (indented by 4 like the endpoint, or --compact) and ndjson. */
#include <inttypes.h>
#include <string.h>

#include "jsonout.h"
#include "profile_field.h"
#include "writer.h"

/* top_scores: [{"slug": ..., "score": ...}, ...], laid out as the rest
 * (ind: the indentation of the member holding it; NULL: compact). */
static void top_scores(FILE *out, const profile *p, const char *ind)
{
	char buf[RATIO_HUNDREDTHS_MAX + 3];
	putc('[', out);
	for (size_t i = 0; i < p->n_top; i++) {
		const top_pick *k = &p->top_picks[i];
		if (i)
			putc(',', out);
		if (ind)
			fprintf(out, "\n%s    {\n%s        \"slug\": ", ind, ind);
		else
			fputs("{\"slug\":", out);
		jsonout_string(out, p->top_categories + k->off, k->len);
		if (ind)
			fprintf(out, ",\n%s        \"score\": ", ind);
		else
			fputs(",\"score\":", out);
		hundredths_format(k->score, false, buf);
		fputs(buf, out);
		if (ind)
			fprintf(out, "\n%s    }", ind);
		else
			putc('}', out);
	}
	if (ind && p->n_top)
		fprintf(out, "\n%s", ind);
	putc(']', out);
}

/* One profile object; ind is the indentation of its members (NULL: compact). */
static void profile_object(FILE *out, const profile_list *pl, const profile *p, const char *ind,
			   const char *close_ind)
{
	const char *sep = ind ? ": " : ":";
	char buf[HUNDREDTHS_MAX + 3];
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
		size_t x;
		if (column_field(pl, f, &x) == PF_TOP_SCORES) {
			top_scores(out, p, ind);
			continue;
		}
		const char *t = profile_field_text(pl, p, f, false, buf, sizeof buf);
		if (!t)
			fputs("null", out);
		else if (profile_field_is_number(pl, p, f))
			fputs(t, out);
		else
			jsonout_string(out, t, strlen(t));
	}
	if (ind) {
		putc('\n', out);
		fputs(close_ind, out);
	}
	putc('}', out);
}

/* With --min-size, the guard and how many clusters it left out, after the
 * profiles. */
static void withheld_members(FILE *out, const profile_list *pl, bool compact)
{
	if (!pl->min_size)
		return;
	fprintf(out, compact ? ",\"min_size\":%" PRIu64 ",\"withheld_clusters\":%zu"
		: ",\n    \"min_size\": %" PRIu64 ",\n    \"withheld_clusters\": %zu",
		pl->min_size, pl->withheld);
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
		putc(']', out);
		withheld_members(out, pl, true);
		fputs("}\n", out);
		return;
	}
	if (pl->n == 0) {
		fputs("{\n    \"cluster_profiles\": []", out);
	} else {
		fputs("{\n    \"cluster_profiles\": [", out);
		for (size_t i = 0; i < pl->n; i++) {
			fputs(i ? ",\n        " : "\n        ", out);
			profile_object(out, pl, &pl->items[i], "            ", "        ");
		}
		fputs("\n    ]", out);
	}
	withheld_members(out, pl, false);
	fputs("\n}\n", out);
}

void write_ndjson(FILE *out, const profile_list *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		profile_object(out, pl, &pl->items[i], NULL, NULL);
		putc('\n', out);
	}
}
