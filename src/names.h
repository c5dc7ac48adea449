/* SPDX-License-Identifier: MIT */
/* names: --names=FILE, a name for each cluster id (segprof(1) OPTIONS,
 * "Cluster names").  The file is a CSV of cluster_id,name (an optional
 * header line) or a JSON object {"cluster_id": "name"}; a name applies to the
 * cluster whose cluster_id prints as its key. */
#ifndef SEGPROF_NAMES_H
#define SEGPROF_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "profile.h"

typedef struct name_entry {
	char *key;      /* the cluster id as printed */
	size_t key_len;
	char *name;
	long line;      /* in a CSV file; 0 in JSON */
	uint64_t ord;   /* position in the file */
	bool used;
} name_entry;

typedef struct cluster_names {
	const char *path;
	name_entry *e;  /* sorted by key once read */
	size_t n, cap;
} cluster_names;

void names_init(cluster_names *nm);
void names_fini(cluster_names *nm);

/* Read path into nm.  SP_NOINPUT when it cannot be opened, SP_DATAERR (every
 * problem recorded in d) when it is not a names file. */
sp_status names_read(cluster_names *nm, const char *path, diag *d);

/* Give each profile of pl its name (marking the name used) and add the
 * cluster_name column.  SP_OSERR when out of memory. */
sp_status names_apply(cluster_names *nm, profile_list *pl);

/* One warning in d for the names no cluster used. */
void names_warn_unused(const cluster_names *nm, diag *d);

#endif
