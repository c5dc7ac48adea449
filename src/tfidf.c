/* tfidf: document frequencies, scores, a stable ranking, the joined top. */
#include "tfidf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ranked {
	double score;
	uint64_t ord;
	uint32_t pos;
	uint32_t slug;
} ranked;

static int ranked_cmp(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Put the best min(n, m) of r[0..m-1] first, in order; returns how many.
 * For the usual small n a bounded insertion pass (linear in m) instead of
 * sorting every slug of the cluster. */
static size_t rank_top(ranked *r, size_t m, size_t n)
{
	if (n == 0)
		return 0;
	if (n >= m || n > 64) {
		qsort(r, m, sizeof *r, ranked_cmp);
		return n < m ? n : m;
	}
	size_t k = 0; /* r[0..k) holds the best so far, sorted */
	for (size_t i = 0; i < m; i++) {
		if (k == n && ranked_cmp(&r[i], &r[k - 1]) >= 0)
			continue;
		ranked x = r[i];
		size_t j = k < n ? k++ : n - 1;
		while (j > 0 && ranked_cmp(&x, &r[j - 1]) < 0) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
	return k;
}

static char *join_top(const agg *a, const ranked *r, size_t n)
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
		memcpy(w, k.s, k.len);
		w += k.len;
	}
	*w = '\0';
	return s;
}

bool tfidf_top(const agg *a, unsigned n, char **top)
{
	bool ok = false;
	size_t n_slugs = strtab_count(&a->slugs);
	size_t k = 0; /* clusters present */
	uint32_t *df = calloc(n_slugs ? n_slugs : 1, sizeof *df);
	ranked *r = NULL;
	if (!df)
		goto out;
	for (size_t c = 0; c < a->n_acc; c++) {
		const cluster_acc *acc = &a->acc[c];
		k += acc->n > 0;
		for (size_t j = 0; j < acc->tf_cap; j++)
			if (acc->tf[j].slug != UINT32_MAX)
				df[acc->tf[j].slug]++;
	}
	for (size_t c = 0; c < a->n_acc; c++) {
		const cluster_acc *acc = &a->acc[c];
		ranked *nr = realloc(r, (acc->tf_n ? acc->tf_n : 1) * sizeof *nr);
		if (!nr)
			goto out;
		r = nr;
		size_t m = 0;
		for (size_t j = 0; j < acc->tf_cap; j++) {
			const slug_count *e = &acc->tf[j];
			if (e->slug == UINT32_MAX)
				continue;
			/* Same expression as scikit-learn: log((n + 1) / (df + 1)) + 1. */
			double idf = log((double)(k + 1) / (double)(df[e->slug] + 1)) + 1.0;
			r[m++] = (ranked){(double)e->tf * idf, e->ord, e->pos, e->slug};
		}
		size_t kept = rank_top(r, m, n);
		top[c] = join_top(a, r, kept);
		if (!top[c])
			goto out;
	}
	ok = true;
out:
	free(df);
	free(r);
	return ok;
}
