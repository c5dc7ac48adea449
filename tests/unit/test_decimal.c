/* SPDX-License-Identifier: MIT */
/* Unit tests for decimal.c: shortest decimals, exact sums, rounded means and
 * shares, hundredths strings.  TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "decimal.h"




#define CHECK_UINT(got, want, ...)                                              \
	do {                                                                    \
		unsigned long long g_ = (got), w_ = (want);                     \
		CHECK(g_ == w_, __VA_ARGS__);                                   \
		if (g_ != w_)                                                   \
			printf("#   got  %llu\n#   want %llu\n", g_, w_);       \
	} while (0)


/* coef * 10^exp with trailing zeros moved into exp, as "coeEexp". */
static void dec_str(dec v, char *out, size_t size)
{
	if (v.coef == 0) {
		snprintf(out, size, "0");
		return;
	}
	while (v.coef % 10 == 0) {
		v.coef /= 10;
		v.exp++;
	}
	snprintf(out, size, "%lluE%d", (unsigned long long)v.coef, v.exp);
}

static int sig_digits(uint64_t c)
{
	if (!c)
		return 0;
	while (c % 10 == 0)
		c /= 10;
	int n = 0;
	for (; c; c /= 10)
		n++;
	return n;
}

static void test_dec_from_double(void)
{
	static const struct {
		double d;
		const char *want;
	} cases[] = {
		{4120.75, "412075E-2"},
		{190.4, "1904E-1"},
		{0.1, "1E-1"},
		{75.0, "75E0"},
		{1e20, "1E20"},
		{5e-324, "5E-324"},
		{1.7976931348623157e308, "17976931348623157E292"},
		{0.0, "0"},
		{4522.60, "45226E-1"},
		{0.29, "29E-2"},
		{2.675, "2675E-3"},
		{1.005, "1005E-3"},
		{0.3, "3E-1"},
		{0.1 + 0.2, "30000000000000004E-17"},
		{123456789.123456, "123456789123456E-6"},
		{0.0000001, "1E-7"},
		{1234567.1234567, "12345671234567E-7"},
		{4294967295.99, "429496729599E-2"},
		{4294967296.0, "4294967296E0"},
		{9007199254740993.0, "9007199254740992E0"},
		{2.2250738585072014e-308, "22250738585072014E-324"},
	};
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		dec_str(dec_from_double(cases[i].d), buf, sizeof buf);
		CHECK_STR(buf, cases[i].want, "dec_from_double(%.17g) = %s", cases[i].d, cases[i].want);
	}

	/* Property: the decimal reads back as d, and no decimal with one fewer
	 * significant digit (the nearest one, per printf) does. */
	int bad_value = 0, not_short = 0;
	char b1[64], b2[64];
	for (int i = 0; i < 200000; i++) {
		double d;
		switch (i % 4) {
		case 0: d = (double)(rng() % 100000000000ULL) / 100.0; break;  /* money */
		case 1: d = (double)(rng() % 10000000000000ULL) / 1e6; break;  /* 6 decimals */
		case 2: { /* any finite non-negative bit pattern */
			uint64_t bits = rng() & 0x7FFFFFFFFFFFFFFFULL;
			if ((bits >> 52) == 0x7FF)
				bits &= ~(1ULL << 62);
			memcpy(&d, &bits, sizeof d);
			break;
		}
		default: d = (double)(rng() % 4294967296ULL) + (double)(rng() % 1000000) / 1e6; break;
		}
		dec v = dec_from_double(d);
		snprintf(b1, sizeof b1, "%lluE%d", (unsigned long long)v.coef, v.exp);
		if (strtod(b1, NULL) != d) {
			if (bad_value++ < 5)
				printf("# %.17g -> %s does not read back\n", d, b1);
			continue;
		}
		int p = sig_digits(v.coef);
		if (p >= 2) {
			snprintf(b2, sizeof b2, "%.*e", p - 2, d);
			if (strtod(b2, NULL) == d && not_short++ < 5)
				printf("# %.17g -> %s but %s is shorter\n", d, b1, b2);
		}
	}
	CHECK(bad_value == 0, "dec_from_double: 200000 random doubles read back (%d failures)", bad_value);
	CHECK(not_short == 0, "dec_from_double: 200000 random doubles are shortest (%d failures)", not_short);
}

