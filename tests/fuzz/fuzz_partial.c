/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the partial reader of segprof merge (headers, shard
 * sets, packed and plain value lists, slug entries).  The input is merged
 * into profiles and into a partial (merge --partial); when both succeed,
 * merging that partial again must give the same profiles, and merging it
 * into a partial again the same bytes (a merged partial is a fixed point).
 *
 * Input: a selector byte (bits 0-2: -f json, ndjson, csv, tsv, table,
 * markdown, cards, json --compact; bits 5-6: --top 5, 0, 2, 1000000), then
 * the partial file. */
#include "fuzz_common.h"

typedef struct result {
	sp_status st;
	char *text, *msgs;
	size_t len, msgs_len;
} result;

/* segprof merge -q --allow-missing-shards [--partial | output options] over
 * bytes. */
static void merge(uint8_t sel, bool partial, const uint8_t *bytes, size_t len, result *r)
{
	static const char *const formats[8] = {"json", "ndjson", "csv", "tsv", "table",
					       "markdown", "cards", "json"};
	static const char *const tops[4] = {"5", "0", "2", "1000000"};
	int fd = fuzz_memfd("partial", bytes, len);
	char path[64];
	fuzz_fd_path(fd, path, sizeof path);
	fuzz_argv a;
	size_t used = 0;
	a.argc = 0;
	fuzz_arg(&a, &used, "segprof");
	fuzz_arg(&a, &used, "merge");
	fuzz_arg(&a, &used, "-q");
	fuzz_arg(&a, &used, "--allow-missing-shards");
	if (partial) {
		fuzz_arg(&a, &used, "--partial");
	} else {
		fuzz_arg(&a, &used, "-f");
		fuzz_arg(&a, &used, formats[sel & 7]);
		if ((sel & 7) == 7)
			fuzz_arg(&a, &used, "--compact");
		fuzz_arg(&a, &used, "--top");
		fuzz_arg(&a, &used, tops[(sel >> 5) & 3]);
	}
	fuzz_arg(&a, &used, path);
	segprof_opts o;
	if (cli_parse(a.argc, a.argv, &o) != CLI_RUN)
		abort();
	r->st = fuzz_run_capture(&o, &r->text, &r->len, &r->msgs, &r->msgs_len);
	close(fd);
}

static void result_free(result *r)
{
	free(r->text);
	free(r->msgs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fds = fuzz_count_fds();
	result profiles, partial;
	merge(data[0], false, data + 1, size - 1, &profiles);
	merge(data[0], true, data + 1, size - 1, &partial);
	if (profiles.st == SP_OK && partial.st == SP_OK) {
		result again, fixed;
		merge(data[0], false, (const uint8_t *)partial.text, partial.len, &again);
		merge(data[0], true, (const uint8_t *)partial.text, partial.len, &fixed);
		if (again.st != SP_OK || !fuzz_same(profiles.text, profiles.len, again.text, again.len) ||
		    fixed.st != SP_OK || !fuzz_same(partial.text, partial.len, fixed.text, fixed.len)) {
			fprintf(stderr, "merge of the merged partial differs:\n%s\n-- again:\n%s\n",
				profiles.text, again.text ? again.text : again.msgs);
			abort();
		}
		result_free(&again);
		result_free(&fixed);
	}
	result_free(&profiles);
	result_free(&partial);
	fuzz_check_fds(fds);
	return 0;
}
