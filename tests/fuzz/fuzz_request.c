/* libFuzzer harness: a request document (SPEC §1.1), the default input.
 *
 * Input: one selector byte (output options, see fuzz_opts_from), then the
 * document.  The run is segprof_compute with opts.input = "/proc/self/fd/N"
 * and one job, as `segprof [options] FILE` minus writing the output. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fds = fuzz_count_fds();
	segprof_opts o;
	fuzz_default_opts(&o);
	fuzz_opts_from(data[0], &o);
	int fd = fuzz_memfd("request", data + 1, size - 1);
	char path[64];
	fuzz_fd_path(fd, path, sizeof path);
	o.input = path;
	fuzz_run(&o);
	close(fd);
	fuzz_check_fds(fds);
	return 0;
}
