/* SPDX-License-Identifier: MIT */
/* Unit tests for number.c: JSON number tokens read exactly, integral reals,
 * CSV ids written as floats, the NaN/Infinity tokens.  TAP output. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "tap.h"

/* token -> "coefEexp" (or "lost", or "-" when not a number) */
static void show(const char *tok, char *out, size_t size)
{
	num n;
	if (!num_parse(tok, strlen(tok), &n)) {
		snprintf(out, size, "-");
		return;
	}
	if (n.lost) {
		snprintf(out, size, "lost m%ld", n.magnitude);
		return;
	}
	snprintf(out, size, "%s%" PRIu64 "E%ld m%ld", n.neg ? "-" : "", n.coef, n.exp, n.magnitude);
}

static const char *int_text(const char *tok)
{
	static char buf[64];
	num n;
	int64_t v;
	if (!num_parse(tok, strlen(tok), &n))
		return "not a number";
	switch (num_to_int64(&n, &v)) {
	case NUM_INT_OK:
		snprintf(buf, sizeof buf, "%" PRId64, v);
		return buf;
	case NUM_INT_FRACTION:
		return "fraction";
	default:
		return "range";
	}
}

static dec parse_dec(const char *tok)
{
	num n;
	if (!num_parse(tok, strlen(tok), &n))
		return DEC_NONE;
	return num_dec(&n);
}

static int cmp_dec(const void *a, const void *b)
{
	return dec_cmp(*(const dec *)a, *(const dec *)b);
}

/* A random decimal: mostly money (narrow in a dlist), some 17-digit and
 * tiny or huge values (wide), some negative. */
static dec random_dec(void)
{
	uint64_t r = rng();
	switch (r % 5) {
	case 0: return (dec){rng() % 100000, -2, false};
	case 1: return (dec){rng() % 100000000000000000ULL, -(int)(rng() % 20), r & 64};
	case 2: return (dec){rng() % 1000, (int)(rng() % 600) - 300, r & 64};
	case 3: return (dec){rng() % 10, 0, false};
	default: return (dec){(rng() % 5000) * 1000, -5, r & 64};
	}
}

