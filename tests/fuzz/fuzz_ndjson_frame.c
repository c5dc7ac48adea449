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

static const char labels_csv[] = "customer_id,cluster_id\n"
				 "C001,2\nC002,0\nC003,0\nC004,0\nC005,2\nC006,1\nC007,2\n"
				 "C008,1\nC009,0\nC010,1\n1,0\n2,1\nX,gold\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fds = fuzz_count_fds();
	int cfd = fuzz_memfd("customers", data + 1, size - 1);
	int lfd = fuzz_memfd("labels", (const uint8_t *)labels_csv, sizeof labels_csv - 1);
	char lpath[64], cpath[64];
	fuzz_fd_path(lfd, lpath, sizeof lpath);
	fuzz_fd_path(cfd, cpath, sizeof cpath);
	const char *args[] = {"--customers-format=ndjson", "--customers", cpath, "--labels", lpath,
			      NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_NDJSON_LINES", "NDJSON framing", "line by line");
	close(lfd);
	close(cfd);
	fuzz_check_fds(fds);
	return 0;
}
