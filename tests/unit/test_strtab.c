/* SPDX-License-Identifier: MIT */
/* Unit tests for strtab.c: interning, lookup, binary keys, growth.
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "strtab.h"



static bool key_is(const strtab *t, uint32_t idx, const char *s, size_t len)
{
	strtab_key k = strtab_get(t, idx);
	return k.len == len && memcmp(k.s, s, len) == 0 && k.s[len] == '\0' &&
	       k.hash == strtab_hash(s, len);
}

static void test_basic(void)
{
	strtab t;
	strtab_init(&t);
	bool ins = false;
	CHECK(strtab_count(&t) == 0, "empty table has 0 keys");
	CHECK(strtab_find(&t, "a", 1) == -1, "find in a fresh table: -1");
	CHECK(strtab_find(&t, "", 0) == -1, "find empty key in a fresh table: -1");
	CHECK(strtab_intern(&t, "laptop", 6, &ins) == 0 && ins, "intern laptop -> 0, inserted");
	CHECK(strtab_intern(&t, "mouse", 5, &ins) == 1 && ins, "intern mouse -> 1, inserted");
	CHECK(strtab_intern(&t, "laptop", 6, &ins) == 0 && !ins, "intern laptop again -> 0, not inserted");
	CHECK(strtab_find(&t, "mouse", 5) == 1, "find mouse -> 1");
	CHECK(strtab_find(&t, "mous", 4) == -1, "find prefix mous -> -1");
	CHECK(strtab_find(&t, "mousee", 6) == -1, "find mousee -> -1");
	CHECK(strtab_find(&t, "mouse!", 5) == 1, "find uses len, not the NUL");
	CHECK(strtab_intern(&t, "", 0, &ins) == 2 && ins, "intern empty key -> 2, inserted");
	CHECK(strtab_intern(&t, "", 0, &ins) == 2 && !ins, "intern empty key again -> 2");
	CHECK(strtab_find(&t, "", 0) == 2, "find empty key -> 2");
	CHECK(strtab_intern(&t, "Laptop", 6, &ins) == 3 && ins, "case matters: Laptop -> 3");
	CHECK(strtab_count(&t) == 4, "4 keys");
	CHECK(key_is(&t, 0, "laptop", 6) && key_is(&t, 1, "mouse", 5) && key_is(&t, 2, "", 0) &&
	      key_is(&t, 3, "Laptop", 6), "strtab_get returns the keys, NUL-terminated, with their hash");
	/* The table copies keys: changing the caller's buffer does not matter. */
	char buf[] = "keyboard";
	int64_t kb = strtab_intern(&t, buf, 8, &ins);
	memcpy(buf, "XXXXXXXX", 8);
	CHECK(kb == 4 && strtab_find(&t, "keyboard", 8) == 4 && key_is(&t, 4, "keyboard", 8),
	      "keys are copied");
	strtab_fini(&t);
	CHECK(strtab_count(&t) == 0, "fini resets the table");
	/* Reuse after fini. */
	strtab_init(&t);
	CHECK(strtab_intern(&t, "x", 1, &ins) == 0 && ins, "reuse after fini");
	strtab_fini(&t);
}

