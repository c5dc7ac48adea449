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
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "profile_field.h"
#include "utf8.h"
#include "writer.h"

typedef struct card_text {
	const char *cluster, *customer, *customers, *order, *orders, *avg_spend, *of_revenue, *top,
		*recommended, *none;
} card_text;

static const card_text TEXT[3] = {
	[LANG_EN] = {"Cluster", "customer", "customers", "order", "orders", "avg spend", "of revenue",
		     "Top categories", "Recommended", "none"},
	[LANG_ES] = {"Cl\xc3\xbaster", "cliente", "clientes", "pedido", "pedidos", "gasto medio",
		     "de los ingresos", "Categor\xc3\xad" "as principales",
		     "Recomendaci\xc3\xb3n", "ninguna"},
	[LANG_PT] = {"Cluster", "cliente", "clientes", "pedido", "pedidos", "gasto m\xc3\xa9" "dio",
		     "da receita", "Categorias principais", "Recomenda\xc3\xa7\xc3\xa3o",
		     "nenhuma"},
};

typedef struct numfmt {
	char point[8];
	char group[8]; /* "" = no grouping */
} numfmt;

static void numfmt_init(numfmt *nf, bool locale_numbers)
{
	strcpy(nf->point, ".");
	nf->group[0] = '\0';
	if (!locale_numbers)
		return;
	locale_t loc = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
	if (loc == (locale_t)0)
		return;
	const char *p = nl_langinfo_l(RADIXCHAR, loc), *g = nl_langinfo_l(THOUSEP, loc);
	if (p && *p && strlen(p) < sizeof nf->point)
		strcpy(nf->point, p);
	if (g && strlen(g) < sizeof nf->group)
		strcpy(nf->group, g);
	freelocale(loc);
}

/* Digits of an integer with the group separator every three digits. */
static void put_grouped(FILE *out, const char *digits, size_t n, const numfmt *nf)
{
	for (size_t i = 0; i < n; i++) {
		if (i && nf->group[0] && (n - i) % 3 == 0)
			fputs(nf->group, out);
		putc(digits[i], out);
	}
}

/* A rounded figure: digits of the value times 10^decimals (0 or 1), a
 * trailing ".0" dropped. */
static void put_rounded(FILE *out, const char *digits, int decimals, const numfmt *nf)
{
	char buf[HUNDREDTHS_MAX + 4];
	size_t len = strlen(digits);
	/* at least one integer digit */
	size_t pad = len <= (size_t)decimals ? (size_t)decimals + 1 - len : 0;
	memset(buf, '0', pad);
	memcpy(buf + pad, digits, len + 1);
	size_t n = pad + len, ilen = n - (size_t)decimals;
	put_grouped(out, buf, ilen, nf);
	if (decimals && buf[ilen] != '0') {
		fputs(nf->point, out);
		putc(buf[ilen], out);
	}
}

/* A hundredths string as a number with the card's point and grouping. */
static void put_hundredths(FILE *out, const char *h, const numfmt *nf)
{
	char buf[HUNDREDTHS_MAX + 3];
	hundredths_format(h, false, buf);
	const char *p = buf;
	if (*p == '-')
		putc(*p++, out);
	const char *dot = strchr(p, '.');
	put_grouped(out, p, (size_t)(dot - p), nf);
	fputs(nf->point, out);
	fputs(dot + 1, out);
}

/* Text for a card line: each control character (utf8_control: a newline
 * would end the line, others are invisible) shown as one space. */
static void put_text(FILE *out, const char *s)
{
	for (const char *end = s + strlen(s); s < end; s++) {
		unsigned cp;
		size_t len = utf8_control(s, (size_t)(end - s), &cp);
		putc(len ? ' ' : *s, out);
		if (len)
			s += len - 1;
	}
}

bool write_cards(FILE *out, const profile_list *pl, const card_options *co)
{
	const card_text *t = &TEXT[co->lang];
	numfmt nf;
	numfmt_init(&nf, co->locale_numbers);
	char buf[HUNDREDTHS_MAX + 3];
	for (size_t i = 0; i < pl->n; i++) {
		const profile *p = &pl->items[i];
		if (i)
			putc('\n', out);
		fprintf(out, "## %s ", t->cluster);
		put_text(out, profile_field_text(pl, p, PF_CLUSTER_ID, false, buf, sizeof buf));
		fputs("\n\n", out);
		char n[24];
		snprintf(n, sizeof n, "%" PRIu64, p->n_customers);
		put_grouped(out, n, strlen(n), &nf);
		fprintf(out, " %s \xc2\xb7 ", p->n_customers == 1 ? t->customer : t->customers);
		put_rounded(out, p->card_orders, 1, &nf);
		fprintf(out, " %s \xc2\xb7 ", strcmp(p->card_orders, "10") == 0 ? t->order : t->orders);
		if (co->currency[0])
			fprintf(out, "%s ", co->currency);
		put_rounded(out, p->card_spend, 0, &nf);
		fprintf(out, " %s \xc2\xb7 %u%% %s\n\n", t->avg_spend, p->card_share, t->of_revenue);
		fprintf(out, "**%s:** ", t->top);
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
					put_hundredths(out, v, &nf);
				putc('\n', out);
			}
		}
	}
	return true;
}