static void test_decimals(void)
{
	static const struct { const char *a, *b; int want; } cmp[] = {
		{"1.0049999999999999", "1.005", -1}, {"9007199254740993", "9007199254740992", 1},
		{"0", "-0", 0}, {"-1", "0", -1}, {"-2", "-1", -1}, {"1.50", "1.5", 0},
		{"1e300", "9.999999999999999999e299", 1}, {"1e-400", "0", 1}, {"-1e-400", "0", -1},
		{"100", "1e2", 0}, {"9999999999999999999", "1e19", -1},
	};
	for (size_t i = 0; i < sizeof cmp / sizeof *cmp; i++) {
		int c = dec_cmp(parse_dec(cmp[i].a), parse_dec(cmp[i].b));
		c = (c > 0) - (c < 0);
		CHECK(c == cmp[i].want, "dec_cmp(%s, %s) = %d", cmp[i].a, cmp[i].b, cmp[i].want);
	}
	static const struct { const char *tok, *want; } text[] = {
		{"1.0049999999999999", "1.0049999999999999"}, {"9007199254740993", "9007199254740993.0"},
		{"0.30000000000000004", "0.30000000000000004"}, {"-2.550", "-2.55"}, {"-0.0", "0.0"},
		{"1200", "1200.0"}, {"0.05", "0.05"}, {"1e-400", "1e-400"},
		{"1e20", "100000000000000000000.0"},
	};
	char buf[400], small[48];
	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		dec_text(parse_dec(text[i].tok), buf, sizeof buf);
		CHECK_STR(buf, text[i].want, "dec_text(%s)", text[i].tok);
	}
	dec_text(parse_dec("12e300"), small, sizeof small);
	CHECK_STR(small, "12e300", "dec_text(12e300) in 48 bytes: exponent form");
	dec_text(parse_dec("1e-400"), buf, sizeof buf);
	num back;
	CHECK(num_parse(buf, strlen(buf), &back) && dec_cmp(num_dec(&back), parse_dec("1e-400")) == 0,
	      "dec_text(1e-400) reads back");

	/* dlist: values come back exactly, select agrees with a sort */
	rng_state = 20261130;
	for (int round = 0; round < 200; round++) {
		dlist l = {0}, l2 = {0};
		size_t n = 1 + rng() % 60;
		dec v[128];
		bool ok = true;
		for (size_t i = 0; i < n; i++) {
			v[i] = random_dec();
			if (i % 2 == 0)
				ok &= dlist_push(&l, v[i]);
			else
				ok &= dlist_push(&l2, v[i]);
		}
		ok &= dlist_append(&l, &l2);
		/* l holds the even ones, then the odd ones */
		dec order[128];
		size_t m = 0;
		for (size_t i = 0; i < n; i += 2)
			order[m++] = v[i];
		for (size_t i = 1; i < n; i += 2)
			order[m++] = v[i];
		for (size_t i = 0; i < n; i++)
			ok &= dec_cmp(dlist_get(&l, i), order[i]) == 0;
		qsort(order, n, sizeof *order, cmp_dec);
		size_t k = rng() % n;
		dec below = DEC_NONE;
		dec kth = dlist_select(&l, k, &below);
		ok &= dec_cmp(kth, order[k]) == 0;
		if (k > 0)
			ok &= dec_cmp(below, order[k - 1]) == 0;
		if (!ok) {
			CHECK(false, "dlist round %d (n %zu, k %zu)", round, n, k);
			dlist_fini(&l);
			dlist_fini(&l2);
			return;
		}
		dlist_fini(&l);
		dlist_fini(&l2);
	}
	CHECK(true, "dlist: 200 random lists read back, select = sort, append re-indexes");
}

/* The list that must come back from l: n values, in order, and select
 * agreeing with a sort; false (after a message) when it does not. */
static bool dlist_holds(dlist *l, const dec *want, size_t n, const char *what)
{
	bool ok = l->n == n;
	for (size_t i = 0; ok && i < n; i++) {
		dec got = dlist_get(l, i);
		ok = dec_is_none(want[i]) ? dec_is_none(got) : dec_cmp(got, want[i]) == 0;
	}
	if (!ok) {
		CHECK(false, "%s: values read back", what);
		return false;
	}
	return true;
}

/* dlist_select's k-th and the one below against qsort, on a copy of want
 * (no DEC_NONE in it). */
static bool dlist_selects(dlist *l, const dec *want, size_t n, size_t k, const char *what)
{
	dec *sorted = malloc(n * sizeof *sorted);
	memcpy(sorted, want, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_dec);
	dec below = DEC_NONE;
	dec kth = dlist_select(l, k, &below);
	bool ok = dec_cmp(kth, sorted[k]) == 0 && (k == 0 || dec_cmp(below, sorted[k - 1]) == 0);
	free(sorted);
	CHECK(ok, "%s: select(%zu) = sort", what, k);
	return ok;
}

/* A list of whole hundredths keeps 4-byte words; the first value that is
 * not one widens it once, to 8-byte words, every value kept exact; append
 * mixes the two sizes either way round.  Lists long enough to leave the
 * heap (big_grow's own mapping) and widen there. */
