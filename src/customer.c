/* SPDX-License-Identifier: MIT */
/* customer: validation of one customer object. */
#include "customer.h"

#include "decimal.h"
#include "jpos.h"
#include "jtext.h"
#include "number.h"
#include "grow.h"

enum { MAX_DEPTH = 512 }; /* as the framer's JSCAN_MAX_DEPTH */

#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rule(customer_parser *p, const customer_loc *loc, const char *field, const char *fmt,
		 ...) __attribute__((format(printf, 4, 5)));
static bool member_num_n(const customer_parser *p, const char *key, size_t klen, num *n,
			 char *text, size_t size);

void customer_parser_init(customer_parser *p, strtab *slugs, diag *d, const extra_spec *extras,
			  const field_names *fields)
{
	memset(p, 0, sizeof *p);
	p->slugs = slugs;
	slug_cache_init(&p->slug_cache);
	p->d = d;
	p->extras = extras;
	p->fields = fields;
	for (int k = 0; k < F_COUNT; k++)
		if (fields->name[k])
			p->tok[k] = pointer_append("", fields->name[k], fields->len[k]);
}

/* Field k's name as a pointer token (without its '/'). */
static const char *tok(const customer_parser *p, field_kind k)
{
	return p->tok[k] ? p->tok[k] + 1 : p->fields->name[k];
}

/* Field k's value in obj, or NULL. */
static json_t *field(const customer_parser *p, json_t *obj, field_kind k)
{
	return json_object_getn(obj, p->fields->name[k], p->fields->len[k]);
}

/* The extra features of a jansson-parsed customer into p->extra_vals;
 * false if a rule is broken (recorded). */
static bool check_extras(customer_parser *p, json_t *obj, const customer_loc *loc)
{
	bool ok = true;
	for (size_t i = 0; p->extras && i < p->extras->n; i++) {
		const char *name = p->extras->name[i];
		json_t *v = json_object_getn(obj, name, p->extras->len[i]);
		char text[72];
		num n;
		p->extra_vals[i] = DEC_NONE;
		/* the key as a JSON Pointer token: ~ and / escaped */
		char *tok = v ? pointer_append("", name, p->extras->len[i]) : NULL;
		if (v && json_is_number(v) && member_num_n(p, name, p->extras->len[i], &n, text, sizeof text)) {
			const char *problem = num_value_problem(&n);
			if (!problem)
				p->extra_vals[i] = num_dec(&n);
			else
				rule(p, loc, tok ? tok + 1 : name, "%s: %s", problem, text);
			ok &= !problem;
			free(tok);
			continue;
		}
		if (p->extras->skip_missing) {
			free(tok);
			continue;
		}
		if (!v)
			rule(p, loc, NULL, "missing key \"%s\" (--mean/--median/--sum; --missing skip to leave such customers out of the column)", name);
		else
			rule(p, loc, tok ? tok + 1 : name, "expected a number, got %s", json_type_name(v));
		free(tok);
		ok = false;
	}
	return ok;
}

void customer_parser_fini(customer_parser *p)
{
	if (p->json)
		json_decref(p->json);
	fast_customer_fini(&p->fast);
	for (int k = 0; k < F_COUNT; k++)
		free(p->tok[k]);
	free(p->slug_buf);
	free(p->stamp);
	slug_cache_fini(&p->slug_cache);
	csv_splitter_fini(&p->split);
	free(p->scratch);
	memset(p, 0, sizeof *p);
}

const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* jansson's messages, said the way segprof says its own. */
static const struct {
	const char *jansson, *ours;
} REWORD[] = {
	{"'}' expected", "expected ',' or '}' after an object member, got %s"},
	{"']' expected", "expected ',' or ']' after an array element, got %s"},
	{"':' expected", "expected ':' after a key, got %s"},
	{"string or '}' expected", "expected a string key or '}', got %s"},
	{"string expected", "expected a string key, got %s"},
	{"invalid token", "invalid token %s"},
	{"unexpected token", "unexpected %s"},
	{"premature end of input", "unexpected end of input%.0s"},
	{"end of file expected", "unexpected data after the value: %s"},
	/* valid JSON beyond segprof's limits: not "invalid JSON" */
	{"real number overflow", "!number out of range (beyond a double): %s"},
	{"too big integer", "!integer out of range (64 bits): %s"},
	{"duplicate object key", "duplicate key %s"},
	{"\\u0000 is not allowed", "NUL character (\\u0000) in a string is not supported%.0s"},
	{"control character", "raw control character in a string (escape it)%.0s"},
	{"unable to decode byte", "invalid UTF-8%.0s"},
	{"invalid Unicode", "invalid \\u escape (a lone surrogate or bad code point)%.0s"},
	{"invalid escape", "invalid escape in a string: %s"},
};

