/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: a customers file (--customers), normally NDJSON, joined
 * with a small fixed labels CSV (--labels).
 *
 * Input: one selector byte (options, see fuzz_opts_from; bits 5-6 pick
 * --customers-format auto, auto, ndjson or json), then the customers file. */
#include "fuzz_common.h"

/* Labels for the ids of examples/customers.ndjson and the seed corpus, plus
 * string cluster ids and labels without a customer. */
static const char labels_csv[] =
	"customer_id,cluster_id\n"
	"C001,2\nC002,0\nC003,0\nC004,0\nC005,2\nC006,1\nC007,2\nC008,1\nC009,0\n"
	"C010,1\nC011,0\nC012,2\nC013,1\nC014,0\nC015,1\nC016,2\nC017,0\nC018,1\n"
	"C019,0\nC020,2\nC021,\"vip\"\"s\"\n1,0\n2,1\n17,-3\nX,gold\n-5,0\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cust_formats[4] = {"--customers-format=auto", "--customers-format=auto",
						    "--customers-format=ndjson", "--customers-format=json"};
	if (size < 1)
		return 0;
	fuzz_run_split(data[0], cust_formats[(data[0] >> 5) & 3], data + 1, size - 1,
		       (const uint8_t *)labels_csv, sizeof labels_csv - 1);
	return 0;
}