static void test_many(void)
{
	enum { N = 100000 };
	strtab t;
	strtab_init(&t);
	char buf[32];
	int bad_insert = 0, bad_dup = 0, bad_find = 0, bad_get = 0, bad_missing = 0;
	for (int i = 0; i < N; i++) {
		int len = snprintf(buf, sizeof buf, "C%07d", i);
		bool ins = false;
		int64_t idx = strtab_intern(&t, buf, (size_t)len, &ins);
		bad_insert += idx != i || !ins;
		/* Every 7th key is interned twice right away. */
		if (i % 7 == 0) {
			idx = strtab_intern(&t, buf, (size_t)len, &ins);
			bad_dup += idx != i || ins;
		}
	}
	CHECK(bad_insert == 0, "100000 keys get indexes 0..99999 (%d wrong)", bad_insert);
	CHECK(bad_dup == 0, "immediate duplicates return the same index (%d wrong)", bad_dup);
	CHECK(strtab_count(&t) == N, "count is 100000 (got %zu)", strtab_count(&t));
	for (int i = N - 1; i >= 0; i--) {
		int len = snprintf(buf, sizeof buf, "C%07d", i);
		bad_find += strtab_find(&t, buf, (size_t)len) != i;
		bad_get += !key_is(&t, (uint32_t)i, buf, (size_t)len);
		bool ins = true;
		bad_dup += strtab_intern(&t, buf, (size_t)len, &ins) != i || ins;
	}
	CHECK(bad_find == 0, "all 100000 keys found after growth (%d wrong)", bad_find);
	CHECK(bad_get == 0, "strtab_get returns every key (%d wrong)", bad_get);
	CHECK(bad_dup == 0, "late duplicates return the same index (%d wrong)", bad_dup);
	for (int i = N; i < N + 10000; i++) {
		int len = snprintf(buf, sizeof buf, "C%07d", i);
		bad_missing += strtab_find(&t, buf, (size_t)len) != -1;
	}
	bad_missing += strtab_find(&t, "C000000", 7) != -1;   /* prefix of C0000000 */
	bad_missing += strtab_find(&t, "C00000000", 9) != -1; /* extension */
	CHECK(bad_missing == 0, "absent keys are not found (%d wrong)", bad_missing);
	CHECK(strtab_count(&t) == N, "count still 100000");
	strtab_fini(&t);
}

static void test_bytes(void)
{
	strtab t;
	strtab_init(&t);
	bool ins;
	/* Keys containing every byte value 1..255. */
	char all[255];
	for (int i = 0; i < 255; i++)
		all[i] = (char)(i + 1);
	CHECK(strtab_intern(&t, all, 255, &ins) == 0 && ins, "key with all bytes 1..255");
	int bad = 0;
	for (int b = 1; b <= 255; b++) {
		char k[3] = {'k', (char)b, 'k'};
		int64_t idx = strtab_intern(&t, k, 3, &ins);
		bad += idx != 2 * b - 1 || !ins;
		char one = (char)b;
		idx = strtab_intern(&t, &one, 1, &ins);
		bad += idx != 2 * b || !ins;
	}
	CHECK(bad == 0, "510 keys with an embedded byte 1..255 are distinct (%d wrong)", bad);
	bad = 0;
	for (int b = 1; b <= 255; b++) {
		char k[3] = {'k', (char)b, 'k'}, one = (char)b;
		bad += strtab_find(&t, k, 3) != 2 * b - 1;
		bad += strtab_find(&t, &one, 1) != 2 * b;
		bad += !key_is(&t, (uint32_t)(2 * b - 1), k, 3) || !key_is(&t, (uint32_t)(2 * b), &one, 1);
	}
	CHECK(bad == 0, "all found again, keys intact (%d wrong)", bad);
	CHECK(strtab_find(&t, all, 255) == 0 && key_is(&t, 0, all, 255), "all-bytes key found and intact");
	CHECK(strtab_find(&t, all, 254) == -1 && strtab_find(&t, all + 1, 254) == -1,
	      "its prefix and suffix are absent");
	/* Embedded NUL bytes: distinct by length and content. */
	int64_t z1 = strtab_intern(&t, "a\0b", 3, &ins);
	int64_t z2 = strtab_intern(&t, "a\0c", 3, &ins);
	int64_t z3 = strtab_intern(&t, "a", 1, &ins);
	int64_t z4 = strtab_intern(&t, "a\0", 2, &ins);
	int64_t z5 = strtab_intern(&t, "\0", 1, &ins);
	CHECK(z1 >= 0 && z2 >= 0 && z3 >= 0 && z4 >= 0 && z5 >= 0 && z1 != z2 && z1 != z3 &&
	      z1 != z4 && z2 != z3 && z2 != z4 && z3 != z4 && z5 != z4,
	      "keys with embedded NUL are distinct");
	CHECK(strtab_find(&t, "a\0b", 3) == z1 && strtab_find(&t, "a\0", 2) == z4 &&
	      strtab_find(&t, "\0", 1) == z5 && strtab_find(&t, "", 0) == -1,
	      "keys with embedded NUL found");
	/* UTF-8 keys. */
	int64_t u = strtab_intern(&t, "caf\xc3\xa9", 5, &ins);
	CHECK(u >= 0 && ins && strtab_find(&t, "cafe", 4) == -1 && strtab_find(&t, "caf\xc3\xa9", 5) == u,
	      "UTF-8 key");
	strtab_fini(&t);
}

