/* SPDX-License-Identifier: MIT */
/* names: reading a names file (CSV or JSON object) and naming the profiles. */
#include "names.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jansson_mem.h"
#include "profile_field.h"
#include "source.h"
#include "utf8.h"
#include "grow.h"

void names_init(cluster_names *nm)
{
	memset(nm, 0, sizeof *nm);
}

void names_fini(cluster_names *nm)
{
	for (size_t i = 0; i < nm->n; i++) {
		free(nm->e[i].key);
		free(nm->e[i].name);
	}
	free(nm->e);
	names_init(nm);
}

/* The whole file in memory (a names file is small), decoded when it is gzip
 * or zstd, as every input is.  "-" is a file of that name: standard input is
 * the profiled input's. */
static sp_status slurp(const char *path, char **buf, size_t *len, diag *d)
{
	source s;
	*buf = NULL;
	sp_status st = source_open(&s, strcmp(path, "-") == 0 ? "./-" : path, d);
	if (st)
		return st;
	while (source_fill(&s, 0) > 0)
		;
	if (s.err) {
		st = source_error(&s, d, 0);
		goto out;
	}
	*len = s.len;
	if (!(*buf = malloc(s.len + 1))) {
		st = SP_OSERR;
		goto out;
	}
	memcpy(*buf, s.buf, s.len);
	(*buf)[s.len] = '\0';
out:
	source_close(&s);
	return st;
}

static bool add_entry(cluster_names *nm, const char *key, size_t key_len, const char *name,
		      size_t name_len, long line)
{
	if (!grow_room(&nm->e, &nm->cap, nm->n + 1, sizeof *nm->e, 16))
		return false;
	name_entry *e = &nm->e[nm->n];
	e->key = strndup(key, key_len);
	e->name = strndup(name, name_len);
	e->key_len = key_len;
	e->line = line;
	e->ord = nm->n;
	e->used = false;
	if (!e->key || !e->name) {
		free(e->key);
		free(e->name);
		return false;
	}
	nm->n++;
	return true;
}

/* {"cluster_id": "name", ...}: duplicate keys are refused by the parser. */
static sp_status read_json(cluster_names *nm, const char *buf, size_t len, diag *d)
{
	json_error_t err;
	json_t *root = json_loadb_noting(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		if (!err.text[0])
			return SP_OSERR;
		diag_error(d, SP_DATAERR, 0, nm->path, err.line, err.column, NULL, "%s", err.text);
		return SP_DATAERR;
	}
	sp_status st = SP_OK;
	if (!json_is_object(root)) {
		diag_error(d, SP_DATAERR, 0, nm->path, 0, 0, "",
			   "expected an object of cluster_id: name, got %s",
			   json_is_array(root) ? "an array" : "a scalar");
		st = SP_DATAERR;
		goto out;
	}
	const char *key;
	size_t key_len;
	json_t *v;
	uint64_t ord = 0;
	json_object_keylen_foreach(root, key, key_len, v) {
		const char *why = !json_is_string(v) ? "expected a name (a string)"
			: json_string_length(v) == 0 ? "expected a name, got an empty string"
			: key_len == 0 ? "expected a cluster id, got an empty key" : NULL;
		if (why) {
			char *ptr = pointer_append("", key, key_len);
			if (!ptr) {
				st = SP_OSERR;
				goto out;
			}
			diag_error(d, SP_DATAERR, ord, nm->path, 0, 0, ptr, "%s", why);
			free(ptr);
			st = SP_DATAERR;
		} else if (!add_entry(nm, key, key_len, json_string_value(v), json_string_length(v), 0)) {
			st = SP_OSERR;
			goto out;
		}
		ord++;
	}
out:
	json_decref(root);
	return st;
}

/* A names record has two fields, three when pandas wrote its index first
 * (a header ",cluster_id,name"): at most FIELDS_MAX are kept. */
enum { FIELDS_MAX = 3 };

/* One CSV record from *p (RFC 4180 quoting), its first FIELDS_MAX fields
 * unquoted into field[] (malloc'd by the caller, each as long as the record),
 * fstart[] where each of the first FIELDS_MAX + 1 fields starts.  Returns the
 * number of fields, or -1 for an unterminated quote. */
typedef struct csv_cursor {
	const char *p, *end;
	long line;
	const char *line_start;
} csv_cursor;

