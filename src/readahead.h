/* SPDX-License-Identifier: MIT */
/* readahead: the labels of a request document read ahead, on a thread of
 * their own.
 *
 * Most documents put "customers" first.  Read in order, every customer
 * would then wait in a pending list while the one reader frames them all,
 * and the labels would be read after them with the workers idle.  Instead,
 * with a regular file, a thread looks for the labels from the end of the
 * file (request_labels_find) and reads them at once: the customers join as
 * soon as they are complete.  With several jobs it runs beside the workers
 * (the last of which leaves its core to it); with one job, and "customers"
 * the document's first member, it runs before the customers are read.
 *
 * That is a guess, confirmed when the reader reaches "labels" itself (claim):
 * the object must start where the guess did.  A wrong guess that nobody used
 * is forgotten; one the customers were already joined to makes the whole run
 * start again without reading ahead (SP_RETRY).  So neither the output nor
 * the messages ever depend on it, only the time. */
#ifndef SEGPROF_READAHEAD_H
#define SEGPROF_READAHEAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "collect.h"
#include "diag.h"
#include "request.h"
#include "source.h"

typedef struct read_ahead {
	labels_ahead pub;   /* first: claim gets &pub */
	source src;
	collector *col;
	diag *run_d;
	diag d;             /* its messages: any one makes the guess unusable */
	bool cancel;        /* set by the reader: stop */
	uint64_t start;     /* the guess, UINT64_MAX until there is one */
	uint64_t claimed;   /* 1 + where the reader found the labels, or 0 */
	bool ok;            /* read, clean, and the customers told so */
	bool taken;         /* confirmed by the reader */
	bool running;
	pthread_t thread;
} read_ahead;

/* Start reading ahead the labels of the document at path, already open as
 * doc, into col; false if that is not possible (not a regular file, no
 * thread): then nothing was started.  a->pub is for request_read. */
bool read_ahead_start(read_ahead *a, const char *path, const source *doc, collector *col, diag *d);

/* Stop the thread (cancel) or wait for it to end; its messages are dropped.
 * Then a->ok: its labels were complete and the customers told so;
 * a->taken: request_read confirmed them. */
void read_ahead_join(read_ahead *a, bool cancel);

#endif
