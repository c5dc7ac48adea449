/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: NDJSON customers framed in blocks (every
 * whole line the read window holds handed on at once, split into lines by
 * the worker, src/split.c: ndjson_read) against one line at a time
 * (SEGPROF_NDJSON_LINES=1, each line copied on its own: the reading the
 * blocks replaced).  Joined with a small fixed labels CSV.
 *
 * Input: one selector byte (options, see fuzz_opts_from), then the
 * customers file, always read as NDJSON.  Each way runs at -j 1 (lines
 * parsed in the window itself) and -j 2: the blocks are then read by the
 * workers themselves in chunks (src/filechunk.c) of 1 to 40 bytes, chosen
 * by the input's length, and a run with an error is read again in order
 * (segprof(1) PERFORMANCE); line by line, they are copied into batches,
 * which the fuzzing build makes tiny.  All four runs must give the same
 * status, output and messages. */
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
	char chunk[16];
	snprintf(chunk, sizeof chunk, "%zu", 1 + size % 40);
	setenv("SEGPROF_CHUNKS", chunk, 1);
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_NDJSON_LINES", "NDJSON framing", "line by line");
	unsetenv("SEGPROF_CHUNKS");
	fuzz_files_close(&f);
	return 0;
}
