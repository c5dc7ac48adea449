/* SPDX-License-Identifier: MIT */
/* portrait: what the cards and the HTML report share: their words in each
 * --lang, the numbers rounded for reading (--locale-numbers), and the
 * portrait line "31 customers · 8.8 orders · R$ 591 avg spend · 41% of
 * revenue". */
#ifndef SEGPROF_PORTRAIT_H
#define SEGPROF_PORTRAIT_H

#include <stdbool.h>
#include <stdio.h>

#include "profile.h"

typedef struct card_text {
	const char *cluster, *customer, *customers, *order, *orders, *avg_spend, *of_revenue, *top,
		*recommended, *none, *withheld;
} card_text;

const card_text *card_text_of(lang lg);

typedef struct numfmt {
	char point[8];
	char group[8]; /* "" = no grouping */
} numfmt;

/* "." and no grouping, or with locale_numbers those of LC_NUMERIC. */
void numfmt_init(numfmt *nf, bool locale_numbers);

/* Digits of an integer with the group separator every three digits. */
void put_grouped(FILE *out, const char *digits, size_t n, const numfmt *nf);
/* A rounded figure: digits of the value times 10^decimals (0 or 1), a
 * trailing ".0" dropped. */
void put_rounded(FILE *out, const char *digits, int decimals, const numfmt *nf);
/* A hundredths string as a number with the point and grouping of nf;
 * fixed2: always two decimals. */
void put_hundredths(FILE *out, const char *h, bool fixed2, const numfmt *nf);
void put_count(FILE *out, uint64_t n, const numfmt *nf);

/* The portrait line of p, without a line end; text() writes the currency
 * symbol (the writer's escaping). */
void put_portrait(FILE *out, const profile *p, const card_text *t, const numfmt *nf,
		  const char *currency, void (*text)(FILE *, const char *));

#endif
