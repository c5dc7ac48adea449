/* SPDX-License-Identifier: MIT */
/* bytescan: the byte loops every reader runs over all of its input, sixteen
 * bytes at a time where SSE2 is there (always on x86-64), eight (in a 64-bit
 * word) where it is not.
 *
 * Each has its portable form under a name of its own, so that the unit test
 * (tests/unit/test_bytescan.c) and the fuzzing harness compare the two on
 * the same bytes: the fast form must answer exactly as the portable one. */
#ifndef SEGPROF_BYTESCAN_H
#define SEGPROF_BYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* How many bytes of [p, p + n) are c. */
size_t bytescan_count(const char *p, size_t n, char c);
size_t bytescan_count_portable(const char *p, size_t n, char c);

/* Whether byte u stops a plain JSON string: '"', '\\', a control character
 * (below 0x20) or a byte beyond ASCII (which the caller checks as UTF-8). */
static inline int bytescan_stops_string(unsigned char u)
{
	return u == '"' || u == '\\' || u < 0x20 || u >= 0x80;
}

/* Offset of the first byte of [p, end) that stops a plain string, or
 * end - p when none does: eight bytes at a time, then one by one. */
static inline size_t bytescan_string_portable(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	while (end - q >= 8) {
		uint64_t w;
		memcpy(&w, q, 8);
		uint64_t dq = w ^ (ones * '"'), bs = w ^ (ones * '\\');
		/* a byte's high bit: it is '"' or '\\' (zero after the xor), a
		 * control character (borrows below 0x20) or beyond ASCII.  The
		 * lowest flagged byte is a true one: borrows only run upwards. */
		uint64_t stop = (((dq - ones) & ~dq) | ((bs - ones) & ~bs) | (w - ones * 0x20) | w) & high;
		if (stop)
			return (size_t)(q - p) + (size_t)__builtin_ctzll(stop) / 8;
		q += 8;
	}
	while (q < end && !bytescan_stops_string(*q))
		q++;
	return (size_t)(q - p);
}

#ifdef __SSE2__
/* The same, sixteen bytes at a time. */
static inline size_t bytescan_string_sse2(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;
	const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	/* signed compare: bytes 0x80..0xff are negative, below 0x20 too */
	const __m128i space = _mm_set1_epi8(0x20);
	while (end - q >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		__m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)),
					    _mm_cmplt_epi8(v, space));
		unsigned mask = (unsigned)_mm_movemask_epi8(stop);
		if (mask)
			return (size_t)(q - p) + (size_t)__builtin_ctz(mask);
		q += 16;
	}
	return (size_t)(q - p) + bytescan_string_portable(q, end);
}
#endif

/* Whether [p, end) starts with the n bytes of tok (n at most 16; tok has 16
 * bytes to read). */
static inline int bytescan_starts_portable(const unsigned char *p, const unsigned char *end,
					   const unsigned char *tok, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, tok, n) == 0;
}

#ifdef __SSE2__
/* The same with one compare, when sixteen bytes are there to load. */
static inline int bytescan_starts_sse2(const unsigned char *p, const unsigned char *end,
				       const unsigned char *tok, size_t n)
{
	if (end - p < 16)
		return bytescan_starts_portable(p, end, tok, n);
	__m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)tok);
	unsigned same = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, b));
	unsigned want = (1u << n) - 1;
	return (same & want) == want;
}
#endif

static inline int bytescan_starts(const unsigned char *p, const unsigned char *end,
				  const unsigned char *tok, size_t n)
{
#ifdef __SSE2__
	return bytescan_starts_sse2(p, end, tok, n);
#else
	return bytescan_starts_portable(p, end, tok, n);
#endif
}

static inline size_t bytescan_string(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
	return bytescan_string_sse2(p, end);
#else
	return bytescan_string_portable(p, end);
#endif
}

#endif
