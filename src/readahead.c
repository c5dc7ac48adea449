/* SPDX-License-Identifier: MIT */
/* readahead: the labels of a request document read ahead. */
#include "readahead.h"

#include <unistd.h>

/* Find and read the labels; true if they are complete and clean. */
static bool read_ahead_labels(read_ahead *a)
{
	uint64_t start, end;
	long line, col;
	/* Only in the second half: labels before it are read early enough in
	 * order (and claim stops the search when the reader gets there). */
	if (!request_labels_find(a->src.fd, a->src.total / 2, a->src.total, &a->cancel, &start))
		return false;
	/* Publish the guess, then see whether the reader already found the
	 * labels elsewhere (claim does the converse: one of the two sees the
	 * other). */
	__atomic_store_n(&a->start, start, __ATOMIC_SEQ_CST);
	uint64_t claimed = __atomic_load_n(&a->claimed, __ATOMIC_SEQ_CST);
	if (claimed && claimed - 1 != start)
		return false;
	sp_status st = request_labels_ahead(&a->src, start, a->col, &a->d, &end, &line, &col);
	if (st != SP_OK || diag_has_errors(&a->d) || a->d.n_warnings != 0 ||
	    __atomic_load_n(&a->cancel, __ATOMIC_RELAXED))
		return false;
	a->pub.end = end;
	a->pub.end_line = line;
	a->pub.end_col = col;
	return true;
}

static void *read_ahead_main(void *arg)
{
	read_ahead *a = arg;
	a->ok = read_ahead_labels(a);
	/* Either way the workers waiting for the labels go on: joining, or
	 * keeping the customers pending until the reader reads the labels. */
	if (a->ok)
		collector_labels_complete(a->col);
	else
		collector_labels_failed(a->col);
	return NULL;
}

void read_ahead_join(read_ahead *a, bool cancel)
{
	if (!a->running)
		return;
	if (cancel)
		__atomic_store_n(&a->cancel, true, __ATOMIC_RELAXED);
	pthread_join(a->thread, NULL);
	a->running = false;
	a->col->d = a->run_d;
	diag_fini(&a->d);
	source_close(&a->src);
}

static ahead_verdict read_ahead_claim(labels_ahead *pub, uint64_t pos)
{
	read_ahead *a = (read_ahead *)pub;
	/* Wait for it if its guess is (or may yet be) here; stop it if the
	 * guess is elsewhere, or if it is still searching and these labels are
	 * in the first half of the file, where it does not look. */
	__atomic_store_n(&a->claimed, pos + 1, __ATOMIC_SEQ_CST);
	uint64_t start = __atomic_load_n(&a->start, __ATOMIC_SEQ_CST);
	read_ahead_join(a, start == UINT64_MAX ? pos < a->src.total / 2 : start != pos);
	if (a->ok && a->start == pos) {
		a->taken = true;
		return AHEAD_TAKEN;
	}
	if (a->ok)
		return AHEAD_RETRY;
	collector_labels_reset(a->col);
	return AHEAD_NONE;
}

bool read_ahead_start(read_ahead *a, const char *path, const source *doc, collector *col, diag *d)
{
	*a = (read_ahead){.pub.claim = read_ahead_claim, .col = col, .run_d = d, .start = UINT64_MAX};
	if (doc->total == 0)
		return false; /* not a regular file: no going back and forth */
	/* Standard input redirected from a file: opened again through /proc,
	 * for an offset of its own (where there is no /proc, no reading
	 * ahead). */
	if (doc->fd == STDIN_FILENO)
		path = "/proc/self/fd/0";
	diag scratch;
	diag_init(&scratch);
	bool opened = source_open(&a->src, path, &scratch) == SP_OK && a->src.total == doc->total;
	diag_fini(&scratch);
	if (!opened)
		return false;
	a->src.cancel = &a->cancel;
	diag_init(&a->d);
	col->d = &a->d; /* the labels' messages, while the thread runs */
	/* With several workers the last leaves its core to this thread, as
	 * to a labels file read beside the customers (collect.c): the labels
	 * are the critical path, the customers parsed before them only wait. */
	col->labels_beside = true;
	if (pthread_create(&a->thread, NULL, read_ahead_main, a) != 0) {
		col->labels_beside = false;
		col->d = d;
		diag_fini(&a->d);
		source_close(&a->src);
		return false;
	}
	a->running = true;
	return true;
}
