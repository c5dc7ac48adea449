/* SPDX-License-Identifier: MIT */
/* jtext: the text of a member or an element inside JSON that jansson has
 * already accepted.  jansson keeps a number only as a double; segprof reads
 * numbers as written (segprof(1) COMPUTATION, Numbers), so it takes their text from here.
 * The functions assume valid JSON and never read past len. */
#ifndef SEGPROF_JTEXT_H
#define SEGPROF_JTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The value of the top-level member key (klen bytes, as decoded: escaped
 * keys compare by their value) of the object at [t, t + len). */
bool jtext_member(const char *t, size_t len, const char *key, size_t klen, const char **v,
		  size_t *vlen);

/* The elements of the array at [t, t + len), one a call: *pos starts at 0;
 * false after the last. */
bool jtext_element(const char *t, size_t len, size_t *pos, const char **v, size_t *vlen);

#endif
