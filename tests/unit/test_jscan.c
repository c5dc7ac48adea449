/* SPDX-License-Identifier: MIT */
/* jscan_frame: the fast framing (SSE2 blocks where there is SSE2) ends where
 * the portable loop does, with the same result and state, on hand-written
 * values and on random ones built from the bytes that matter; and both end
 * where the value does (offsets checked by hand and with a few lines of
 * Python walking the same bytes). */
#include <stdlib.h>

#include "jscan.h"
#include "tap.h"

typedef struct outcome {
	jscan_frame_result r;
	size_t at;
	jscan_frame_state st;
} outcome;

static outcome frame(const char *text, size_t n, bool portable)
{
	outcome o = {0};
	unsigned char *b = malloc(n + 1);
	if (!b)
		abort();
	memcpy(b, text, n);
	b[n] = 0;
	o.r = portable ? jscan_frame_portable(b, &o.at, n, &o.st) : jscan_frame(b, &o.at, n, &o.st);
	free(b);
	return o;
}

static bool same(outcome a, outcome b)
{
	return a.r == b.r && a.at == b.at && a.st.depth == b.st.depth &&
	       a.st.in_str == b.st.in_str && a.st.esc == b.st.esc;
}

/* Both paths on text: result want, ending at offset at. */
static void check(const char *text, size_t n, jscan_frame_result want, size_t at, const char *name)
{
	outcome p = frame(text, n, true), f = frame(text, n, false);
	CHECK(p.r == want && p.at == at, "portable: %s (result %d at %zu)", name, (int)p.r, p.at);
	CHECK(same(p, f), "fast = portable: %s (fast: result %d at %zu)", name, (int)f.r, f.at);
}

#define CASE(lit, want, at, name) check(lit, sizeof lit - 1, want, at, name)

int main(void)
{
	CASE("{\"id\":\"C0977724\",\"frequency\":8,\"amount_spent\":427.67,\"product_types\":"
	     "[\"senior-aquarium\",\"plant-pots-xxl\",\"kettle-kit\"]},\n{\"id\":1}",
	     JSCAN_FRAME_END, 119, "a customer, then the next");
	CASE("{\"a\":\"}}}}}}}}}}}}}}}}}}]]]]]]]]]]]]]]]]]\"} x", JSCAN_FRAME_END, 43,
	     "brackets inside a string across blocks");
	CASE("{\"a\":\"x\\\"}\\\\\",\"b\":\"\\\\\\\\\\\\\\\"}\"}xxxxxxxxxxxxxxxxxxxxx", JSCAN_FRAME_END, 30,
	     "escaped quotes and backslashes");
	CASE("\"just a string, long enough for blocks \\\" still\" , 1", JSCAN_FRAME_END, 48,
	     "a string value");
	CASE("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],", JSCAN_FRAME_END, 66,
	     "nested arrays");
	CASE("{\"a\":[1,2,3],\"b\":{\"c\":\"d\"}", JSCAN_FRAME_MORE, 26, "not closed in the window");
	CASE("{\"a\":\"open string .................................", JSCAN_FRAME_MORE, 51,
	     "a string not closed");
	CASE("{\"a\":\"x\\", JSCAN_FRAME_MORE, 8, "an escape at the end of the window");
	CASE("{\"a\":1,\"b\":\"...............\0..\"}", JSCAN_FRAME_NUL_IN_STRING, 27,
	     "a NUL inside a string");
	CASE("{\"a\":1,\"b\":2,.................\0..\"}", JSCAN_FRAME_NUL, 30,
	     "a NUL outside strings");

	/* nesting past the limit */
	char deep[JSCAN_MAX_DEPTH + 40];
	memset(deep, '[', sizeof deep);
	check(deep, sizeof deep, JSCAN_FRAME_DEEP, JSCAN_MAX_DEPTH, "nesting deeper than the limit");

	/* random values from the bytes that matter: every block path, escapes
	 * and NULs at every offset; each must agree (the values need not be
	 * JSON) */
	static const char alphabet[] = "{}[]\"\\\"\"\"::,,aaaaaa  \n\0";
	char text[300];
	int disagree = 0;
	rng_state = 15;
	for (int t = 0; t < 20000; t++) {
		size_t n = 1 + rng() % sizeof text;
		text[0] = "{[\""[rng() % 3];
		for (size_t i = 1; i < n; i++)
			text[i] = alphabet[rng() % (sizeof alphabet - 1)];
		if (!same(frame(text, n, true), frame(text, n, false)))
			disagree++;
	}
	CHECK(disagree == 0, "fast = portable on 20000 random values (%d differ)", disagree);
	return tap_done();
}
