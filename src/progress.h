/* SPDX-License-Identifier: MIT */
/* progress: a one-line progress report on standard error (bytes read, rate,
 * ETA), redrawn at most 5 times a second.  Only when asked (--progress) or
 * when standard error is a terminal and the input is large: never in a pipe
 * or a cron job by default. */
#ifndef SEGPROF_PROGRESS_H
#define SEGPROF_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct progress {
	bool on;
	const char *name;
	uint64_t total;     /* 0 when unknown (a pipe) */
	double start, last;
	bool drawn;
	bool erase;         /* end the line with an erase-to-end-of-line sequence;
			       otherwise pad with spaces */
	int width;          /* characters of the line drawn last */
} progress;

/* mode: -1 auto, 0 off, 1 on. */
void progress_init(progress *p, int mode, const char *name, uint64_t total);
void progress_update(progress *p, uint64_t done);
/* Erase the line. */
void progress_end(progress *p);

#endif