void syntax_from_jansson(const json_error_t *err, const char *text, size_t len, syntax_error *se)
{
	/* jansson's position counts the bytes it consumed up to the end of the
	 * offending token, which its text quotes after " near ": point at the
	 * token's first byte. */
	size_t pos = err->position > 0 ? (size_t)err->position : 0;
	const char *near = strstr(err->text, " near '");
	char token[96] = "";
	if (near) {
		const char *t = near + 7, *end = strrchr(t, '\'');
		size_t tl = end && end > t ? (size_t)(end - t) : strlen(t);
		snprintf(token, sizeof token, "%.*s%s", (int)(tl > 60 ? 60 : tl), t, tl > 60 ? "..." : "");
		pos = pos >= tl ? pos - tl : 0;
	} else if (pos > 0) {
		pos--;
	}
	se->offset = pos < len ? pos : len;
	/* NaN, Infinity, -Infinity: jansson quotes NaN, or only the '-' */
	size_t nf = num_nonfinite_token(text + se->offset, text + len);
	if (nf && strncmp(err->text, "invalid token", 13) == 0) {
		snprintf(se->message, sizeof se->message, "invalid JSON: %s",
			 num_nonfinite_message(text + se->offset, nf));
		return;
	}
	for (size_t i = 0; i < sizeof REWORD / sizeof *REWORD; i++) {
		if (strncmp(err->text, REWORD[i].jansson, strlen(REWORD[i].jansson)) == 0) {
			char quoted[104];
			snprintf(quoted, sizeof quoted, "'%s'", token);
			const char *fmt = REWORD[i].ours;
			bool limit = fmt[0] == '!';
			char msg[180];
			snprintf(msg, sizeof msg, fmt + limit, token[0] ? quoted : "end of input");
			snprintf(se->message, sizeof se->message, "%s%s", limit ? "" : "invalid JSON: ", msg);
			return;
		}
	}
	snprintf(se->message, sizeof se->message, "invalid JSON: %s", err->text);
}

/* Record a rule violation at the customer's pointer (+ /field). */
static void rule(customer_parser *p, const customer_loc *loc, const char *field, const char *fmt,
		 ...)
{
	char ptr[512], idx[32] = "";
	if (loc->indexed)
		snprintf(idx, sizeof idx, "/%" PRIu64, loc->index);
	snprintf(ptr, sizeof ptr, "%s%s%s%s", loc->pointer, idx, field ? "/" : "", field ? field : "");
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* The line and column of the value named (of the customer object when
	 * a key is missing), found in the customer's text. */
	long line = loc->line, col = loc->col;
	if (col > 0 && p->text) {
		char rel[512];
		snprintf(rel, sizeof rel, "%s%s", field ? "/" : "", field ? field : "");
		jpos_advance(p->text, jpos_find(p->text, p->text_len, rel), &line, &col);
	}
	diag_error(p->d, SP_DATAERR, loc->key, loc->file, line, col, ptr, "%s", msg);
}

/* The number under key as written, exactly; false if it cannot be found
 * (never, for a number jansson read). */
static bool member_num_n(const customer_parser *p, const char *key, size_t klen, num *n,
			 char *text, size_t size)
{
	const char *v;
	size_t len;
	if (!jtext_member(p->text, p->text_len, key, klen, &v, &len) || !num_parse(v, len, n))
		return false;
	snprintf(text, size, "%.*s%s", (int)(len > size - 4 ? size - 4 : len), v,
		 len > size - 4 ? "..." : "");
	return true;
}

static bool member_num(const customer_parser *p, const char *key, num *n, char *text, size_t size)
{
	return member_num_n(p, key, strlen(key), n, text, size);
}