static void test_dlist_widening(void)
{
	enum { N = 200000 };
	dec *v = malloc((N + 8) * sizeof *v);
	rng_state = 77;
	for (size_t i = 0; i < N; i++) {
		switch (rng() % 4) {
		case 0: v[i] = (dec){rng() % 10000000, -2, false}; break;       /* money */
		case 1: v[i] = (dec){(rng() % 1000) * 1000, -5, rng() & 1}; break; /* 1.230 */
		case 2: v[i] = (dec){rng() % 400, 0, rng() & 1}; break;          /* days */
		default: v[i] = (dec){rng() % 20, 5, false}; break;              /* 2e6 */
		}
	}
	/* the largest magnitude that stays narrow, both signs */
	v[7] = (dec){2147483646, -2, false};
	v[8] = (dec){2147483646, -2, true};
	dlist l = {0};
	bool ok = true;
	for (size_t i = 0; i < N; i++)
		ok &= dlist_push(&l, v[i]);
	CHECK(ok && !l.words64, "dlist: %d whole hundredths stay in 4-byte words", N);
	if (!dlist_holds(&l, v, N, "narrow"))
		goto out;
	/* a value narrow words cannot hold: the list widens, nothing changes */
	static const char *const widening[] = {"21474836.47", "-21474836.47", "427.675",
					       "0.001", "1e-400", "123456789012345678"};
	dec head[1001];
	memcpy(head, v, 1000 * sizeof *v);
	for (size_t w = 0; w < sizeof widening / sizeof *widening; w++) {
		dlist x = {0};
		ok = true;
		for (size_t i = 0; i < 1000; i++)
			ok &= dlist_push(&x, head[i]);
		head[1000] = parse_dec(widening[w]);
		ok &= dlist_push(&x, head[1000]);
		CHECK(ok && x.words64, "dlist: %s widens the list", widening[w]);
		if (dlist_holds(&x, head, 1001, widening[w]))
			dlist_selects(&x, head, 1001, 500, widening[w]);
		dlist_fini(&x);
	}
	/* DEC_NONE stays narrow and comes back */
	dlist none = {0};
	dec nv[3] = {DEC_NONE, parse_dec("-0.01"), DEC_NONE};
	for (size_t i = 0; i < 3; i++)
		dlist_push(&none, nv[i]);
	CHECK(!none.words64, "dlist: no value and -0.01 stay narrow");
	dlist_holds(&none, nv, 3, "no value");
	dlist_fini(&none);
	/* append: narrow onto wide, wide onto narrow */
	dlist wide = {0}, narrow = {0};
	ok = dlist_push(&wide, parse_dec("0.001"));
	for (size_t i = 0; i < 1000; i++)
		ok &= dlist_push(&narrow, v[i]);
	ok &= dlist_append(&wide, &narrow) && dlist_append(&narrow, &wide);
	dec *both = malloc(2001 * sizeof *both);
	both[1000] = parse_dec("0.001");
	for (size_t i = 0; i < 1000; i++)
		both[i] = both[1001 + i] = v[i];
	CHECK(ok && wide.words64 && narrow.words64, "dlist: append widens the narrow side");
	/* narrow: v[0..1000), then wide's 0.001 and v[0..1000) */
	if (dlist_holds(&narrow, both, 2001, "append"))
		dlist_selects(&narrow, both, 2001, 1000, "append");
	free(both);
	dlist_fini(&wide);
	dlist_fini(&narrow);
	/* the long list widened in its own mapping, then selected */
	v[N] = parse_dec("1.005");
	ok = dlist_push(&l, v[N]);
	CHECK(ok && l.words64, "dlist: %d values widen in place", N + 1);
	if (dlist_holds(&l, v, N + 1, "widened"))
		dlist_selects(&l, v, N + 1, N / 2, "widened");
out:
	dlist_fini(&l);
	free(v);
}

/* num_scan's short path for the common numbers against num_scan_general:
 * random tokens of digits, signs, points and exponents (most valid, some
 * not), each read as a prefix of the buffer. */
