/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: a customers CSV/TSV table framed in
 * blocks (every whole line the read window holds that has no quote, handed
 * on at once and split into lines by the worker; src/split.c:
 * delimited_records) against one record at a time (SEGPROF_CSV_RECORDS=1,
 * each record copied on its own: the reading the blocks replaced).
 *
 * Input: one selector byte (options, see fuzz_opts_from; bits 5-6 pick
 * --customers-format auto, csv, tsv or auto with --types-sep '|', as in
 * fuzz_csvcust), then the table, read with --cluster-field cluster.  Each
 * way runs at -j 1 (lines parsed in the window itself) and -j 2: the blocks
 * are then read by the workers themselves in chunks (src/filechunk.c) of 1
 * to 40 bytes, chosen by the input's length, declined when a chunk holds a
 * quote, and a run with an error is read again in order (segprof(1)
 * PERFORMANCE); record by record, they are copied into batches, which the
 * fuzzing build makes tiny, as it makes the read window refill every 16
 * bytes.  All four runs must give the same status, output and messages. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[4] = {"--customers-format=auto", "--customers-format=csv",
					       "--customers-format=tsv", "--types-sep=|"};
	if (size < 1)
		return 0;
	fuzz_files f;
	fuzz_files_init(&f);
	const char *cpath = fuzz_file(&f, "customers", data + 1, size - 1);
	const char *args[] = {formats[(data[0] >> 5) & 3], "--cluster-field=cluster", "--customers",
			      cpath, NULL};
	fuzz_argv a;
	segprof_opts o;
	char chunk[16];
	snprintf(chunk, sizeof chunk, "%zu", 1 + size % 40);
	setenv("SEGPROF_CHUNKS", chunk, 1);
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_CSV_RECORDS", "CSV framing",
				       "record by record");
	unsetenv("SEGPROF_CHUNKS");
	fuzz_files_close(&f);
	return 0;
}
