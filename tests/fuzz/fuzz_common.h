/* SPDX-License-Identifier: MIT */
/* Shared helpers of the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness hands the fuzz input to segprof_compute() as a file: the bytes
 * go into a memfd, and the run opens "/proc/self/fd/N" like any path given on
 * the command line (a fresh open file description, offset 0).  After the run
 * the harness frees everything and checks that no file descriptor was left
 * open; memory leaks are LeakSanitizer's (libFuzzer -detect_leaks=1, the
 * default under ASan).
 *
 * Options come from one selector byte (fuzz_opts_from), turned into a command
 * line for cli_parse, so that every output writer, --top edge, --unlabeled
 * mode, extra column and language is reached; the harnesses take that byte
 * from the front of the input. */
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

#include <stdbool.h>

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

/* Options from one selector byte, through cli_parse itself (so that only
 * combinations the command line accepts are run, with its defaults):
 *   bits 0-2  -f json, ndjson, csv, tsv, table, markdown, cards, json --partial
 *   bit  3    --mean recency,a/b~c --median frequency,tenure --sum amount_spent,recency
 *             (and --compact with json); with bit 7: --lang pt instead of es
 *   bit  4    --unlabeled=skip --bad-rows=skip --missing=skip
 *   bits 5-6  in_sel (the caller's: --top, or an input format), and with
 *             cards, bit 5 also --locale-numbers
 *   bit  7    --lang es (pt with bit 3)
 *   bit  0    also --error-format=json
 * Always -j 1 --no-progress -q.  paths: the file arguments (a request FILE, or
 * --customers/--labels pairs) and any harness options; they must outlive the
 * run, and so must *a (cli_parse keeps pointers into it).  Returns false when
 * cli_parse refuses (the harness then skips the input). */
typedef struct fuzz_argv {
	char buf[512];
	char *argv[40];
	int argc;
} fuzz_argv;

static inline void fuzz_arg(fuzz_argv *a, size_t *used, const char *s)
{
	size_t n = strlen(s) + 1;
	if (*used + n > sizeof a->buf || a->argc + 1 >= (int)(sizeof a->argv / sizeof a->argv[0]))
		abort();
	memcpy(a->buf + *used, s, n); /* writable copies: --mean lists are split in place */
	a->argv[a->argc++] = a->buf + *used;
	a->argv[a->argc] = NULL;
	*used += n;
}

static inline bool fuzz_opts_from(uint8_t sel, const char *const *extra_args, fuzz_argv *a,
				  segprof_opts *o)
{
	static const char *const formats[8] = {"json", "ndjson", "csv", "tsv", "table",
					       "markdown", "cards", "json"};
	size_t used = 0;
	a->argc = 0;
	fuzz_arg(a, &used, "segprof");
	fuzz_arg(a, &used, "-f");
	fuzz_arg(a, &used, formats[sel & 7]);
	if ((sel & 7) == 7)
		fuzz_arg(a, &used, "--partial");
	if (sel & 8) {
		if ((sel & 7) == 0)
			fuzz_arg(a, &used, "--compact");
		fuzz_arg(a, &used, "--mean");
		fuzz_arg(a, &used, "recency,a/b~c");
		fuzz_arg(a, &used, "--median");
		fuzz_arg(a, &used, "frequency,tenure");
		fuzz_arg(a, &used, "--sum");
		fuzz_arg(a, &used, "amount_spent,recency");
	}
	if (sel & 16) {
		fuzz_arg(a, &used, "--unlabeled=skip");
		fuzz_arg(a, &used, "--bad-rows=skip");
		if (sel & 8)
			fuzz_arg(a, &used, "--missing=skip");
	}
	if ((sel & 7) == 6 && (sel & 32))
		fuzz_arg(a, &used, "--locale-numbers");
	if (sel & 128)
		fuzz_arg(a, &used, (sel & 8) ? "--lang=pt" : "--lang=es");
	if (sel & 1)
		fuzz_arg(a, &used, "--error-format=json");
	fuzz_arg(a, &used, "-j");
	fuzz_arg(a, &used, "1");
	fuzz_arg(a, &used, "--no-progress");
	fuzz_arg(a, &used, "-q");
	for (size_t i = 0; extra_args && extra_args[i]; i++)
		fuzz_arg(a, &used, extra_args[i]);
	/* cli_parse prints a usage message on refusal: none expected here. */
	return cli_parse(a->argc, a->argv, o) == CLI_RUN;
}