static bool check_id(customer_parser *p, json_t *obj, const customer_loc *loc, customer_rec *rec)
{
	json_t *v = field(p, obj, F_ID);
	if (!v) {
		rule(p, loc, NULL, "missing key \"%s\"", p->fields->name[F_ID]);
		return false;
	}
	if (json_is_integer(v)) {
		snprintf(p->id_text, sizeof p->id_text, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		rec->id = p->id_text;
		rec->id_len = strlen(p->id_text);
		return true;
	}
	num n;
	char text[72];
	if (json_is_real(v) && member_num(p, p->fields->name[F_ID], &n, text, sizeof text)) {
		/* an integral real (12346.0, 1.2346e4) is the integer */
		int64_t i;
		switch (num_to_int64(&n, &i)) {
		case NUM_INT_OK:
			snprintf(p->id_text, sizeof p->id_text, "%" PRId64, i);
			rec->id = p->id_text;
			rec->id_len = strlen(p->id_text);
			return true;
		case NUM_INT_RANGE:
			rule(p, loc, tok(p, F_ID), "integer id out of range (64 bits): write it as a string");
			return false;
		case NUM_INT_FRACTION:
			rule(p, loc, tok(p, F_ID), "expected a string or an integer, got %s", text);
			return false;
		}
	}
	if (!json_is_string(v)) {
		rule(p, loc, tok(p, F_ID), "expected a string or an integer, got %s", json_type_name(v));
		return false;
	}
	rec->id = json_string_value(v);
	rec->id_len = json_string_length(v);
	if (rec->id_len == 0) {
		rule(p, loc, tok(p, F_ID), "expected a non-empty string, got \"\"");
		return false;
	}
	return true;
}

static bool check_frequency(customer_parser *p, json_t *obj, const customer_loc *loc,
			    customer_rec *rec)
{
	json_t *v = field(p, obj, F_FREQUENCY);
	char text[72];
	if (!v) {
		rule(p, loc, NULL, "missing key \"%s\"", p->fields->name[F_FREQUENCY]);
		return false;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		rec->frequency = json_integer_value(v);
		return true;
	}
	num n;
	if (!json_is_number(v) || !member_num(p, p->fields->name[F_FREQUENCY], &n, text, sizeof text)) {
		rule(p, loc, tok(p, F_FREQUENCY), "expected an integer >= 0, got %s", json_type_name(v));
		return false;
	}
	/* exactly as written: 9007199254740993.0 is 9007199254740993 */
	int64_t i;
	num_int r = num_to_int64(&n, &i);
	if (r == NUM_INT_FRACTION) {
		rule(p, loc, tok(p, F_FREQUENCY), "expected an integer, got %s", text);
		return false;
	}
	if (n.neg && n.coef) {
		rule(p, loc, tok(p, F_FREQUENCY), "expected an integer >= 0, got %s", text);
		return false;
	}
	if (r == NUM_INT_RANGE) {
		rule(p, loc, tok(p, F_FREQUENCY), "out of range (at most 2^63 - 1), got %s", text);
		return false;
	}
	rec->frequency = i;
	return true;
}

static bool check_amount(customer_parser *p, json_t *obj, const customer_loc *loc,
			 customer_rec *rec)
{
	json_t *v = field(p, obj, F_AMOUNT);
	char text[72];
	num n;
	if (!v) {
		rule(p, loc, NULL, "missing key \"%s\"", p->fields->name[F_AMOUNT]);
		return false;
	}
	if (!json_is_number(v) || !member_num(p, p->fields->name[F_AMOUNT], &n, text, sizeof text)) {
		rule(p, loc, tok(p, F_AMOUNT), "expected a number, got %s", json_type_name(v));
		return false;
	}
	if (n.neg && n.coef) {
		rule(p, loc, tok(p, F_AMOUNT), "expected a number >= 0, got %s", text);
		return false;
	}
	const char *problem = num_value_problem(&n);
	if (problem) {
		rule(p, loc, tok(p, F_AMOUNT), "%s: %s", problem, text);
		return false;
	}
	rec->amount = num_dec(&n); /* exactly as written; -0 is 0 */
	return true;
}

static bool grow_stamp(customer_parser *p, size_t need)
{
	size_t old = p->stamp_cap;
	if (!grow_room(&p->stamp, &p->stamp_cap, need, sizeof *p->stamp, 1024))
		return false;
	memset(p->stamp + old, 0, (p->stamp_cap - old) * sizeof *p->stamp);
	return true;
}

/* A record's slugs are deduplicated by comparing with the ones it already
 * has while they are few (no memory beyond the record's own), by a stamp per
 * slug index from the DEDUP_SCAN-th on. */
enum { DEDUP_SCAN = 16 };

/* Intern slug (s, len) into the record being built; false on out of memory.
 * (Inlined: a call per slug cost a fifth of its time.) */
static inline __attribute__((always_inline)) bool add_slug(customer_parser *p, const char *s,
							    size_t len, size_t *m)
{
	int64_t idx = slug_cache_intern(&p->slug_cache, p->slugs, s, len);
	if (idx < 0)
		return false;
	size_t k = *m;
	if (k < DEDUP_SCAN) {
		for (size_t i = 0; i < k; i++)
			if (p->slug_buf[i] == (uint32_t)idx)
				return true; /* listed twice: counts once */
		p->slug_buf[(*m)++] = (uint32_t)idx;
		return true;
	}
	if (!grow_stamp(p, strtab_count(p->slugs)))
		return false;
	if (k == DEDUP_SCAN) /* the ones compared so far */
		for (size_t i = 0; i < k; i++)
			p->stamp[p->slug_buf[i]] = p->serial;
	if (p->stamp[idx] != p->serial) {
		p->stamp[idx] = p->serial;
		p->slug_buf[(*m)++] = (uint32_t)idx;
	}
	return true;
}

static bool reserve_slugs(customer_parser *p, size_t n)
{
	if (n <= p->slug_cap)
		return true;
	uint32_t *b = realloc(p->slug_buf, n * sizeof *b);
	if (!b)
		return false;
	p->slug_buf = b;
	p->slug_cap = n;
	return true;
}

bool customer_slugs_begin(customer_parser *p, size_t n)
{
	p->serial++;
	return reserve_slugs(p, n);
}

bool customer_slug_add(customer_parser *p, const char *s, size_t len, size_t *m)
{
	return add_slug(p, s, len, m);
}

const uint32_t *customer_slugs(const customer_parser *p)
{
	return p->slug_buf;
}

/* Returns SP_OK, SP_DATAERR (recorded) or SP_OSERR. */
static sp_status check_slugs(customer_parser *p, json_t *obj, const customer_loc *loc,
			     customer_rec *rec)
{
	json_t *v = field(p, obj, F_TYPES);
	if (!v) {
		rule(p, loc, NULL, "missing key \"%s\"", p->fields->name[F_TYPES]);
		return SP_DATAERR;
	}
	if (!json_is_array(v)) {
		rule(p, loc, tok(p, F_TYPES), "expected an array of strings, got %s",
		     json_type_name(v));
		return SP_DATAERR;
	}
	size_t n = json_array_size(v);
	if (!reserve_slugs(p, n))
		return SP_OSERR;
	sp_status st = SP_OK;
	size_t m = 0;
	p->serial++;
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(v, i);
		char at[512];
		snprintf(at, sizeof at, "%s/%zu", tok(p, F_TYPES), i);
		if (!json_is_string(s)) {
			rule(p, loc, at, "expected a string, got %s", json_type_name(s));
			st = SP_DATAERR;
			continue;
		}
		if (json_string_length(s) == 0) {
			rule(p, loc, at, "expected a non-empty string, got \"\"");
			st = SP_DATAERR;
			continue;
		}
		if (st == SP_OK && !add_slug(p, json_string_value(s), json_string_length(s), &m))
			return SP_OSERR;
	}
	rec->slugs = p->slug_buf;
	rec->n_slugs = m;
	return st;
}

