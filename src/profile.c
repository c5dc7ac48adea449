/* SPDX-License-Identifier: MIT */
/* profile: means, medians, shares, the insight rule, cluster order. */
#include "profile.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *insight_text(lang lg, int focus)
{
	static const char *const text[3][2] = {
		[LANG_EN] = {"Growth-potential segment", "Focus on retention & upsell"},
		[LANG_ES] = {"Segmento con potencial de crecimiento",
			     "Enfoque en retenci\xc3\xb3n y upselling"},
		[LANG_PT] = {"Segmento com potencial de crescimento",
			     "Foco em reten\xc3\xa7\xc3\xa3o e upsell"},
	};
	return text[lg][focus != 0];
}

/* The median of the amounts, exactly: the middle one, or the mean of the
 * two middle ones (reorders the list). */
static char *median_hundredths(dlist *v)
{
	char out[HUNDREDTHS_MAX];
	msum s = {0};
	size_t n = v->n;
	dec lo;
	bool ok = msum_add(&s, dlist_select(v, n / 2, n % 2 == 0 ? &lo : NULL));
	if (n % 2 == 0)
		ok = ok && msum_add(&s, lo);
	if (ok)
		msum_mean_rounded(&s, n % 2 == 0 ? 2 : 1, 2, out);
	msum_fini(&s);
	return ok ? strdup(out) : NULL;
}

/* Figures are computed in a buffer for the worst case and kept at their
 * size: a hundred thousand clusters must not cost 3 KB each. */
static char *mean_rounded(const msum *s, uint64_t n, int decimals)
{
	char out[HUNDREDTHS_MAX];
	msum_mean_rounded(s, n, decimals, out);
	return strdup(out);
}

static char *int_mean(unsigned __int128 sum, uint64_t n, int decimals)
{
	char out[48];
	int_mean_rounded(sum, n, decimals, out);
	return strdup(out);
}

extra_col *extra_columns(const extra_spec *x, size_t *n)
{
	static const struct { unsigned op; const char *prefix; } kinds[] = {
		{0, "n_"}, {EXTRA_MEAN, "mean_"}, {EXTRA_MEDIAN, "median_"}, {EXTRA_SUM, "sum_"},
	};
	*n = 0;
	if (!x || !x->n)
		return NULL;
	extra_col *cols = calloc(x->n * 4, sizeof *cols);
	if (!cols)
		return NULL;
	for (size_t f = 0; f < x->n; f++) {
		for (size_t k = 0; k < 4; k++) {
			if (kinds[k].op ? !(x->ops[f] & kinds[k].op) : !x->skip_missing)
				continue;
			size_t len = strlen(kinds[k].prefix) + x->len[f] + 1;
			char *name = malloc(len);
			if (!name) {
				for (size_t i = 0; i < *n; i++)
					free(cols[i].name);
				free(cols);
				*n = 0;
				return NULL;
			}
			snprintf(name, len, "%s%.*s", kinds[k].prefix, (int)x->len[f], x->name[f]);
			cols[(*n)++] = (extra_col){name, f, kinds[k].op};
		}
	}
	return cols;
}

/* The hundredths string of a signed median of v (reordered). */
static char *signed_median(dlist *v)
{
	char out[HUNDREDTHS_MAX + 1];
	ssum s;
	size_t n = v->n;
	dec lo;
	ssum_clear(&s);
	ssum_add(&s, dlist_select(v, n / 2, n % 2 == 0 ? &lo : NULL));
	if (n % 2 == 0)
		ssum_add(&s, lo);
	ssum_mean_hundredths(&s, n % 2 == 0 ? 2 : 1, out);
	return strdup(out);
}

static char *extra_cell(const extra_col *col, extra_acc *e)
{
	if (col->op == 0) {
		char *out = malloc(24);
		if (out)
			snprintf(out, 24, "%" PRIu64, e->n);
		return out;
	}
	if (col->op != EXTRA_SUM && e->n == 0)
		return NULL; /* no value to average: null (not an error) */
	if (col->op == EXTRA_MEDIAN)
		return signed_median(&e->values);
	char out[HUNDREDTHS_MAX + 1];
	ssum_mean_hundredths(&e->sum, col->op == EXTRA_SUM ? 1 : e->n, out);
	return strdup(out);
}

