/* SPDX-License-Identifier: MIT */
/* labelline: plain labels lines; SSE2 finds the separator and checks the
 * id's bytes sixteen at a time. */
#include "labelline.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static bool id_byte_ok(unsigned char b, bool tsv)
{
	return b >= 0x20 && b < 0x7f && b != '"' && !(tsv && b == '\\');
}

/* An id starting with '-' or a digit may be a number that a labels file
 * writes as a real ("12346.0"), which is read as the integer: not plain,
 * unless it is all digits (an integer as written). */
static bool id_as_written(const unsigned char *u, size_t len)
{
	if (u[0] == '-')
		return false;
	if (u[0] < '0' || u[0] > '9')
		return true;
	for (size_t i = 1; i < len; i++)
		if (u[i] < '0' || u[i] > '9')
			return false;
	return true;
}

/* The line after its id and separator: from u + i, the cluster id, maybe
 * '\r', '\n'.  The line's length, or 0. */
static size_t cluster_tail(const unsigned char *u, size_t i, size_t avail, labelline *out)
{
	/* most clusters are one digit: "3\n" at once */
	if (i + 1 < avail && u[i + 1] == '\n' && u[i] >= '0' && u[i] <= '9') {
		out->cluster = u[i] - '0';
		return i + 2;
	}
	bool neg = i < avail && u[i] == '-';
	i += neg;
	size_t d0 = i;
	int64_t v = 0;
	while (i < avail && u[i] >= '0' && u[i] <= '9' && i - d0 < 18)
		v = v * 10 + (u[i++] - '0');
	if (i == d0)
		return 0;
	if (i < avail && u[i] == '\r')
		i++;
	if (i >= avail || u[i] != '\n')
		return 0;
	out->cluster = neg ? -v : v;
	return i + 1;
}

size_t labelline_read_portable(const char *p, size_t avail, bool tsv, labelline *out)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned char sep = tsv ? '\t' : ',';
	size_t i = 0;
	for (; i < avail && u[i] != sep; i++)
		if (!id_byte_ok(u[i], tsv))
			return 0;
	if (i == 0 || i == avail || !id_as_written(u, i))
		return 0;
	out->id_len = i;
	return cluster_tail(u, i + 1, avail, out);
}

size_t labelline_read(const char *p, size_t avail, bool tsv, labelline *out)
{
#ifdef __SSE2__
	/* The id and separator within the first sixteen bytes (most ids are
	 * short): one load finds the separator and any byte an id may not
	 * hold.  A signed compare with 0x20 catches the control bytes and,
	 * as negative, every byte beyond ASCII. */
	if (avail >= 16) {
		const unsigned char *u = (const unsigned char *)p;
		__m128i x = _mm_loadu_si128((const __m128i *)p);
		unsigned at_sep = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(tsv ? '\t' : ',')));
		if (at_sep) {
			unsigned bad = (unsigned)_mm_movemask_epi8(
				_mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
							  _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))),
					     _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
							  _mm_cmpeq_epi8(x, _mm_set1_epi8(tsv ? '\\' : '"')))));
			unsigned i = (unsigned)__builtin_ctz(at_sep);
			if (i == 0 || (bad & ((1u << i) - 1)) || !id_as_written(u, i))
				return 0;
			out->id_len = i;
			return cluster_tail(u, i + 1, avail, out);
		}
	}
#endif
	return labelline_read_portable(p, avail, tsv, out);
}