static int csv_record(csv_cursor *c, char *field[FIELDS_MAX], size_t flen[FIELDS_MAX],
		      const char *fstart[FIELDS_MAX + 1])
{
	int n = 0;
	for (;;) {
		char *w = n < FIELDS_MAX ? field[n] : NULL;
		size_t l = 0;
		fstart[n < FIELDS_MAX ? n : FIELDS_MAX] = c->p;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p == c->end)
					return -1;
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						c->p++;
					} else {
						c->p++;
						break;
					}
				} else if (*c->p == '\n') {
					c->line++;
					c->line_start = c->p + 1;
				}
				if (w)
					w[l] = *c->p;
				l++;
				c->p++;
			}
		}
		while (c->p < c->end && *c->p != ',' && *c->p != '\n') {
			if (w && !(*c->p == '\r' && (c->p + 1 == c->end || c->p[1] == '\n')))
				w[l++] = *c->p;
			c->p++;
		}
		if (n < FIELDS_MAX)
			flen[n] = l;
		n++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end) { /* '\n' */
			c->p++;
			c->line++;
			c->line_start = c->p;
		}
		return n;
	}
}

static bool blank_rest_of_line(const char *p, const char *end)
{
	for (; p < end && *p != '\n'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

static bool is_field(char *field, size_t flen, const char *name)
{
	return flen == strlen(name) && memcmp(field, name, flen) == 0;
}

/* cluster_id,name or cluster_id,cluster_name; after an empty first field
 * (pandas' unnamed index column), *index_cols = 1. */
static bool is_header(char *field[FIELDS_MAX], size_t flen[FIELDS_MAX], int n, int *index_cols)
{
	int i = n == 3 && flen[0] == 0 ? 1 : 0;
	if (n != 2 + i || !is_field(field[i], flen[i], "cluster_id") ||
	    !(is_field(field[i + 1], flen[i + 1], "name") ||
	      is_field(field[i + 1], flen[i + 1], "cluster_name")))
		return false;
	*index_cols = i;
	return true;
}

/* cluster_id,name records, blank lines skipped. */
static sp_status read_csv(cluster_names *nm, const char *buf, size_t len, diag *d)
{
	sp_status st = SP_OK;
	char *field[FIELDS_MAX] = {malloc(len + 1), malloc(len + 1), malloc(len + 1)};
	size_t flen[FIELDS_MAX];
	const char *fstart[FIELDS_MAX + 1];
	int index_cols = 0; /* fields before cluster_id (pandas' index) */
	csv_cursor c = {buf, buf + len, 1, buf};
	bool first = true;
	if (!field[0] || !field[1] || !field[2]) {
		st = SP_OSERR;
		goto out;
	}
	while (c.p < c.end) {
		if (blank_rest_of_line(c.p, c.end)) {
			while (c.p < c.end && *c.p++ != '\n')
				;
			c.line++;
			c.line_start = c.p;
			continue;
		}
		long line = c.line;
		const char *line_start = c.line_start;
		int n = csv_record(&c, field, flen, fstart);
		size_t bad;
		const char *why = NULL;
		const int want = 2 + index_cols, k = index_cols, v = index_cols + 1;
		const char *where = fstart[0];
		if (n < 0) {
			why = "unterminated quoted field";
		} else if (first && is_header(field, flen, n, &index_cols)) {
			first = false;
			continue;
		} else if (n != want) {
			why = index_cols ? (n < want ? "expected 3 fields (index,cluster_id,name), got fewer"
						     : "expected 3 fields (index,cluster_id,name), got more")
			      : n < want ? "expected 2 fields (cluster_id,name), got 1"
					 : "expected 2 fields (cluster_id,name), got more";
			where = n < want ? fstart[0] : fstart[want];
		} else if (flen[k] == 0) {
			why = "expected a cluster id, got an empty field";
			where = fstart[k];
		} else if (flen[v] == 0) {
			why = "expected a name, got an empty field";
			where = fstart[v];
		} else if (!utf8_valid(field[k], flen[k], &bad) || !utf8_valid(field[v], flen[v], &bad)) {
			why = "invalid UTF-8";
		} else if (memchr(field[k], '\0', flen[k]) || memchr(field[v], '\0', flen[v])) {
			why = "NUL character in a field";
		}
		first = false;
		if (why) {
			/* a quoted field may span lines: count them up to where */
			long l = line, col;
			for (const char *q = line_start; q < where; q++)
				if (*q == '\n') {
					l++;
					line_start = q + 1;
				}
			col = (long)(where - line_start) + 1;
			diag_error(d, SP_DATAERR, (uint64_t)l, nm->path, l, col, NULL, "%s", why);
			st = SP_DATAERR;
			if (n < 0)
				break;
			continue;
		}
		if (!add_entry(nm, field[k], flen[k], field[v], flen[v], line)) {
			st = SP_OSERR;
			goto out;
		}
	}
out:
	for (int i = 0; i < FIELDS_MAX; i++)
		free(field[i]);
	return st;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const name_entry *a = pa, *b = pb;
	size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
	int c = memcmp(a->key, b->key, n);
	return c ? c : (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

/* By key, then file order. */
static int entry_order_cmp(const void *pa, const void *pb)
{
	const name_entry *a = pa, *b = pb;
	int c = entry_cmp(a, b);
	return c ? c : (a->ord > b->ord) - (a->ord < b->ord);
}

/* Sorted by key; a key named twice is an error. */
static sp_status check_duplicates(cluster_names *nm, diag *d)
{
	sp_status st = SP_OK;
	if (nm->n < 2)
		return SP_OK;
	qsort(nm->e, nm->n, sizeof *nm->e, entry_order_cmp);
	for (size_t i = 1; i < nm->n; i++) {
		const name_entry *first = &nm->e[i - 1], *again = &nm->e[i];
		if (entry_cmp(first, again) != 0)
			continue;
		if (again->line)
			diag_error(d, SP_DATAERR, (uint64_t)again->line, nm->path, again->line, 1, NULL,
				   "cluster '%.60s' named again (first on line %ld)", again->key,
				   first->line);
		else
			diag_error(d, SP_DATAERR, again->ord, nm->path, 0, 0, NULL,
				   "cluster '%.60s' named more than once", again->key);
		st = SP_DATAERR;
		while (i + 1 < nm->n && entry_cmp(&nm->e[i], &nm->e[i + 1]) == 0)
			i++;
	}
	return st;
}

sp_status names_read(cluster_names *nm, const char *path, diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	nm->path = path;
	sp_status st = slurp(path, &buf, &len, d);
	if (st)
		return st;
	const char *p = buf;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	const char *q = p;
	while (q < buf + len && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
		q++;
	if (q < buf + len && (*q == '{' || *q == '['))
		st = read_json(nm, p, len - (size_t)(p - buf), d);
	else
		st = read_csv(nm, p, len - (size_t)(p - buf), d);
	free(buf);
	if (st != SP_OSERR) {
		sp_status dup = check_duplicates(nm, d);
		st = st ? st : dup;
	}
	if (st == SP_OSERR)
		diag_error(d, SP_OSERR, 0, NULL, 0, 0, NULL, "out of memory");
	return st;
}

sp_status names_apply(cluster_names *nm, profile_list *pl)
{
	char buf[HUNDREDTHS_MAX + 3];
	pl->named = true;
	for (size_t i = 0; i < pl->n; i++) {
		profile *p = &pl->items[i];
		const char *t = profile_field_text(pl, p, 0, false, buf, sizeof buf);
		name_entry key = {.key = (char *)t, .key_len = strlen(t)};
		name_entry *e = nm->n == 0 ? NULL : bsearch(&key, nm->e, nm->n, sizeof *nm->e, entry_cmp);
		if (!e)
			continue;
		e->used = true;
		if (!(p->name = strdup(e->name)))
			return SP_OSERR;
	}
	return SP_OK;
}

void names_warn_unused(const cluster_names *nm, diag *d)
{
	size_t unused = 0;
	char list[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < nm->n; i++) {
		if (nm->e[i].used)
			continue;
		if (unused < 5 && len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s'%.32s%s'",
						unused ? ", " : "", nm->e[i].key,
						nm->e[i].key_len > 32 ? "..." : "");
		unused++;
	}
	if (unused == 1)
		diag_warning(d, nm->path, "a name for a cluster not in the input: %s", list);
	else if (unused)
		diag_warning(d, nm->path, "%zu names for clusters not in the input: %s%s", unused, list,
			     unused > 5 ? ", ..." : "");
}
