/* SPDX-License-Identifier: MIT */
/* packed: sorted value lists as scaled integers, delta and VLQ coded. */
#include "packed.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"

enum {
	SCALE_MAX = 18,      /* decimals; 10^18 still fits in an int64 */
	VLQ_BITS = 5,        /* data bits per character */
	VLQ_MORE = 1 << VLQ_BITS,
	VLQ_MASK = VLQ_MORE - 1,
};
static const int64_t M_MAX = INT64_C(1000000000000000000); /* |m| <= 10^18 */
static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* v with the trailing zeros of its coefficient moved into the exponent. */
static dec normal(dec v)
{
	if (!v.coef)
		return (dec){0, 0, false};
	while (v.coef % 10 == 0) {
		v.coef /= 10;
		v.exp++;
	}
	return v;
}

/* m = v x 10^scale, or false when it is not an integer within +-10^18. */
static bool scaled(dec v, int scale, int64_t *m)
{
	v = normal(v);
	if (v.exp + scale < 0 || v.coef > (uint64_t)M_MAX)
		return false;
	uint64_t x = v.coef;
	for (int i = 0; i < v.exp + scale; i++) {
		if (x > (uint64_t)M_MAX / 10)
			return false;
		x *= 10;
	}
	*m = v.neg ? -(int64_t)x : (int64_t)x;
	return true;
}

/* The scale of the list: the most decimals of any value; -1 if it cannot be
 * packed. */
static int list_scale(const dlist *l)
{
	int scale = 0;
	for (size_t i = 0; i < l->n; i++) {
		dec x = normal(dlist_get(l, i));
		if (x.exp < -SCALE_MAX)
			return -1;
		if (-x.exp > scale)
			scale = -x.exp;
	}
	return scale;
}

static void put_vlq(FILE *out, uint64_t t)
{
	do {
		unsigned chunk = (unsigned)(t & VLQ_MASK);
		t >>= VLQ_BITS;
		putc(ALPHABET[chunk | (t ? VLQ_MORE : 0)], out);
	} while (t);
}

static void put_plain(FILE *out, const dec *v, size_t n)
{
	char text[400];
	putc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		dec_text(v[i], text, sizeof text);
		fputs(text, out);
	}
	putc(']', out);
}

/* m of every value of l at scale into m; false when one does not fit. */
static bool scaled_all(const dlist *l, int scale, int64_t *m)
{
	for (size_t i = 0; i < l->n; i++)
		if (!scaled(dlist_get(l, i), scale, &m[i]))
			return false;
	return true;
}

/* Sort m[0..n) ascending: least significant byte first, one stable pass per
 * byte in which the keys differ (amounts differ in their low 2 or 3 bytes
 * only); tmp holds n.  A comparison sort of the decimals took a fifth of a
 * shard's time. */
void packed_sort(int64_t *m, int64_t *tmp, size_t n)
{
	enum { BYTES = 8, RADIX = 256 };
	static const uint64_t SIGN = UINT64_C(1) << 63; /* signed order as unsigned */
	size_t count[BYTES][RADIX] = {{0}};
	for (size_t i = 0; i < n; i++) {
		uint64_t k = (uint64_t)m[i] ^ SIGN;
		for (unsigned b = 0; b < BYTES; b++)
			count[b][(k >> (8 * b)) & 0xff]++;
	}
	int64_t *from = m, *to = tmp;
	for (unsigned b = 0; b < BYTES; b++) {
		size_t *c = count[b];
		if (c[((uint64_t)from[0] ^ SIGN) >> (8 * b) & 0xff] == n)
			continue; /* every key has this byte */
		size_t at = 0;
		for (unsigned d = 0; d < RADIX; d++) {
			size_t k = c[d];
			c[d] = at;
			at += k;
		}
		for (size_t i = 0; i < n; i++)
			to[c[((uint64_t)from[i] ^ SIGN) >> (8 * b) & 0xff]++] = from[i];
		int64_t *t = from;
		from = to;
		to = t;
	}
	if (from != m)
		memcpy(m, from, n * sizeof *m);
}

static int cmp_dec(const void *pa, const void *pb)
{
	return dec_cmp(*(const dec *)pa, *(const dec *)pb);
}

/* The list as a plain JSON array, sorted; false when out of memory. */
static bool put_plain_sorted(FILE *out, const dlist *l)
{
	dec *v = malloc(l->n * sizeof *v);
	if (!v)
		return false;
	for (size_t i = 0; i < l->n; i++)
		v[i] = dlist_get(l, i);
	qsort(v, l->n, sizeof *v, cmp_dec);
	put_plain(out, v, l->n);
	free(v);
	return true;
}

