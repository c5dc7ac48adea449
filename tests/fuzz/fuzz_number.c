/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: number.c against strtod and jansson.
 *
 * Input: any bytes, taken as one candidate JSON number token.  Checks:
 *   - num_parse accepts exactly what jansson accepts as a lone number
 *     (JSON_DECODE_ANY), except values beyond a double, which jansson
 *     refuses and number.c reads (num_value_problem names them);
 *   - a value kept exactly (at most 19 significant digits) is the value
 *     written: its text from dec_text reads back, through strtod, as the
 *     same double as the token itself, and through num_parse as the same
 *     decimal (dec_cmp);
 *   - num_to_int64 agrees with the exact value: an integral one in 64 bits
 *     prints as the same double, a fraction is not integral;
 *   - num_scan (its short path for the common numbers) reads every prefix
 *     token exactly as num_scan_general, digit by digit, does.
 * Any difference aborts with the token on stderr. */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "number.h"

__attribute__((noreturn)) static void fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "number mismatch: %s\ntoken (%zu bytes): %.*s\n", what, size,
		(int)(size > 200 ? 200 : size), (const char *)data);
	abort();
}

static bool same_num(const num *a, const num *b)
{
	return a->neg == b->neg && a->plain_int == b->plain_int && a->has_exp == b->has_exp &&
	       a->lost == b->lost && a->coef == b->coef && a->digits == b->digits &&
	       a->exp == b->exp && a->magnitude == b->magnitude;
}

/* num_scan against num_scan_general on the token at the start of [t, t + size). */
static void short_path(const char *t, size_t size, const uint8_t *data)
{
	num a, b;
	size_t la = num_scan(t, t + size, &a), lb = num_scan_general(t, t + size, &b);
	if (la != lb || (la && !same_num(&a, &b)))
		fail("num_scan differs from num_scan_general", data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 400)
		return 0;
	const char *t = (const char *)data;
	short_path(t, size, data);
	if (memchr(data, '\0', size))
		return 0;
	num n;
	bool ours = num_parse(t, size, &n);
	json_error_t err;
	json_t *j = json_loadb(t, size, JSON_DECODE_ANY, &err);
	bool theirs = json_is_number(j);
	/* beyond a double, or an integer beyond 64 bits (jansson's int) */
	bool overflow = !j && json_error_code(&err) == json_error_numeric_overflow;
	/* jansson skips white space around a value; number.c reads the token only */
	bool padded = size && (strchr(" \t\r\n", t[0]) || strchr(" \t\r\n", t[size - 1]));
	if (ours && !theirs && !overflow)
		fail("number.c accepts what jansson refuses", data, size);
	if (theirs && !ours && !padded)
		fail("jansson accepts a number number.c refuses", data, size);
	json_decref(j);
	if (!ours || num_value_problem(&n))
		return 0;
	char buf[size + 64], text[400];
	memcpy(buf, t, size);
	buf[size] = '\0';
	dec d = num_dec(&n);
	dec_text(d, text, sizeof text);
	double a = strtod(buf, NULL), b = strtod(text, NULL);
	if (!(a == b || (isinf(a) && isinf(b))))
		fail("dec_text does not read back as the token's double", data, size);
	num back;
	if (!num_parse(text, strlen(text), &back) || back.lost || dec_cmp(num_dec(&back), d) != 0)
		fail("dec_text does not read back as the same decimal", data, size);
	int64_t v;
	switch (num_to_int64(&n, &v)) {
	case NUM_INT_OK:
		if ((double)v != a)
			fail("num_to_int64 differs from the value", data, size);
		break;
	case NUM_INT_FRACTION:
		if (d.coef && d.exp >= 0)
			fail("an integral value called a fraction", data, size);
		break;
	case NUM_INT_RANGE:
		if (fabs(a) < 9.2e18)
			fail("an integer in 64 bits called out of range", data, size);
		break;
	}
	return 0;
}
