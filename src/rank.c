/* SPDX-License-Identifier: MIT */
/* rank: document frequencies and population counts, scores, a stable
 * ranking, the joined top. */
#include "rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ranked {
	double score;    /* TF-IDF */
	uint64_t tf;     /* lift: tf / total, the part of lift that varies in c */
	uint64_t total;
	uint64_t ord;
	uint32_t pos;
	uint32_t slug;
} ranked;

typedef int (*ranked_cmp)(const ranked *a, const ranked *b);

static int first_seen_cmp(const ranked *a, const ranked *b)
{
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int tfidf_cmp(const ranked *a, const ranked *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return first_seen_cmp(a, b);
}

/* Within a cluster lift = (N / n) * tf / total: comparing tf / total, as
 * exact fractions, orders the lifts. */
static int lift_cmp(const ranked *a, const ranked *b)
{
	int c = ratio_cmp(a->tf, a->total, b->tf, b->total);
	return c ? -c : first_seen_cmp(a, b);
}

static int tfidf_qcmp(const void *a, const void *b) { return tfidf_cmp(a, b); }
static int lift_qcmp(const void *a, const void *b) { return lift_cmp(a, b); }

/* Put the best min(n, m) of r[0..m-1] first, in order; returns how many.
 * For the usual small n a bounded insertion pass (linear in m) instead of
 * sorting every slug of the cluster. */
static size_t best_first(ranked *r, size_t m, size_t n, rank_method method)
{
	ranked_cmp cmp = method == RANK_LIFT ? lift_cmp : tfidf_cmp;
	if (n == 0)
		return 0;
	if (n >= m || n > 64) {
		qsort(r, m, sizeof *r, method == RANK_LIFT ? lift_qcmp : tfidf_qcmp);
		return n < m ? n : m;
	}
	size_t k = 0; /* r[0..k) holds the best so far, sorted */
	for (size_t i = 0; i < m; i++) {
		if (k == n && cmp(&r[i], &r[k - 1]) >= 0)
			continue;
		ranked x = r[i];
		size_t j = k < n ? k++ : n - 1;
		while (j > 0 && cmp(&x, &r[j - 1]) < 0) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
	return k;
}

static char *join_top(const agg *a, const ranked *r, size_t n, top_pick *picks)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strtab_get(&a->slugs, r[i].slug).len + 2;
	char *s = malloc(len + 1), *w = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		strtab_key k = strtab_get(&a->slugs, r[i].slug);
		if (i) {
			*w++ = ',';
			*w++ = ' ';
		}
		if (picks) {
			picks[i].off = (size_t)(w - s);
			picks[i].len = k.len;
		}
		memcpy(w, k.s, k.len);
		w += k.len;
	}
	*w = '\0';
	return s;
}

/* round_half_away(100 x) of a TF-IDF score from its exact binary value
 * m 2^e (x >= 0 and below 2^70: tf < 2^64, idf < 45). */
static void double_hundredths(double x, char *out)
{
	int e;
	double f = frexp(x, &e); /* x = f 2^e, 0.5 <= f < 1 */
	uint64_t m = (uint64_t)ldexp(f, 53);
	e -= 53;
	if (x == 0 || e < -126)
		strcpy(out, "0");
	else if (e >= 0)
		ratio_hundredths((unsigned __int128)m << e, 1, out);
	else
		ratio_hundredths(m, (unsigned __int128)1 << -e, out);
}

typedef struct population {
	uint32_t *df;     /* clusters having slug t */
	uint64_t *total;  /* customers having slug t: T(t) */
	uint64_t n;       /* customers: N */
	size_t k;         /* clusters: K */
} population;

static bool population_count(const agg *a, population *p)
{
	size_t n_slugs = strtab_count(&a->slugs);
	memset(p, 0, sizeof *p);
	p->df = calloc(n_slugs ? n_slugs : 1, sizeof *p->df);
	p->total = calloc(n_slugs ? n_slugs : 1, sizeof *p->total);
	if (!p->df || !p->total)
		return false;
	for (size_t c = 0; c < a->n_acc; c++) {
		const cluster_acc *acc = &a->acc[c];
		p->k += acc->n > 0;
		p->n += acc->n;
		for (size_t j = 0; j < acc->tf_cap; j++) {
			if (acc->tf[j].slug == UINT32_MAX)
				continue;
			p->df[acc->tf[j].slug]++;
			p->total[acc->tf[j].slug] += acc->tf[j].tf;
		}
	}
	return true;
}

/* The candidates of cluster acc into r: every slug (TF-IDF) or those with
 * enough support (lift); returns how many. */
static size_t candidates(const cluster_acc *acc, const population *p, const rank_opts *ro,
			 ranked *r)
{
	size_t m = 0;
	for (size_t j = 0; j < acc->tf_cap; j++) {
		const slug_count *e = &acc->tf[j];
		if (e->slug == UINT32_MAX)
			continue;
		ranked x = {0, e->tf, p->total[e->slug], e->ord, e->pos, e->slug};
		if (ro->method == RANK_LIFT) {
			if (e->tf < ro->min_support)
				continue;
		} else {
			/* Same expression as scikit-learn: log((n + 1) / (df + 1)) + 1. */
			double idf = log((double)(p->k + 1) / (double)(p->df[e->slug] + 1)) + 1.0;
			x.score = (double)e->tf * idf;
		}
		r[m++] = x;
	}
	return m;
}

static void score_text(const ranked *x, const cluster_acc *acc, const population *p,
		       rank_method method, char *out)
{
	if (method == RANK_LIFT)
		ratio_hundredths((unsigned __int128)x->tf * p->n, (unsigned __int128)acc->n * x->total,
				 out);
	else
		double_hundredths(x->score, out);
}

bool rank_top(const agg *a, const rank_opts *ro, cluster_top *top)
{
	bool ok = false;
	population p;
	ranked *r = NULL;
	if (!population_count(a, &p))
		goto out;
	for (size_t c = 0; c < a->n_acc; c++) {
		const cluster_acc *acc = &a->acc[c];
		ranked *nr = realloc(r, (acc->tf_n ? acc->tf_n : 1) * sizeof *nr);
		if (!nr)
			goto out;
		r = nr;
		size_t kept = best_first(r, candidates(acc, &p, ro, r), ro->top, ro->method);
		if ((ro->scores || ro->picks) &&
		    !(top[c].picks = calloc(kept ? kept : 1, sizeof *top[c].picks)))
			goto out;
		top[c].n = kept;
		if (!(top[c].joined = join_top(a, r, kept, top[c].picks)))
			goto out;
		for (size_t i = 0; top[c].picks && i < kept; i++) {
			top[c].picks[i].tf = r[i].tf;
			score_text(&r[i], acc, &p, ro->method, top[c].picks[i].score);
		}
	}
	ok = true;
out:
	free(p.df);
	free(p.total);
	free(r);
	return ok;
}

void cluster_top_fini(cluster_top *t)
{
	free(t->joined);
	free(t->picks);
	memset(t, 0, sizeof *t);
}

bool tfidf_top(const agg *a, unsigned n, char **top)
{
	cluster_top *t = calloc(a->n_acc ? a->n_acc : 1, sizeof *t);
	if (!t)
		return false;
	rank_opts ro = {.method = RANK_TFIDF, .top = n};
	bool ok = rank_top(a, &ro, t);
	for (size_t c = 0; c < a->n_acc; c++) {
		top[c] = t[c].joined;
		free(t[c].picks);
	}
	free(t);
	return ok;
}
