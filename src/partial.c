/* SPDX-License-Identifier: MIT */
/* partial: writing and merging partial results. */
#include "partial.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "customer.h"
#include "jsonout.h"
#include "jtext.h"
#include "number.h"
#include "source.h"

enum { SHARD_SHIFT = 40 }; /* ord' = shard << 40 | ord */

static const char *const OP_NAME[] = {"mean", "median", "sum"};


static void put_u128(FILE *out, unsigned __int128 v)
{
	char buf[48];
	size_t n = 0;
	do {
		buf[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n)
		putc(buf[--n], out);
}

/* Values and slugs are written in a canonical order, so that a partial is
 * the same bytes for every --jobs (the workers' accumulators are merged in
 * an order that depends on how customers were shared out).  Neither order
 * carries information: medians take the values as a multiset, and a slug's
 * first-seen (ord, pos) travels with it. */
static int cmp_dec(const void *pa, const void *pb)
{
	return dec_cmp(*(const dec *)pa, *(const dec *)pb);
}

static int cmp_first_seen(const void *pa, const void *pb)
{
	const slug_count *a = *(const slug_count *const *)pa, *b = *(const slug_count *const *)pb;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The values of l sorted into *scratch (grown as needed) and written as
 * they were read, exactly; false: out of memory. */
static bool put_sorted(FILE *out, const dlist *l, dec **scratch, size_t *cap)
{
	size_t n = l->n;
	if (n > *cap) {
		dec *s = realloc(*scratch, n * sizeof *s);
		if (!s)
			return false;
		*scratch = s;
		*cap = n;
	}
	for (size_t i = 0; i < n; i++)
		(*scratch)[i] = dlist_get(l, i);
	if (n)
		qsort(*scratch, n, sizeof **scratch, cmp_dec);
	char text[400];
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		dec_text((*scratch)[i], text, sizeof text);
		fputs(text, out);
	}
	return true;
}

bool partial_write(FILE *out, const agg *a, const cluster_id *ids)
{
	bool ok = false;
	dec *values = NULL;
	size_t values_cap = 0;
	const slug_count **slugs = NULL;
	const extra_spec *x = a->extras;
	size_t nx = x ? x->n : 0;
	fputs("{\"segprof_partial\":1,\"extras\":[", out);
	for (size_t i = 0; i < nx; i++) {
		fputs(i ? ",{\"name\":" : "{\"name\":", out);
		jsonout_string(out, x->name[i], x->len[i]);
		fputs(",\"ops\":[", out);
		bool first = true;
		for (unsigned k = 0; k < 3; k++) {
			if (!(x->ops[i] & (1u << k)))
				continue;
			fprintf(out, "%s\"%s\"", first ? "" : ",", OP_NAME[k]);
			first = false;
		}
		fputs("]}", out);
	}
	fprintf(out, "],\"skip_missing\":%s}\n", x && x->skip_missing ? "true" : "false");
	for (size_t c = 0; c < a->n_acc; c++) {
		const cluster_acc *acc = &a->acc[c];
		if (!acc->n)
			continue;
		fputs("{\"cluster_id\":", out);
		if (ids[c].is_int)
			fprintf(out, "%" PRId64, ids[c].i);
		else
			jsonout_string(out, ids[c].s, ids[c].len);
		fprintf(out, ",\"n\":%" PRIu64 ",\"frequency_sum\":\"", acc->n);
		put_u128(out, acc->frequency);
		fputs("\",\"spends\":[", out);
		if (!put_sorted(out, &acc->spends, &values, &values_cap))
			goto out;
		fputs("],\"slugs\":[", out);
		const slug_count **sorted = realloc(slugs, (acc->tf_n ? acc->tf_n : 1) * sizeof *sorted);
		if (!sorted)
			goto out;
		slugs = sorted;
		size_t n_slugs = 0;
		for (size_t j = 0; j < acc->tf_cap; j++)
			if (acc->tf[j].slug != UINT32_MAX)
				slugs[n_slugs++] = &acc->tf[j];
		qsort(slugs, n_slugs, sizeof *slugs, cmp_first_seen);
		for (size_t j = 0; j < n_slugs; j++) {
			const slug_count *e = slugs[j];
			strtab_key k = strtab_get(&a->slugs, e->slug);
			fputs(j ? ",[" : "[", out);
			jsonout_string(out, k.s, k.len);
			fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 "]", e->tf, e->ord, e->pos);
		}
		fputs("],\"extras\":[", out);
		for (size_t i = 0; i < nx; i++) {
			fputs(i ? ",[" : "[", out);
			if (!put_sorted(out, &acc->ex[i].values, &values, &values_cap))
				goto out;
			putc(']', out);
		}
		fputs("]}\n", out);
	}
	ok = true;
out:
	free(values);
	free(slugs);
	return ok;
}

