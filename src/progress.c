/* progress: the progress line. */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum { AUTO_MIN_BYTES = 64 << 20 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, int mode, const char *name, uint64_t total)
{
	*p = (progress){0};
	p->on = mode == 1 || (mode == -1 && isatty(STDERR_FILENO) &&
			      (total == 0 || total >= AUTO_MIN_BYTES));
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
	if (p->total) {
		double left = ((double)p->total - (double)done) / 1e6 / (rate > 0 ? rate : 1);
		fprintf(stderr, "\rsegprof: %s: %.0f/%.0f MB (%.0f%%), %.0f MB/s, ETA %.0f s\033[K",
			p->name, mb, (double)p->total / 1e6, 100.0 * (double)done / (double)p->total,
			rate, left < 0 ? 0 : left);
	} else {
		fprintf(stderr, "\rsegprof: %s: %.0f MB, %.0f MB/s\033[K", p->name, mb, rate);
	}
	p->drawn = true;
}

void progress_end(progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = false;
}
