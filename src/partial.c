/* SPDX-License-Identifier: MIT */
/* partial: writing and merging partial results. */
#include "partial.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "jsonout.h"
#include "jtext.h"
#include "number.h"
#include "packed.h"
#include "shard.h"
#include "source.h"

enum {
	PARTIAL_VERSION = 2,     /* 1: no shards, plain value arrays (still read) */
	SHARD_SHIFT = 40,        /* unsharded: ord' = part << 40 | ord */
	SHARD_BITS = 16,         /* hash shards: ord' = ord << 16 | shard (K <= 2^16) */
};
static const uint64_t ORD_LIMIT_SHARDED = UINT64_C(1) << 46;
static const uint64_t SHARD_MASK = (UINT64_C(1) << SHARD_BITS) - 1;

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
 * first-seen (ord, pos) travels with it.  Values: ascending (packed.c). */
static int cmp_first_seen(const void *pa, const void *pb)
{
	const slug_count *a = *(const slug_count *const *)pa, *b = *(const slug_count *const *)pb;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The scratch buffer of one partial_write. */
typedef struct scratch {
	const slug_count **slugs;
	size_t slugs_cap;
} scratch;

static void put_header(FILE *out, const extra_spec *x, const shard_set *shards)
{
	size_t nx = x ? x->n : 0;
	fprintf(out, "{\"segprof_partial\":%d,\"extras\":[", PARTIAL_VERSION);
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
	fprintf(out, "],\"skip_missing\":%s,\"shards\":", x && x->skip_missing ? "true" : "false");
	if (!shards || !shards->count) {
		fputs("null}\n", out);
		return;
	}
	/* the shards held, as ranges [first, last] */
	fprintf(out, "{\"of\":%" PRIu32 ",\"have\":[", shards->count);
	bool first = true;
	for (uint32_t i = 0; i < shards->count; i++) {
		if (!shards->have[i])
			continue;
		uint32_t j = i;
		while (j + 1 < shards->count && shards->have[j + 1])
			j++;
		fprintf(out, "%s[%" PRIu32 ",%" PRIu32 "]", first ? "" : ",", i, j);
		first = false;
		i = j;
	}
	fputs("]}}\n", out);
}

/* shard_in_ord: a merge of hash shards, whose ords carry the shard
 * (ord << SHARD_BITS | shard), written as [slug, tf, ord, pos, shard]. */
static bool put_slugs(FILE *out, const agg *a, const cluster_acc *acc, scratch *s,
		      bool shard_in_ord)
{
	size_t need = acc->tf_n ? acc->tf_n : 1;
	if (need > s->slugs_cap) {
		const slug_count **p = realloc(s->slugs, need * sizeof *p);
		if (!p)
			return false;
		s->slugs = p;
		s->slugs_cap = need;
	}
	size_t n = 0;
	for (size_t j = 0; j < acc->tf_cap; j++)
		if (acc->tf[j].slug != UINT32_MAX)
			s->slugs[n++] = &acc->tf[j];
	qsort(s->slugs, n, sizeof *s->slugs, cmp_first_seen);
	for (size_t j = 0; j < n; j++) {
		const slug_count *e = s->slugs[j];
		strtab_key k = strtab_get(&a->slugs, e->slug);
		fputs(j ? ",[" : "[", out);
		jsonout_string(out, k.s, k.len);
		if (shard_in_ord)
			fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 ",%" PRIu64 "]", e->tf,
				e->ord >> SHARD_BITS, e->pos, e->ord & SHARD_MASK);
		else
			fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 "]", e->tf, e->ord, e->pos);
	}
	return true;
}

static bool put_cluster(FILE *out, const agg *a, const cluster_acc *acc, const cluster_id *id,
			scratch *s, bool shard_in_ord)
{
	fputs("{\"cluster_id\":", out);
	if (id->is_int)
		fprintf(out, "%" PRId64, id->i);
	else
		jsonout_string(out, id->s, id->len);
	fprintf(out, ",\"n\":%" PRIu64 ",\"frequency_sum\":\"", acc->n);
	put_u128(out, acc->frequency);
	fputs("\",\"spends\":", out);
	if (!packed_write(out, &acc->spends))
		return false;
	fputs(",\"slugs\":[", out);
	if (!put_slugs(out, a, acc, s, shard_in_ord))
		return false;
	fputs("],\"extras\":[", out);
	for (size_t i = 0; a->extras && i < a->extras->n; i++) {
		if (i)
			putc(',', out);
		if (!packed_write(out, &acc->ex[i].values))
			return false;
	}
	fputs("]}\n", out);
	return true;
}