/* Key i: "i#" then a letter repeated, 6 to 999 bytes in all. */
static size_t medium_key(int i, char *buf, size_t size)
{
	memset(buf, 'a' + i % 26, size);
	int n = snprintf(buf, size, "%d", i);
	buf[n] = '#';
	return 6 + (size_t)(i * 37) % 994;
}

static void test_long(void)
{
	strtab t;
	strtab_init(&t);
	bool ins;
	/* Keys larger than the arena chunk, interleaved with small ones. */
	size_t big = (1u << 16) * 3 + 7;
	char *a = malloc(big), *b = malloc(big);
	memset(a, 'x', big);
	memcpy(b, a, big);
	b[big - 1] = 'y';
	int64_t s1 = strtab_intern(&t, "small", 5, &ins);
	int64_t ia = strtab_intern(&t, a, big, &ins);
	int64_t s2 = strtab_intern(&t, "small2", 6, &ins);
	int64_t ib = strtab_intern(&t, b, big, &ins);
	int64_t s3 = strtab_intern(&t, "small3", 6, &ins);
	CHECK(s1 == 0 && ia == 1 && s2 == 2 && ib == 3 && s3 == 4, "big keys interned");
	CHECK(strtab_find(&t, a, big) == 1 && strtab_find(&t, b, big) == 3 && key_is(&t, 1, a, big) &&
	      key_is(&t, 3, b, big), "big keys found and intact");
	CHECK(key_is(&t, 0, "small", 5) && key_is(&t, 2, "small2", 6) && key_is(&t, 4, "small3", 6),
	      "small keys around them intact");
	/* Many medium keys filling several chunks. */
	int bad = 0;
	char buf[1000];
	for (int i = 0; i < 5000; i++) {
		size_t len = medium_key(i, buf, sizeof buf);
		if (strtab_intern(&t, buf, len, &ins) != 5 + i)
			bad++;
	}
	for (int i = 0; i < 5000; i++) {
		size_t len = medium_key(i, buf, sizeof buf);
		if (strtab_find(&t, buf, len) != 5 + i || !key_is(&t, (uint32_t)(5 + i), buf, len))
			bad++;
	}
	CHECK(bad == 0, "5000 keys of up to 999 bytes across chunks (%d wrong)", bad);
	free(a);
	free(b);
	strtab_fini(&t);
}

/* A lean table (no array of keys) grows from its slots and still finds
 * every key; strtab_all_keys gives them by index. */
static void test_lean(void)
{
	strtab t;
	strtab_init_lean(&t);
	char buf[32];
	int bad = 0;
	for (int i = 0; i < 100000; i++) {
		bool ins;
		int len = snprintf(buf, sizeof buf, "C%07d", i);
		if (strtab_intern(&t, buf, (size_t)len, &ins) != i || !ins)
			bad++;
	}
	for (int i = 0; i < 100000; i += 7) {
		bool ins;
		int len = snprintf(buf, sizeof buf, "C%07d", i);
		if (strtab_find(&t, buf, (size_t)len) != i || strtab_intern(&t, buf, (size_t)len, &ins) != i || ins)
			bad++;
	}
	CHECK(bad == 0 && t.keys == NULL, "lean: 100000 keys through rehashes, no keys array (%d wrong)", bad);
	const char **all = malloc(100000 * sizeof *all);
	bad = 0;
	strtab_all_keys(&t, all);
	for (int i = 0; i < 100000; i++) {
		int len = snprintf(buf, sizeof buf, "C%07d", i);
		if (strtab_key_len(all[i]) != (uint32_t)len || memcmp(all[i], buf, (size_t)len) != 0)
			bad++;
	}
	CHECK(bad == 0, "lean: strtab_all_keys by index (%d wrong)", bad);
	free(all);
	strtab_fini(&t);
}

int main(void)
{
	test_lean();
	test_basic();
	test_many();
	test_bytes();
	test_long();
	return tap_done();
}
