/* SPDX-License-Identifier: MIT */
/* jansson_mem: a malloc for jansson that remembers failures. */
#include "jansson_mem.h"

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

json_t *json_loadb_noting(const char *buf, size_t len, size_t flags, json_error_t *err)
{
	alloc_failed = false;
	json_t *v = json_loadb(buf, len, flags, err);
	if (alloc_failed) {
		if (v)
			json_decref(v);
		err->text[0] = '\0'; /* read by jansson_oom as out of memory */
		return NULL;
	}
	return v;
}