/* A cluster with its id, for sorting clusters into output order. */
typedef struct keyed_cluster {
	cluster_id id;
	uint32_t index;
} keyed_cluster;

static int cmp_cluster(const void *pa, const void *pb)
{
	return cluster_id_cmp(&((const keyed_cluster *)pa)->id, &((const keyed_cluster *)pb)->id);
}

static bool write_partial(FILE *out, const agg *a, const cluster_id *ids,
			  const shard_set *shards, bool shard_in_ord)
{
	bool ok = false;
	scratch s = {0};
	keyed_cluster *order = malloc((a->n_acc ? a->n_acc : 1) * sizeof *order);
	if (!order)
		return false;
	size_t n = 0;
	for (size_t c = 0; c < a->n_acc; c++)
		if (a->acc[c].n)
			order[n++] = (keyed_cluster){ids[c], (uint32_t)c};
	qsort(order, n, sizeof *order, cmp_cluster);
	put_header(out, a->extras, shards);
	for (size_t i = 0; i < n; i++)
		if (!put_cluster(out, a, &a->acc[order[i].index], &order[i].id, &s, shard_in_ord))
			goto out;
	ok = true;
out:
	free(order);
	free(s.slugs);
	return ok;
}

bool partial_write(FILE *out, const agg *a, const cluster_id *ids, const shard_set *shards)
{
	return write_partial(out, a, ids, shards, false);
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
	free(m->shards.have);
	free(m->shard_part);
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

/* The extra features of a header into *x (names pointing into h). */
static sp_status header_extras(json_t *h, extra_spec *x, const where *w)
{
	json_t *ex = json_object_get(h, "extras");
	json_t *skip = json_object_get(h, "skip_missing");
	if (!json_is_array(ex) || !json_is_boolean(skip) || json_array_size(ex) > EXTRA_MAX)
		return bad(w, "bad header (extras, skip_missing)");
	memset(x, 0, sizeof *x);
	x->skip_missing = json_is_true(skip);
	for (size_t i = 0; i < json_array_size(ex); i++) {
		json_t *e = json_array_get(ex, i), *name = json_object_get(e, "name"),
		       *ops = json_object_get(e, "ops");
		if (!json_is_string(name) || !json_is_array(ops))
			return bad(w, "bad header (extras)");
		x->name[i] = json_string_value(name);
		x->len[i] = json_string_length(name);
		for (size_t k = 0; k < json_array_size(ops); k++) {
			const char *op = json_string_value(json_array_get(ops, k));
			for (unsigned b = 0; op && b < 3; b++)
				if (strcmp(op, OP_NAME[b]) == 0)
					x->ops[i] |= 1u << b;
		}
		x->n++;
	}
	return SP_OK;
}

/* The first header's extra features become the merge's. */
static sp_status adopt_extras(merge_state *m, const extra_spec *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!(m->names[i] = malloc(x->len[i] + 1)))
			return SP_OSERR;
		memcpy(m->names[i], x->name[i], x->len[i]);
		m->names[i][x->len[i]] = '\0';
		m->extras.name[i] = m->names[i];
		m->extras.len[i] = x->len[i];
		m->extras.ops[i] = x->ops[i];
	}
	m->extras.n = x->n;
	m->extras.skip_missing = x->skip_missing;
	m->extras.keep_values = true; /* merge --partial writes them all again */
	return SP_OK;
}

static bool same_extras(const extra_spec *a, const extra_spec *b)
{
	bool same = a->n == b->n && a->skip_missing == b->skip_missing;
	for (size_t i = 0; same && i < a->n; i++)
		same = a->len[i] == b->len[i] && memcmp(a->name[i], b->name[i], a->len[i]) == 0 &&
		       a->ops[i] == b->ops[i];
	return same;
}

/* K of a header's "shards" (0: none, as in version 1); -1 when malformed. */
static int64_t header_shard_count(json_t *sh)
{
	if (!sh || json_is_null(sh))
		return 0;
	json_t *of = json_object_get(sh, "of");
	if (!json_is_integer(of) || json_integer_value(of) < 1 ||
	    json_integer_value(of) > SHARD_MAX || !json_is_array(json_object_get(sh, "have")))
		return -1;
	return json_integer_value(of);
}

