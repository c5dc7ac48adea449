/* SPDX-License-Identifier: MIT */
/* sort: --sort=FIELD, the order of the profiles (segprof(1) OPTIONS). */
#ifndef SEGPROF_SORT_H
#define SEGPROF_SORT_H

#include <stdbool.h>

#include "diag.h"
#include "profile.h"

typedef struct sort_spec {
	const char *field;  /* NULL: the cluster order */
	size_t len;
	bool desc;
} sort_spec;

/* Parse FIELD, -FIELD, FIELD:asc or FIELD:desc; false when there is no
 * field name. */
bool sort_spec_parse(const char *arg, sort_spec *s);

/* Order pl by s, stably (ties keep the cluster order); nulls last in either
 * direction.  SP_USAGE (message in d) when the field is not a column of pl;
 * SP_OSERR when out of memory. */
sp_status profiles_sort(profile_list *pl, const sort_spec *s, diag *d);

#endif
