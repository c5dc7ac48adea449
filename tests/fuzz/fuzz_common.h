/* Shared helpers of the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness hands the fuzz input to segprof_compute() as a file: the bytes
 * go into a memfd, and the run opens "/proc/self/fd/N" like any path given on
 * the command line (a fresh open file description, offset 0).  After the run
 * the harness frees everything and checks that no file descriptor was left
 * open; memory leaks are LeakSanitizer's (libFuzzer -detect_leaks=1, the
 * default under ASan).
 *
 * Options come from one selector byte (fuzz_opts_from), so that every output
 * writer, --top edge, --unlabeled mode and language is reached without a
 * command line; the harness strips that byte from the input when it takes
 * one (see each harness). */
#ifndef SEGPROF_FUZZ_COMMON_H
#define SEGPROF_FUZZ_COMMON_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "run.h"

/* A memfd holding data[0..size); aborts on failure (not the code under test). */
static inline int fuzz_memfd(const char *name, const uint8_t *data, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	size_t off = 0;
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0) {
			perror("write memfd");
			abort();
		}
		off += (size_t)n;
	}
	return fd;
}

/* "/proc/self/fd/N" */
static inline void fuzz_fd_path(int fd, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

static FILE *fuzz_devnull;

/* Open descriptors of this process (entries of /proc/self/fd, the one used
 * to read the directory excluded).  Also opens the harness's own /dev/null
 * stream on the first call, so that it is counted from the start. */
static inline int fuzz_count_fds(void)
{
	if (!fuzz_devnull && !(fuzz_devnull = fopen("/dev/null", "we")))
		abort();
	DIR *dir = opendir("/proc/self/fd");
	if (!dir)
		abort();
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - 1;
}

/* Defaults as cli_parse leaves them, jobs = 1, no progress line. */
static inline void fuzz_default_opts(segprof_opts *o)
{
	memset(o, 0, sizeof *o);
	o->top = 5;
	o->jobs = 1;
	o->progress = 0;
	o->quiet = true;
}

/* Output options from one byte:
 *   bits 0-2  format (mod 6: json ndjson csv tsv table markdown)
 *   bit  3    --compact (json only) / --lang pt instead of es
 *   bit  4    --unlabeled=skip
 *   bits 5-6  --top 5, 0, 2, 1000000
 *   bit  7    --lang es (pt with bit 3) */
static inline void fuzz_opts_from(uint8_t sel, segprof_opts *o)
{
	static const unsigned tops[4] = {5, 0, 2, 1000000};
	o->format = (out_format)((sel & 7) % 6);
	o->compact = o->format == FMT_JSON && (sel & 8);
	o->skip_unlabeled = (sel & 16) != 0;
	o->top = tops[(sel >> 5) & 3];
	o->lang = (sel & 128) ? ((sel & 8) ? LANG_PT : LANG_ES) : LANG_EN;
	o->error_format = (sel & 1) ? DIAG_JSON : DIAG_TEXT;
}

/* Run, print the diagnostics (to /dev/null: the printing code runs too), free
 * everything.  Checks the contract of segprof_compute: text only on success,
 * a diagnostic whenever the status is not 0. */
static inline void fuzz_run(const segprof_opts *o)
{
	FILE *devnull = fuzz_devnull;
	if (!devnull && !(devnull = fuzz_devnull = fopen("/dev/null", "we")))
		abort();
	diag d;
	diag_init(&d);
	char *text = (char *)1;
	size_t len = 1;
	sp_status st = segprof_compute(o, &d, &text, &len);
	if (st == SP_OK) {
		if (!text && len)
			abort();
		if (text && strlen(text) != len) /* the output is text: no NUL inside */
			abort();
	} else {
		if (text || len)
			abort(); /* output produced on an error */
		if (!diag_has_errors(&d) && !d.oom)
			abort(); /* an error status without any message */
	}
	if (st != SP_OK && st != SP_DATAERR && st != SP_NOINPUT && st != SP_OSERR &&
	    st != SP_IOERR)
		abort(); /* SP_SOFTWARE (internal error) or an unknown status */
	diag_print(&d, devnull, o->error_format, o->quiet);
	diag_print(&d, devnull, o->error_format == DIAG_JSON ? DIAG_TEXT : DIAG_JSON, false);
	free(text);
	diag_fini(&d);
}

/* fd-leak check around a run: call with the count taken before the memfds
 * were created and after they were closed. */
static inline void fuzz_check_fds(int before)
{
	int after = fuzz_count_fds();
	if (after != before) {
		fprintf(stderr, "fd leak: %d descriptors open before the run, %d after\n", before,
			after);
		abort();
	}
}

#endif