/* The cluster the customer carries (--cluster-field without labels): an
 * integer or a non-empty string; absent or null: none (rec->cluster NULL). */
static bool check_cluster(customer_parser *p, json_t *obj, const customer_loc *loc,
			  customer_rec *rec)
{
	rec->cluster = NULL;
	if (!p->fields->cluster_in_row)
		return true;
	json_t *v = field(p, obj, F_CLUSTER);
	if (!v || json_is_null(v))
		return true;
	if (json_is_integer(v)) {
		p->cluster = (cluster_id){.is_int = true, .i = json_integer_value(v)};
	} else if (json_is_string(v) && json_string_length(v) > 0 &&
		   json_string_length(v) <= UINT32_MAX) {
		p->cluster = (cluster_id){.is_int = false, .s = json_string_value(v),
					  .len = (uint32_t)json_string_length(v)};
	} else {
		/* an integral real (1.0: pandas writes a cluster column of
		 * floats) is the integer, read from its text */
		num n;
		int64_t i;
		char text[72] = "a real number";
		num_int r = json_is_real(v) && member_num(p, p->fields->name[F_CLUSTER], &n, text,
							 sizeof text)
				    ? num_to_int64(&n, &i) : NUM_INT_FRACTION;
		if (r == NUM_INT_OK) {
			p->cluster = (cluster_id){.is_int = true, .i = i};
			rec->cluster = &p->cluster;
			return true;
		}
		if (r == NUM_INT_RANGE)
			rule(p, loc, tok(p, F_CLUSTER),
			     "integer cluster id out of range (64 bits): write it as a string");
		else
			rule(p, loc, tok(p, F_CLUSTER),
			     "expected a cluster id (an integer or a non-empty string), got %s",
			     json_is_string(v) ? "\"\"" : json_is_real(v) ? text : json_type_name(v));
		return false;
	}
	rec->cluster = &p->cluster;
	return true;
}