static void mean_of(const double *v, size_t n, uint64_t div, char *out)
{
	xsum s;
	xsum_clear(&s);
	for (size_t i = 0; i < n; i++)
		xsum_add(&s, dec_from_double(v[i]));
	xsum_mean_hundredths(&s, div, out);
}

static void test_mean(void)
{
	char out[HUNDREDTHS_MAX];
	char want[HUNDREDTHS_MAX];

	mean_of((double[]){4120.75, 4522.60}, 2, 2, out);
	CHECK_STR(out, "432168", "mean(4120.75, 4522.60) = 4321.675 -> 4321.68");
	mean_of((double[]){4522.60, 4120.75}, 2, 2, out);
	CHECK_STR(out, "432168", "mean(4522.60, 4120.75), other order");
	mean_of((double[]){0.29, 0}, 2, 2, out);
	CHECK_STR(out, "15", "mean(0.29, 0) = 0.145 -> 0.15");
	mean_of((double[]){1.005}, 1, 1, out);
	CHECK_STR(out, "101", "1.005 -> 1.01");
	mean_of((double[]){0.125}, 1, 1, out);
	CHECK_STR(out, "13", "0.125 -> 0.13");
	mean_of((double[]){2.675}, 1, 1, out);
	CHECK_STR(out, "268", "2.675 -> 2.68");
	mean_of((double[]){4321.675}, 1, 1, out);
	CHECK_STR(out, "432168", "4321.675 -> 4321.68");
	mean_of((double[]){0.005}, 1, 1, out);
	CHECK_STR(out, "1", "0.005 -> 0.01");
	mean_of((double[]){0.004999}, 1, 1, out);
	CHECK_STR(out, "0", "0.004999 -> 0.00");
	mean_of((double[]){0.0}, 1, 1, out);
	CHECK_STR(out, "0", "0 -> 0");
	mean_of(NULL, 0, 3, out);
	CHECK_STR(out, "0", "empty sum / 3 -> 0");
	mean_of((double[]){5e-324}, 1, 1, out);
	CHECK_STR(out, "0", "5e-324 -> 0");
	mean_of((double[]){1, 0, 0}, 3, 3, out);
	CHECK_STR(out, "33", "mean(1, 0, 0) = 0.333.. -> 0.33");
	mean_of((double[]){2, 0, 0}, 3, 3, out);
	CHECK_STR(out, "67", "mean(2, 0, 0) = 0.666.. -> 0.67");
	mean_of((double[]){0.01, 0.02, 0.02}, 3, 3, out);
	CHECK_STR(out, "2", "mean(0.01, 0.02, 0.02) = 0.01666.. -> 0.02");
	mean_of((double[]){0.1, 0.2}, 2, 1, out);
	CHECK_STR(out, "30", "0.1 + 0.2 -> 0.30");
	mean_of((double[]){0.01, 0.005}, 2, 3, out);
	CHECK_STR(out, "1", "(0.01 + 0.005) / 3 = 0.005 -> 0.01");
	mean_of((double[]){59110.5}, 1, 100, out);
	CHECK_STR(out, "59111", "59110.5 / 100 = 591.105 -> 591.11");
	mean_of((double[]){1.23456789e10, 0.005}, 2, 1, out);
	CHECK_STR(out, "1234567890001", "12345678900 + 0.005 -> 12345678900.01");

	/* 10^6 times 0.01: exact. */
	xsum s;
	xsum_clear(&s);
	dec cent = dec_from_double(0.01);
	for (int i = 0; i < 1000000; i++)
		xsum_add(&s, cent);
	xsum_mean_hundredths(&s, 1000000, out);
	CHECK_STR(out, "1", "mean of 10^6 x 0.01 = 0.01");
	xsum_mean_hundredths(&s, 1, out);
	CHECK_STR(out, "1000000", "sum of 10^6 x 0.01 = 10000.00");
	xsum_mean_hundredths(&s, 3, out);
	CHECK_STR(out, "333333", "sum of 10^6 x 0.01 / 3 = 3333.333.. -> 3333.33");

	/* Huge values. */
	mean_of((double[]){1e300}, 1, 1, out);
	memset(want, '0', 303);
	want[0] = '1';
	want[303] = '\0';
	CHECK_STR(out, want, "1e300 -> 1 followed by 302 zeros");
	mean_of((double[]){1e300, 1e300, 1e300}, 3, 3, out);
	CHECK_STR(out, want, "mean(1e300 x 3) -> 1e302 hundredths");
	mean_of((double[]){1.7976931348623157e308, 1.7976931348623157e308}, 2, 2, out);
	snprintf(want, sizeof want, "17976931348623157");
	memset(want + 17, '0', 294);
	want[17 + 294] = '\0';
	CHECK_STR(out, want, "mean(DBL_MAX, DBL_MAX) = DBL_MAX exactly");
	mean_of((double[]){1.7976931348623157e308, 1.7976931348623157e308}, 2, 1, out);
	snprintf(want, sizeof want, "35953862697246314");
	memset(want + 17, '0', 294);
	want[17 + 294] = '\0';
	CHECK_STR(out, want, "DBL_MAX + DBL_MAX, no overflow");
	mean_of((double[]){1e20, 0.01}, 2, 1, out);
	CHECK_STR(out, "10000000000000000000001", "1e20 + 0.01 exact");
	mean_of((double[]){1e300, 0.01, 5e-324}, 3, 1, out);
	memset(want, '0', 303);
	want[0] = '1';
	want[302] = '1';
	want[303] = '\0';
	CHECK_STR(out, want, "1e300 + 0.01 + 5e-324 exact to the cent");
	/* Many large values: limbs must carry correctly. */
	xsum_clear(&s);
	for (int i = 0; i < 100000; i++)
		xsum_add(&s, dec_from_double(999999999.99));
	xsum_mean_hundredths(&s, 1, out);
	CHECK_STR(out, "9999999999900000", "100000 x 999999999.99 exact");
	xsum_mean_hundredths(&s, 100000, out);
	CHECK_STR(out, "99999999999", "mean of 100000 x 999999999.99");
}

