/* SPDX-License-Identifier: MIT */
/* profile: means, medians, shares, the insight rule, cluster order. */
#include "profile.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratio.h"


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

/* ---- the medians of large clusters, on several threads ---- */

/* At the end of a run the medians are the one step whose work grows with
 * the input and that ran on one thread.  The clusters with at least
 * MEDIAN_AHEAD amounts have theirs computed first, largest first, on up to
 * po->jobs threads; each list is reordered by one thread, and the text is
 * the one median_hundredths gives anywhere. */
enum { MEDIAN_AHEAD = 1 << 14, MEDIAN_THREADS_MAX = 64 };

typedef struct median_jobs {
	agg *a;
	size_t *order;  /* the clusters to do, largest first */
	size_t n;
	size_t next;    /* the next of order to take (atomic) */
	char **out;     /* by cluster; NULL: not done (or out of memory) */
} median_jobs;

static void *median_worker(void *arg)
{
	median_jobs *mj = arg;
	for (;;) {
		size_t i = __atomic_fetch_add(&mj->next, 1, __ATOMIC_RELAXED);
		if (i >= mj->n)
			return NULL;
		size_t c = mj->order[i];
		mj->out[c] = median_hundredths(&mj->a->acc[c].spends);
	}
}

static int by_spends_desc(const void *x, const void *y, void *ctx)
{
	const agg *a = ctx;
	size_t nx = a->acc[*(const size_t *)x].spends.n, ny = a->acc[*(const size_t *)y].spends.n;
	return (nx < ny) - (nx > ny);
}

/* Run mj on this thread and up to jobs - 1 more (fewer if they cannot be
 * started: this one does what they do not). */
