/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the customer fast path against jansson.
 *
 * Input: the text of one customer object.  fast_customer_parse (src/fastcust.c)
 * may decline anything, but whatever it accepts must be a JSON object that
 * jansson (json_loadb, JSON_REJECT_DUPLICATES) accepts too, that breaks no
 * input rule of segprof(1) (as src/customer.c checks them), and that it read
 * exactly as the general path does: id, frequency, every slug in order;
 * amount_spent and the extra features asked for (--mean/--median/--sum: a
 * fixed list here, with keys that are also the known fields) as the decimal
 * written, which is the member's text read by number.c and rounds to the
 * double jansson reads; and the cluster the record carries under "cluster"
 * (--cluster-field without labels).  Any difference aborts with both
 * readings on stderr.
 *
 * Keys remembered: a fast_customer remembers the keys of the last object it
 * read whole, and takes the next object's keys for them when their bytes
 * match.  When the input has newlines, each of its first few lines after the
 * first is also read after the lines before it, by the same fast_customer,
 * and must be read exactly as by a fresh one (accepted or not, every value
 * the same). */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "extras.h"
#include "fastcust.h"
#include "jtext.h"
#include "number.h"
#include "fields.h"
#include "strtab.h"

/* not "id" or "product_types": the fast path declines any customer when they
 * are asked for as numbers (they never are) */
static const char *const extra_names[] = {"recency", "frequency", "amount_spent", "a/b~c", "x"};

__attribute__((noreturn)) static void mismatch(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fastcust mismatch: %s\ninput (%zu bytes): %.*s\n", what, size,
		(int)(size > 2000 ? 2000 : size), (const char *)data);
	abort();
}

/* d is the number under key as written (its text, read exactly) and rounds
 * to jansson's double; else a description into what. */
static bool same_number(dec d, json_t *v, const uint8_t *data, size_t size, const char *key,
			size_t klen, char *what, size_t wlen)
{
	char text[400];
	const char *t;
	size_t tlen;
	num n;
	dec_text(d, text, sizeof text);
	if (!jtext_member((const char *)data, size, key, klen, &t, &tlen) || !num_parse(t, tlen, &n) ||
	    n.lost || dec_cmp(num_dec(&n), d) != 0) {
		snprintf(what, wlen, "%s: fast %s, not the text as written", key, text);
		return false;
	}
	double jv = json_number_value(v) + 0.0, fv = strtod(text, NULL) + 0.0;
	if (memcmp(&jv, &fv, sizeof jv) != 0) {
		snprintf(what, wlen, "%s: fast %s, jansson %.17g", key, text, jv);
		return false;
	}
	return true;
}

static bool same_dec(dec a, dec b)
{
	return a.coef == b.coef && a.exp == b.exp && a.neg == b.neg;
}

/* Two readings of the same text the same. */
static bool same_reading(const fast_customer *a, const fast_customer *b, const extra_spec *x)
{
	if (a->id_len != b->id_len || memcmp(a->id, b->id, a->id_len) != 0 ||
	    a->frequency != b->frequency || !same_dec(a->amount, b->amount) ||
	    a->n_slugs != b->n_slugs || a->has_cluster != b->has_cluster)
		return false;
	for (size_t i = 0; i < a->n_slugs; i++)
		if (a->slugs[i].s != b->slugs[i].s || a->slugs[i].len != b->slugs[i].len)
			return false;
	for (size_t i = 0; i < x->n; i++)
		if (a->has_extra[i] != b->has_extra[i] ||
		    (a->has_extra[i] && !same_dec(a->extra[i], b->extra[i])))
			return false;
	if (a->has_cluster && (a->cluster.is_int != b->cluster.is_int ||
			       (a->cluster.is_int ? a->cluster.i != b->cluster.i
						  : a->cluster.s != b->cluster.s ||
							    a->cluster.len != b->cluster.len)))
		return false;
	return true;
}

/* Each line after the first (up to MAX_LINES), read after the lines before
 * it by one fast_customer (whatever they were: accepted or declined, halfway
 * through or at once), the same as read alone (and read again, after
 * itself). */
