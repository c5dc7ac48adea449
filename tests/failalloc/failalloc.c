/* SPDX-License-Identifier: MIT */
/* failalloc: allocation-failure injection for segprof-failalloc.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * so that every call to these four in segprof's own objects comes here.
 * jansson's allocations come here too: main installs src/jansson_mem.c's
 * allocator, whose malloc call is wrapped like any other (the constructor
 * below also routes jansson here, for a main that installs nothing).  Calls
 * made inside libc itself (stdio buffers, open_memstream, pthread_create) are
 * not seen: they are not references the linker can redirect.
 *
 * Environment:
 *   FAILALLOC_AFTER=N   the first N calls succeed; every later call fails,
 *                       returning NULL with errno = ENOMEM (default: never)
 *   FAILALLOC_ONCE=1    only call number N fails (N = FAILALLOC_AFTER); the
 *                       calls after it succeed again, as when memory is
 *                       short for a moment: recovery paths keep running
 *   FAILALLOC_COUNT=1   at exit, print "failalloc: calls=C failed=F" on
 *                       standard error (to find how many calls a run makes)
 *   FAILALLOC_TRACE=1   print the stack of the first call made to fail
 *                       (symbolized under ASan; else raw addresses, for
 *                       addr2line -e segprof-failalloc)
 *
 * The counter is atomic: with -j N the workers allocate concurrently, so the
 * call that fails first may differ between two runs with the same N. */
#include <errno.h>
#include <execinfo.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);

static uint64_t fail_after = UINT64_MAX;
static uint64_t calls, failed;
static int report, trace, once;

/* Provided by the sanitizer runtimes when they are linked in. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

static void trace_first_failure(uint64_t k)
{
	char msg[96];
	int n = snprintf(msg, sizeof msg, "failalloc: call %llu fails (FAILALLOC_AFTER=%llu):\n",
			 (unsigned long long)k, (unsigned long long)fail_after);
	if (write(STDERR_FILENO, msg, (size_t)n) < 0)
		return;
	if (__sanitizer_print_stack_trace) {
		__sanitizer_print_stack_trace();
	} else {
		void *frames[64];
		int depth = backtrace(frames, 64);
		backtrace_symbols_fd(frames, depth, STDERR_FILENO);
	}
}

/* true: this call may go through. */
static int allowed(void)
{
	uint64_t k = __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
	if (k < fail_after || (once && k > fail_after))
		return 1;
	if (__atomic_fetch_add(&failed, 1, __ATOMIC_RELAXED) == 0 && trace)
		trace_first_failure(k);
	errno = ENOMEM;
	return 0;
}

void *__wrap_malloc(size_t size)
{
	return allowed() ? __real_malloc(size) : NULL;
}

void *__wrap_calloc(size_t n, size_t size)
{
	return allowed() ? __real_calloc(n, size) : NULL;
}

void *__wrap_realloc(void *p, size_t size)
{
	/* On failure the block is left alone, as realloc does. */
	return allowed() ? __real_realloc(p, size) : NULL;
}

char *__wrap_strdup(const char *s)
{
	return allowed() ? __real_strdup(s) : NULL;
}

static void failalloc_report(void)
{
	if (report)
		fprintf(stderr, "failalloc: calls=%llu failed=%llu\n",
			(unsigned long long)__atomic_load_n(&calls, __ATOMIC_RELAXED),
			(unsigned long long)__atomic_load_n(&failed, __ATOMIC_RELAXED));
}

__attribute__((constructor)) static void failalloc_init(void)
{
	const char *s = getenv("FAILALLOC_AFTER");
	if (s && *s) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(s, &end, 10);
		if (errno || *end) {
			fprintf(stderr, "failalloc: bad FAILALLOC_AFTER '%s'\n", s);
			exit(2);
		}
		fail_after = v;
	}
	s = getenv("FAILALLOC_COUNT");
	report = s && *s && strcmp(s, "0") != 0;
	s = getenv("FAILALLOC_ONCE");
	once = s && *s && strcmp(s, "0") != 0;
	s = getenv("FAILALLOC_TRACE");
	trace = s && *s && strcmp(s, "0") != 0;
	/* Registered before main, so it runs after main returns (and after
	 * exit() from anywhere). */
	atexit(failalloc_report);
	json_set_alloc_funcs(__wrap_malloc, free);
}