/* --top from the two selector bits of fuzz_opts_from. */
static inline const char *fuzz_top(uint8_t sel)
{
	static const char *const tops[4] = {"5", "0", "2", "1000000"};
	return tops[(sel >> 5) & 3];
}

/* Run, print the diagnostics (into *msgs, and in the other format to
 * /dev/null: the printing code runs too), free everything else; the caller
 * frees *text and *msgs.  Checks the contract of segprof_compute: text only
 * on success, a diagnostic whenever the status is not 0. */
static inline sp_status fuzz_run_capture(const segprof_opts *o, char **text, size_t *len,
					 char **msgs, size_t *msgs_len)
{
	FILE *devnull = fuzz_devnull;
	if (!devnull && !(devnull = fuzz_devnull = fopen("/dev/null", "we")))
		abort();
	diag d;
	diag_init(&d);
	*text = (char *)1;
	*len = 1;
	sp_status st = segprof_compute(o, &d, text, len);
	if (st == SP_OK) {
		if (!*text && *len)
			abort();
		if (*text && strlen(*text) != *len) /* the output is text: no NUL inside */
			abort();
	} else {
		if (*text || *len)
			abort(); /* output produced on an error */
		if (!diag_has_errors(&d) && !d.oom)
			abort(); /* an error status without any message */
	}
	if (st != SP_OK && st != SP_DATAERR && st != SP_NOINPUT && st != SP_OSERR &&
	    st != SP_IOERR)
		abort(); /* SP_SOFTWARE (internal error) or an unknown status */
	FILE *m = open_memstream(msgs, msgs_len);
	if (!m)
		abort();
	diag_print(&d, m, o->error_format, o->quiet);
	if (fclose(m) != 0)
		abort();
	diag_print(&d, devnull, o->error_format == DIAG_JSON ? DIAG_TEXT : DIAG_JSON, false);
	diag_fini(&d);
	return st;
}

static inline void fuzz_run(const segprof_opts *o)
{
	char *text, *msgs;
	size_t len, msgs_len;
	fuzz_run_capture(o, &text, &len, &msgs, &msgs_len);
	free(text);
	free(msgs);
}

/* Run at -j 1 (checking the contract as fuzz_run) and again at -j 2: the
 * status, the output and the messages must be the same. */
static inline bool fuzz_same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static inline void fuzz_run_both(segprof_opts *o)
{
	char *text1, *msgs1, *text2, *msgs2;
	size_t len1, msgs1_len, len2, msgs2_len;
	sp_status st1 = fuzz_run_capture(o, &text1, &len1, &msgs1, &msgs1_len);
	o->jobs = 2;
	sp_status st2 = fuzz_run_capture(o, &text2, &len2, &msgs2, &msgs2_len);
	if (st1 != st2 || !fuzz_same(text1, len1, text2, len2) ||
	    !fuzz_same(msgs1, msgs1_len, msgs2, msgs2_len)) {
		fprintf(stderr, "-j 1 and -j 2 differ: status %d / %d\n"
				"-- messages -j 1:\n%s-- messages -j 2:\n%s",
			(int)st1, (int)st2, msgs1, msgs2);
		abort();
	}
	free(text1);
	free(msgs1);
	free(text2);
	free(msgs2);
}

/* A fast reader against its slow twin: run o four ways, the fast reader and
 * the slow one (chosen by setting the environment variable slow_env to "1")
 * each at -j 1 and -j 2; the status, the output and the messages must be
 * the same every way.  what ("NDJSON framing") and slow_name ("line by
 * line") name them in the report. */
