/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: a request document (segprof(1) INPUT), the default input.
 *
 * Input: one selector byte (options, see fuzz_opts_from; bits 5-6: --top 5,
 * 0, 2 or 1000000), then the document.  The run is segprof_compute on
 * "/proc/self/fd/N" with one job: `segprof [options] FILE` minus writing the
 * output.  Then again with two jobs, the labels read ahead first
 * (SEGPROF_READ_AHEAD=first, src/readahead.c): status, output and messages
 * must be the same. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_files f;
	fuzz_files_init(&f);
	const char *path = fuzz_file(&f, "request", data + 1, size - 1);
	const char *args[] = {"-n", fuzz_top(data[0]), path, NULL};
	fuzz_argv a;
	segprof_opts o;
	setenv("SEGPROF_READ_AHEAD", "first", 1);
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_both(&o);
	fuzz_files_close(&f);
	return 0;
}