/* Add the header's shard ranges to m->shards, refusing one already there. */
static sp_status add_shards(merge_state *m, json_t *have, const where *w)
{
	int64_t next = 0; /* ranges ascending, apart */
	for (size_t i = 0; i < json_array_size(have); i++) {
		json_t *r = json_array_get(have, i);
		json_t *lo = json_array_get(r, 0), *hi = json_array_get(r, 1);
		if (!json_is_array(r) || json_array_size(r) != 2 || !json_is_integer(lo) ||
		    !json_is_integer(hi) || json_integer_value(lo) < next ||
		    json_integer_value(hi) < json_integer_value(lo) ||
		    json_integer_value(hi) >= m->shards.count)
			return bad(w, "bad header (shards)");
		for (int64_t s = json_integer_value(lo); s <= json_integer_value(hi); s++) {
			if (m->shards.have[s]) {
				diag_error(w->d, SP_DATAERR, (uint64_t)w->line, w->file, w->line, 0, NULL,
					   "shard %" PRId64 "/%" PRIu32 " given twice", s, m->shards.count);
				return SP_DATAERR;
			}
			m->shards.have[s] = 1;
			m->shard_part[s] = m->n_parts + 1; /* this partial, numbered from 1 */
		}
		if (i == 0)
			m->part_shard = (uint32_t)json_integer_value(lo);
		next = json_integer_value(hi) + 1;
	}
	return SP_OK;
}

/* The shards of a header: all partials hash shards of the same K, or none. */
static sp_status header_shards(merge_state *m, json_t *h, const where *w)
{
	int64_t k = header_shard_count(json_object_get(h, "shards"));
	if (k < 0)
		return bad(w, "bad header (shards)");
	if (m->n_parts == 0 && k) {
		if (!(m->shards.have = calloc((size_t)k, 1)) ||
		    !(m->shard_part = calloc((size_t)k, sizeof *m->shard_part)))
			return SP_OSERR;
		m->shards.count = (uint32_t)k;
	}
	if ((k == 0) != (m->shards.count == 0)) {
		diag_error(w->d, SP_DATAERR, (uint64_t)w->line, w->file, w->line, 0, NULL,
			   "%s, the first one %s: hash shards and partials without --shard do not mix",
			   k ? "this partial is a hash shard (--shard)" : "this partial has no --shard",
			   k ? "has none" : "is a hash shard");
		return SP_DATAERR;
	}
	if (k && k != m->shards.count) {
		diag_error(w->d, SP_DATAERR, (uint64_t)w->line, w->file, w->line, 0, NULL,
			   "mixed shard counts: this partial is of %" PRId64
			   " shards (--shard=I/%" PRId64 "), the first one of %" PRIu32,
			   k, k, m->shards.count);
		return SP_DATAERR;
	}
	m->part_shard = 0;
	return k ? add_shards(m, json_object_get(json_object_get(h, "shards"), "have"), w) : SP_OK;
}

/* A header line: the same figure-changing options in every partial. */
static sp_status header(merge_state *m, json_t *h, const where *w)
{
	extra_spec x;
	sp_status st = header_extras(h, &x, w);
	if (st)
		return st;
	if (m->n_parts == 0 && (st = adopt_extras(m, &x)))
		return st;
	if (!same_extras(&x, &m->extras)) {
		diag_error(w->d, SP_DATAERR, (uint64_t)w->line, w->file, w->line, 0, NULL,
			   "this partial was made with other --mean/--median/--sum/--missing options than the first");
		return SP_DATAERR;
	}
	if ((st = header_shards(m, h, w)))
		return st;
	m->n_parts++;
	return SP_OK;
}

static sp_status frequency_sum(json_t *fs, unsigned __int128 *out, const where *w)
{
	const char *p = json_string_value(fs);
	unsigned __int128 f = 0;
	if (!p || !*p)
		return bad(w, "bad frequency_sum");
	const unsigned __int128 max = ~(unsigned __int128)0;
	for (; *p; p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (*p < '0' || *p > '9' || f > (max - digit) / 10)
			return bad(w, "bad frequency_sum");
		f = f * 10 + digit;
	}
	*out = f;
	return SP_OK;
}

/* The shard of a hash shard's slug entry: its fifth element (written by a
 * merge), one of the shards of this partial, or else the partial's first
 * shard (a shard run's partial holds one); -1 when bad. */