static int profile_cmp(const void *pa, const void *pb)
{
	const profile *a = pa, *b = pb;
	return cluster_id_cmp(&a->id, &b->id);
}

sp_status profiles_build(agg *a, const cluster_id *ids, const profile_opts *po,
			 profile_list *out)
{
	sp_status st = SP_OSERR;
	cluster_top *tops = calloc(a->n_acc ? a->n_acc : 1, sizeof *tops);
	char pop_mean[HUNDREDTHS_MAX] = "0";
	msum total = {0};
	uint64_t n_total = 0;
	memset(out, 0, sizeof *out);
	if (!tops)
		goto out;
	if (!rank_top(a, &po->rank, tops))
		goto out;
	for (size_t c = 0; c < a->n_acc; c++) {
		if (!msum_merge(&total, &a->acc[c].spend))
			goto out;
		n_total += a->acc[c].n;
	}
	if (n_total)
		msum_mean_rounded(&total, n_total, 2, pop_mean);
	out->population = n_total;
	if (!(out->pop_mean = strdup(pop_mean)))
		goto out;
	out->items = calloc(a->n_acc ? a->n_acc : 1, sizeof *out->items);
	if (!out->items)
		goto out;
	out->cols = extra_columns(a->extras, &out->n_cols);
	if (a->extras && a->extras->n && !out->cols)
		goto out;
	for (size_t c = 0; c < a->n_acc; c++) {
		cluster_acc *acc = &a->acc[c];
		if (!acc->n)
			continue;
		profile *p = &out->items[out->n++];
		p->id = ids[c];
		p->n_customers = acc->n;
		p->avg_spend = mean_rounded(&acc->spend, acc->n, 2);
		p->median_spend = median_hundredths(&acc->spends);
		p->avg_frequency = int_mean(acc->frequency, acc->n, 2);
		p->card_orders = int_mean(acc->frequency, acc->n, 1);
		p->card_spend = mean_rounded(&acc->spend, acc->n, 0);
		if (!p->card_orders || !p->card_spend)
			goto out;
		p->card_share = msum_share_scaled(&acc->spend, &total, 100);
		p->top_categories = tops[c].joined;
		p->top_picks = tops[c].picks;
		p->n_top = tops[c].n;
		memset(&tops[c], 0, sizeof tops[c]);
		if (!p->avg_spend || !p->median_spend || !p->avg_frequency)
			goto out;
		unsigned share = msum_share_scaled(&acc->spend, &total, 10000);
		snprintf(p->share, sizeof p->share, "%u", share);
		/* The rule compares the figures as printed (segprof(1) COMPUTATION, "pop_mean and the insight rule"). */
		int focus = hundredths_cmp(p->avg_spend, pop_mean) > 0 && share >= 3000;
		p->insight = insight_text(po->lang, focus);
		if (out->n_cols) {
			p->extra = calloc(out->n_cols, sizeof *p->extra);
			if (!p->extra)
				goto out;
			for (size_t k = 0; k < out->n_cols; k++) {
				extra_acc *e = &acc->ex[out->cols[k].field];
				p->extra[k] = extra_cell(&out->cols[k], e);
				if (!p->extra[k] && (out->cols[k].op == 0 || out->cols[k].op == EXTRA_SUM || e->n))
					goto out;
			}
		}
	}
	qsort(out->items, out->n, sizeof *out->items, profile_cmp);
	st = SP_OK;
out:
	msum_fini(&total);
	if (tops)
		for (size_t c = 0; c < a->n_acc; c++)
			cluster_top_fini(&tops[c]);
	free(tops);
	if (st != SP_OK)
		profiles_free(out);
	return st;
}

void profile_fini(profile *p, size_t n_cols)
{
	free(p->avg_spend);
	free(p->median_spend);
	free(p->avg_frequency);
	free(p->top_categories);
	free(p->top_picks);
	free(p->card_orders);
	free(p->card_spend);
	if (p->extra)
		for (size_t k = 0; k < n_cols; k++)
			free(p->extra[k]);
	free(p->extra);
	free(p->name);
	memset(p, 0, sizeof *p);
}

void profiles_free(profile_list *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		profile_fini(&pl->items[i], pl->n_cols);
	free(pl->pop_mean);
	free(pl->items);
	for (size_t k = 0; k < pl->n_cols; k++)
		free(pl->cols[k].name);
	free(pl->cols);
	memset(pl, 0, sizeof *pl);
}