/* Offset of the bracket that opens level MAX_DEPTH + 1, or SIZE_MAX. */
static size_t too_deep(const char *t, size_t len)
{
	unsigned depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char c = t[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > MAX_DEPTH)
				return i;
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		}
	}
	return SIZE_MAX;
}

/* The fast path's extras into p->extra_vals; false when one is missing and
 * that is an error (the general path then says where). */
static bool fast_extras(customer_parser *p)
{
	for (size_t i = 0; p->extras && i < p->extras->n; i++) {
		if (p->fast.has_extra[i])
			p->extra_vals[i] = p->fast.extra[i];
		else if (p->extras->skip_missing)
			p->extra_vals[i] = DEC_NONE;
		else
			return false;
	}
	return true;
}

sp_status customer_parse(customer_parser *p, const char *text, size_t len,
			 const customer_loc *loc, customer_rec *rec, syntax_error *se)
{
	json_error_t err;
	se->message[0] = '\0';
	if (p->json) {
		json_decref(p->json);
		p->json = NULL;
	}
	if (fast_customer_parse(text, len, p->extras, p->fields, &p->fast) && fast_extras(p)) {
		fast_customer *f = &p->fast;
		size_t m = 0;
		if (!reserve_slugs(p, f->n_slugs))
			return SP_OSERR;
		p->serial++;
		for (size_t i = 0; i < f->n_slugs; i++)
			if (!add_slug(p, f->slugs[i].s, f->slugs[i].len, &m))
				return SP_OSERR;
		if (f->has_cluster)
			p->cluster = f->cluster;
		*rec = (customer_rec){.id = f->id, .id_len = f->id_len,
				      .frequency = f->frequency, .amount = f->amount, .slugs = p->slug_buf, .n_slugs = m,
				      .extras = p->extra_vals,
				      .cluster = f->has_cluster ? &p->cluster : NULL};
		return SP_OK;
	}
	memset(rec, 0, sizeof *rec);
	/* What the framer checks for a request, checked here for NDJSON lines
	 * too: no NUL bytes, nesting within the limit. */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		se->offset = (size_t)(nul - text);
		snprintf(se->message, sizeof se->message, "invalid JSON: unexpected NUL byte");
		return SP_DATAERR;
	}
	size_t deep = too_deep(text, len);
	if (deep != SIZE_MAX) {
		se->offset = deep;
		snprintf(se->message, sizeof se->message, "nesting deeper than %d levels", MAX_DEPTH);
		return SP_DATAERR;
	}
	json_t *obj = json_loadb_noting(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!obj && json_error_code(&err) == json_error_numeric_overflow && strncmp(err.text, "too big integer", 15) == 0) {
		/* Valid JSON beyond 64 bits: read integers as reals so that the
		 * rules can say which field is out of range (from the text). */
		obj = json_loadb_noting(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
				 JSON_DECODE_INT_AS_REAL, &err);
	}
	if (!obj) {
		if (jansson_oom(&err))
			return SP_OSERR;
		syntax_from_jansson(&err, text, len, se);
		return SP_DATAERR;
	}
	p->json = obj;
	p->text = text;
	p->text_len = len;
	if (!json_is_object(obj)) {
		rule(p, loc, NULL, "expected a customer object, got %s", json_type_name(obj));
		return SP_DATAERR;
	}
	bool ok = check_id(p, obj, loc, rec);
	ok &= check_frequency(p, obj, loc, rec);
	ok &= check_amount(p, obj, loc, rec);
	ok &= check_extras(p, obj, loc);
	ok &= check_cluster(p, obj, loc, rec);
	rec->extras = p->extra_vals;
	sp_status st = check_slugs(p, obj, loc, rec);
	if (st == SP_OSERR)
		return st;
	return ok && st == SP_OK ? SP_OK : SP_DATAERR;
}
