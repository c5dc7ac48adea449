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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const uint8_t *in = data + 1, *nul = memchr(in, '\0', size - 1);
	const uint8_t *labels = (const uint8_t *)fuzz_labels_csv, *customers = in;
	size_t labels_len = sizeof fuzz_labels_csv - 1, customers_len = size - 1;
	if (nul) {
		labels = in;
		labels_len = (size_t)(nul - in);
		customers = nul + 1;
		customers_len = size - 1 - labels_len - 1;
	}
	fuzz_files f;
	fuzz_files_init(&f);
	const char *cpath = fuzz_file(&f, "customers", customers, customers_len);
	const char *lpath = fuzz_file(&f, "labels", labels, labels_len);
	const char *format = data[0] & 0x20 ? "--customers-format=csv" : "--customers-format=ndjson";
	const char *args[] = {format, "--labels-format=csv", "--customers", cpath, "--labels", lpath,
			      NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_fast_and_slow(&o, "SEGPROF_JOIN_DIRECT", "the join queue", "direct join");
	fuzz_files_close(&f);
	return 0;
}
