/* SPDX-License-Identifier: MIT */
/* packed: the compact, exact form of a sorted list of values in a partial.
 *
 * Most amounts have few decimals: with d the most decimals any value of the
 * list has (as written, trailing zeros dropped), every value is an integer
 * m = value x 10^d, and the sorted m are coded as their first value then
 * their differences, zero differences run-length coded, each number as
 * base64 VLQ digits (5 bits a character, as in source maps):
 *
 *   {"scale":d,"vlq":"..."}   tokens: zigzag(m0), then per value either
 *                             delta << 1 (delta > 0) or run << 1 | 1 (run
 *                             repeats of the previous value)
 *
 * A list that does not fit (d > 18 or |m| > 10^18) is written as a plain
 * JSON array of numbers instead (partial.c reads those from their text).
 * See segprof(1), PARTIAL RESULTS AND MERGE. */
#ifndef SEGPROF_PACKED_H
#define SEGPROF_PACKED_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decimal.h"

/* Write the values of l, in ascending order, to out, packed when they fit;
 * false when out of memory. */
bool packed_write(FILE *out, const dlist *l);

/* Sort m[0..n) ascending (a radix sort); tmp: room for n more. */
void packed_sort(int64_t *m, int64_t *tmp, size_t n);

typedef enum packed_result { PACKED_OK, PACKED_BAD, PACKED_OOM } packed_result;

/* Read a packed list ({"scale":..,"vlq":..}) of at most max values into
 * *out (malloc'd or NULL when empty, n values); nonneg: every value must be
 * >= 0.  PACKED_BAD: malformed, a value out of range or more than max of
 * them. */
packed_result packed_read(json_t *v, bool nonneg, size_t max, dec **out, size_t *n);

#endif
