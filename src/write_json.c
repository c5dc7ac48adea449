/* write_json: json (indented by 4 like the endpoint, or --compact) and ndjson. */
#include <inttypes.h>
#include <string.h>

#include "jsonout.h"
#include "writer.h"

const char *const profile_fields[8] = {
	"cluster_id", "n_customers", "avg_spend", "median_spend",
	"avg_frequency", "top_categories", "share_of_revenue_pct", "insight",
};

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
		if (f >= 8) {
			const char *v = p->extra[f - 8];
			if (!v)
				fputs("null", out);
			else if (pl->cols[f - 8].op == 0)
				fputs(v, out);
			else
				real(out, v);
			continue;
		}
		switch (f) {
		case 0:
			if (p->id.is_int)
				fprintf(out, "%" PRId64, p->id.i);
			else
				jsonout_string(out, p->id.s, p->id.len);
			break;
		case 1: fprintf(out, "%" PRIu64, p->n_customers); break;
		case 2: real(out, p->avg_spend); break;
		case 3: real(out, p->median_spend); break;
		case 4: real(out, p->avg_frequency); break;
		case 5: jsonout_string(out, p->top_categories, strlen(p->top_categories)); break;
		case 6: real(out, p->share); break;
		case 7: jsonout_string(out, p->insight, strlen(p->insight)); break;
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

const char *column_name(const profile_list *pl, size_t f)
{
	return f < 8 ? profile_fields[f] : pl->cols[f - 8].name;
}

const char *profile_field_text(const profile_list *pl, const profile *p, size_t f, bool fixed2,
			       char *buf, size_t len)
{
	if (f >= 8) {
		const char *v = p->extra[f - 8];
		if (!v || pl->cols[f - 8].op == 0)
			return v;
		hundredths_format(v, fixed2, buf);
		return buf;
	}
	switch (f) {
	case 0:
		if (!p->id.is_int)
			return p->id.s;
		snprintf(buf, len, "%" PRId64, p->id.i);
		return buf;
	case 1:
		snprintf(buf, len, "%" PRIu64, p->n_customers);
		return buf;
	case 2: hundredths_format(p->avg_spend, fixed2, buf); return buf;
	case 3: hundredths_format(p->median_spend, fixed2, buf); return buf;
	case 4: hundredths_format(p->avg_frequency, fixed2, buf); return buf;
	case 5: return p->top_categories;
	case 6: hundredths_format(p->share, fixed2, buf); return buf;
	default: return p->insight;
	}
}

bool write_profiles(FILE *out, const profile_list *pl, out_format fmt, bool compact,
		    const card_options *co)
{
	switch (fmt) {
	case FMT_JSON: write_json(out, pl, compact); return true;
	case FMT_NDJSON: write_ndjson(out, pl); return true;
	case FMT_CSV: write_csv(out, pl); return true;
	case FMT_TSV: write_tsv(out, pl); return true;
	case FMT_TABLE: return write_table(out, pl);
	case FMT_MARKDOWN: return write_markdown(out, pl);
	case FMT_CARDS: return write_cards(out, pl, co);
	}
	return true;
}
