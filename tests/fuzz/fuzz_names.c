/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: a names file (--names): CSV cluster_id,name or a JSON
 * object, applied to a fixed request with integer and string cluster ids,
 * sorted by cluster_name, and written in every format including html.
 *
 * Input: one selector byte (options, see fuzz_opts_from; bit 5 also adds
 * --min-size=2, bit 6 -f html instead of the selected format), then the
 * names file. */
#include "fuzz_common.h"

static const char request[] =
	"{\"customers\": ["
	"{\"id\":\"C1\",\"frequency\":2,\"amount_spent\":10.5,\"product_types\":[\"tea\",\"</svg>\"],\"recency\":1},"
	"{\"id\":\"C2\",\"frequency\":0,\"amount_spent\":0,\"product_types\":[],\"recency\":2,\"tenure\":1},"
	"{\"id\":\"C3\",\"frequency\":7,\"amount_spent\":99.99,\"product_types\":[\"a,b\",\"tea\"],\"tenure\":3},"
	"{\"id\":\"C4\",\"frequency\":1,\"amount_spent\":1e3,\"product_types\":[\"caf\\u00e9\"],\"recency\":0},"
	"{\"id\":\"C5\",\"frequency\":3,\"amount_spent\":5,\"product_types\":[\"tea\"],\"recency\":4}],"
	"\"labels\": {\"C1\": 0, \"C2\": 0, \"C3\": \"x\", \"C4\": -7, \"C5\": \"\\u00e9\"}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_files f;
	fuzz_files_init(&f);
	const char *rpath = fuzz_file(&f, "request", (const uint8_t *)request, sizeof request - 1);
	const char *npath = fuzz_file(&f, "names", data + 1, size - 1);
	char names_opt[80];
	snprintf(names_opt, sizeof names_opt, "--names=%s", npath);
	const char *args[8] = {names_opt, "--sort=-cluster_name"};
	size_t n = 2;
	if (data[0] & 32)
		args[n++] = "--min-size=2";
	if (data[0] & 64)
		args[n++] = "--format=html";
	args[n++] = rpath;
	args[n] = NULL;
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(data[0], args, &a, &o))
		fuzz_run_both(&o);
	fuzz_files_close(&f);
	return 0;
}