void merge_state_init(merge_state *m)
{
	memset(m, 0, sizeof *m);
	label_map_init(&m->clusters);
	agg_init(&m->acc, &m->extras);
}

void merge_state_fini(merge_state *m)
{
	agg_fini(&m->acc);
	label_map_fini(&m->clusters);
	for (size_t i = 0; i < EXTRA_MAX; i++)
		free(m->names[i]);
	memset(m, 0, sizeof *m);
}

typedef struct where {
	const char *file;
	long line;
	diag *d;
} where;

static sp_status bad(const where *w, const char *what)
{
	diag_error(w->d, SP_DATAERR, (uint64_t)w->line, w->file, w->line, 0, NULL,
		   "not a segprof partial: %s", what);
	return SP_DATAERR;
}

/* The header: the same extra features in every shard. */
static sp_status header(merge_state *m, json_t *h, const where *w)
{
	json_t *ex = json_object_get(h, "extras");
	json_t *skip = json_object_get(h, "skip_missing");
	if (!json_is_array(ex) || !json_is_boolean(skip) || json_array_size(ex) > EXTRA_MAX)
		return bad(w, "bad header (extras, skip_missing)");
	extra_spec x = {0};
	x.skip_missing = json_is_true(skip);
	for (size_t i = 0; i < json_array_size(ex); i++) {
		json_t *e = json_array_get(ex, i), *name = json_object_get(e, "name"),
		       *ops = json_object_get(e, "ops");
		if (!json_is_string(name) || !json_is_array(ops))
			return bad(w, "bad header (extras)");
		x.name[i] = json_string_value(name);
		x.len[i] = json_string_length(name);
		for (size_t k = 0; k < json_array_size(ops); k++) {
			const char *op = json_string_value(json_array_get(ops, k));
			for (unsigned b = 0; op && b < 3; b++)
				if (strcmp(op, OP_NAME[b]) == 0)
					x.ops[i] |= 1u << b;
		}
		x.n++;
	}
	if (!m->have_header) {
		for (size_t i = 0; i < x.n; i++) {
			if (!(m->names[i] = malloc(x.len[i] + 1)))
				return SP_OSERR;
			memcpy(m->names[i], x.name[i], x.len[i] + 1);
			m->extras.name[i] = m->names[i];
			m->extras.len[i] = x.len[i];
			m->extras.ops[i] = x.ops[i];
		}
		m->extras.n = x.n;
		m->extras.skip_missing = x.skip_missing;
		m->have_header = true;
		return SP_OK;
	}
	bool same = x.n == m->extras.n && x.skip_missing == m->extras.skip_missing;
	for (size_t i = 0; same && i < x.n; i++)
		same = x.len[i] == m->extras.len[i] && memcmp(x.name[i], m->extras.name[i], x.len[i]) == 0 &&
		       x.ops[i] == m->extras.ops[i];
	if (!same) {
		diag_error(w->d, SP_DATAERR, (uint64_t)w->line, w->file, w->line, 0, NULL,
			   "this shard was made with other --mean/--median/--sum/--missing options than the first");
		return SP_DATAERR;
	}
	return SP_OK;
}

