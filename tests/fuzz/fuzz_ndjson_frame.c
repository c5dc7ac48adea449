/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: NDJSON customers framed in blocks (every
 * whole line the read window holds handed on at once, split into lines by
 * the worker, src/split.c: ndjson_read) against one line at a time
 * (SEGPROF_NDJSON_LINES=1, each line copied on its own: the reading the
 * blocks replaced).  Joined with a small fixed labels CSV.
 *
 * Input: one selector byte (options, see fuzz_opts_from), then the
 * customers file, always read as NDJSON.  Each way runs at -j 1 (lines
 * parsed in the window itself) and -j 2 (copied into batches, which the
 * fuzzing build makes tiny); all four runs must give the same status,
 * output and messages. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_files f;
	fuzz_files_init(&f);
	const char *cpath = fuzz_file(&f, "customers", data + 1, size - 1);
	const char *lpath = fuzz_file(&f, "labels", (const uint8_t *)fuzz_labels_csv,
				      sizeof fuzz_labels_csv - 1);
	const char *args[] = {"--customers-format=ndjson", "--customers", cpath, "--labels", lpath,
			      NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_NDJSON_LINES", "NDJSON framing", "line by line");
	fuzz_files_close(&f);
	return 0;
}
