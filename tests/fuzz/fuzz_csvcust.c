/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: a CSV or TSV customers file (--customers) that carries
 * its cluster (--cluster-field cluster, no labels file), read by the table
 * path of segprof(1) TABLES.
 *
 * Input: one selector byte (options, see fuzz_opts_from; bits 5-6 pick
 * --customers-format auto, csv, tsv or auto with --types-sep '|'), then the
 * customers file.  Runs at -j 1 and -j 2, which must agree. */
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
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_both(&o);
	fuzz_files_close(&f);
	return 0;
}
