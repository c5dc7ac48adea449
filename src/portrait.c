/* SPDX-License-Identifier: MIT */
/* portrait: the words, the reading numbers and the portrait line.
 *
 * The portrait rounds for reading (orders to one decimal, spend to the unit,
 * share to the percent; half away from zero, from the exact figures, not
 * from the two-decimal ones: 590.495 shows as 590, not 591).  Digits
 * are grouped and the decimal point localised only with --locale-numbers
 * (LC_NUMERIC); otherwise the text is the same in every locale. */
#include "portrait.h"

#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static const card_text TEXT[3] = {
	[LANG_EN] = {"Cluster", "customer", "customers", "order", "orders", "avg spend", "of revenue",
		     "Top categories", "Recommended", "none",
		     "Clusters of fewer than %s customers withheld: %s"},
	[LANG_ES] = {"Cl\xc3\xbaster", "cliente", "clientes", "pedido", "pedidos", "gasto medio",
		     "de los ingresos", "Categor\xc3\xad" "as principales",
		     "Recomendaci\xc3\xb3n", "ninguna",
		     "Cl\xc3\xbasteres de menos de %s clientes omitidos: %s"},
	[LANG_PT] = {"Cluster", "cliente", "clientes", "pedido", "pedidos", "gasto m\xc3\xa9" "dio",
		     "da receita", "Categorias principais", "Recomenda\xc3\xa7\xc3\xa3o",
		     "nenhuma", "Clusters com menos de %s clientes omitidos: %s"},
};

const card_text *card_text_of(lang lg)
{
	return &TEXT[lg];
}

void numfmt_init(numfmt *nf, bool locale_numbers)
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

void put_grouped(FILE *out, const char *digits, size_t n, const numfmt *nf)
{
	for (size_t i = 0; i < n; i++) {
		if (i && nf->group[0] && (n - i) % 3 == 0)
			fputs(nf->group, out);
		putc(digits[i], out);
	}
}

void put_rounded(FILE *out, const char *digits, int decimals, const numfmt *nf)
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

void put_hundredths(FILE *out, const char *h, bool fixed2, const numfmt *nf)
{
	char buf[HUNDREDTHS_MAX + 3];
	hundredths_format(h, fixed2, buf);
	const char *p = buf;
	if (*p == '-')
		putc(*p++, out);
	const char *dot = strchr(p, '.');
	put_grouped(out, p, (size_t)(dot - p), nf);
	fputs(nf->point, out);
	fputs(dot + 1, out);
}

void put_count(FILE *out, uint64_t n, const numfmt *nf)
{
	char digits[24];
	snprintf(digits, sizeof digits, "%" PRIu64, n);
	put_grouped(out, digits, strlen(digits), nf);
}

void put_portrait(FILE *out, const profile *p, const card_text *t, const numfmt *nf,
		  const char *currency, void (*text)(FILE *, const char *))
{
	put_count(out, p->n_customers, nf);
	fprintf(out, " %s \xc2\xb7 ", p->n_customers == 1 ? t->customer : t->customers);
	put_rounded(out, p->card_orders, 1, nf);
	fprintf(out, " %s \xc2\xb7 ", strcmp(p->card_orders, "10") == 0 ? t->order : t->orders);
	if (currency[0]) {
		text(out, currency);
		putc(' ', out);
	}
	put_rounded(out, p->card_spend, 0, nf);
	fprintf(out, " %s \xc2\xb7 %u%% %s", t->avg_spend, p->card_share, t->of_revenue);
}