enum { MAX_LINES = 4 };
static void remembered_keys(const uint8_t *data, size_t size, const extra_spec *x,
			    const field_names *names)
{
	if (!memchr(data, '\n', size))
		return;
	const char *p = (const char *)data, *end = p + size;
	fast_customer warm;
	memset(&warm, 0, sizeof warm);
	for (int line = 0; line < MAX_LINES; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (line == 0) {
			fast_customer_parse(p, n, x, names, &warm);
		} else {
			fast_customer cold;
			memset(&cold, 0, sizeof cold);
			for (int round = 0; round < 2; round++) {
				bool a = fast_customer_parse(p, n, x, names, &warm);
				bool b = fast_customer_parse(p, n, x, names, &cold);
				if (a != b || (a && !same_reading(&warm, &cold, x)))
					mismatch(a != b ? "the keys remembered from the lines before change the verdict"
							: "the keys remembered from the lines before change the reading",
						 data, size);
			}
			fast_customer_fini(&cold);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	fast_customer_fini(&warm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static extra_spec x;
	static field_names names;
	if (!x.n) {
		field_names_default(&names);
		names.name[F_CLUSTER] = "cluster";
		names.len[F_CLUSTER] = 7;
		names.cluster_in_row = true;
		for (size_t i = 0; i < sizeof extra_names / sizeof extra_names[0]; i++) {
			x.name[i] = extra_names[i];
			x.len[i] = strlen(extra_names[i]);
			x.ops[i] = EXTRA_MEAN;
		}
		x.n = sizeof extra_names / sizeof extra_names[0];
	}
	remembered_keys(data, size, &x, &names);
	fast_customer f;
	memset(&f, 0, sizeof f);
	bool fast_ok = fast_customer_parse((const char *)data, size, &x, &names, &f);
	if (!fast_ok) {
		fast_customer_fini(&f);
		return 0;
	}
	json_error_t err;
	json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	char what[512];
	if (!obj) {
		snprintf(what, sizeof what, "fast path accepted, jansson rejects: %s (position %d)",
			 err.text, err.position);
		mismatch(what, data, size);
	}
	if (!json_is_object(obj))
		mismatch("fast path accepted a non-object", data, size);

	/* id: a non-empty string, or an integer taken as its decimal text */
	json_t *v = json_object_get(obj, "id");
	char idbuf[32];
	const char *id;
	size_t id_len;
	if (json_is_integer(v)) {
		snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		id = idbuf;
		id_len = strlen(idbuf);
	} else if (json_is_string(v) && json_string_length(v) > 0) {
		id = json_string_value(v);
		id_len = json_string_length(v);
	} else {
		mismatch("fast path accepted a missing or invalid id", data, size);
	}
	if (f.id_len != id_len || memcmp(f.id, id, id_len) != 0) {
		snprintf(what, sizeof what, "id: fast \"%.*s\", jansson \"%.*s\"",
			 (int)(f.id_len > 200 ? 200 : f.id_len), f.id, (int)(id_len > 200 ? 200 : id_len), id);
		mismatch(what, data, size);
	}

	/* frequency: an integer >= 0, or a real with no fraction below 2^63 */
	v = json_object_get(obj, "frequency");
	int64_t freq;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		freq = json_integer_value(v);
	} else if (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)) &&
		   json_real_value(v) >= 0 && json_real_value(v) < 9223372036854775808.0) {
		freq = (int64_t)json_real_value(v);
	} else {
		mismatch("fast path accepted a missing or invalid frequency", data, size);
	}
	if (f.frequency != freq) {
		snprintf(what, sizeof what, "frequency: fast %" PRId64 ", jansson %" PRId64,
			 f.frequency, freq);
		mismatch(what, data, size);
	}

	/* amount_spent: a number >= 0 */
	v = json_object_get(obj, "amount_spent");
	if (!json_is_number(v) || !(json_number_value(v) >= 0))
		mismatch("fast path accepted a missing or invalid amount_spent", data, size);
	if (!same_number(f.amount, v, data, size, "amount_spent", 12, what, sizeof what))
		mismatch(what, data, size);

	/* product_types: an array of non-empty strings, read in order */
	v = json_object_get(obj, "product_types");
	if (!json_is_array(v))
		mismatch("fast path accepted a missing or invalid product_types", data, size);
	if (json_array_size(v) != f.n_slugs) {
		snprintf(what, sizeof what, "product_types: fast %zu slugs, jansson %zu", f.n_slugs,
			 json_array_size(v));
		mismatch(what, data, size);
	}
	for (size_t i = 0; i < f.n_slugs; i++) {
		json_t *s = json_array_get(v, i);
		if (!json_is_string(s) || json_string_length(s) == 0)
			mismatch("fast path accepted an invalid slug", data, size);
		if (json_string_length(s) != f.slugs[i].len ||
		    memcmp(json_string_value(s), f.slugs[i].s, f.slugs[i].len) != 0) {
			snprintf(what, sizeof what, "product_types/%zu: fast \"%.*s\", jansson \"%.*s\"", i,
				 (int)(f.slugs[i].len > 200 ? 200 : f.slugs[i].len), f.slugs[i].s,
				 (int)(json_string_length(s) > 200 ? 200 : json_string_length(s)),
				 json_string_value(s));
			mismatch(what, data, size);
		}
	}

	/* extras: a number under the key is read, the same; anything else (absent,
	 * not a number) is not (the general path decides about it) */
	for (size_t i = 0; i < x.n; i++) {
		v = json_object_getn(obj, x.name[i], x.len[i]);
		if (v && json_is_number(v)) {
			if (!f.has_extra[i]) {
				snprintf(what, sizeof what, "extra \"%s\": a number, not read by the fast path",
					 x.name[i]);
				mismatch(what, data, size);
			}
			if (!same_number(f.extra[i], v, data, size, x.name[i], x.len[i], what,
					 sizeof what))
				mismatch(what, data, size);
		} else if (f.has_extra[i]) {
			snprintf(what, sizeof what, "extra \"%s\": fast path has a value, jansson %s",
				 x.name[i], v ? "no number" : "no key");
			mismatch(what, data, size);
		}
	}
	/* cluster: an integer or a non-empty string; absent or null: none */
	v = json_object_get(obj, "cluster");
	if (!v || json_is_null(v)) {
		if (f.has_cluster)
			mismatch("cluster: fast path has one, jansson none", data, size);
	} else if (json_is_integer(v)) {
		if (!f.has_cluster || !f.cluster.is_int || f.cluster.i != json_integer_value(v))
			mismatch("cluster: not the integer jansson reads", data, size);
	} else if (json_is_string(v) && json_string_length(v) > 0) {
		if (!f.has_cluster || f.cluster.is_int || f.cluster.len != json_string_length(v) ||
		    memcmp(f.cluster.s, json_string_value(v), f.cluster.len) != 0)
			mismatch("cluster: not the string jansson reads", data, size);
	} else {
		mismatch("fast path accepted an invalid cluster", data, size);
	}
	json_decref(obj);
	fast_customer_fini(&f);
	return 0;
}
