/* SPDX-License-Identifier: MIT */
/* ratio: exact quotients of counts and of exact sums, rounded to hundredths
 * half away from zero, for the lift scores and the index against the
 * population (segprof(1) "Lift" and "Index against the population").
 *
 * A lift is tf N / (n T) with four counts below 2^64: numerator and
 * denominator fit 128 bits.  An index is 100 (S_c / n_c) / (S / N) with
 * S_c, S exact decimal sums (decimal.h) that may span hundreds of digits: it
 * is computed on natural numbers of up to RATIO_BITS bits. */
#ifndef SEGPROF_RATIO_H
#define SEGPROF_RATIO_H

#include <stdbool.h>
#include <stdint.h>

#include "decimal.h"

/* Room for a hundredths string of a 128-bit quotient times 100. */
enum { RATIO_HUNDREDTHS_MAX = 48 };

/* out := round_half_away(100 num / den) as a hundredths string; den > 0 and
 * num / den below 2^120 (a lift is at most N < 2^64). */
void ratio_hundredths(unsigned __int128 num, unsigned __int128 den, char *out);

/* Compare a_num / a_den with b_num / b_den exactly (all below 2^64, dens
 * > 0): <0, 0, >0. */
int ratio_cmp(uint64_t a_num, uint64_t a_den, uint64_t b_num, uint64_t b_den);

/* out (HUNDREDTHS_MAX + 2 bytes) := round_half_away(100 * 100 * (part /
 * n_part) / (whole / n_whole)), the index of a mean against another, as a
 * hundredths string with a leading '-' when negative (never "-0").  part and
 * whole are magnitudes (normalised or not); the sign is part_neg xor
 * whole_neg.  false when whole is 0 (no index).  n_part, n_whole > 0. */
bool ratio_index(const xsum *part, bool part_neg, uint64_t n_part, const xsum *whole,
		 bool whole_neg, uint64_t n_whole, char *out);

#endif
