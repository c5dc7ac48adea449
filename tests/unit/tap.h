/* SPDX-License-Identifier: MIT */
/* tap: the few macros the C unit tests share.  TAP output ("ok N - ...",
 * "not ok N - ..."); each test's main returns tap_status(). */
#ifndef SEGPROF_TAP_H
#define SEGPROF_TAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int n_tests, n_failed;

#define CHECK(cond, ...)                                            \
	do {                                                        \
		bool ok_ = (cond);                                  \
		n_tests++;                                          \
		if (!ok_)                                           \
			n_failed++;                                 \
		printf("%s %d - ", ok_ ? "ok" : "not ok", n_tests); \
		printf(__VA_ARGS__);                                \
		printf("\n");                                       \
	} while (0)

#define CHECK_STR(got, want, ...)                                         \
	do {                                                              \
		const char *g_ = (got), *w_ = (want);                     \
		bool eq_ = strcmp(g_, w_) == 0;                           \
		CHECK(eq_, __VA_ARGS__);                                  \
		if (!eq_)                                                 \
			printf("#   got  \"%s\"\n#   want \"%s\"\n", g_, w_); \
	} while (0)

/* The plan line and the exit status: every test's main ends with it. */
static inline int tap_done(void)
{
	printf("1..%d\n", n_tests);
	if (n_failed)
		printf("# %d of %d failed\n", n_failed, n_tests);
	return n_failed ? 1 : 0;
}

/* A small deterministic generator for randomized cases (xorshift64): each
 * test sets its own seed, so that a failure reproduces. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static inline uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

#endif
