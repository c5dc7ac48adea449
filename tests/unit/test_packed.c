/* SPDX-License-Identifier: MIT */
/* Unit tests for packed.c: the radix sort of scaled values against qsort
 * (negative values, ties, keys that differ in one byte or in all eight).
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packed.h"
#include "tap.h"

static int cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* n values from gen(i), sorted by packed_sort and by qsort: the same? */
static bool sorts_like_qsort(size_t n, int64_t (*gen)(size_t))
{
	int64_t *m = malloc(n * sizeof *m), *tmp = malloc(n * sizeof *tmp),
		*want = malloc(n * sizeof *want);
	if (!m || !tmp || !want)
		abort();
	for (size_t i = 0; i < n; i++)
		m[i] = want[i] = gen(i);
	packed_sort(m, tmp, n);
	qsort(want, n, sizeof *want, cmp_i64);
	bool same = memcmp(m, want, n * sizeof *m) == 0;
	free(m);
	free(tmp);
	free(want);
	return same;
}

static int64_t amounts(size_t i)
{
	(void)i;
	return (int64_t)(rng() % 1000000); /* cents below 10,000.00: 3 bytes */
}

static int64_t signed_wide(size_t i)
{
	(void)i;
	return (int64_t)rng(); /* every byte differs, both signs */
}

static int64_t few_values(size_t i)
{
	(void)i;
	return (int64_t)(rng() % 5) - 2; /* ties around zero */
}

static int64_t high_byte_only(size_t i)
{
	return (int64_t)((i * 7919) % 13) << 56; /* only the top byte differs */
}

static int64_t descending(size_t i)
{
	return INT64_C(1000000000000000000) - (int64_t)i * 1000;
}

static int64_t extremes(size_t i)
{
	static const int64_t v[] = {INT64_C(-1000000000000000000), -1, 0, 1,
				    INT64_C(1000000000000000000), INT64_MIN, INT64_MAX};
	return v[(i * 5) % (sizeof v / sizeof v[0])];
}

int main(void)
{
	rng_state = 42;
	CHECK(sorts_like_qsort(1, amounts), "one value");
	CHECK(sorts_like_qsort(2, few_values), "two values");
	CHECK(sorts_like_qsort(100000, amounts), "amounts in cents (low 3 bytes differ)");
	CHECK(sorts_like_qsort(20000, signed_wide), "64-bit values of both signs");
	CHECK(sorts_like_qsort(5000, few_values), "many ties around zero");
	CHECK(sorts_like_qsort(3000, high_byte_only), "only the top byte differs");
	CHECK(sorts_like_qsort(3000, descending), "descending input");
	CHECK(sorts_like_qsort(700, extremes), "the extremes of int64 and of a packed value");
	return tap_done();
}