/* The numbers of the array at [t, t + len) as written, exactly, into a
 * malloc'd array; nonneg: all >= 0.  false with *out NULL (and *oom set
 * when out of memory) if one is not a number segprof keeps exactly. */
static bool decimals(const char *t, size_t len, bool nonneg, dec **out, size_t *n, bool *oom)
{
	size_t cap = 16, pos = 0, vlen;
	const char *v;
	*n = 0;
	*out = malloc(cap * sizeof **out);
	if (!*out) {
		*oom = true;
		return false;
	}
	while (jtext_element(t, len, &pos, &v, &vlen)) {
		num x;
		if (!num_parse(v, vlen, &x) || num_value_problem(&x) || (nonneg && x.neg && x.coef)) {
			free(*out);
			*out = NULL;
			return false;
		}
		if (*n == cap) {
			dec *d = realloc(*out, 2 * cap * sizeof *d);
			if (!d) {
				free(*out);
				*out = NULL;
				*oom = true;
				return false;
			}
			*out = d;
			cap *= 2;
		}
		(*out)[(*n)++] = num_dec(&x);
	}
	return true;
}

/* The member key of the line's object as text (present: jansson saw it). */
static void member(const char *line, size_t len, const char *key, const char **v, size_t *vlen)
{
	if (!jtext_member(line, len, key, strlen(key), v, vlen)) {
		*v = line;
		*vlen = 0;
	}
}

static sp_status cluster_line(merge_state *m, json_t *o, const char *line, size_t len,
			     uint64_t shard, const where *w)
{
	json_t *id = json_object_get(o, "cluster_id"), *n = json_object_get(o, "n"),
	       *fs = json_object_get(o, "frequency_sum"), *sp = json_object_get(o, "spends"),
	       *sl = json_object_get(o, "slugs"), *ex = json_object_get(o, "extras");
	if (!(json_is_integer(id) || (json_is_string(id) && json_string_length(id))) ||
	    !json_is_integer(n) || !json_is_string(fs) || !json_is_array(sp) || !json_is_array(sl) ||
	    !json_is_array(ex) || json_array_size(ex) != m->extras.n ||
	    json_array_size(sp) != (size_t)json_integer_value(n))
		return bad(w, "bad cluster line");
	cluster_id cid = json_is_integer(id)
		? (cluster_id){.is_int = true, .i = json_integer_value(id)}
		: (cluster_id){.s = json_string_value(id), .len = (uint32_t)json_string_length(id)};
	int64_t ci = label_map_cluster(&m->clusters, cid);
	if (ci < 0 || !agg_reserve(&m->acc, cluster_count(&m->clusters)))
		return SP_OSERR;
	unsigned __int128 freq = 0;
	for (const char *p = json_string_value(fs); *p; p++) {
		if (*p < '0' || *p > '9')
			return bad(w, "bad frequency_sum");
		freq = freq * 10 + (unsigned)(*p - '0');
	}
	agg_add_frequency(&m->acc, (uint32_t)ci, freq);
	dec *v;
	size_t nv, tlen;
	const char *t;
	bool oom = false;
	member(line, len, "spends", &t, &tlen);
	if (!decimals(t, tlen, true, &v, &nv, &oom) || nv != json_array_size(sp)) {
		free(v);
		return oom ? SP_OSERR : bad(w, "bad spends");
	}
	bool ok = agg_add_spends(&m->acc, (uint32_t)ci, v, nv);
	free(v);
	if (!ok)
		return SP_OSERR;
	for (size_t i = 0; i < json_array_size(sl); i++) {
		json_t *e = json_array_get(sl, i);
		json_t *s = json_array_get(e, 0), *tf = json_array_get(e, 1), *ord = json_array_get(e, 2),
		       *pos = json_array_get(e, 3);
		if (!json_is_string(s) || !json_is_integer(tf) || !json_is_integer(ord) ||
		    !json_is_integer(pos) || json_integer_value(ord) < 0 ||
		    json_integer_value(ord) >= (json_int_t)1 << SHARD_SHIFT ||
		    json_integer_value(pos) < 0 || json_integer_value(tf) < 1 ||
		    json_integer_value(tf) > json_integer_value(n))
			return bad(w, "bad slug entry");
		if (!agg_add_slug(&m->acc, (uint32_t)ci, json_string_value(s), json_string_length(s),
				  (uint64_t)json_integer_value(tf),
				  shard << SHARD_SHIFT | (uint64_t)json_integer_value(ord),
				  (uint32_t)json_integer_value(pos)))
			return SP_OSERR;
	}
	const char *ext;
	size_t ext_len, pos = 0;
	member(line, len, "extras", &ext, &ext_len);
	for (size_t f = 0; f < m->extras.n; f++) {
		if (!jtext_element(ext, ext_len, &pos, &t, &tlen))
			t = ext, tlen = 0;
		if (!json_is_array(json_array_get(ex, f)) ||
		    !decimals(t, tlen, false, &v, &nv, &oom) ||
		    nv != json_array_size(json_array_get(ex, f)) ||
		    nv > (size_t)json_integer_value(n) ||
		    (!m->extras.skip_missing && nv != (size_t)json_integer_value(n))) {
			free(v);
			return oom ? SP_OSERR : bad(w, "bad extras");
		}
		ok = agg_add_extra_values(&m->acc, (uint32_t)ci, f, v, nv);
		free(v);
		if (!ok)
			return SP_OSERR;
	}
	return SP_OK;
}

