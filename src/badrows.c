/* SPDX-License-Identifier: MIT */
/* badrows: counting and naming the records --bad-rows=skip leaves out. */
#include "badrows.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bad_rows_init(bad_rows *b)
{
	memset(b, 0, sizeof *b);
}

void bad_rows_fini(bad_rows *b)
{
	for (size_t i = 0; i < b->n_first; i++) {
		free(b->first[i].where);
		free(b->first[i].why);
	}
	memset(b, 0, sizeof *b);
}

/* Keep r among the first BAD_ROWS_SHOWN by key (r's strings are taken). */
static void keep(bad_rows *b, bad_row r)
{
	size_t i = b->n_first;
	if (i == BAD_ROWS_SHOWN) {
		if (r.key >= b->first[i - 1].key) {
			free(r.where);
			free(r.why);
			return;
		}
		i--;
		free(b->first[i].where);
		free(b->first[i].why);
	} else {
		b->n_first++;
	}
	for (; i > 0 && b->first[i - 1].key > r.key; i--)
		b->first[i] = b->first[i - 1];
	b->first[i] = r;
}

bool bad_rows_note(bad_rows *b, const diag_entry *e)
{
	b->n++;
	if (b->n_first == BAD_ROWS_SHOWN && e->ord >= b->first[BAD_ROWS_SHOWN - 1].key)
		return true;
	char pos[64] = "";
	if (e->line && e->col)
		snprintf(pos, sizeof pos, ":%ld:%ld", e->line, e->col);
	else if (e->line)
		snprintf(pos, sizeof pos, ":%ld", e->line);
	const char *file = e->file ? e->file : "";
	const char *ptr = e->pointer && e->pointer[0] ? e->pointer : NULL;
	size_t len = strlen(file) + strlen(pos) + (ptr ? strlen(ptr) + 1 : 0) + 1;
	bad_row r = {e->ord, malloc(len), strdup(e->message ? e->message : "")};
	if (!r.where || !r.why) {
		free(r.where);
		free(r.why);
		return false;
	}
	snprintf(r.where, len, "%s%s%s%s", file, pos, ptr ? " " : "", ptr ? ptr : "");
	keep(b, r);
	return true;
}

void bad_rows_merge(bad_rows *dst, bad_rows *src)
{
	dst->n += src->n;
	for (size_t i = 0; i < src->n_first; i++)
		keep(dst, src->first[i]);
	src->n_first = 0;
	bad_rows_fini(src);
}

void bad_rows_warn(const bad_rows *b, diag *d)
{
	if (!b->n)
		return;
	char list[2048] = "";
	size_t used = 0;
	for (size_t i = 0; i < b->n_first && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
					 b->first[i].where);
	diag_warning(d, NULL,
		     "%" PRIu64 " bad customer record%s left out (--bad-rows=skip): %s%s; the first: %s",
		     b->n, b->n == 1 ? "" : "s", list, b->n > b->n_first ? ", ..." : "",
		     b->n_first ? b->first[0].why : "");
}
