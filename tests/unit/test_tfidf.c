/* SPDX-License-Identifier: MIT */
/* Unit tests for tfidf.c and agg_merge: ranking, ties, truncation, merging.
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "aggregate.h"
#include "rank.h"





/* Add a customer to a: ord, cluster, amount, frequency, and its slugs as a
 * comma-separated list ("" for none), interned in a's own table. */
static bool add(agg *a, uint64_t ord, uint32_t cluster, const char *slugs)
{
	uint32_t idx[64];
	size_t n = 0;
	const char *p = slugs;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool ins;
		int64_t i = strtab_intern(&a->slugs, p, len, &ins);
		if (i < 0)
			return false;
		idx[n++] = (uint32_t)i;
		p += len + (e ? 1 : 0);
	}
	if (!agg_reserve(a, cluster + 1))
		return false;
	char id[32];
	snprintf(id, sizeof id, "C%llu", (unsigned long long)ord);
	customer_rec rec = {
		.ord = ord, .id = id, .id_len = strlen(id), .frequency = (int64_t)(ord % 7),
		.amount = {(ord % 1000) * 100 + 25, -2, false}, .slugs = idx, .n_slugs = n,
	};
	bool ok = agg_add(a, cluster, &rec);
	agg_settle(a); /* rank_top reads the counts of an agg that was not merged */
	return ok;
}

/* Top n of every cluster of a, joined as "c0 | c1 | ..." (malloc'd). */
static char *tops(const agg *a, unsigned n)
{
	char **top = calloc(a->n_acc ? a->n_acc : 1, sizeof *top);
	bool ok = tfidf_top(a, n, top);
	size_t len = 1;
	for (size_t c = 0; c < a->n_acc; c++)
		len += (top[c] ? strlen(top[c]) : 6) + 3;
	char *s = malloc(len), *w = s;
	*w = '\0';
	for (size_t c = 0; c < a->n_acc; c++) {
		w += sprintf(w, "%s%s", c ? " | " : "", top[c] ? top[c] : "(null)");
		free(top[c]);
	}
	free(top);
	if (!ok) {
		free(s);
		return NULL;
	}
	return s;
}

static void check_tops(const agg *a, unsigned n, const char *want, const char *desc)
{
	char *got = tops(a, n);
	CHECK_STR(got, want, "%s", desc);
	free(got);
}

static void test_basic(void)
{
	agg a;
	agg_init(&a, NULL);
	/* K = 2; df(a) = 2, df(b) = df(c) = df(d) = 1.
	 * cluster 0: b = 2 * 1.405, c = 1.405, a = 1 * 1 (a seen first, but in
	 * every cluster);  cluster 1: d = 1.405, a = 1. */
	add(&a, 0, 0, "a,b");
	add(&a, 1, 0, "b,c");
	add(&a, 2, 1, "a");
	add(&a, 3, 1, "d");
	check_tops(&a, 5, "b, c, a | d, a", "idf: slug in every cluster ranks below equal tf in one");
	check_tops(&a, 2, "b, c | d, a", "top 2 truncates");
	check_tops(&a, 1, "b | d", "top 1 truncates");
	check_tops(&a, 0, " | ", "top 0 gives \"\"");
	check_tops(&a, 1000, "b, c, a | d, a", "top 1000: fewer when fewer slugs");
	agg_fini(&a);
}

static void test_ties(void)
{
	agg a;
	agg_init(&a, NULL);
	/* All tf = 1, df = 1: pure ties, ordered by (ord, pos), not by the order
	 * of agg_add calls nor by slug index. */
	add(&a, 7, 0, "y,x");
	add(&a, 2, 0, "z");
	add(&a, 9, 0, "w,v,u");
	add(&a, 5, 0, "t,s");
	check_tops(&a, 10, "z, t, s, y, x, w, v, u", "ties: by first appearance (ord, then pos)");
	/* Repeat a slug later: its first appearance is kept. */
	add(&a, 1, 0, "q,x");
	/* x: tf 2 now, first; then q (ord 1), z (2), t, s, y, w, v, u. */
	check_tops(&a, 10, "x, q, z, t, s, y, w, v, u", "higher tf first, then ties by first appearance");
	agg_fini(&a);

	agg_init(&a, NULL);
	/* A slug seen first at a later pos of an earlier customer beats one at
	 * pos 0 of a later customer. */
	add(&a, 4, 0, "m");
	add(&a, 3, 0, "k,l,n");
	check_tops(&a, 10, "k, l, n, m", "ties: earlier ord wins over smaller pos");
	agg_fini(&a);
}

