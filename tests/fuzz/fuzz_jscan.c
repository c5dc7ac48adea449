/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: jscan's fast framing (SSE2 blocks) against
 * its portable loop.
 *
 * Input: one cut byte, then text framed from its first byte ('{', '[' or
 * '"', else the input is passed over) as jscan_value frames a container or
 * string value.  jscan_frame on the whole text, and
 * again on windows that grow by 1 to 64 bytes at a time (each with its NUL
 * sentinel and nothing readable past it, as source.c gives them), must end
 * as jscan_frame_portable does on the whole text: the same result, the same
 * offset (the byte past the value, or the byte at fault) and the same state.
 * Any difference aborts with the three outcomes on stderr. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"

typedef struct outcome {
	jscan_frame_result r;
	size_t at;
	jscan_frame_state st;
} outcome;

static bool same(const outcome *a, const outcome *b)
{
	return a->r == b->r && a->at == b->at && a->st.depth == b->st.depth &&
	       a->st.in_str == b->st.in_str && a->st.esc == b->st.esc;
}

__attribute__((noreturn)) static void mismatch(const char *what, const outcome *o, size_t n,
					       const uint8_t *text, size_t size)
{
	fprintf(stderr, "jscan mismatch: %s\n", what);
	for (size_t k = 0; k < n; k++)
		fprintf(stderr, "  outcome %zu: result %d at %zu depth %u in_str %d esc %d\n", k,
			(int)o[k].r, o[k].at, o[k].st.depth, o[k].st.in_str, o[k].st.esc);
	fprintf(stderr, "text (%zu bytes): %.*s\n", size, (int)(size > 2000 ? 2000 : size),
		(const char *)text);
	abort();
}

/* text[0..n) in a buffer of its own with the NUL after it */
static unsigned char *window(const uint8_t *text, size_t n)
{
	unsigned char *b = malloc(n + 1);
	if (!b)
		abort();
	memcpy(b, text, n);
	b[n] = 0;
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = 1 + data[0] % 64;
	const uint8_t *text = data + 1;
	size_t len = size - 1;
	if (len == 0 || (text[0] != '{' && text[0] != '[' && text[0] != '"'))
		return 0; /* what jscan_value frames with jscan_frame */
	outcome o[3] = {0};
	unsigned char *b = window(text, len);
	o[0].r = jscan_frame_portable(b, &o[0].at, len, &o[0].st);
	o[1].r = jscan_frame(b, &o[1].at, len, &o[1].st);
	free(b);
	/* growing windows: go on where the last one ended */
	for (size_t n = step < len ? step : len;; n = n + step < len ? n + step : len) {
		b = window(text, n);
		o[2].r = jscan_frame(b, &o[2].at, n, &o[2].st);
		free(b);
		if (o[2].r != JSCAN_FRAME_MORE || n == len)
			break;
	}
	if (!same(&o[0], &o[1]))
		mismatch("fast and portable differ on the whole text", o, 3, text, len);
	if (!same(&o[0], &o[2]))
		mismatch("fast in growing windows and portable differ", o, 3, text, len);
	return 0;
}
