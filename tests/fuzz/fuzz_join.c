/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the join queue (src/collect.c: each
 * customer's label record fetched while the next ones are parsed, the
 * customer joined JOIN_AHEAD customers later) against joining each customer
 * as it comes (SEGPROF_JOIN_DIRECT=1).  Duplicate customers, customers
 * without a label and duplicate labels must be reported the same, at the
 * same lines, whichever way.
 *
 * Input: one selector byte (options, see fuzz_opts_from; bit 5 reads the
 * customers as CSV rather than NDJSON), then the labels file (CSV), a NUL
 * byte, and the customers file.  Without a NUL the whole input is the
 * customers, joined with a small fixed labels CSV.  Each way runs at -j 1
 * and -j 2; all four runs must give the same status, output and messages. */
#include "fuzz_common.h"

static const char labels_csv[] = "customer_id,cluster_id\n"
				 "C001,2\nC002,0\nC003,0\nC004,0\nC005,2\nC006,1\nC007,2\n"
				 "C008,1\nC009,0\nC010,1\n1,0\n2,1\nX,gold\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const uint8_t *in = data + 1, *nul = memchr(in, '\0', size - 1);
	const uint8_t *labels = (const uint8_t *)labels_csv, *customers = in;
	size_t labels_len = sizeof labels_csv - 1, customers_len = size - 1;
	if (nul) {
		labels = in;
		labels_len = (size_t)(nul - in);
		customers = nul + 1;
		customers_len = size - 1 - labels_len - 1;
	}
	int fds = fuzz_count_fds();
	int cfd = fuzz_memfd("customers", customers, customers_len);
	int lfd = fuzz_memfd("labels", labels, labels_len);
	char lpath[64], cpath[64];
	fuzz_fd_path(lfd, lpath, sizeof lpath);
	fuzz_fd_path(cfd, cpath, sizeof cpath);
	const char *format = data[0] & 0x20 ? "--customers-format=csv" : "--customers-format=ndjson";
	const char *args[] = {format, "--labels-format=csv", "--customers", cpath, "--labels", lpath,
			      NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_JOIN_DIRECT", "the join queue", "direct join");
	close(lfd);
	close(cfd);
	fuzz_check_fds(fds);
	return 0;
}