static void test_empty(void)
{
	agg a;
	agg_init(&a, NULL);
	CHECK(agg_reserve(&a, 3), "agg_reserve 3 clusters");
	check_tops(&a, 5, " |  | ", "no customers: every cluster \"\"");
	add(&a, 0, 1, "");
	check_tops(&a, 5, " |  | ", "customer without slugs: \"\"");
	add(&a, 1, 2, "p");
	check_tops(&a, 5, " |  | p", "empty clusters beside a non-empty one");
	CHECK(a.acc[0].n == 0 && a.acc[1].n == 1 && a.acc[2].n == 1, "cluster counts");
	agg_fini(&a);
}

/* K counts clusters that have customers, including one whose customers have
 * no slugs (an empty document), but not reserved clusters with none.
 * tf(b) = 3, df(b) = 1; tf(a) = 4, df(a) = 2:
 *   K = 2: b = 3 * (ln(3/2) + 1) = 4.22 > a = 4 * 1 = 4
 *   K = 3: b = 3 * (ln(4/2) + 1) = 5.08 < a = 4 * (ln(4/3) + 1) = 5.15 */
static void test_k(void)
{
	agg a;
	agg_init(&a, NULL);
	CHECK(agg_reserve(&a, 4), "agg_reserve 4 clusters");
	for (int i = 0; i < 3; i++)
		add(&a, (uint64_t)i, 0, "b,a");
	add(&a, 3, 0, "a");
	add(&a, 4, 1, "a");
	check_tops(&a, 5, "b, a | a |  | ", "K = 2: empty reserved clusters do not count");
	add(&a, 5, 2, "");
	check_tops(&a, 5, "a, b | a |  | ", "K = 3: a cluster of customers without slugs counts");
	agg_fini(&a);
}

static void test_merge_fixed(void)
{
	/* Customers in input order (ord), split between two workers. */
	static const struct {
		uint64_t ord;
		uint32_t cluster;
		const char *slugs;
		int worker;
	} cs[] = {
		{0, 0, "w", 0},          /* w first seen at ord 0 (worker 0) */
		{1, 0, "y", 1},          /* y at ord 1, only in worker 1 */
		{2, 0, "z,q", 1},        /* z first at ord 2, in worker 1 ... */
		{3, 1, "w,z,p", 0},
		{4, 0, "p", 0},          /* p first at ord 4, in worker 0 */
		{5, 0, "x", 0},          /* x at ord 5, in worker 0 */
		{6, 2, "r", 1},          /* cluster 2 only known to worker 1 */
		{7, 0, "p", 1},
		{10, 0, "z,v", 0},       /* ... and again at ord 10, in worker 0 */
		{11, 1, "q,u", 1},
		{12, 1, "u", 0},
	};
	enum { N = sizeof cs / sizeof *cs };
	agg one, w[2], dst;
	agg_init(&one, NULL);
	agg_init(&w[0], NULL);
	agg_init(&w[1], NULL);
	agg_init(&dst, NULL);
	for (size_t i = 0; i < N; i++) {
		add(&one, cs[i].ord, cs[i].cluster, cs[i].slugs);
		add(&w[cs[i].worker], cs[i].ord, cs[i].cluster, cs[i].slugs);
	}
	/* df: w 2, y 1, z 2, q 2, p 2, x 1, r 1, v 1, u 1; K = 3, so idf is 1.69
	 * for df 1 and 1.29 for df 2.
	 * cluster 0: z (2 * 1.29, ord 2), p (2 * 1.29, ord 4),
	 *            y (1.69, ord 1), x (1.69, ord 5), v (1.69, ord 10),
	 *            w (1.29, ord 0), q (1.29, ord 2 pos 1)
	 * cluster 1: u (2 * 1.69), then w, z, p (ord 3), q (ord 11)
	 * cluster 2: r */
	const char *want = "z, p, y, x, v, w, q | u, w, z, p, q | r";
	check_tops(&one, 10, want, "single agg reference ranking");
	/* Merge worker 0 first: the first appearances of y (tied with x) and of
	 * z (tied with p, and also seen later in worker 0) are in the second agg
	 * merged. */
	CHECK(agg_merge(&dst, &w[0]), "agg_merge worker 0");
	CHECK(agg_merge(&dst, &w[1]), "agg_merge worker 1");
	check_tops(&dst, 10, want, "merged (0 then 1) equals single agg, ties from the second agg");
	CHECK(dst.n_acc == 3, "merged agg has 3 clusters (got %zu)", dst.n_acc);
	bool same = true;
	for (size_t c = 0; c < 3 && c < dst.n_acc; c++) {
		char a[HUNDREDTHS_MAX], b[HUNDREDTHS_MAX];
		xsum xa, xb;
		msum_to_xsum(&one.acc[c].spend, &xa);
		msum_to_xsum(&dst.acc[c].spend, &xb);
		xsum_mean_hundredths(&xa, 1, a);
		xsum_mean_hundredths(&xb, 1, b);
		same = same && one.acc[c].n == dst.acc[c].n && strcmp(a, b) == 0 &&
		       one.acc[c].frequency == dst.acc[c].frequency &&
		       one.acc[c].tf_n == dst.acc[c].tf_n;
	}
	CHECK(same, "merged n, spend, frequency, slug counts equal the single agg");
	CHECK(w[0].acc == NULL || w[0].n_acc == 0 || w[0].acc[0].n == 0, "source emptied by merge");
	agg_fini(&dst);
	agg_fini(&w[0]);
	agg_fini(&w[1]);

	/* Other merge order. */
	agg_init(&w[0], NULL);
	agg_init(&w[1], NULL);
	agg_init(&dst, NULL);
	for (size_t i = 0; i < N; i++)
		add(&w[cs[i].worker], cs[i].ord, cs[i].cluster, cs[i].slugs);
	CHECK(agg_merge(&dst, &w[1]) && agg_merge(&dst, &w[0]), "agg_merge 1 then 0");
	check_tops(&dst, 10, want, "merged (1 then 0) equals single agg");
	check_tops(&dst, 3, "z, p, y | u, w, z | r", "merged, top 3");
	agg_fini(&dst);
	agg_fini(&w[0]);
	agg_fini(&w[1]);
	agg_fini(&one);
}