static inline void fuzz_run_fast_and_slow(segprof_opts *o, const char *slow_env,
					  const char *what, const char *slow_name)
{
	struct { sp_status st; char *text, *msgs; size_t len, msgs_len; } r[4];
	for (int i = 0; i < 4; i++) {
		o->jobs = i < 2 ? 1 : 2;
		if (i % 2)
			setenv(slow_env, "1", 1);
		else
			unsetenv(slow_env);
		r[i].st = fuzz_run_capture(o, &r[i].text, &r[i].len, &r[i].msgs, &r[i].msgs_len);
	}
	unsetenv(slow_env);
	for (int i = 1; i < 4; i++)
		if (r[i].st != r[0].st || !fuzz_same(r[i].text, r[i].len, r[0].text, r[0].len) ||
		    !fuzz_same(r[i].msgs, r[i].msgs_len, r[0].msgs, r[0].msgs_len)) {
			fprintf(stderr,
				"%s differs: run %d (%s, -j %d) status %d, the fast way -j 1 status %d\n"
				"-- messages, the fast way -j 1:\n%s-- messages, run %d:\n%s",
				what, i, i % 2 ? slow_name : "the fast way", i < 2 ? 1 : 2, (int)r[i].st,
				(int)r[0].st, r[0].msgs, i, r[i].msgs);
			abort();
		}
	for (int i = 0; i < 4; i++) {
		free(r[i].text);
		free(r[i].msgs);
	}
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

/* A small labels CSV for harnesses whose input is the customers: ids C001 to
 * C010 (the form of the seed corpora's), plain numbers, and a string
 * cluster. */
static const char fuzz_labels_csv[] = "customer_id,cluster_id\n"
				      "C001,2\nC002,0\nC003,0\nC004,0\nC005,2\nC006,1\nC007,2\n"
				      "C008,1\nC009,0\nC010,1\n1,0\n2,1\nX,gold\n";

/* Inputs held in memory as files for a command line: each a memfd, named by
 * its /proc/self/fd path.  fuzz_files_close closes them and checks that the
 * run left no descriptor open. */
enum { FUZZ_FILES = 4 };
typedef struct fuzz_files {
	int before; /* descriptors open before the first file */
	int n;
	int fd[FUZZ_FILES];
	char path[FUZZ_FILES][64];
} fuzz_files;

static inline void fuzz_files_init(fuzz_files *f)
{
	f->before = fuzz_count_fds();
	f->n = 0;
}

/* A file holding data[0..size): its path. */
static inline const char *fuzz_file(fuzz_files *f, const char *name, const uint8_t *data, size_t size)
{
	if (f->n == FUZZ_FILES)
		abort();
	f->fd[f->n] = fuzz_memfd(name, data, size);
	fuzz_fd_path(f->fd[f->n], f->path[f->n], sizeof f->path[f->n]);
	return f->path[f->n++];
}

static inline void fuzz_files_close(fuzz_files *f)
{
	for (int i = 0; i < f->n; i++)
		close(f->fd[i]);
	fuzz_check_fds(f->before);
}

/* Run segprof on split inputs held in memory: customers and labels become
 * memfds named on the command line after format_opt; the options come from
 * the selector byte.  At -j 1 and -j 2 (the labels then on their own
 * thread), which must agree; checks that no descriptor is leaked. */
static inline void fuzz_run_split(uint8_t sel, const char *format_opt, const uint8_t *customers,
				  size_t customers_len, const uint8_t *labels, size_t labels_len)
{
	fuzz_files f;
	fuzz_files_init(&f);
	const char *cpath = fuzz_file(&f, "customers", customers, customers_len);
	const char *lpath = fuzz_file(&f, "labels", labels, labels_len);
	const char *args[] = {format_opt, "--customers", cpath, "--labels", lpath, NULL};
	fuzz_argv a;
	segprof_opts o;
	if (fuzz_opts_from(sel, args, &a, &o))
		fuzz_run_both(&o);
	fuzz_files_close(&f);
}

#endif
