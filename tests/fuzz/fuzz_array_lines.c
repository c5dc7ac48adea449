/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the customers of a request document framed
 * by their lines (each line that looks like one customer handed on as a
 * guess, which the workers confirm, src/request.c: customers_array_read)
 * against framing them value by value (SEGPROF_ARRAY_VALUES=1, the framing
 * the guesses replace).  A wrong guess must make the run start again, never
 * change what it says.
 *
 * Input: one selector byte (options, see fuzz_opts_from), then the request
 * document.  Each way runs at -j 1 and -j 2; all four runs must give the same
 * status, output and messages. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_files f;
	fuzz_files_init(&f);
	const char *path = fuzz_file(&f, "request", data + 1, size - 1);
	const char *args[] = {path, NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_ARRAY_VALUES", "array framing", "value by value");
	fuzz_files_close(&f);
	return 0;
}
