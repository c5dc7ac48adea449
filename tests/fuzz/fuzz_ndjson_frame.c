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

typedef struct run_result {
	sp_status st;
	char *text, *msgs;
	size_t len, msgs_len;
} run_result;

static void run_way(const segprof_opts *o, bool by_line, run_result *r)
{
	if (by_line)
		setenv("SEGPROF_NDJSON_LINES", "1", 1);
	else
		unsetenv("SEGPROF_NDJSON_LINES");
	r->st = fuzz_run_capture(o, &r->text, &r->len, &r->msgs, &r->msgs_len);
}

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
	if (fuzz_opts_from(data[0], args, &a, &o)) {
		run_result r[4];
		for (int i = 0; i < 4; i++) {
			o.jobs = i < 2 ? 1 : 2;
			run_way(&o, i % 2, &r[i]);
		}
		unsetenv("SEGPROF_NDJSON_LINES");
		for (int i = 1; i < 4; i++)
			if (r[i].st != r[0].st || !fuzz_same(r[i].text, r[i].len, r[0].text, r[0].len) ||
			    !fuzz_same(r[i].msgs, r[i].msgs_len, r[0].msgs, r[0].msgs_len)) {
				fprintf(stderr,
					"NDJSON framing differs: run %d (%s, -j %d) status %d, blocks -j 1 "
					"status %d\n-- messages, blocks -j 1:\n%s-- messages, run %d:\n%s",
					i, i % 2 ? "line by line" : "blocks", i < 2 ? 1 : 2, (int)r[i].st,
					(int)r[0].st, r[0].msgs, i, r[i].msgs);
				abort();
			}
		for (int i = 0; i < 4; i++) {
			free(r[i].text);
			free(r[i].msgs);
		}
	}
	close(lfd);
	close(cfd);
	fuzz_check_fds(fds);
	return 0;
}
