/* SPDX-License-Identifier: MIT */
/* fields: the names under which a customer record carries its fields (JSON
 * keys or CSV columns), set by --id-field, --frequency-field,
 * --amount-field, --types-field and --cluster-field (segprof(1), TABLES).
 * A plain description filled by the CLI and read by every record reader. */
#ifndef SEGPROF_FIELDS_H
#define SEGPROF_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef enum field_kind { F_ID, F_FREQUENCY, F_AMOUNT, F_TYPES, F_CLUSTER, F_COUNT } field_kind;

typedef struct field_names {
	const char *name[F_COUNT];  /* name[F_CLUSTER]: NULL unless --cluster-field */
	size_t len[F_COUNT];
	bool cluster_in_row;        /* the customers carry their cluster under
				       name[F_CLUSTER] (no labels source) */
	char types_sep;             /* --types-sep: slugs in a CSV cell */
} field_names;

/* The defaults: id, frequency, amount_spent, product_types; no cluster. */
static inline void field_names_default(field_names *f)
{
	static const char *const names[F_CLUSTER] = {"id", "frequency", "amount_spent",
						     "product_types"};
	memset(f, 0, sizeof *f);
	for (int i = 0; i < F_CLUSTER; i++) {
		f->name[i] = names[i];
		f->len[i] = strlen(names[i]);
	}
	f->types_sep = ';';
}

/* Which field key names (F_COUNT: none).  The cluster counts only when the
 * customers carry it. */
static inline field_kind field_of(const field_names *f, const char *key, size_t len)
{
	int n = f->cluster_in_row ? F_COUNT : F_CLUSTER;
	for (int i = 0; i < n; i++)
		if (f->len[i] == len && (len == 0 || f->name[i][0] == key[0]) &&
		    memcmp(f->name[i], key, len) == 0)
			return (field_kind)i;
	return F_COUNT;
}

#endif