static void test_short_path(void)
{
	static const char alphabet[] = "0123456789000-.eE+ ,]";
	char buf[40];
	bool ok = true;
	rng_state = 0xC0FFEE;
	for (int round = 0; round < 200000 && ok; round++) {
		size_t n = 1 + rng() % 24;
		for (size_t i = 0; i < n; i++)
			buf[i] = rng() % 4 ? (char)('0' + rng() % 10) : alphabet[rng() % (sizeof alphabet - 1)];
		num a, b;
		size_t la = num_scan(buf, buf + n, &a), lb = num_scan_general(buf, buf + n, &b);
		ok = la == lb && (!la || (a.neg == b.neg && a.plain_int == b.plain_int &&
					  a.has_exp == b.has_exp && a.lost == b.lost &&
					  a.coef == b.coef && a.digits == b.digits &&
					  a.exp == b.exp && a.magnitude == b.magnitude));
		num_short sh;
		size_t ls = num_scan_short(buf, buf + n, &sh);
		if (ok && ls) { /* the short reading, where it answers, is the same too */
			dec x = num_short_dec(&sh), y = num_dec(&b);
			ok = ls == lb && x.coef == y.coef && x.exp == y.exp && x.neg == y.neg &&
			     sh.point == !b.plain_int && sh.neg == b.neg;
		}
		if (!ok)
			printf("#   \"%.*s\": num_scan %zu, num_scan_general %zu, short %zu\n", (int)n, buf,
			       la, lb, ls);
	}
	CHECK(ok, "num_scan and num_scan_short read 200000 random tokens as num_scan_general does");
}

/* A decimal for a long list: money with few distinct values, spread
 * money, far outliers (beyond 4-byte words, with n_beyond), all one value,
 * millionths, values at the edge of 8-byte words, any. */
static dec list_dec(int shape, size_t i, bool n_beyond)
{
	switch (shape) {
	case 0: return (dec){rng() % 50, -1, false};
	case 1: return (dec){rng() % 100000000, -2, false};
	case 2: /* the far ends of 4-byte words, and one beyond them */
		return i == 7 || i == 11 ? (dec){2147483646, -2, i == 11}
		       : i == 13 && n_beyond ? (dec){1, 15, false}
					     : (dec){rng() % 1000, -2, false};
	case 3: return (dec){4275, -2, false};
	case 4: return (dec){rng() % 1000, -6, rng() & 1};
	case 5: return (dec){(uint64_t)1 << 61, -6, rng() & 1}; /* (the largest packed) */
	default: return random_dec();
	}
}

/* dlist_select on lists long enough to count bits (and on the rest)
 * against dlist_select_by_compare and against a sort, for every k tried. */
static void test_long_select(void)
{
	rng_state = 0x5E1EC7;
	bool ok = true;
	int round = 0;
	for (; round < 140 && ok; round++) {
		int shape = round % 7;
		size_t n = 1 + rng() % 4000;
		dlist a = {0}, b = {0};
		dec *v = malloc(n * sizeof *v);
		ok = v != NULL;
		for (size_t i = 0; ok && i < n; i++) {
			v[i] = list_dec(shape, i, round % 2);
			ok = dlist_push(&a, v[i]) && dlist_push(&b, v[i]);
		}
		if (ok)
			qsort(v, n, sizeof *v, cmp_dec);
		for (int t = 0; ok && t < 3; t++) {
			size_t k = t == 0 ? 0 : t == 1 ? n / 2 : rng() % n;
			dec below = DEC_NONE, below2 = DEC_NONE;
			dec x = dlist_select(&a, k, &below), y = dlist_select_by_compare(&b, k, &below2);
			ok = dec_cmp(x, v[k]) == 0 && dec_cmp(y, v[k]) == 0;
			if (k > 0)
				ok = ok && dec_cmp(below, v[k - 1]) == 0 && dec_cmp(below2, v[k - 1]) == 0;
			if (ok && dec_cmp(dlist_select(&a, k, NULL), v[k]) != 0)
				ok = false;
		}
		if (!ok)
			printf("# shape %d, n %zu\n", shape, n);
		free(v);
		dlist_fini(&a);
		dlist_fini(&b);
	}
	CHECK(ok, "dlist_select = dlist_select_by_compare = sort on %d lists of up to 4000", round);
}