/* Order independence and agreement with integer cents. */
static void test_order(void)
{
	enum { N = 10000 };
	static uint64_t cents[N];
	static double amt[N];
	uint64_t total = 0;
	for (int i = 0; i < N; i++) {
		cents[i] = rng() % 1000000000ULL; /* up to 10 million */
		total += cents[i];
	}
	/* Make the mean fall exactly on a half cent (sum % N == N / 2). */
	uint64_t r = total % N;
	uint64_t adj = (N / 2 + N - r) % N;
	cents[N - 1] += adj;
	total += adj;
	for (int i = 0; i < N; i++)
		amt[i] = (double)cents[i] / 100.0;

	char want[64], want_sum[64], a[HUNDREDTHS_MAX], b[HUNDREDTHS_MAX], c[HUNDREDTHS_MAX];
	snprintf(want, sizeof want, "%llu", (unsigned long long)((2 * total + N) / (2 * N)));
	snprintf(want_sum, sizeof want_sum, "%llu", (unsigned long long)total);

	xsum s1, s2, h1, h2;
	xsum_clear(&s1);
	for (int i = 0; i < N; i++)
		xsum_add(&s1, dec_from_double(amt[i]));
	xsum_mean_hundredths(&s1, N, a);
	CHECK_STR(a, want, "mean of 10000 random amounts = integer-cents mean (half case)");
	xsum_mean_hundredths(&s1, 1, a);
	CHECK_STR(a, want_sum, "sum of 10000 random amounts = integer-cents sum");

	/* Shuffle (Fisher-Yates) and sum again. */
	for (int i = N - 1; i > 0; i--) {
		int j = (int)(rng() % (uint64_t)(i + 1));
		double t = amt[i];
		amt[i] = amt[j];
		amt[j] = t;
	}
	xsum_clear(&s2);
	for (int i = 0; i < N; i++)
		xsum_add(&s2, dec_from_double(amt[i]));
	xsum_mean_hundredths(&s1, N, a);
	xsum_mean_hundredths(&s2, N, b);
	CHECK_STR(b, a, "shuffled order gives the same mean");

	/* Reverse order, in two halves merged. */
	xsum_clear(&h1);
	xsum_clear(&h2);
	for (int i = N - 1; i >= 0; i--)
		xsum_add(i % 2 ? &h1 : &h2, dec_from_double(amt[i]));
	xsum_merge(&h2, &h1);
	xsum_mean_hundredths(&h2, N, c);
	CHECK_STR(c, a, "reversed, split in two and merged gives the same mean");

	/* Binary double summation would depend on order; make sure the test is
	 * meaningful by checking the values are not all trivially exact. */
	double f1 = 0, f2 = 0;
	for (int i = 0; i < N; i++)
		f1 += amt[i];
	for (int i = N - 1; i >= 0; i--)
		f2 += amt[i];
	printf("# double sums in two orders: %.17g %.17g\n", f1, f2);
}

