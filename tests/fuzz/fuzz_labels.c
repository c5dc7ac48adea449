/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: a labels file (--labels): CSV, TSV or a JSON object,
 * detected from the content (or forced), joined with a fixed NDJSON
 * customers file (--customers).
 *
 * Input: one selector byte (options, see fuzz_opts_from; bits 5-6 pick
 * --labels-format auto, json, csv or tsv), then the labels file. */
#include "fuzz_common.h"

static const char customers_ndjson[] =
	"{\"id\":\"C001\",\"frequency\":28,\"amount_spent\":4120.75,\"product_types\":[\"laptop\",\"mouse\",\"keyboard\"],\"recency\":3,\"tenure\":1.5}\n"
	"{\"id\":\"C002\",\"frequency\":5,\"amount_spent\":190.4,\"product_types\":[\"tea\",\"coffee\"],\"recency\":10,\"a/b~c\":-1}\n"
	"\n"
	"{\"id\":\"C003\",\"frequency\":12,\"amount_spent\":845.1,\"product_types\":[\"jeans\",\"t-shirt\",\"tea\"],\"recency\":0.25,\"tenure\":7}\n"
	"{\"id\":\"C004\",\"frequency\":2,\"amount_spent\":75,\"product_types\":[],\"recency\":1e2,\"tenure\":2,\"a/b~c\":3}\n"
	"{\"id\":17,\"frequency\":3.0,\"amount_spent\":0.5,\"product_types\":[\"caf\\u00e9\",\"tea\",\"tea\"],\"recency\":4,\"tenure\":0}\n"
	"{\"id\":\"X\",\"frequency\":0,\"amount_spent\":1e2,\"product_types\":[\"a|b\",\"x,y\"],\"recency\":\"n/a\"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const label_formats[4] = {"--labels-format=auto", "--labels-format=json",
						     "--labels-format=csv", "--labels-format=tsv"};
	if (size < 1)
		return 0;
	fuzz_run_split(data[0], label_formats[(data[0] >> 5) & 3], (const uint8_t *)customers_ndjson,
		       sizeof customers_ndjson - 1, data + 1, size - 1);
	return 0;
}