/* Random customers, random split into workers, merged in random order. */
static void test_merge_random(void)
{
	enum { ROUNDS = 20, NCUST = 3000, NSLUG = 40, NCL = 6, NW = 4 };
	int mismatches = 0;
	for (int round = 0; round < ROUNDS; round++) {
		agg one, w[NW], dst;
		agg_init(&one, NULL);
		agg_init(&dst, NULL);
		for (int k = 0; k < NW; k++)
			agg_init(&w[k], NULL);
		for (uint64_t ord = 0; ord < NCUST; ord++) {
			/* Skewed slug choice so that tf values and ties both occur. */
			char buf[256] = "";
			bool used[NSLUG] = {false};
			int ns = (int)(rng() % 5);
			for (int j = 0; j < ns; j++) {
				int s = (int)(rng() % NSLUG);
				if (rng() % 2)
					s %= 8;
				if (used[s])
					continue;
				used[s] = true;
				char t[16];
				snprintf(t, sizeof t, "%ss%d", buf[0] ? "," : "", s);
				strcat(buf, t);
			}
			uint32_t cl = (uint32_t)(rng() % (round % 2 ? NCL : 2));
			add(&one, ord, cl, buf);
			add(&w[rng() % NW], ord, cl, buf);
		}
		int order[NW] = {0, 1, 2, 3};
		for (int k = NW - 1; k > 0; k--) {
			int j = (int)(rng() % (uint64_t)(k + 1));
			int t = order[k];
			order[k] = order[j];
			order[j] = t;
		}
		bool ok = true;
		for (int k = 0; k < NW; k++)
			ok = ok && agg_merge(&dst, &w[order[k]]);
		char *a = tops(&one, 5), *b = tops(&dst, 5);
		char *a3 = tops(&one, 1000), *b3 = tops(&dst, 1000);
		if (!ok || !a || !b || strcmp(a, b) || !a3 || !b3 || strcmp(a3, b3)) {
			if (mismatches++ < 3)
				printf("# round %d:\n#  one %s\n#  dst %s\n", round, a ? a : "(null)", b ? b : "(null)");
		}
		free(a);
		free(b);
		free(a3);
		free(b3);
		agg_fini(&one);
		agg_fini(&dst);
		for (int k = 0; k < NW; k++)
			agg_fini(&w[k]);
	}
	CHECK(mismatches == 0, "20 random splits into 4 workers, merged in random order, rank as one agg");
}

int main(void)
{
	rng_state = 0x2545F4914F6CDD1DULL;
	test_basic();
	test_ties();
	test_empty();
	test_k();
	test_merge_fixed();
	test_merge_random();
	return tap_done();
}
