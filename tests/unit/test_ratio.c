/* SPDX-License-Identifier: MIT */
/* Unit tests for ratio.c: rounded 128-bit quotients, exact comparisons,
 * indexes of exact sums.  TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "ratio.h"

static const char *hundredths(unsigned __int128 num, unsigned __int128 den)
{
	static char out[RATIO_HUNDREDTHS_MAX];
	ratio_hundredths(num, den, out);
	return out;
}

static void test_hundredths(void)
{
	CHECK_STR(hundredths(5, 2), "250", "5/2 = 2.50");
	CHECK_STR(hundredths(30, 32), "94", "30/32 = 0.9375 -> 0.94");
	CHECK_STR(hundredths(50, 48), "104", "50/48 = 1.0416... -> 1.04");
	CHECK_STR(hundredths(10, 6), "167", "10/6 = 1.666... -> 1.67");
	CHECK_STR(hundredths(9, 8), "113", "9/8 = 1.125 -> 1.13 (half away from zero)");
	CHECK_STR(hundredths(1, 200), "1", "0.005 -> 0.01");
	CHECK_STR(hundredths(1, 201), "0", "0.004975... -> 0.0");
	CHECK_STR(hundredths(0, 7), "0", "0");
	/* numerator and denominator near 2^128: no overflow on the way */
	unsigned __int128 big = ~(unsigned __int128)0;
	CHECK_STR(hundredths(big, big), "100", "(2^128-1)/(2^128-1) = 1");
	CHECK_STR(hundredths(big - 1, big), "100", "just below 1 -> 1.0");
	CHECK_STR(hundredths(big / 2, big), "50", "(2^127-1)/(2^128-1) just below a half -> 0.5");
	CHECK_STR(hundredths(big / 200, big), "0", "just below 0.005 -> 0.0");
	CHECK_STR(hundredths(big / 200 + 1, big), "1", "just above 0.005 -> 0.01");
	uint64_t m = UINT64_MAX;
	CHECK_STR(hundredths((unsigned __int128)m * m, m), "1844674407370955161500",
		  "(2^64-1)^2 / (2^64-1): a lift of N with N near 2^64");
}

static void test_cmp(void)
{
	CHECK(ratio_cmp(3, 3, 2, 2) == 0, "3/3 = 2/2");
	CHECK(ratio_cmp(1, 3, 33333, 100000) > 0, "1/3 > 0.33333");
	CHECK(ratio_cmp(UINT64_MAX - 1, UINT64_MAX, UINT64_MAX - 2, UINT64_MAX - 1) > 0,
	      "(m-1)/m > (m-2)/(m-1) near 2^64, where doubles see equality");
	CHECK((double)(UINT64_MAX - 1) / (double)UINT64_MAX ==
		      (double)(UINT64_MAX - 2) / (double)(UINT64_MAX - 1),
	      "(the same two fractions are equal as doubles)");
}

/* The xsum of a decimal text ("-12.5" -> magnitude, *neg). */
static void sum_of(const char *text, xsum *s, bool *neg)
{
	xsum_clear(s);
	*neg = text[0] == '-';
	double d = strtod(text + *neg, NULL);
	xsum_add(s, dec_from_double(d));
}

static const char *index_of(const char *part, uint64_t n_part, const char *whole, uint64_t n_whole)
{
	static char out[HUNDREDTHS_MAX + 2];
	xsum p, w;
	bool pn, wn;
	sum_of(part, &p, &pn);
	sum_of(whole, &w, &wn);
	if (!ratio_index(&p, pn, n_part, &w, wn, n_whole, out))
		return "null";
	return out;
}

static void test_index(void)
{
	CHECK_STR(index_of("180", 4, "260", 10), "17308", "100 * 45 / 26 = 173.0769... -> 173.08");
	CHECK_STR(index_of("80", 6, "260", 10), "5128", "100 * 13.33... / 26 -> 51.28");
	CHECK_STR(index_of("-3", 4, "6", 10), "-12500", "100 * -0.75 / 0.6 = -125.00");
	CHECK_STR(index_of("9", 6, "6", 10), "25000", "100 * 1.5 / 0.6 = 250.00");
	CHECK_STR(index_of("0", 6, "6", 10), "0", "a zero mean: 0, never -0");
	CHECK_STR(index_of("-0", 6, "-6", 10), "0", "0 / negative: 0, never -0");
	CHECK_STR(index_of("3", 1, "0", 10), "null", "population mean 0: no index");
	CHECK_STR(index_of("-2", 1, "-4", 2), "10000", "negative over negative: positive");
	CHECK_STR(index_of("1.00125", 1, "1", 1), "10013", "100.125 -> 100.13 (half away from zero)");
	CHECK_STR(index_of("-1.00125", 1, "1", 1), "-10013", "-100.125 -> -100.13");
	CHECK_STR(index_of("1.00124999", 1, "1", 1), "10012", "100.124999 -> 100.12");
	/* sums hundreds of digits apart, through the wide arithmetic */
	CHECK_STR(index_of("1e300", 1, "1e298", 1), "1000000", "1e300 / 1e298 = 100 -> 10000.00");
	CHECK_STR(index_of("1e-300", 1, "4e-300", 1), "2500", "1e-300 / 4e-300 -> 25.00");
	CHECK_STR(index_of("1e20", 1, "1e-20", 1),
		  "1" "00000000000000000000000000000000000000000000",
		  "1e20 / 1e-20 * 100 = 1e42 (a quotient past 128 bits)");
	/* 12345678901234567 reads as the double 12345678901234568 */
	CHECK_STR(index_of("12345678901234567", 3, "0.1", 7), "2880658410288065866667",
		  "12345678901234568 / 3 / (0.1 / 7) * 100 = 28806584102880658666.666... -> .67");
}

int main(void)
{
	test_hundredths();
	test_cmp();
	test_index();
	return tap_done();
}
