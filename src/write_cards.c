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
 * share to the percent; half away from zero, from the exact figures).  Digits
 * are grouped and the decimal point localised only with --locale-numbers
 * (LC_NUMERIC); otherwise the card is the same in every locale. */
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "writer.h"

typedef struct card_text {
	const char *cluster, *customer, *customers, *orders, *avg_spend, *of_revenue, *top,
		*recommended, *none;
} card_text;

static const card_text TEXT[3] = {
	[LANG_EN] = {"Cluster", "customer", "customers", "orders", "avg spend", "of revenue",
		     "Top categories", "Recommended", "none"},
	[LANG_ES] = {"Cl\xc3\xbaster", "cliente", "clientes", "pedidos", "gasto medio",
		     "de los ingresos", "Categor\xc3\xad" "as principales",
		     "Recomendaci\xc3\xb3n", "ninguna"},
	[LANG_PT] = {"Cluster", "cliente", "clientes", "pedidos", "gasto m\xc3\xa9" "dio",
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

/* A hundredths string rounded half away from zero to `decimals` (0 or 1)
 * places, a trailing ".0" dropped. */
static void put_rounded(FILE *out, const char *h, int decimals, const numfmt *nf)
{
	char buf[HUNDREDTHS_MAX + 4];
	size_t len = strlen(h), drop = (size_t)(2 - decimals);
	/* pad to at least drop + 1 digits */
	size_t pad = len < drop + 1 ? drop + 1 - len : 0;
	buf[0] = '0'; /* room for a carry */
	memset(buf + 1, '0', pad);
	memcpy(buf + 1 + pad, h, len + 1);
	size_t total = 1 + pad + len, keep = total - drop;
	bool up = buf[keep] >= '5';
	buf[keep] = '\0';
	for (size_t i = keep; up && i-- > 0;) {
		if (buf[i] == '9') {
			buf[i] = '0';
		} else {
			buf[i]++;
			up = false;
		}
	}
	const char *d = buf;
	size_t n = keep;
	while (n > (size_t)decimals + 1 && *d == '0') {
		d++;
		n--;
	}
	size_t ilen = n - (size_t)decimals;
	put_grouped(out, d, ilen, nf);
	if (decimals && d[ilen] != '0') {
		fputs(nf->point, out);
		putc(d[ilen], out);
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
		fprintf(out, "## %s %s\n\n", t->cluster,
			profile_field_text(pl, p, 0, false, buf, sizeof buf));
		char n[24];
		snprintf(n, sizeof n, "%" PRIu64, p->n_customers);
		put_grouped(out, n, strlen(n), &nf);
		fprintf(out, " %s \xc2\xb7 ", p->n_customers == 1 ? t->customer : t->customers);
		put_rounded(out, p->avg_frequency, 1, &nf);
		fprintf(out, " %s \xc2\xb7 %s ", t->orders, co->currency);
		put_rounded(out, p->avg_spend, 0, &nf);
		fprintf(out, " %s \xc2\xb7 ", t->avg_spend);
		put_rounded(out, p->share, 0, &nf);
		fprintf(out, "%% %s\n\n", t->of_revenue);
		fprintf(out, "**%s:** %s\n\n", t->top,
			p->top_categories[0] ? p->top_categories : t->none);
		fprintf(out, "**%s:** %s\n", t->recommended, p->insight);
		if (pl->n_cols) {
			putc('\n', out);
			for (size_t k = 0; k < pl->n_cols; k++) {
				const char *v = profile_field_text(pl, p, 8 + k, false, buf, sizeof buf);
				fprintf(out, "- %s: %s\n", pl->cols[k].name, v ? v : "\xe2\x80\x94");
			}
		}
	}
	return true;
}
