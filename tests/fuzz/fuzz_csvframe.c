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
 * way runs at -j 1 (lines parsed in the window itself) and -j 2 (copied
 * into batches, which the fuzzing build makes tiny, as it makes the read
 * window refill every 16 bytes); all four runs must give the same status,
 * output and messages. */
#include "fuzz_common.h"

typedef struct run_result {
	sp_status st;
	char *text, *msgs;
	size_t len, msgs_len;
} run_result;

static void run_way(const segprof_opts *o, bool by_record, run_result *r)
{
	if (by_record)
		setenv("SEGPROF_CSV_RECORDS", "1", 1);
	else
		unsetenv("SEGPROF_CSV_RECORDS");
	r->st = fuzz_run_capture(o, &r->text, &r->len, &r->msgs, &r->msgs_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[4] = {"--customers-format=auto", "--customers-format=csv",
					       "--customers-format=tsv", "--types-sep=|"};
	if (size < 1)
		return 0;
	int fds = fuzz_count_fds();
	int cfd = fuzz_memfd("customers", data + 1, size - 1);
	char cpath[64];
	fuzz_fd_path(cfd, cpath, sizeof cpath);
	const char *args[] = {formats[(data[0] >> 5) & 3], "--cluster-field=cluster", "--customers",
			      cpath, NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o)) {
		run_result r[4];
		for (int i = 0; i < 4; i++) {
			o.jobs = i < 2 ? 1 : 2;
			run_way(&o, i % 2, &r[i]);
		}
		unsetenv("SEGPROF_CSV_RECORDS");
		for (int i = 1; i < 4; i++)
			if (r[i].st != r[0].st || !fuzz_same(r[i].text, r[i].len, r[0].text, r[0].len) ||
			    !fuzz_same(r[i].msgs, r[i].msgs_len, r[0].msgs, r[0].msgs_len)) {
				fprintf(stderr,
					"CSV framing differs: run %d (%s, -j %d) status %d, blocks -j 1 "
					"status %d\n-- messages, blocks -j 1:\n%s-- messages, run %d:\n%s",
					i, i % 2 ? "record by record" : "blocks", i < 2 ? 1 : 2,
					(int)r[i].st, (int)r[0].st, r[0].msgs, i, r[i].msgs);
				abort();
			}
		for (int i = 0; i < 4; i++) {
			free(r[i].text);
			free(r[i].msgs);
		}
	}
	close(cfd);
	fuzz_check_fds(fds);
	return 0;
}
