/* SPDX-License-Identifier: MIT */
/* Unit tests for utf8.c: strict validation and display width.
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"



static void valid(const char *s, size_t len, const char *desc)
{
	size_t bad = 12345;
	bool ok = utf8_valid(s, len, &bad);
	CHECK(ok, "valid: %s", desc);
	if (!ok)
		printf("#   rejected at %zu\n", bad);
}

static void invalid(const char *s, size_t len, size_t want_bad, const char *desc)
{
	size_t bad = 12345;
	bool ok = utf8_valid(s, len, &bad);
	CHECK(!ok && bad == want_bad, "invalid at %zu: %s", want_bad, desc);
	if (ok)
		printf("#   accepted\n");
	else if (bad != want_bad)
		printf("#   bad offset %zu\n", bad);
}

#define V(lit, desc) valid(lit, sizeof lit - 1, desc)
#define I(lit, at, desc) invalid(lit, sizeof lit - 1, at, desc)

static size_t enc(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

static void test_valid(void)
{
	V("", "empty");
	V("hello, world", "ASCII");
	V("\x01\x7f", "ASCII controls and DEL");
	valid("a\0b", 3, "embedded NUL");
	V("caf\xc3\xa9", "caf\xc3\xa9");
	V("\xd0\xb1\xd1\x80\xd1\x8e\xd0\xba\xd0\xb8", "\xd0\xb1\xd1\x80\xd1\x8e\xd0\xba\xd0\xb8");
	V("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");
	V("\xf0\x9f\x98\x80", "4-byte emoji U+1F600");
	V("\xc2\x80", "U+0080, smallest 2-byte");
	V("\xdf\xbf", "U+07FF, largest 2-byte");
	V("\xe0\xa0\x80", "U+0800, smallest 3-byte");
	V("\xed\x9f\xbf", "U+D7FF, below the surrogates");
	V("\xee\x80\x80", "U+E000, above the surrogates");
	V("\xef\xbf\xbf", "U+FFFF");
	V("\xef\xbb\xbf", "U+FEFF BOM");
	V("\xf0\x90\x80\x80", "U+10000, smallest 4-byte");
	V("\xf4\x8f\xbf\xbf", "U+10FFFF, largest");

	/* Every scalar value round-trips through our encoder and is accepted;
	 * every surrogate is rejected. */
	int bad_scalars = 0, bad_surrogates = 0;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char b[4];
		size_t n = enc(cp, b), at = 99;
		bool ok = utf8_valid(b, n, &at);
		if (cp >= 0xD800 && cp <= 0xDFFF)
			bad_surrogates += ok || at != 0;
		else
			bad_scalars += !ok;
	}
	CHECK(bad_scalars == 0, "all 1112064 scalar values accepted (%d rejected)", bad_scalars);
	CHECK(bad_surrogates == 0, "all 2048 surrogates rejected at 0 (%d wrong)", bad_surrogates);
}

static void test_invalid(void)
{
	I("\xc0\xaf", 0, "overlong C0 AF");
	I("\xc1\xbf", 0, "overlong C1 BF");
	I("\xe0\x80\xaf", 0, "overlong E0 80 AF");
	I("\xe0\x9f\xbf", 0, "overlong E0 9F BF (U+07FF)");
	I("\xf0\x80\x80\xaf", 0, "overlong F0 80 80 AF");
	I("\xf0\x8f\xbf\xbf", 0, "overlong F0 8F BF BF (U+FFFF)");
	I("\xed\xa0\x80", 0, "surrogate ED A0 80 (U+D800)");
	I("\xed\xbf\xbf", 0, "surrogate ED BF BF (U+DFFF)");
	I("\xed\xa0\xbd\xed\xb8\x80", 0, "CESU-8 surrogate pair");
	I("\xf4\x90\x80\x80", 0, "F4 90 80 80 (U+110000)");
	I("\xf5\x80\x80\x80", 0, "F5 lead byte");
	I("\xf7\xbf\xbf\xbf", 0, "F7 lead byte");
	I("\xf8\x88\x80\x80\x80", 0, "5-byte form");
	I("\xfc\x84\x80\x80\x80\x80", 0, "6-byte form");
	I("\xfe", 0, "FE");
	I("\xff", 0, "FF");
	I("\x80", 0, "lone continuation 80");
	I("\xbf", 0, "lone continuation BF");
	I("abc\x80", 3, "lone continuation after ASCII");
	I("caf\xc3\xa9\xa9", 5, "continuation after a complete sequence");
	I("\xc3", 0, "truncated 2-byte at end");
	I("ab\xe2\x82", 2, "truncated 3-byte at end");
	I("abc\xf0\x9f\x98", 3, "truncated 4-byte at end");
	I("x\xc3(", 1, "2-byte lead followed by ASCII");
	I("xy\xe2\x82(z", 2, "3-byte sequence cut by ASCII");
	I("\xf0\x9f\x98\x80\xf0\x9f(\x80", 4, "4-byte sequence cut by ASCII after a valid emoji");
	I("\xe2\x82\xac\xe2\xc3\xa9", 3, "3-byte lead followed by a 2-byte lead");
	I("\xd0\xb1\xd1\x80\xd1\x8e\xd0\xba\xd0", 8, "Cyrillic cut in the last character");
	/* The length bounds the input: a valid sequence cut by len is invalid. */
	invalid("caf\xc3\xa9", 4, 3, "len cuts a 2-byte sequence");
	valid("caf\xc3\xa9\x80", 5, "len excludes a trailing bad byte");
	/* bad may be NULL. */
	CHECK(!utf8_valid("\xff", 1, NULL), "bad pointer may be NULL");
}

static void test_width(void)
{
	static const struct {
		const char *s;
		size_t w;
		const char *desc;
	} cases[] = {
		{"", 0, "empty"},
		{"abc", 3, "abc"},
		{"caf\xc3\xa9", 4, "caf\xc3\xa9 (precomposed)"},
		{"cafe\xcc\x81", 4, "cafe + U+0301 (combining)"},
		{"e\xcc\x81", 1, "e + U+0301"},
		{"\xd0\xb1\xd1\x80\xd1\x8e\xd0\xba\xd0\xb8", 5, "\xd0\xb1\xd1\x80\xd1\x8e\xd0\xba\xd0\xb8"},
		{"\xe6\x97\xa5\xe6\x9c\xac", 4, "\xe6\x97\xa5\xe6\x9c\xac"},
		{"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", 6, "Korean, 3 wide"},
		{"\xef\xbc\xa1", 2, "fullwidth A U+FF21"},
		{"\xf0\x9f\x98\x80", 2, "emoji U+1F600"},
		{"a\xe6\x97\xa5" "b", 4, "mixed ASCII and wide"},
		{"\xe2\x80\x8b", 0, "zero-width space"},
		{"\xc3\xa9t\xc3\xa9", 3, "\xc3\xa9t\xc3\xa9"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t w = utf8_width(cases[i].s, strlen(cases[i].s));
		CHECK(w == cases[i].w, "width %zu: %s", cases[i].w, cases[i].desc);
		if (w != cases[i].w)
			printf("#   got %zu\n", w);
	}
}

int main(void)
{
	test_valid();
	test_invalid();
	test_width();
	return tap_done();
}