static int64_t entry_shard(const merge_state *m, json_t *e)
{
	if (json_array_size(e) == 4)
		return m->part_shard;
	json_t *sh = json_array_get(e, 4);
	if (json_array_size(e) != 5 || !json_is_integer(sh) || json_integer_value(sh) < 0 ||
	    json_integer_value(sh) >= m->shards.count ||
	    m->shard_part[json_integer_value(sh)] != m->n_parts)
		return -1;
	return json_integer_value(sh);
}

/* A slug entry [slug, tf, ord, pos] (or, merged hash shards, [slug, tf,
 * ord, pos, shard]) of a cluster of n customers, its ord made comparable
 * across the partials merged: pieces are shifted apart in the order given;
 * hash shards compare (ord, shard, pos), segprof(1) PARTIAL RESULTS AND
 * MERGE, Hash shards. */
static sp_status slug_entry(merge_state *m, uint32_t ci, json_t *e, json_int_t n, const where *w)
{
	json_t *s = json_array_get(e, 0), *tf = json_array_get(e, 1), *ord = json_array_get(e, 2),
	       *pos = json_array_get(e, 3);
	bool sharded = m->shards.count != 0;
	json_int_t ord_limit = sharded ? (json_int_t)ORD_LIMIT_SHARDED : (json_int_t)1 << SHARD_SHIFT;
	int64_t shard = sharded ? entry_shard(m, e) : json_array_size(e) == 4 ? 0 : -1;
	if (!json_is_string(s) || !json_is_integer(tf) || !json_is_integer(ord) ||
	    !json_is_integer(pos) || json_integer_value(ord) < 0 ||
	    json_integer_value(ord) >= ord_limit || json_integer_value(pos) < 0 ||
	    json_integer_value(pos) > UINT32_MAX || json_integer_value(tf) < 1 ||
	    json_integer_value(tf) > n)
		return bad(w, "bad slug entry");
	if (shard < 0)
		return bad(w, "bad slug entry: its fifth element is not a shard this partial holds");
	uint64_t o = (uint64_t)json_integer_value(ord);
	if (sharded)
		o = o << SHARD_BITS | (uint64_t)shard;
	else
		o |= (m->n_parts - 1) << SHARD_SHIFT;
	return agg_add_slug(&m->acc, ci, json_string_value(s), json_string_length(s),
			    (uint64_t)json_integer_value(tf), o, (uint32_t)json_integer_value(pos))
		? SP_OK : SP_OSERR;
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

/* A list of values of at most max, all of them when exact: packed (packed.h)
 * or a plain array, whose numbers are read from their text [t, t + tlen). */
static sp_status values(json_t *v, const char *t, size_t tlen, bool nonneg, size_t max, bool exact,
			dec **out, size_t *n, const where *w, const char *what)
{
	bool oom = false, ok;
	if (json_is_array(v)) {
		ok = decimals(t, tlen, nonneg, out, n, &oom) && *n == json_array_size(v);
	} else {
		packed_result r = packed_read(v, nonneg, max, out, n);
		ok = r == PACKED_OK;
		oom = r == PACKED_OOM;
	}
	if (ok && (*n > max || (exact && *n != max)))
		ok = false;
	if (!ok) {
		free(*out);
		*out = NULL;
		return oom ? SP_OSERR : bad(w, what);
	}
	return SP_OK;
}

static sp_status cluster_values(merge_state *m, uint32_t ci, json_t *sp, json_t *ex,
				const char *line, size_t len, size_t n, const where *w)
{
	dec *v;
	size_t nv, tlen, ext_len, pos = 0;
	const char *t, *ext;
	member(line, len, "spends", &t, &tlen);
	sp_status st = values(sp, t, tlen, true, n, true, &v, &nv, w, "bad spends");
	if (st)
		return st;
	bool ok = agg_add_spends(&m->acc, ci, v, nv);
	free(v);
	if (!ok)
		return SP_OSERR;
	member(line, len, "extras", &ext, &ext_len);
	for (size_t f = 0; f < m->extras.n; f++) {
		if (!jtext_element(ext, ext_len, &pos, &t, &tlen))
			t = ext, tlen = 0;
		st = values(json_array_get(ex, f), t, tlen, false, n, !m->extras.skip_missing, &v, &nv,
			    w, "bad extras");
		if (st)
			return st;
		ok = agg_add_extra_values(&m->acc, ci, f, v, nv);
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

static sp_status cluster_line(merge_state *m, json_t *o, const char *line, size_t len,
			     const where *w)
{
	json_t *id = json_object_get(o, "cluster_id"), *n = json_object_get(o, "n"),
	       *fs = json_object_get(o, "frequency_sum"), *sp = json_object_get(o, "spends"),
	       *sl = json_object_get(o, "slugs"), *ex = json_object_get(o, "extras");
	if (!(json_is_integer(id) || (json_is_string(id) && json_string_length(id))) ||
	    !json_is_integer(n) || json_integer_value(n) < 0 || !json_is_string(fs) ||
	    !json_is_array(sl) || !json_is_array(ex) || json_array_size(ex) != m->extras.n)
		return bad(w, "bad cluster line");
	cluster_id cid = json_is_integer(id)
		? (cluster_id){.is_int = true, .i = json_integer_value(id)}
		: (cluster_id){.s = json_string_value(id), .len = (uint32_t)json_string_length(id)};
	int64_t ci = label_map_cluster(&m->clusters, cid);
	if (ci < 0 || !agg_reserve(&m->acc, cluster_count(&m->clusters)))
		return SP_OSERR;
	unsigned __int128 freq = 0;
	sp_status st = frequency_sum(fs, &freq, w);
	if (st)
		return st;
	agg_add_frequency(&m->acc, (uint32_t)ci, freq);
	if ((st = cluster_values(m, (uint32_t)ci, sp, ex, line, len, (size_t)json_integer_value(n), w)))
		return st;
	for (size_t i = 0; i < json_array_size(sl); i++)
		if ((st = slug_entry(m, (uint32_t)ci, json_array_get(sl, i), json_integer_value(n), w)))
			return st;
	return SP_OK;
}

/* One line of a partial: a header or a cluster. */
static sp_status merge_line(merge_state *m, const char *line, size_t len, bool *seen_header,
			    const where *w)
{
	json_error_t err;
	json_t *o = json_loadb_noting(line, len, 0, &err);
	if (!o && jansson_oom(&err))
		return SP_OSERR;
	/* before the header, say what a partial is: the usual mistake is a
	 * request document or a profile given to merge */
	static const char not_header[] = "expected a header line {\"segprof_partial\": ...} "
					 "as segprof --partial writes, got something else";
	if (!o)
		return blank(line, len) ? SP_OK : bad(w, *seen_header ? err.text : not_header);
	sp_status st;
	json_t *version = json_object_get(o, "segprof_partial");
	if (version) {
		json_int_t v = json_integer_value(version);
		if (!json_is_integer(version) || v < 1 || v > PARTIAL_VERSION)
			st = bad(w, "unknown version");
		else if (!(st = header(m, o, w)))
			*seen_header = true;
	} else if (!*seen_header) {
		st = bad(w, not_header);
	} else {
		st = cluster_line(m, o, line, len, w);
	}
	json_decref(o);
	return st;
}

static sp_status merge_file(merge_state *m, const char *path, diag *d)
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
		if ((st = merge_line(m, line, (size_t)len, &seen_header, &w)))
			break;
	}
	if (!st && s.err)
		st = source_error(&s, d, (uint64_t)w.line + 1);
	if (!st && !seen_header)
		st = bad(&w, "empty (no header line)");
	source_close(&s);
	return st;
}

/* Two slugs of a cluster first seen at the same (ord, pos) cannot come from
 * real runs (a customer is in one cluster, of one shard or piece): refused,
 * since no order between them would be the one of a single run. */
static sp_status check_first_seen(const merge_state *m, diag *d)
{
	const slug_count **v = NULL;
	size_t cap = 0;
	sp_status st = SP_OK;
	for (size_t c = 0; c < m->acc.n_acc && !st; c++) {
		const cluster_acc *acc = &m->acc.acc[c];
		if (acc->tf_n > cap) {
			const slug_count **p = realloc(v, acc->tf_n * sizeof *p);
			if (!p) {
				st = SP_OSERR;
				break;
			}
			v = p;
			cap = acc->tf_n;
		}
		if (!acc->tf_n)
			continue;
		size_t n = 0;
		for (size_t j = 0; j < acc->tf_cap; j++)
			if (acc->tf[j].slug != UINT32_MAX)
				v[n++] = &acc->tf[j];
		qsort(v, n, sizeof *v, cmp_first_seen);
		for (size_t j = 1; j < n && !st; j++) {
			if (cmp_first_seen(&v[j - 1], &v[j]) != 0)
				continue;
			strtab_key a = strtab_get(&m->acc.slugs, v[j - 1]->slug);
			strtab_key b = strtab_get(&m->acc.slugs, v[j]->slug);
			diag_error(d, SP_DATAERR, 0, NULL, 0, 0, NULL,
				   "not segprof partials of one input: slugs \"%.*s\" and \"%.*s\" of one "
				   "cluster first seen at the same place",
				   (int)(a.len > 200 ? 200 : a.len), a.s, (int)(b.len > 200 ? 200 : b.len), b.s);
			st = SP_DATAERR;
		}
	}
	free(v);
	return st;
}

sp_status partial_merge(merge_state *m, char **files, size_t n, diag *d)
{
	sp_status st = SP_OK;
	if (n == 0)
		st = merge_file(m, NULL, d);
	for (size_t i = 0; i < n && !st; i++)
		st = merge_file(m, files[i], d);
	return st ? st : check_first_seen(m, d);
}

/* The shards m lacks, as "1, 3-5" (at most about cap bytes, then "..."). */
static void missing_list(const shard_set *s, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < s->count; i++) {
		if (s->have[i])
			continue;
		uint32_t j = i;
		while (j + 1 < s->count && !s->have[j + 1])
			j++;
		if (len + 32 > cap) {
			snprintf(buf + len, cap - len, ", ...");
			return;
		}
		len += (size_t)snprintf(buf + len, cap - len, j > i ? "%s%" PRIu32 "-%" PRIu32 : "%s%" PRIu32,
					len ? ", " : "", i, j);
		i = j;
	}
}

