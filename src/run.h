/* SPDX-License-Identifier: MIT */
/* run: one segprof run, input -> validated records -> accumulators ->
 * profiles -> writer -> output.  Returns the exit status; diagnostics are
 * left in d for the caller to print. */
#ifndef SEGPROF_RUN_H
#define SEGPROF_RUN_H

#include "cli.h"
#include "diag.h"

sp_status segprof_run(const segprof_opts *o, diag *d);

/* The run without its output: the rendered profiles in *text (malloc'd, the
 * caller frees), for the caller to write (used by segprof_run, the fuzzing
 * harnesses and the tests). */
sp_status segprof_compute(const segprof_opts *o, diag *d, char **text, size_t *len);

#endif
