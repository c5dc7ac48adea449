/* jansson_mem: telling an allocation failure inside jansson from bad JSON.
 *
 * jansson 2.14 reports some failed allocations in its lexer as syntax
 * errors ("invalid token"); segprof routes jansson's allocations through a
 * counting malloc that remembers, per thread, that one failed. */
#ifndef SEGPROF_JANSSON_MEM_H
#define SEGPROF_JANSSON_MEM_H

#include <stdbool.h>

/* Install the allocator (once, before any parsing; main does it). */
void jansson_mem_init(void);

/* Whether an allocation of jansson's failed on this thread since the last
 * call (and forget it). */
bool jansson_mem_failed(void);

#endif