static void median_run(median_jobs *mj, unsigned jobs)
{
	pthread_t t[MEDIAN_THREADS_MAX];
	unsigned started = 0;
	if (jobs > MEDIAN_THREADS_MAX)
		jobs = MEDIAN_THREADS_MAX;
	while (started + 1 < jobs && started + 1 < mj->n &&
	       pthread_create(&t[started], NULL, median_worker, mj) == 0)
		started++;
	median_worker(mj);
	for (unsigned i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

/* *out: the medians of a's large clusters by cluster (NULL where not
 * computed), or NULL when there are not two of them; false when out of
 * memory. */
static bool medians_ahead(agg *a, unsigned jobs, char ***out)
{
	median_jobs mj = {.a = a};
	*out = NULL;
	if (jobs < 2)
		return true;
	for (size_t c = 0; c < a->n_acc; c++)
		mj.n += a->acc[c].n && a->acc[c].spends.n >= MEDIAN_AHEAD;
	if (mj.n < 2)
		return true;
	mj.order = malloc(mj.n * sizeof *mj.order);
	mj.out = calloc(a->n_acc, sizeof *mj.out);
	if (!mj.order || !mj.out) {
		free(mj.order);
		free(mj.out);
		return false;
	}
	for (size_t c = 0, k = 0; c < a->n_acc; c++)
		if (a->acc[c].n && a->acc[c].spends.n >= MEDIAN_AHEAD)
			mj.order[k++] = c;
	qsort_r(mj.order, mj.n, sizeof *mj.order, by_spends_desc, a);
	median_run(&mj, jobs);
	free(mj.order);
	*out = mj.out;
	return true;
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

/* A column named prefix + name[0..len). false when out of memory. */
static bool add_column(extra_col *cols, size_t *n, const char *prefix, const char *name,
		       size_t len, size_t field, unsigned op)
{
	size_t size = strlen(prefix) + len + 1;
	char *s = malloc(size);
	if (!s)
		return false;
	snprintf(s, size, "%s%.*s", prefix, (int)len, name);
	cols[(*n)++] = (extra_col){s, field, op};
	return true;
}

extra_col *extra_columns(const extra_spec *x, bool index, size_t *n)
{
	static const struct { unsigned op; const char *prefix; } kinds[] = {
		{0, "n_"}, {EXTRA_MEAN, "mean_"}, {EXTRA_MEDIAN, "median_"}, {EXTRA_SUM, "sum_"},
	};
	size_t nx = x ? x->n : 0;
	*n = 0;
	if (!nx && !index)
		return NULL;
	extra_col *cols = calloc(nx * 5 + 2, sizeof *cols);
	bool ok = cols != NULL;
	for (size_t f = 0; ok && f < nx; f++)
		for (size_t k = 0; ok && k < 4; k++)
			if (kinds[k].op ? x->ops[f] & kinds[k].op : x->skip_missing)
				ok = add_column(cols, n, kinds[k].prefix, x->name[f], x->len[f], f,
						kinds[k].op);
	if (ok && index) {
		ok = add_column(cols, n, "idx_", "avg_spend", 9, INDEX_SPEND, COL_INDEX) &&
		     add_column(cols, n, "idx_", "avg_frequency", 13, INDEX_FREQUENCY, COL_INDEX);
		for (size_t f = 0; ok && f < nx; f++)
			if (x->ops[f] & EXTRA_MEAN)
				ok = add_column(cols, n, "idx_", x->name[f], x->len[f], f, COL_INDEX);
	}
	if (!ok && cols) {
		for (size_t i = 0; i < *n; i++)
			free(cols[i].name);
		free(cols);
		cols = NULL;
	}
	if (!cols)
		*n = 0;
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

/* The figures of every profiled customer, for the index columns. */
typedef struct population {
	msum spend;
	uint64_t n;
	unsigned __int128 frequency;
	ssum *extra;        /* per field (NULL without index columns) */
	uint64_t *extra_n;  /* customers having the field */
} population;

static bool population_sum(const agg *a, bool index, population *pop)
{
	size_t nx = a->extras ? a->extras->n : 0;
	memset(pop, 0, sizeof *pop);
	if (index && nx) {
		pop->extra = malloc(nx * sizeof *pop->extra);
		pop->extra_n = calloc(nx, sizeof *pop->extra_n);
		if (!pop->extra || !pop->extra_n)
			return false;
		for (size_t f = 0; f < nx; f++)
			ssum_clear(&pop->extra[f]);
	}
	for (size_t c = 0; c < a->n_acc; c++) {
		const cluster_acc *acc = &a->acc[c];
		if (!msum_merge(&pop->spend, &acc->spend))
			return false;
		pop->n += acc->n;
		pop->frequency += acc->frequency;
		for (size_t f = 0; pop->extra && acc->n && f < nx; f++) {
			ssum_merge(&pop->extra[f], &acc->ex[f].sum);
			pop->extra_n[f] += acc->ex[f].n;
		}
	}
	return true;
}

static void population_fini(population *pop)
{
	msum_fini(&pop->spend);
	free(pop->extra);
	free(pop->extra_n);
}

/* idx_: 100 x the cluster's mean / the population's; *out NULL (null) when
 * the population's mean is 0 or the cluster has no value of the field. */
static bool index_cell(const extra_col *col, const cluster_acc *acc, const population *pop,
		       char **out)
{
	char text[HUNDREDTHS_MAX + 2];
	xsum part, whole;
	bool part_neg = false, whole_neg = false, defined;
	uint64_t n_part = acc->n, n_whole = pop->n;
	if (col->field == INDEX_SPEND) {
		msum_to_xsum(&acc->spend, &part);
		msum_to_xsum(&pop->spend, &whole);
	} else if (col->field == INDEX_FREQUENCY) {
		xsum_clear(&part);
		xsum_clear(&whole);
		xsum_add_u128(&part, acc->frequency, 0);
		xsum_add_u128(&whole, pop->frequency, 0);
	} else {
		n_part = acc->ex[col->field].n;
		n_whole = pop->extra_n[col->field];
		*out = NULL;
		if (!n_part)
			return true;
		part_neg = ssum_magnitude(&acc->ex[col->field].sum, &part);
		whole_neg = ssum_magnitude(&pop->extra[col->field], &whole);
	}
	defined = ratio_index(&part, part_neg, n_part, &whole, whole_neg, n_whole, text);
	*out = defined ? strdup(text) : NULL;
	return !defined || *out;
}

/* The text of extra column col for cluster acc into *out (NULL: null).
 * false when out of memory. */
static bool extra_cell(const extra_col *col, cluster_acc *acc, const population *pop, char **out)
{
	if (col->op == COL_INDEX)
		return index_cell(col, acc, pop, out);
	extra_acc *e = &acc->ex[col->field];
	char text[HUNDREDTHS_MAX + 1];
	if (col->op == 0) {
		snprintf(text, sizeof text, "%" PRIu64, e->n);
	} else if (col->op != EXTRA_SUM && e->n == 0) {
		*out = NULL; /* no value to average: null (not an error) */
		return true;
	} else if (col->op == EXTRA_MEDIAN) {
		return (*out = signed_median(&e->values)) != NULL;
	} else {
		ssum_mean_hundredths(&e->sum, col->op == EXTRA_SUM ? 1 : e->n, text);
	}
	return (*out = strdup(text)) != NULL;
}

/* The scores of the top categories joined with ", " (two decimals when
 * fixed2). */
static char *join_scores(const top_pick *picks, size_t n, bool fixed2)
{
	char *s = malloc(n * (RATIO_HUNDREDTHS_MAX + 4) + 1), *w = s;
	if (!s)
		return NULL;
	*w = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i) {
			*w++ = ',';
			*w++ = ' ';
		}
		hundredths_format(picks[i].score, fixed2, w);
		w += strlen(w);
	}
	return s;
}

/* Move cluster c's top (and its scores) into p. */
static bool take_top(profile *p, cluster_top *t, bool scores)
{
	p->top_categories = t->joined;
	p->top_picks = t->picks;
	p->n_top = t->n;
	memset(t, 0, sizeof *t);
	if (!scores)
		return true;
	p->top_scores[0] = join_scores(p->top_picks, p->n_top, false);
	p->top_scores[1] = join_scores(p->top_picks, p->n_top, true);
	return p->top_scores[0] && p->top_scores[1];
}

static int profile_cmp(const void *pa, const void *pb)
{
	const profile *a = pa, *b = pb;
	return cluster_id_cmp(&a->id, &b->id);
}

/* The figures of cluster acc into p (its median taken from *median when
 * computed ahead); false when out of memory. */
static bool profile_fill(profile *p, cluster_acc *acc, char **median, const population *pop,
			 const char *pop_mean, const profile_list *pl, lang lg)
{
	p->n_customers = acc->n;
	p->avg_spend = mean_rounded(&acc->spend, acc->n, 2);
	p->median_spend = *median ? *median : median_hundredths(&acc->spends);
	*median = NULL;
	p->avg_frequency = int_mean(acc->frequency, acc->n, 2);
	p->card_orders = int_mean(acc->frequency, acc->n, 1);
	p->card_spend = mean_rounded(&acc->spend, acc->n, 0);
	if (!p->avg_spend || !p->median_spend || !p->avg_frequency || !p->card_orders ||
	    !p->card_spend)
		return false;
	p->card_share = msum_share_scaled(&acc->spend, &pop->spend, 100);
	unsigned share = msum_share_scaled(&acc->spend, &pop->spend, 10000);
	snprintf(p->share, sizeof p->share, "%u", share);
	/* The rule compares the figures as printed (segprof(1) COMPUTATION, "pop_mean and the insight rule"). */
	int focus = hundredths_cmp(p->avg_spend, pop_mean) > 0 && share >= 3000;
	p->insight = insight_text(lg, focus);
	if (!pl->n_cols)
		return true;
	if (!(p->extra = calloc(pl->n_cols, sizeof *p->extra)))
		return false;
	for (size_t k = 0; k < pl->n_cols; k++)
		if (!extra_cell(&pl->cols[k], acc, pop, &p->extra[k]))
			return false;
	return true;
}

sp_status profiles_build(agg *a, const cluster_id *ids, const profile_opts *po,
			 profile_list *out)
{
	sp_status st = SP_OSERR;
	cluster_top *tops = calloc(a->n_acc ? a->n_acc : 1, sizeof *tops);
	char **medians = NULL;
	char pop_mean[HUNDREDTHS_MAX] = "0";
	population pop;
	memset(out, 0, sizeof *out);
	bool pop_ok = population_sum(a, po->index, &pop);
	if (!tops || !pop_ok || !rank_top(a, &po->rank, tops) || !medians_ahead(a, po->jobs, &medians))
		goto out;
	if (pop.n)
		msum_mean_rounded(&pop.spend, pop.n, 2, pop_mean);
	out->population = pop.n;
	if (!(out->pop_mean = strdup(pop_mean)))
		goto out;
	out->scores = po->rank.scores;
	out->items = calloc(a->n_acc ? a->n_acc : 1, sizeof *out->items);
	if (!out->items)
		goto out;
	out->cols = extra_columns(a->extras, po->index, &out->n_cols);
	if (((a->extras && a->extras->n) || po->index) && !out->cols)
		goto out;
	for (size_t c = 0; c < a->n_acc; c++) {
		if (!a->acc[c].n)
			continue;
		profile *p = &out->items[out->n++];
		char *none = NULL;
		p->id = ids[c];
		if (!take_top(p, &tops[c], out->scores) ||
		    !profile_fill(p, &a->acc[c], medians ? &medians[c] : &none, &pop, pop_mean, out,
				  po->lang))
			goto out;
	}
	qsort(out->items, out->n, sizeof *out->items, profile_cmp);
	st = SP_OK;
out:
	population_fini(&pop);
	if (tops)
		for (size_t c = 0; c < a->n_acc; c++)
			cluster_top_fini(&tops[c]);
	free(tops);
	for (size_t c = 0; medians && c < a->n_acc; c++)
		free(medians[c]); /* the ones not taken */
	free(medians);
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
	free(p->top_scores[0]);
	free(p->top_scores[1]);
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