static void norm(const xsum *s, xsum *out)
{
	xsum_clear(out);
	xsum_merge(out, s);
}

static void test_merge(void)
{
	enum { N = 5000 };
	static const double pool[] = {
		0.01, 0.1, 4120.75, 1e20, 1.7976931348623157e308, 5e-324, 123456.789,
		999999999.99, 2.675, 1e-5, 3.3333333333333335, 7e22, 1e300, 0.0,
	};
	xsum all, parts[3], merged, na, nm;
	xsum_clear(&all);
	for (int k = 0; k < 3; k++)
		xsum_clear(&parts[k]);
	for (int i = 0; i < N; i++) {
		double d = i % 3 == 0 ? pool[rng() % (sizeof pool / sizeof *pool)]
		                      : (double)(rng() % 100000000) / 100.0;
		dec v = dec_from_double(d);
		xsum_add(&all, v);
		xsum_add(&parts[rng() % 3], v);
	}
	xsum_clear(&merged);
	xsum_merge(&merged, &parts[2]);
	xsum_merge(&merged, &parts[0]);
	xsum_merge(&merged, &parts[1]);
	norm(&all, &na);
	norm(&merged, &nm);
	CHECK(memcmp(na.limb, nm.limb, sizeof na.limb) == 0, "xsum_merge of 3 parts equals sequential adds (all limbs)");
	char a[HUNDREDTHS_MAX], b[HUNDREDTHS_MAX];
	xsum_mean_hundredths(&all, N, a);
	xsum_mean_hundredths(&merged, N, b);
	CHECK_STR(b, a, "merged mean equals sequential mean");

	/* Merge an unnormalised sum into an unnormalised one, repeatedly. */
	xsum x, y;
	xsum_clear(&x);
	xsum_clear(&y);
	for (int i = 0; i < 1000; i++) {
		xsum t;
		xsum_clear(&t);
		for (int j = 0; j < 1000; j++)
			xsum_add(&t, dec_from_double(999999999.99));
		xsum_merge(&x, &t);
	}
	xsum_mean_hundredths(&x, 1, a);
	CHECK_STR(a, "99999999999000000", "1000 merges of 1000 x 999999999.99");
	CHECK(!xsum_is_zero(&x), "xsum_is_zero false on a non-zero sum");
	CHECK(xsum_is_zero(&y), "xsum_is_zero true on a cleared sum");
	xsum_add(&y, dec_from_double(0.0));
	CHECK(xsum_is_zero(&y), "xsum_is_zero true after adding 0");
	xsum_add(&y, dec_from_double(5e-324));
	CHECK(!xsum_is_zero(&y), "xsum_is_zero false after adding 5e-324");
}

static unsigned share_of(const double *p, size_t np, const double *w, size_t nw)
{
	xsum sp, sw;
	xsum_clear(&sp);
	xsum_clear(&sw);
	for (size_t i = 0; i < np; i++)
		xsum_add(&sp, dec_from_double(p[i]));
	for (size_t i = 0; i < nw; i++)
		xsum_add(&sw, dec_from_double(w[i]));
	return xsum_share_hundredths(&sp, &sw);
}