bool packed_write(FILE *out, const dlist *l)
{
	size_t n = l->n;
	if (!n) {
		fputs("[]", out);
		return true;
	}
	int scale = list_scale(l);
	if (scale < 0)
		return put_plain_sorted(out, l);
	int64_t *m = malloc(2 * n * sizeof *m);
	if (!m)
		return false;
	if (!scaled_all(l, scale, m)) {
		free(m);
		return put_plain_sorted(out, l);
	}
	packed_sort(m, m + n, n);
	fprintf(out, "{\"scale\":%d,\"vlq\":\"", scale);
	put_vlq(out, m[0] < 0 ? ((uint64_t)-(m[0] + 1) << 1) | 1 : (uint64_t)m[0] << 1);
	for (size_t i = 1; i < n;) {
		uint64_t run = 0;
		while (i < n && m[i] == m[i - 1])
			run++, i++;
		if (run) {
			put_vlq(out, run << 1 | 1);
			continue;
		}
		put_vlq(out, (uint64_t)(m[i] - m[i - 1]) << 1);
		i++;
	}
	fputs("\"}", out);
	free(m);
	return true;
}

/* The next VLQ number of s at *pos; false when malformed or beyond 62 bits. */
static bool get_vlq(const char *s, size_t len, size_t *pos, uint64_t *t)
{
	uint64_t x = 0;
	for (unsigned shift = 0; *pos < len; shift += VLQ_BITS) {
		const char *c = memchr(ALPHABET, s[(*pos)++], sizeof ALPHABET - 1);
		if (!c || shift > 60)
			return false;
		unsigned d = (unsigned)(c - ALPHABET);
		uint64_t bits = (uint64_t)(d & VLQ_MASK) << shift;
		if (bits >> shift != (d & VLQ_MASK) || (x | bits) >> 62)
			return false;
		x |= bits;
		if (!(d & VLQ_MORE)) {
			*t = x;
			return true;
		}
	}
	return false;
}

static dec unscaled(int64_t m, int scale)
{
	dec v = {m < 0 ? (uint64_t)-m : (uint64_t)m, -scale, m < 0};
	return normal(v);
}

typedef struct list {
	dec *v;
	size_t n, cap, max;
	bool oom;
} list;

/* Append x to l, growing it up to l->max values; false when full (or out
 * of memory: l->oom). */
static bool push(list *l, dec x)
{
	if (l->n == l->cap) {
		if (l->cap >= l->max)
			return false;
		size_t cap = l->cap ? l->cap * 2 : 64;
		if (cap > l->max)
			cap = l->max;
		dec *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->oom = true;
			return false;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = x;
	return true;
}

/* Append value m, checked against the bound. */
static bool take(list *l, int64_t m, int scale, bool nonneg)
{
	if (m > M_MAX || m < -M_MAX || (nonneg && m < 0))
		return false;
	return push(l, unscaled(m, scale));
}

static bool read_vlq(const char *s, size_t len, int scale, bool nonneg, list *l)
{
	size_t pos = 0;
	uint64_t t;
	if (!get_vlq(s, len, &pos, &t))
		return false;
	int64_t m = t & 1 ? -(int64_t)(t >> 1) - 1 : (int64_t)(t >> 1);
	if (!take(l, m, scale, nonneg))
		return false;
	while (pos < len) {
		if (!get_vlq(s, len, &pos, &t) || t < 2)
			return false;
		if (t & 1) {
			for (uint64_t r = t >> 1; r; r--)
				if (!take(l, m, scale, nonneg))
					return false;
			continue;
		}
		m += (int64_t)(t >> 1);
		if (!take(l, m, scale, nonneg))
			return false;
	}
	return true;
}

packed_result packed_read(json_t *v, bool nonneg, size_t max, dec **out, size_t *n)
{
	json_t *sc = json_object_get(v, "scale"), *vlq = json_object_get(v, "vlq");
	list l = {.max = max};
	bool ok = json_is_object(v) && json_object_size(v) == 2 && json_is_integer(sc) &&
		  json_integer_value(sc) >= 0 && json_integer_value(sc) <= SCALE_MAX &&
		  json_is_string(vlq) &&
		  read_vlq(json_string_value(vlq), json_string_length(vlq),
			   (int)json_integer_value(sc), nonneg, &l);
	if (!ok) {
		free(l.v);
		*out = NULL;
		*n = 0;
		return l.oom ? PACKED_OOM : PACKED_BAD;
	}
	*out = l.v;
	*n = l.n;
	return PACKED_OK;
}
