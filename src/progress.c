/* SPDX-License-Identifier: MIT */
/* progress: the progress line. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { AUTO_MIN_BYTES = 64 << 20 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Escape sequences only for a terminal that understands them: a file, a
 * pipe or TERM=dumb (or no TERM) gets plain text (segprof(1), --progress). */
static bool can_erase(void)
{
	const char *term = getenv("TERM");
	return isatty(STDERR_FILENO) && term && *term && strcmp(term, "dumb") != 0;
}

void progress_init(progress *p, int mode, const char *name, uint64_t total)
{
	*p = (progress){0};
	p->on = mode == 1 || (mode == -1 && isatty(STDERR_FILENO) &&
			      (total == 0 || total >= AUTO_MIN_BYTES));
	p->erase = p->on && can_erase();
	p->name = name;
	p->total = total;
	p->start = p->last = now();
}

void progress_update(progress *p, uint64_t done)
{
	if (!p->on)
		return;
	double t = now();
	if (t - p->last < 0.2)
		return;
	p->last = t;
	double mb = (double)done / 1e6, rate = mb / (t - p->start > 1e-9 ? t - p->start : 1e-9);
	int width;
	if (p->total) {
		double left = ((double)p->total - (double)done) / 1e6 / (rate > 0 ? rate : 1);
		width = fprintf(stderr, "\rsegprof: %s: %.0f/%.0f MB (%.0f%%), %.0f MB/s, ETA %.0f s",
				p->name, mb, (double)p->total / 1e6,
				100.0 * (double)done / (double)p->total, rate, left < 0 ? 0 : left);
	} else {
		width = fprintf(stderr, "\rsegprof: %s: %.0f MB, %.0f MB/s", p->name, mb, rate);
	}
	width = width > 0 ? width - 1 : 0; /* the \r takes no column */
	if (p->erase)
		fputs("\033[K", stderr);
	else if (p->width > width) /* cover the end of a longer line */
		fprintf(stderr, "%*s", p->width - width, "");
	if (width > p->width || p->erase)
		p->width = width;
	p->drawn = true;
}

void progress_end(progress *p)
{
	if (p->drawn && p->erase)
		fputs("\r\033[K", stderr);
	else if (p->drawn)
		fprintf(stderr, "\r%*s\r", p->width, "");
	p->drawn = false;
}
