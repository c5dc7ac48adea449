/* SPDX-License-Identifier: MIT */
/* jansson_mem: telling an allocation failure inside jansson from bad JSON.
 *
 * jansson 2.14 reports some failed allocations in its lexer as syntax
 * errors ("invalid token"); segprof routes jansson's allocations through a
 * counting malloc that remembers, per thread, that one failed. */
#ifndef SEGPROF_JANSSON_MEM_H
#define SEGPROF_JANSSON_MEM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Install the allocator (once, before any parsing; main does it). */
void jansson_mem_init(void);

/* json_loadb that also fails (NULL, empty error text: see jansson_oom)
 * when an allocation failed inside jansson even though it returned a value:
 * jansson 2.14 silently drops a byte of a long token when growing its buffer
 * fails. */
json_t *json_loadb_noting(const char *buf, size_t len, size_t flags, json_error_t *err);

/* Whether an allocation of jansson's failed on this thread since the last
 * call (and forget it). */
bool jansson_mem_failed(void);

#endif
