/* SPDX-License-Identifier: MIT */
/* fastcust: the flat-object fast path. */
#include "fastcust.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytescan.h"
#include "number.h"
#include "utf8.h"
#include "grow.h"

void fast_customer_fini(fast_customer *f)
{
	free(f->slugs);
	memset(f, 0, sizeof *f);
}

/* The helpers below are inlined into fast_customer_parse so that the cursor
 * stays in registers (passed by address to a call, it would be stored and
 * loaded around every byte looked at). */
#define ALWAYS_INLINE __attribute__((always_inline))

typedef struct cursor {
	const unsigned char *p, *end;
} cursor;

static inline ALWAYS_INLINE void ws(cursor *c)
{
	/* (most calls find none: one comparison says so) */
	while (c->p < c->end && *c->p <= ' ' &&
	       (*c->p == ' ' || *c->p == '\n' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

/* A string without escapes or control characters, valid UTF-8. */
static inline ALWAYS_INLINE bool string(cursor *c, const char **s, size_t *len)
{
	if (c->p >= c->end || *c->p != '"')
		return false;
	const unsigned char *b = ++c->p;
	bool ascii = true;
	for (;;) {
		/* slugs and ids are plain ASCII: one scan finds the closing quote */
		c->p += bytescan_string(c->p, c->end);
		if (c->p >= c->end)
			return false;
		if (*c->p >= 0x80) {
			ascii = false;
			c->p++;
			continue;
		}
		if (*c->p != '"')
			return false; /* an escape or a control character */
		break;
	}
	*s = (const char *)b;
	*len = (size_t)(c->p - b);
	c->p++;
	return ascii || utf8_valid(*s, *len, NULL);
}

/* A JSON number token at the cursor (number.h), moved past. */
static inline ALWAYS_INLINE bool number_token(cursor *c, num *n, const char **text, size_t *len)
{
	size_t l = num_scan((const char *)c->p, (const char *)c->end, n);
	*text = (const char *)c->p;
	*len = l;
	c->p += l;
	return l > 0;
}

/* An integer that jansson keeps as an integer: no fraction, no exponent,
 * fits in 64 bits (18 digits keep clear of the edge). */
static inline ALWAYS_INLINE bool small_int(const num *n, size_t len, int64_t *out)
{
	if (!n->plain_int || len - n->neg > 18)
		return false;
	return num_to_int64(n, out) == NUM_INT_OK;
}

/* A number read exactly that jansson accepts as it is (no integer beyond
 * 64 bits, nothing near a double's range: those go to the general path,
 * which says what is wrong). */
static inline ALWAYS_INLINE bool exact_value(const num *n, size_t len, dec *out)
{
	if (n->lost || n->magnitude > 300 || (n->coef && n->exp < -300) ||
	    (n->plain_int && len - n->neg > 18))
		return false;
	*out = num_dec(n);
	return true;
}

/* A scalar under an unused key: checked as jansson would, then ignored. */
static inline ALWAYS_INLINE bool skip_scalar(cursor *c)
{
	if (c->p >= c->end)
		return false;
	unsigned char ch = *c->p;
	if ((ch >= '0' && ch <= '9') || ch == '-') { /* (most are numbers) */
		num_short sh;
		size_t l = num_scan_short((const char *)c->p, (const char *)c->end, &sh);
		if (l) { /* (read exactly, always) */
			c->p += l;
			return true;
		}
		num n;
		const char *text;
		size_t len;
		dec d;
		return number_token(c, &n, &text, &len) && exact_value(&n, len, &d);
	}
	if (ch == '"') {
		const char *s;
		size_t len;
		return string(c, &s, &len);
	}
	if (ch == 't' || ch == 'f' || ch == 'n') {
		const char *lit = ch == 't' ? "true" : ch == 'f' ? "false" : "null";
		size_t l = strlen(lit);
		if ((size_t)(c->end - c->p) < l || memcmp(c->p, lit, l) != 0)
			return false;
		c->p += l;
		return true;
	}
	return false;
}

/* What a key's value is for, decided once per key remembered: a known
 * field (frequency and amount_spent possibly an extra feature too), an
 * extra feature under a key of its own, another key (its value checked and
 * skipped), or a value for the general path to read ("id" or
 * "product_types" asked for as a number, the cluster asked for as an extra
 * feature: it says whether they are numbers). */
enum key_kind { KK_OTHER, KK_ID, KK_FREQ, KK_AMOUNT, KK_TYPES, KK_CLUSTER, KK_EXTRA, KK_DECLINE };
enum {
	K_ID = 1 << KK_ID, K_FREQ = 1 << KK_FREQ, K_AMOUNT = 1 << KK_AMOUNT,
	K_TYPES = 1 << KK_TYPES, K_CLUSTER = 1 << KK_CLUSTER,
	K_FIELDS = K_ID | K_FREQ | K_AMOUNT | K_TYPES | K_CLUSTER,
	MAX_OTHER = 8,
};

static enum key_kind key_kind(field_kind fk, int xi)
{
	switch (fk) {
	case F_ID: return xi < 0 ? KK_ID : KK_DECLINE;
	case F_FREQUENCY: return KK_FREQ;
	case F_AMOUNT: return KK_AMOUNT;
	case F_TYPES: return xi < 0 ? KK_TYPES : KK_DECLINE;
	case F_CLUSTER: return xi < 0 ? KK_CLUSTER : KK_DECLINE;
	default: return xi < 0 ? KK_OTHER : KK_EXTRA;
	}
}

typedef struct other_keys {
	struct { const char *s; size_t len; } key[MAX_OTHER];
	size_t n;
} other_keys;

/* Note a key that is none of the known fields; false if the object has it
 * already (looked for unless all keys so far are the last object's) or has
 * too many. */
static inline ALWAYS_INLINE bool other_key(other_keys *o, const char *k, size_t klen, bool as_before)
{
	for (size_t i = 0; !as_before && i < o->n; i++)
		if (o->key[i].len == klen && memcmp(o->key[i].s, k, klen) == 0)
			return false; /* duplicate key */
	if (o->n == MAX_OTHER)
		return false;
	o->key[o->n].s = k;
	o->key[o->n++].len = klen;
	return true;
}

/* The cluster a record carries: a plain integer, a non-empty string without
 * escapes, or null (none). */
static inline ALWAYS_INLINE bool cluster_value(cursor *c, fast_customer *f)
{
	if (c->p < c->end && *c->p == '"') {
		const char *s;
		size_t len;
		if (!string(c, &s, &len) || len == 0 || len > UINT32_MAX)
			return false;
		f->cluster = (cluster_id){.is_int = false, .s = s, .len = (uint32_t)len};
		f->has_cluster = true;
		return true;
	}
	if ((size_t)(c->end - c->p) >= 4 && memcmp(c->p, "null", 4) == 0) {
		c->p += 4;
		return true;
	}
	num n;
	const char *text;
	size_t len;
	int64_t v;
	if (!number_token(c, &n, &text, &len) || !small_int(&n, len, &v))
		return false;
	f->cluster = (cluster_id){.is_int = true, .i = v};
	f->has_cluster = true;
	return true;
}

static inline ALWAYS_INLINE bool product_types(cursor *c, fast_customer *f)
{
	f->n_slugs = 0;
	if (c->p >= c->end || *c->p != '[')
		return false;
	c->p++;
	ws(c);
	if (c->p < c->end && *c->p == ']') {
		c->p++;
		return true;
	}
	for (;;) {
		const char *s;
		size_t len;
		if (c->p < c->end && *c->p != '"')
			ws(c);
		if (!string(c, &s, &len) || len == 0 || len > UINT32_MAX)
			return false;
		if (!grow_room(&f->slugs, &f->slugs_cap, f->n_slugs + 1, sizeof *f->slugs, 16))
			return false;
		f->slugs[f->n_slugs++] = (fast_slug){s, (uint32_t)len};
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return true;
		}
		return false;
	}
}

/* The value of an extra feature: a plain number, else the general path. */
static inline ALWAYS_INLINE bool extra_number(cursor *c, dec *out)
{
	num_short sh;
	size_t l = num_scan_short((const char *)c->p, (const char *)c->end, &sh);
	if (l) {
		*out = num_short_dec(&sh);
		c->p += l;
		return true;
	}
	num n;
	const char *text;
	size_t len;
	return number_token(c, &n, &text, &len) && exact_value(&n, len, out);
}

bool fast_customer_parse(const char *text, size_t len, const extra_spec *x,
			 const field_names *names, fast_customer *f)
{
	cursor c = {(const unsigned char *)text, (const unsigned char *)text + len};
	size_t n_extra = x ? x->n : 0;
	for (size_t i = 0; i < n_extra; i++)
		f->has_extra[i] = false;
	unsigned seen = 0;
	f->has_cluster = false;
	other_keys other;
	other.n = 0;
	/* the keys of this object, and whether all so far are those of the
	 * last one (then distinct: no duplicate to look for) */
	fast_key keys[FAST_KEYS];
	size_t n_keys = 0;
	bool as_before = true;
	ws(&c);
	if (c.p >= c.end || *c.p != '{')
		return false;
	c.p++;
	ws(&c);
	if (c.p < c.end && *c.p == '}')
		return false; /* missing keys: the general path says which */
	for (;;) {
		const char *k;
		size_t klen;
		int kind, xi;
		if (n_keys == FAST_KEYS)
			return false; /* (more than the known fields and MAX_OTHER) */
		/* the key the last object had here: tried where the cursor
		 * is, then after white space (most lines have none: no skip) */
		const fast_key *last = &f->keys[n_keys]; /* (len 0 past its last) */
		if (!(as_before && last->len && bytescan_starts(c.p, c.end, last->token, last->len))) {
			ws(&c);
			if (!(as_before && last->len && bytescan_starts(c.p, c.end, last->token, last->len)))
				goto new_key;
		}
		/* (keys[n_keys] is filled in only if a later key differs) */
		n_keys++;
		k = (const char *)c.p + 1;
		klen = last->len - 3u;
		c.p += last->len;
		kind = last->kind;
		xi = last->extra;
		goto value;
new_key:
		if (as_before) /* the keys so far were the last object's */
			memcpy(keys, f->keys, n_keys * sizeof *keys);
		as_before = false;
		{
			fast_key *m = &keys[n_keys++];
			const unsigned char *token = c.p;
			if (!string(&c, &k, &klen))
				return false;
			size_t token_len = c.p < c.end && *c.p == ':' ? klen + 3 : 0;
			ws(&c);
			if (c.p >= c.end || *c.p != ':')
				return false;
			c.p++;
			xi = n_extra ? extra_find(x, k, klen) : -1;
			kind = key_kind(field_of(names, k, klen), xi);
			*m = (fast_key){.len = token_len <= FAST_KEY_TOKEN ? (uint8_t)token_len : 0,
					.kind = (int8_t)kind, .extra = (int8_t)xi};
			memcpy(m->token, token, m->len);
		}
value:
		ws(&c);
		unsigned bit = (1u << kind) & K_FIELDS;
		if (bit & seen)
			return false;
		seen |= bit;
		num n;
		const char *text;
		size_t len;
		/* most numbers are short (number.h): read so at once */
		num_short sh = {0};
		size_t sh_len;
		switch (kind) {
		case KK_ID:
			if (c.p < c.end && *c.p == '"') {
				if (!string(&c, &f->id, &f->id_len) || f->id_len == 0)
					return false;
			} else if ((sh_len = num_scan_short((const char *)c.p, (const char *)c.end, &sh))) {
				if (sh.point || (sh.neg && sh.v == 0))
					return false; /* (as below) */
				f->id = (const char *)c.p;
				f->id_len = sh_len;
				c.p += sh_len;
			} else {
				int64_t v;
				/* "-0" would print as 0: let the general path do it. */
				if (!number_token(&c, &n, &text, &len) || !small_int(&n, len, &v) ||
				    (n.neg && v == 0))
					return false;
				f->id = text;
				f->id_len = len;
			}
			break;
		case KK_FREQ:
			if ((sh_len = num_scan_short((const char *)c.p, (const char *)c.end, &sh))) {
				if (sh.point || (sh.neg && sh.v))
					return false; /* (as below) */
				f->frequency = (int64_t)sh.v;
				c.p += sh_len;
				if (xi >= 0) {
					f->extra[xi] = num_short_dec(&sh);
					f->has_extra[xi] = true;
				}
				break;
			}
			if (!number_token(&c, &n, &text, &len) || !small_int(&n, len, &f->frequency) ||
			    f->frequency < 0)
				return false;
			if (xi >= 0) {
				f->extra[xi] = num_dec(&n);
				f->has_extra[xi] = true;
			}
			break;
		case KK_AMOUNT:
			/* exactly as written; a negative amount (also -0) goes to
			 * the general path */
			if ((sh_len = num_scan_short((const char *)c.p, (const char *)c.end, &sh))) {
				if (sh.neg)
					return false;
				f->amount = num_short_dec(&sh);
				c.p += sh_len;
			} else if (!number_token(&c, &n, &text, &len) || n.neg ||
				   !exact_value(&n, len, &f->amount)) {
				return false;
			}
			if (xi >= 0) {
				f->extra[xi] = f->amount;
				f->has_extra[xi] = true;
			}
			break;
		case KK_TYPES:
			if (!product_types(&c, f))
				return false;
			break;
		case KK_CLUSTER:
			if (!cluster_value(&c, f))
				return false;
			break;
		case KK_EXTRA:
			if (!extra_number(&c, &f->extra[xi]) || !other_key(&other, k, klen, as_before))
				return false;
			f->has_extra[xi] = true;
			break;
		case KK_OTHER:
			if (!other_key(&other, k, klen, as_before) || !skip_scalar(&c))
				return false;
			break;
		default:
			return false;
		}
		if (c.p < c.end && *c.p == ',') {
			c.p++;
			continue;
		}
		ws(&c);
		if (c.p < c.end && *c.p == ',') {
			c.p++;
			continue;
		}
		if (c.p < c.end && *c.p == '}') {
			c.p++;
			break;
		}
		return false;
	}
	ws(&c);
	enum { REQUIRED = K_ID | K_FREQ | K_AMOUNT | K_TYPES };
	if (c.p != c.end || (seen & REQUIRED) != REQUIRED)
		return false;
	if (!as_before) {
		/* keys without duplicates (as accepted): the next object's */
		memcpy(f->keys, keys, n_keys * sizeof *keys);
	}
	if (n_keys != f->n_keys) {
		/* (when as before: the last object's first n_keys; those it
		 * had after them may repeat these, and are dropped) */
		f->keys[n_keys].len = 0;
		f->n_keys = n_keys;
	}
	return true;
}
