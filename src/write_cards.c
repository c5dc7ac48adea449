/* SPDX-License-Identifier: MIT */
/* write_cards: one Markdown persona card per cluster, like the "KPI Example"
 * of the endpoint document, ready for a wiki page, a slide or an email:
 *
 *   ## Cluster 0
 *
 *   31 customers · 8.8 orders · R$ 591 avg spend · 41% of revenue
 *
 *   **Top categories:** cheese, wine, tea, coffee, jeans
 *
 *   **Recommended:** Growth-potential segment
 *
 * The portrait rounds for reading (orders to one decimal, spend to the unit,
 * share to the percent; half away from zero, from the exact figures, not
 * from the two-decimal ones: 590.495 shows as 590, not 591).  Digits
 * are grouped and the decimal point localised only with --locale-numbers
 * (LC_NUMERIC); otherwise the card is the same in every locale. */
#include <inttypes.h>
#include <string.h>

#include "portrait.h"
#include "profile_field.h"
#include "utf8.h"
#include "writer.h"

static void put_raw(FILE *out, const char *s)
{
	fputs(s, out);
}

/* Text for a card line: each control character (utf8_control: a newline
 * would end the line, others are invisible) shown as one space. */
static void put_text_n(FILE *out, const char *s, size_t n)
{
	for (const char *end = s + n; s < end; s++) {
		unsigned cp;
		size_t len = utf8_control(s, (size_t)(end - s), &cp);
		putc(len ? ' ' : *s, out);
		if (len)
			s += len - 1;
	}
}

static void put_text(FILE *out, const char *s)
{
	put_text_n(out, s, strlen(s));
}

/* With --scores: "wine (2.5), cheese (2.5), milk (0.94)". */
static void put_scored_top(FILE *out, const profile *p, const numfmt *nf)
{
	for (size_t i = 0; i < p->n_top; i++) {
		const top_pick *k = &p->top_picks[i];
		if (i)
			fputs(", ", out);
		put_text_n(out, p->top_categories + k->off, k->len);
		fputs(" (", out);
		put_hundredths(out, k->score, false, nf);
		putc(')', out);
	}
}

bool write_cards(FILE *out, const profile_list *pl, const card_options *co)
{
	const card_text *t = card_text_of(co->lang);
	numfmt nf;
	numfmt_init(&nf, co->locale_numbers);
	char buf[HUNDREDTHS_MAX + 3];
	for (size_t i = 0; i < pl->n; i++) {
		const profile *p = &pl->items[i];
		if (i)
			putc('\n', out);
		/* "## Cluster 2", or with --names "## Big spenders (Cluster 2)" */
		fputs("## ", out);
		if (p->name) {
			put_text(out, p->name);
			fprintf(out, " (%s ", t->cluster);
		} else {
			fprintf(out, "%s ", t->cluster);
		}
		put_text(out, profile_field_text(pl, p, PF_CLUSTER_ID, false, buf, sizeof buf));
		fputs(p->name ? ")\n\n" : "\n\n", out);
		put_portrait(out, p, t, &nf, co->currency, put_raw);
		fputs("\n\n", out);
		fprintf(out, "**%s:** ", t->top);
		if (pl->scores && p->n_top)
			put_scored_top(out, p, &nf);
		else
			put_text(out, p->top_categories[0] ? p->top_categories : t->none);
		fprintf(out, "\n\n**%s:** %s\n", t->recommended, p->insight);
		if (pl->n_cols) {
			putc('\n', out);
			for (size_t k = 0; k < pl->n_cols; k++) {
				const char *v = p->extra[k];
				fputs("- ", out);
				put_text(out, pl->cols[k].name);
				fputs(": ", out);
				if (!v)
					fputs("\xe2\x80\x94", out);
				else if (pl->cols[k].op == 0)
					put_grouped(out, v, strlen(v), &nf);
				else
					put_hundredths(out, v, false, &nf);
				putc('\n', out);
			}
		}
	}
	if (pl->min_size) {
		char min[24], withheld[24];
		snprintf(min, sizeof min, "%" PRIu64, pl->min_size);
		snprintf(withheld, sizeof withheld, "%zu", pl->withheld);
		if (pl->n)
			putc('\n', out);
		fputs("_", out);
		fprintf(out, t->withheld, min, withheld);
		fputs("_\n", out);
	}
	return true;
}
