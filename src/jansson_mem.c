/* jansson_mem: a malloc for jansson that remembers failures. */
#include "jansson_mem.h"

#include <jansson.h>
#include <stdlib.h>

/* Per thread, like errno: the workers parse concurrently. */
static _Thread_local bool alloc_failed;

static void *noting_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		alloc_failed = true;
	return p;
}

void jansson_mem_init(void)
{
	json_set_alloc_funcs(noting_malloc, free);
}

bool jansson_mem_failed(void)
{
	bool f = alloc_failed;
	alloc_failed = false;
	return f;
}
