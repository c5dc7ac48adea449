/* SPDX-License-Identifier: MIT */
/* number: exact reading of JSON number tokens. */
#include "number.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits so far: coef holds the significant ones, zeros counts the zeros
 * read after its last digit (not yet multiplied in), sig every digit from the
 * first nonzero one on. */
typedef struct digits_acc {
	uint64_t coef;
	int nd;
	long zeros;
	long sig;
	bool lost;
} digits_acc;

static inline void take_digit(digits_acc *a, int d)
{
	if (a->nd == 0 && d == 0)
		return; /* a leading zero */
	a->sig++;
	if (d == 0) {
		a->zeros++;
		return;
	}
	if (a->nd + a->zeros + 1 > NUM_MAX_DIGITS) {
		a->lost = true;
		a->zeros++; /* keeps the position of the last digit counted */
		return;
	}
	for (long i = 0; i < a->zeros; i++)
		a->coef *= 10;
	a->coef = a->coef * 10 + (uint64_t)d;
	a->nd += (int)a->zeros + 1;
	a->zeros = 0;
}

/* Exponents beyond +-NUM_EXP_CLAMP are taken as that bound: such a number
 * is out of range, or far below any digit a figure keeps (and the text
 * dec_text writes for it reads back the same). */
static long clamp(long x)
{
	return x > NUM_EXP_CLAMP ? NUM_EXP_CLAMP : x < -NUM_EXP_CLAMP ? -NUM_EXP_CLAMP : x;
}

/* The number as most are written (num_scan_short) as a num; 0 for anything
 * else, which num_scan_general reads. */
static size_t scan_short(const char *p, const char *end, num *out)
{
	num_short s;
	size_t n = num_scan_short(p, end, &s);
	if (!n)
		return 0;
	*out = (num){.neg = s.neg, .plain_int = !s.point};
	if (s.v) {
		long zeros = 0;
		for (; s.v % 10 == 0; s.v /= 10)
			zeros++;
		out->coef = s.v;
		out->digits = (int)(s.sig - zeros);
		out->exp = zeros - s.frac;
		out->magnitude = s.sig - s.frac;
	}
	return n;
}

size_t num_scan(const char *p, const char *end, num *out)
{
	size_t n = scan_short(p, end, out);
	return n ? n : num_scan_general(p, end, out);
}

size_t num_scan_general(const char *p, const char *end, num *out)
{
	const char *b = p;
	digits_acc a = {0};
	long frac = 0;
	memset(out, 0, sizeof *out);
	if (p < end && *p == '-') {
		out->neg = true;
		p++;
	}
	if (p >= end || !is_digit(*p))
		return 0;
	if (*p == '0') {
		p++;
		if (p < end && is_digit(*p))
			return 0; /* a leading zero: not a JSON number */
	} else {
		while (p < end && is_digit(*p))
			take_digit(&a, *p++ - '0');
	}
	out->plain_int = true;
	if (p < end && *p == '.') {
		out->plain_int = false;
		p++;
		if (p >= end || !is_digit(*p))
			return 0;
		while (p < end && is_digit(*p)) {
			take_digit(&a, *p++ - '0');
			frac++;
		}
	}
	long e = 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		out->plain_int = false;
		out->has_exp = true;
		p++;
		bool eneg = false;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || !is_digit(*p))
			return 0;
		while (p < end && is_digit(*p)) {
			if (e < 10L * NUM_EXP_CLAMP)
				e = e * 10 + (*p - '0');
			p++;
		}
		if (eneg)
			e = -e;
	}
	out->coef = a.coef;
	out->digits = a.nd;
	out->lost = a.lost;
	if (a.coef) {
		out->exp = clamp(a.zeros - frac + e);
		out->magnitude = clamp(a.sig - frac + e);
	}
	return (size_t)(p - b);
}

bool num_parse(const char *p, size_t n, num *out)
{
	return n > 0 && num_scan(p, p + n, out) == n;
}

num_int num_to_int64(const num *n, int64_t *out)
{
	*out = 0;
	if (n->coef == 0)
		return NUM_INT_OK; /* 0, -0, 0.0e5 */
	if (n->magnitude > NUM_MAX_DIGITS)
		return NUM_INT_RANGE;
	if (n->lost || n->exp < 0)
		return NUM_INT_FRACTION; /* trailing zeros were dropped: a real fraction */
	unsigned __int128 v = n->coef;
	for (long i = 0; i < n->exp; i++)
		v *= 10;
	unsigned __int128 limit = (unsigned __int128)INT64_MAX + (n->neg ? 1 : 0);
	if (v > limit)
		return NUM_INT_RANGE;
	*out = n->neg ? (int64_t)(0 - (uint64_t)v) : (int64_t)v;
	return NUM_INT_OK;
}

const char *num_value_problem(const num *n)
{
	if (n->lost)
		return "more than 19 significant digits (segprof computes on the number as written and keeps 19)";
	if (n->magnitude > 309)
		return "out of range (beyond a double)";
	return NULL;
}

bool num_integral_text(const char *s, size_t n, char *out, size_t *out_len)
{
	num x;
	int64_t v;
	if (n == 0 || !(s[0] == '-' || is_digit(s[0])) || !num_parse(s, n, &x) ||
	    num_to_int64(&x, &v) != NUM_INT_OK)
		return false;
	/* (0e5 is more likely a hexadecimal id than a zero) */
	if ((x.plain_int && !(x.neg && v == 0)) || (v == 0 && x.has_exp))
		return false;
	*out_len = (size_t)snprintf(out, 24, "%" PRId64, v);
	return true;
}

static const char *const NONFINITE[] = {"-Infinity", "Infinity", "NaN"};

size_t num_nonfinite_token(const char *p, const char *end)
{
	for (size_t i = 0; i < sizeof NONFINITE / sizeof *NONFINITE; i++) {
		size_t l = strlen(NONFINITE[i]);
		if ((size_t)(end - p) >= l && memcmp(p, NONFINITE[i], l) == 0)
			return l;
	}
	return 0;
}

const char *num_nonfinite_message(const char *p, size_t len)
{
	if (len == 3)
		return "NaN is not a JSON number (pandas and Python's json write it for a "
		       "missing value: write null, or leave the record out)";
	if (len == 8)
		return "Infinity is not a JSON number (Python's json writes it for an "
		       "infinite float; segprof reads finite decimals only)";
	(void)p;
	return "-Infinity is not a JSON number (Python's json writes it for an "
	       "infinite float; segprof reads finite decimals only)";
}