int main(void)
{
	test_decimals();
	test_dlist_widening();
	test_short_path();
	test_long_select();
	static const struct { const char *tok, *want; } exact[] = {
		{"0", "0E0 m0"}, {"-0", "-0E0 m0"}, {"0.000", "0E0 m0"},
		{"1.0049999999999999", "10049999999999999E-16 m1"},
		{"0.30000000000000004", "30000000000000004E-17 m0"},
		{"9007199254740993", "9007199254740993E0 m16"},
		{"9007199254740993.0", "9007199254740993E0 m16"},
		{"9007199254740993e0", "9007199254740993E0 m16"},
		{"4120.75", "412075E-2 m4"}, {"0.05", "5E-2 m-1"}, {"1200", "12E2 m4"},
		{"1e3", "1E3 m4"}, {"12.5E-1", "125E-2 m1"},
		{"1.50000000000000000000000000", "15E-1 m1"},
		{"1234567890123456789", "1234567890123456789E0 m19"},
		{"12345678901234567891", "lost m20"},
		{"0.12345678901234567891", "lost m0"},
		{"100000000000000000000000", "1E23 m24"},
		{"936.9e-99999999999978", "9369E-1000000 m-1000000"}, {"1e99999999999", "1E1000000 m1000000"},
		{"01", "-"}, {"1.", "-"}, {".5", "-"}, {"1e", "-"}, {"+1", "-"}, {"--1", "-"},
		{"1.5x", "-"}, {"", "-"}, {"NaN", "-"},
	};
	char got[64];
	for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
		show(exact[i].tok, got, sizeof got);
		CHECK_STR(got, exact[i].want, "num_parse(\"%s\")", exact[i].tok);
	}

	static const struct { const char *tok, *want; } ints[] = {
		{"12346.0", "12346"}, {"1.2346e4", "12346"}, {"1e3", "1000"}, {"-0.0", "0"},
		{"9223372036854775807.0", "9223372036854775807"},
		{"922337203685477580.7e1", "9223372036854775807"},
		{"9223372036854775808.0", "range"}, {"-9223372036854775808.0", "-9223372036854775808"},
		{"-9223372036854775809", "range"}, {"1e19", "range"}, {"1e999999999999", "range"},
		{"1.5", "fraction"}, {"1e-1", "fraction"}, {"1234567890123456789.5", "fraction"},
		{"0e999", "0"}, {"1e-999999999999", "fraction"},
	};
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
		CHECK_STR(int_text(ints[i].tok), ints[i].want, "num_to_int64(\"%s\")", ints[i].tok);

	static const struct { const char *field, *want; } ids[] = {
		{"12346.0", "12346"}, {"1.7e1", "17"}, {"-0", "0"}, {"-0.0", "0"},
		{"12346", "(as written)"}, {"007", "(as written)"}, {"0e5", "(as written)"},
		{"12346.5", "(as written)"}, {"1e30", "(as written)"}, {"C9", "(as written)"},
		{"8d50f5ea", "(as written)"}, {"", "(as written)"},
	};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		char out[24];
		size_t len;
		bool conv = num_integral_text(ids[i].field, strlen(ids[i].field), out, &len);
		CHECK_STR(conv ? out : "(as written)", ids[i].want, "num_integral_text(\"%s\")",
			  ids[i].field);
	}

	static const struct { const char *text; size_t want; } nf[] = {
		{"NaN,", 3}, {"Infinity}", 8}, {"-Infinity", 9}, {"-1", 0}, {"nan", 0}, {"Inf", 0},
	};
	for (size_t i = 0; i < sizeof nf / sizeof *nf; i++) {
		const char *t = nf[i].text;
		size_t got_len = num_nonfinite_token(t, t + strlen(t));
		CHECK(got_len == nf[i].want, "num_nonfinite_token(\"%s\") = %zu", t, got_len);
	}
	return tap_done();
}