sp_status partial_merge_check(const merge_state *m, bool allow_missing, diag *d)
{
	if (!m->shards.count) {
		if (m->n_parts > 1)
			diag_warning(d, NULL, "the partials are not hash shards (--shard): a customer "
				     "in two of them would be counted twice unseen");
		return SP_OK;
	}
	uint32_t missing = 0;
	for (uint32_t i = 0; i < m->shards.count; i++)
		missing += !m->shards.have[i];
	if (!missing)
		return SP_OK;
	char list[512];
	missing_list(&m->shards, list, sizeof list);
	if (allow_missing) {
		diag_warning(d, NULL, "%" PRIu32 " of %" PRIu32 " shards missing (%s): the profiles "
			     "leave their customers out", missing, m->shards.count, list);
		return SP_OK;
	}
	diag_error(d, SP_DATAERR, 0, NULL, 0, 0, NULL,
		   "%" PRIu32 " of %" PRIu32 " shards missing (%s); --allow-missing-shards merges "
		   "without them", missing, m->shards.count, list);
	return SP_DATAERR;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* Number the first-seen ords of the merged slugs 0, 1, ... in their order
 * (for partials without --shard, whose ords were shifted apart). */
static bool renumber_ords(agg *a)
{
	size_t n = 0, k = 0;
	for (size_t c = 0; c < a->n_acc; c++)
		n += a->acc[c].tf_n;
	uint64_t *ords = malloc((n ? n : 1) * sizeof *ords);
	if (!ords)
		return false;
	for (size_t c = 0; c < a->n_acc; c++)
		for (size_t j = 0; j < a->acc[c].tf_cap; j++)
			if (a->acc[c].tf[j].slug != UINT32_MAX)
				ords[k++] = a->acc[c].tf[j].ord;
	qsort(ords, k, sizeof *ords, cmp_u64);
	size_t distinct = 0;
	for (size_t i = 0; i < k; i++)
		if (!distinct || ords[i] != ords[distinct - 1])
			ords[distinct++] = ords[i];
	for (size_t c = 0; c < a->n_acc; c++) {
		for (size_t j = 0; j < a->acc[c].tf_cap; j++) {
			slug_count *e = &a->acc[c].tf[j];
			if (e->slug == UINT32_MAX)
				continue;
			const uint64_t *at = bsearch(&e->ord, ords, distinct, sizeof *ords, cmp_u64);
			e->ord = (uint64_t)(at - ords);
		}
	}
	free(ords);
	return true;
}

bool partial_merge_write(FILE *out, merge_state *m)
{
	if (!m->shards.count && !renumber_ords(&m->acc))
		return false;
	return write_partial(out, &m->acc, m->clusters.cluster_ids, &m->shards, m->shards.count != 0);
}