static void test_share(void)
{
	CHECK_UINT(share_of((double[]){1}, 1, (double[]){3}, 1), 3333, "share 1/3 -> 33.33%%");
	CHECK_UINT(share_of((double[]){2}, 1, (double[]){3}, 1), 6667, "share 2/3 -> 66.67%%");
	CHECK_UINT(share_of((double[]){1}, 1, (double[]){1, 2}, 2), 3333, "share 1/(1+2)");
	CHECK_UINT(share_of((double[]){0.3}, 1, (double[]){1}, 1), 3000, "share 0.3/1 -> 30.00%%");
	CHECK_UINT(share_of((double[]){0.1, 0.2}, 2, (double[]){0.1, 0.2, 0.7}, 3), 3000,
	           "share (0.1+0.2)/(0.1+0.2+0.7) exactly 30%%");
	CHECK_UINT(share_of(NULL, 0, NULL, 0), 0, "share 0/0 -> 0");
	CHECK_UINT(share_of((double[]){0}, 1, (double[]){0, 0}, 2), 0, "share of zero revenue -> 0");
	CHECK_UINT(share_of((double[]){0}, 1, (double[]){5}, 1), 0, "share 0/5 -> 0");
	CHECK_UINT(share_of((double[]){5}, 1, (double[]){5}, 1), 10000, "share 5/5 -> 100%%");
	CHECK_UINT(share_of((double[]){1e300}, 1, (double[]){1e300}, 1), 10000, "share 1e300/1e300 -> 100%%");
	CHECK_UINT(share_of((double[]){1}, 1, (double[]){8}, 1), 1250, "share 1/8 = 12.5%% -> 1250");
	CHECK_UINT(share_of((double[]){0.01}, 1, (double[]){8}, 1), 13, "share 0.01/8 = 0.125%% -> 13 (half up)");
	CHECK_UINT(share_of((double[]){0.00145}, 1, (double[]){1}, 1), 15, "share 0.00145/1 = 0.145%% -> 15 (binary gives 14)");
	CHECK_UINT(share_of((double[]){0.00005}, 1, (double[]){1}, 1), 1, "share 0.00005 = 0.005%% -> 1");
	CHECK_UINT(share_of((double[]){0.0000499}, 1, (double[]){1}, 1), 0, "share 0.0000499 -> 0");
	CHECK_UINT(share_of((double[]){0.99995}, 1, (double[]){1}, 1), 10000, "share 0.99995 = 99.995%% -> 10000");
	CHECK_UINT(share_of((double[]){0.99994999}, 1, (double[]){1}, 1), 9999, "share 0.99994999 -> 9999");
	CHECK_UINT(share_of((double[]){1}, 1, (double[]){7}, 1), 1429, "share 1/7 -> 14.29%%");
	CHECK_UINT(share_of((double[]){1}, 1, (double[]){1.5}, 1), 6667, "share 1/1.5 -> 66.67%%");
	CHECK_UINT(share_of((double[]){5e-324}, 1, (double[]){1e308}, 1), 0, "share 5e-324/1e308 -> 0");
	CHECK_UINT(share_of((double[]){1.7976931348623157e308}, 1,
	                    (double[]){1.7976931348623157e308, 1.7976931348623157e308}, 2),
	           5000, "share DBL_MAX/(2 DBL_MAX) -> 50%%");
	CHECK_UINT(share_of((double[]){4120.75}, 1, (double[]){4120.75, 4522.60}, 2), 4768,
	           "share 4120.75/8643.35 = 47.675..%% -> 4768");
}

static void int_mean(unsigned __int128 sum, uint64_t n, char *out)
{
	int_mean_hundredths(sum, n, out);
}

static void test_int_mean(void)
{
	char out[64];
	int_mean(273, 31, out);
	CHECK_STR(out, "881", "int mean 273/31 = 8.806.. -> 8.81");
	int_mean(29, 1, out);
	CHECK_STR(out, "2900", "int mean 29/1 -> 29.00");
	int_mean(1, 8, out);
	CHECK_STR(out, "13", "int mean 1/8 = 0.125 -> 0.13");
	int_mean(3, 8, out);
	CHECK_STR(out, "38", "int mean 3/8 = 0.375 -> 0.38");
	int_mean(7, 8, out);
	CHECK_STR(out, "88", "int mean 7/8 = 0.875 -> 0.88");
	int_mean(1, 3, out);
	CHECK_STR(out, "33", "int mean 1/3 -> 0.33");
	int_mean(2, 3, out);
	CHECK_STR(out, "67", "int mean 2/3 -> 0.67");
	int_mean(0, 5, out);
	CHECK_STR(out, "0", "int mean 0/5 -> 0");
	int_mean(1, 200, out);
	CHECK_STR(out, "1", "int mean 1/200 = 0.005 -> 0.01");
	int_mean(1, 201, out);
	CHECK_STR(out, "0", "int mean 1/201 -> 0.00");
	unsigned __int128 p100 = (unsigned __int128)1 << 100;
	int_mean(p100, 1, out);
	CHECK_STR(out, "126765060022822940149670320537600", "int mean 2^100/1");
	int_mean(p100, 3, out);
	CHECK_STR(out, "42255020007607646716556773512533", "int mean 2^100/3");
	int_mean(p100 + 1, 8, out);
	CHECK_STR(out, "15845632502852867518708790067213", "int mean (2^100+1)/8 (half case)");
	int_mean(p100 + 3, (uint64_t)1 << 40, out);
	CHECK_STR(out, "115292150460684697600", "int mean (2^100+3)/2^40");
	int_mean(p100, (uint64_t)7 << 30, out);
	CHECK_STR(out, "16865594581677304334629", "int mean 2^100/(7*2^30)");
	uint64_t n = UINT64_MAX;
	int_mean((unsigned __int128)n * 5 + n / 2, n, out);
	CHECK_STR(out, "550", "int mean (5.5 n - 1/2)/n with n = 2^64-1");
	n = 25ULL << 58; /* 200 * 2^55 */
	int_mean((unsigned __int128)n * 12345 + (1ULL << 55), n, out);
	CHECK_STR(out, "1234501", "int mean with n = 25*2^58, fraction exactly .005 -> up");
	int_mean((unsigned __int128)n * 12345 + (1ULL << 55) - 1, n, out);
	CHECK_STR(out, "1234500", "int mean with n = 25*2^58, fraction just below .005 -> down");
	int_mean((unsigned __int128)INT64_MAX * 1000, 1000, out);
	CHECK_STR(out, "922337203685477580700", "int mean of 1000 x INT64_MAX");
}