/* The next line of s from *pos, without its '\n' (valid until the next
 * call); false at the end of the input or when reading failed (s->err). */
static bool next_line(source *s, uint64_t *pos, const char **line, size_t *len)
{
	size_t scanned = 0, have;
	const char *nl = NULL;
	for (;;) {
		have = (size_t)(s->base + s->len - *pos);
		if (have > scanned) {
			nl = memchr(s->buf + (*pos - s->base) + scanned, '\n', have - scanned);
			if (nl)
				break;
			scanned = have;
		}
		if (!source_fill(s, *pos))
			break;
	}
	if (!nl && (have == 0 || s->err))
		return false; /* (a line cut short by a read error is not read) */
	*line = s->buf + (*pos - s->base);
	*len = nl ? (size_t)(nl - *line) : have;
	*pos += *len + (nl != NULL);
	return true;
}

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

static sp_status merge_file(merge_state *m, const char *path, uint64_t *shard, diag *d)
{
	source s;
	sp_status st = source_open(&s, path, d);
	if (st)
		return st;
	const char *line;
	size_t len;
	uint64_t pos = 0;
	where w = {s.name, 0, d};
	bool seen_header = false;
	while (next_line(&s, &pos, &line, &len)) {
		w.line++;
		json_error_t err;
		json_t *o = json_loadb_noting(line, len, 0, &err);
		if (!o && jansson_oom(&err)) {
			st = SP_OSERR;
			break;
		}
		if (!o) {
			if (blank(line, len))
				continue;
			st = bad(&w, err.text);
			break;
		}
		if (json_object_get(o, "segprof_partial")) {
			if (json_integer_value(json_object_get(o, "segprof_partial")) != 1)
				st = bad(&w, "unknown version");
			else if (!(st = header(m, o, &w)))
				(*shard)++, seen_header = true;
		} else if (!seen_header) {
			st = bad(&w, "no header line");
		} else {
			st = cluster_line(m, o, line, (size_t)len, *shard - 1, &w);
		}
		json_decref(o);
		if (st)
			break;
	}
	if (!st && s.err)
		st = source_error(&s, d, (uint64_t)w.line + 1);
	if (!st && !seen_header)
		st = bad(&w, "empty (no header line)");
	source_close(&s);
	return st;
}

sp_status partial_merge(merge_state *m, char **files, size_t n, diag *d)
{
	uint64_t shard = 0;
	if (n == 0)
		return merge_file(m, NULL, &shard, d);
	for (size_t i = 0; i < n; i++) {
		sp_status st = merge_file(m, files[i], &shard, d);
		if (st)
			return st;
	}
	return SP_OK;
}
