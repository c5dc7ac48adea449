/* SPDX-License-Identifier: MIT */
/* jsonout: the few JSON-writing primitives shared by the JSON writers and by
 * --error-format=json.  Strings are written as UTF-8, escaping only what JSON
 * requires (", \, and control characters). */
#ifndef SEGPROF_JSONOUT_H
#define SEGPROF_JSONOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

void jsonout_string(FILE *out, const char *s, size_t len);
void jsonout_diag(FILE *out, const char *file, long line, long col, const char *pointer,
		  const char *message, int exit, bool warning);

#endif
