/* SPDX-License-Identifier: MIT */
/* Unit tests for bytescan.h: the SSE2 loops against the portable ones and
 * against a byte-by-byte reading, on hand-picked and random buffers (every
 * stopping byte at every offset, across the 8- and 16-byte steps), and
 * the prefix compare the fast parser uses to confirm a key it expects.
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bytescan.h"
#include "tap.h"

/* The definition, one byte at a time. */
static size_t string_ref(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n && !(p[i] == '"' || p[i] == '\\' || p[i] < 0x20 || p[i] >= 0x80))
		i++;
	return i;
}

static size_t count_ref(const char *p, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += p[i] == c;
	return k;
}

/* Every way of scanning a string agrees on buf[0..n); false (and a note)
 * if not. */
static bool string_agrees(const unsigned char *buf, size_t n)
{
	size_t want = string_ref(buf, n);
	size_t port = bytescan_string_portable(buf, buf + n);
	size_t fast = bytescan_string(buf, buf + n);
	bool ok = port == want && fast == want;
#ifdef __SSE2__
	ok &= bytescan_string_sse2(buf, buf + n) == want;
#endif
	if (!ok)
		printf("#   n %zu: want %zu, portable %zu, default %zu\n", n, want, port, fast);
	return ok;
}

static void string_stops(void)
{
	/* each byte value, alone at each offset of a plain run */
	unsigned char buf[80];
	bool ok = true;
	for (int b = 0; b < 256 && ok; b++)
		for (size_t at = 0; at < 40 && ok; at++)
			for (size_t n = at; n <= at + 34 && ok; n += 1) {
				memset(buf, 'a', sizeof buf);
				if (at < n)
					buf[at] = (unsigned char)b;
				ok = string_agrees(buf, n);
			}
	CHECK(ok, "string: every byte value at every offset of runs up to 74 bytes");
	CHECK(string_agrees((const unsigned char *)"", 0), "string: empty");
	const char *t = "senior-aquarium\",\"plant-pots-xxl\"]";
	CHECK(bytescan_string((const unsigned char *)t, (const unsigned char *)t + strlen(t)) == 15,
	      "string: a slug ends at its quote");
	t = "caf\xc3\xa9\"";
	CHECK(bytescan_string((const unsigned char *)t, (const unsigned char *)t + strlen(t)) == 3,
	      "string: stops at a byte beyond ASCII");
	t = "0123456789abcdef0123\\n";
	CHECK(bytescan_string((const unsigned char *)t, (const unsigned char *)t + strlen(t)) == 20,
	      "string: stops at a backslash past 16 bytes");
	t = "0123456789abcde\x7f\x1f";
	CHECK(bytescan_string((const unsigned char *)t, (const unsigned char *)t + strlen(t)) == 16,
	      "string: DEL is plain, 0x1f stops");
}

static void string_random(void)
{
	unsigned char buf[300];
	bool ok = true;
	rng_state = 0x1234567;
	for (int round = 0; round < 20000 && ok; round++) {
		size_t n = rng() % sizeof buf;
		/* mostly plain bytes, now and then a stopping one */
		for (size_t i = 0; i < n; i++)
			buf[i] = rng() % 64 ? (unsigned char)(0x20 + rng() % 0x5f) : (unsigned char)rng();
		ok = string_agrees(buf, n);
	}
	CHECK(ok, "string: 20000 random buffers");
}

static void count(void)
{
	char buf[5000];
	bool ok = true;
	rng_state = 0x7654321;
	for (int round = 0; round < 2000 && ok; round++) {
		size_t n = rng() % sizeof buf;
		unsigned every = 1 + (unsigned)(rng() % 200);
		for (size_t i = 0; i < n; i++)
			buf[i] = rng() % every ? (char)('a' + rng() % 26) : '\n';
		size_t off = rng() % 16;
		if (off > n)
			off = n;
		size_t want = count_ref(buf + off, n - off, '\n');
		size_t fast = bytescan_count(buf + off, n - off, '\n');
		size_t port = bytescan_count_portable(buf + off, n - off, '\n');
		ok = fast == want && port == want;
		if (!ok)
			printf("#   n %zu off %zu: want %zu, default %zu, portable %zu\n", n - off, off,
			       want, fast, port);
	}
	CHECK(ok, "count: 2000 random buffers, unaligned starts");
	/* more than 255 rounds of 16 bytes, all matching: the per-lane
	 * counters must be summed before they wrap */
	static char nl[16 * 1000 + 7];
	memset(nl, '\n', sizeof nl);
	CHECK(bytescan_count(nl, sizeof nl, '\n') == sizeof nl, "count: 16007 matches in a row");
	CHECK(bytescan_count(nl, 0, '\n') == 0, "count: empty");
	CHECK(bytescan_count("\x80\xff\n", 3, '\xff') == 1, "count: a byte beyond ASCII");
}

/* A token of up to 16 bytes at the start of a buffer: sometimes there,
 * sometimes one byte off, sometimes longer than what is left. */
static void starts(void)
{
	unsigned char buf[40], tok[16];
	bool ok = true;
	rng_state = 0xABCDEF;
	for (int round = 0; round < 50000 && ok; round++) {
		size_t len = rng() % sizeof buf, n = rng() % 17;
		for (size_t i = 0; i < len; i++)
			buf[i] = (unsigned char)('a' + rng() % 3);
		for (size_t i = 0; i < sizeof tok; i++)
			tok[i] = i < len ? buf[i] : (unsigned char)('a' + rng() % 3);
		if (n && rng() % 2)
			tok[rng() % n] ^= 1;
		bool want = n <= len && memcmp(buf, tok, n) == 0;
		bool port = bytescan_starts_portable(buf, buf + len, tok, n);
		bool fast = bytescan_starts(buf, buf + len, tok, n);
		ok = port == want && fast == want;
#ifdef __SSE2__
		ok &= (bool)bytescan_starts_sse2(buf, buf + len, tok, n) == want;
#endif
		if (!ok)
			printf("#   len %zu n %zu: want %d, portable %d\n", len, n, want, port);
	}
	CHECK(ok, "starts: 50000 random tokens, there or not, up to 16 bytes");
}

int main(void)
{
	string_stops();
	string_random();
	count();
	starts();
	return tap_done();
}
