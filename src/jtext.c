/* SPDX-License-Identifier: MIT */
/* jtext: members and elements of accepted JSON, as text. */
#include "jtext.h"

#include <jansson.h>
#include <string.h>

static inline bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The text of a JSON string token [b, e) (quotes included) equals key.  The
 * object was accepted by jansson: an escaped key is decoded by it. */
static bool key_is(const char *b, const char *e, const char *key, size_t klen)
{
	size_t n = (size_t)(e - b);
	if (!memchr(b, '\\', n))
		return n == klen + 2 && memcmp(b + 1, key, klen) == 0;
	json_t *k = json_loadb(b, n, JSON_DECODE_ANY, NULL);
	bool same = json_is_string(k) && json_string_length(k) == klen &&
		    memcmp(json_string_value(k), key, klen) == 0;
	json_decref(k);
	return same;
}

/* The end of the JSON value at p (valid JSON: jansson accepted it). */
static const char *value_end(const char *p, const char *end)
{
	unsigned depth = 0;
	bool in_str = false;
	for (; p < end; p++) {
		char c = *p;
		if (in_str) {
			if (c == '\\') {
				p++;
			} else if (c == '"') {
				in_str = false;
				if (depth == 0)
					return p + 1;
			}
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return p;
			if (--depth == 0)
				return p + 1;
		} else if (depth == 0 && (c == ',' || is_ws(c))) {
			return p;
		}
	}
	return p;
}

bool jtext_member(const char *text, size_t text_len, const char *key, size_t klen, const char **v,
		  size_t *len)
{
	const char *t = text, *end = text + text_len;
	while (t < end && *t != '{')
		t++;
	if (t < end)
		t++;
	while (t < end) {
		while (t < end && *t != '"' && *t != '}')
			t++;
		if (t >= end || *t == '}')
			return false;
		const char *kb = t, *ke = value_end(t, end);
		t = ke;
		while (t < end && *t != ':')
			t++;
		for (t++; t < end && is_ws(*t); t++)
			;
		const char *ve = value_end(t, end);
		if (key_is(kb, ke, key, klen)) {
			*v = t;
			*len = (size_t)(ve - t);
			return true;
		}
		t = ve;
		while (t < end && *t != ',' && *t != '}')
			t++;
		if (t < end && *t == ',')
			t++;
	}
	return false;
}


bool jtext_element(const char *text, size_t len, size_t *pos, const char **v, size_t *vlen)
{
	const char *t = text + *pos, *end = text + len;
	if (*pos == 0) {
		while (t < end && *t != '[')
			t++;
		if (t < end)
			t++;
	}
	while (t < end && (is_ws(*t) || *t == ','))
		t++;
	if (t >= end || *t == ']')
		return false;
	const char *e = value_end(t, end);
	*v = t;
	*vlen = (size_t)(e - t);
	*pos = (size_t)(e - text);
	return true;
}