static void test_cmp(void)
{
	CHECK(hundredths_cmp("9", "10") < 0, "cmp 9 < 10");
	CHECK(hundredths_cmp("10", "9") > 0, "cmp 10 > 9");
	CHECK(hundredths_cmp("100", "99") > 0, "cmp 100 > 99");
	CHECK(hundredths_cmp("123", "123") == 0, "cmp 123 == 123");
	CHECK(hundredths_cmp("0", "0") == 0, "cmp 0 == 0");
	CHECK(hundredths_cmp("0", "1") < 0, "cmp 0 < 1");
	CHECK(hundredths_cmp("59111", "59112") < 0, "cmp 59111 < 59112");
	CHECK(hundredths_cmp("59112", "59111") > 0, "cmp 59112 > 59111");
	CHECK(hundredths_cmp("432168", "432167") > 0, "cmp 432168 > 432167");
	char big[400];
	memset(big, '9', 350);
	big[350] = '\0';
	CHECK(hundredths_cmp(big, "1") > 0, "cmp 350 nines > 1");
	CHECK(hundredths_cmp("1", big) < 0, "cmp 1 < 350 nines");
	CHECK(hundredths_cmp(big, big) == 0, "cmp 350 nines == itself");
}

static void test_format(void)
{
	static const struct {
		const char *h, *shortest, *fixed;
	} cases[] = {
		{"59111", "591.11", "591.11"},
		{"54000", "540.0", "540.00"},
		{"1920", "19.2", "19.20"},
		{"0", "0.0", "0.00"},
		{"5", "0.05", "0.05"},
		{"50", "0.5", "0.50"},
		{"10", "0.1", "0.10"},
		{"99", "0.99", "0.99"},
		{"100", "1.0", "1.00"},
		{"101", "1.01", "1.01"},
		{"432168", "4321.68", "4321.68"},
		{"3000", "30.0", "30.00"},
		{"3333", "33.33", "33.33"},
		{"10000", "100.0", "100.00"},
	};
	char out[HUNDREDTHS_MAX + 2];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		hundredths_format(cases[i].h, false, out);
		CHECK_STR(out, cases[i].shortest, "format %s -> %s", cases[i].h, cases[i].shortest);
		hundredths_format(cases[i].h, true, out);
		CHECK_STR(out, cases[i].fixed, "format fixed2 %s -> %s", cases[i].h, cases[i].fixed);
	}
	/* The largest string fits. */
	static char h[HUNDREDTHS_MAX], want[HUNDREDTHS_MAX + 2], big[HUNDREDTHS_MAX + 2];
	memset(h, '9', HUNDREDTHS_MAX - 1);
	h[HUNDREDTHS_MAX - 1] = '\0';
	memset(want, '9', HUNDREDTHS_MAX - 3);
	want[HUNDREDTHS_MAX - 3] = '.';
	want[HUNDREDTHS_MAX - 2] = '9';
	want[HUNDREDTHS_MAX - 1] = '9';
	want[HUNDREDTHS_MAX] = '\0';
	hundredths_format(h, true, big);
	CHECK_STR(big, want, "format of a %d-digit hundredths string", HUNDREDTHS_MAX - 1);
}

int main(void)
{
	rng_state = 0x9E3779B97F4A7C15ULL;
	test_dec_from_double();
	test_mean();
	test_order();
	test_merge();
	test_share();
	test_int_mean();
	test_cmp();
	test_format();
	return tap_done();
}
