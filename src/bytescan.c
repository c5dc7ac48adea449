/* SPDX-License-Identifier: MIT */
/* bytescan: counting a byte, with SSE2 and without. */
#include "bytescan.h"

size_t bytescan_count_portable(const char *p, size_t n, char c)
{
	size_t count = 0;
	for (const char *q = p, *end = p + n; (q = memchr(q, c, (size_t)(end - q))) != NULL; q++)
		count++;
	return count;
}

size_t bytescan_count(const char *p, size_t n, char c)
{
#ifdef __SSE2__
	/* Per byte lane, a running count (a match is -1, subtracted) that
	 * cannot overflow in 255 rounds; then summed by _mm_sad_epu8. */
	const __m128i want = _mm_set1_epi8(c), zero = _mm_setzero_si128();
	size_t count = 0, i = 0;
	while (n - i >= 16) {
		__m128i lanes = zero;
		size_t rounds = (n - i) / 16;
		if (rounds > 255)
			rounds = 255;
		for (size_t r = 0; r < rounds; r++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, want));
		}
		__m128i sums = _mm_sad_epu8(lanes, zero);
		count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
	}
	return count + bytescan_count_portable(p + i, n - i, c);
#else
	return bytescan_count_portable(p, n, c);
#endif
}
