/* libFuzzer harness: a request document (SPEC §1.1), the default input.
 *
 * Input: one selector byte (options, see fuzz_opts_from; bits 5-6: --top 5,
 * 0, 2 or 1000000), then the document.  The run is segprof_compute on
 * "/proc/self/fd/N" with one job: `segprof [options] FILE` minus writing the
 * output.  Then again with two jobs, the labels read ahead first
 * (SEGPROF_READ_AHEAD=first, src/readahead.c): status, output and messages
 * must be the same. */
#include "fuzz_common.h"

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static void run_both(segprof_opts *o)
{
	char *text1, *msgs1, *text2, *msgs2;
	size_t len1, msgs1_len, len2, msgs2_len;
	sp_status st1 = fuzz_run_capture(o, &text1, &len1, &msgs1, &msgs1_len);
	o->jobs = 2;
	sp_status st2 = fuzz_run_capture(o, &text2, &len2, &msgs2, &msgs2_len);
	if (st1 != st2 || !same(text1, len1, text2, len2) ||
	    !same(msgs1, msgs1_len, msgs2, msgs2_len)) {
		fprintf(stderr, "-j 1 and -j 2 (labels read ahead) differ: status %d / %d\n"
				"-- messages -j 1:\n%s-- messages -j 2:\n%s",
			(int)st1, (int)st2, msgs1, msgs2);
		abort();
	}
	free(text1);
	free(msgs1);
	free(text2);
	free(msgs2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fds = fuzz_count_fds();
	int fd = fuzz_memfd("request", data + 1, size - 1);
	char path[64];
	fuzz_fd_path(fd, path, sizeof path);
	const char *args[] = {"-n", fuzz_top(data[0]), path, NULL};
	fuzz_argv a;
	segprof_opts o;
	setenv("SEGPROF_READ_AHEAD", "first", 1);
	if (fuzz_opts_from(data[0], args, &a, &o))
		run_both(&o);
	close(fd);
	fuzz_check_fds(fds);
	return 0;
}
