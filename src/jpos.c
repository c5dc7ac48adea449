/* SPDX-License-Identifier: MIT */
/* jpos: JSON Pointer -> offset in a JSON text (walked with jtext); line and
 * column. */
#include "jpos.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"

static size_t skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* The child of the container at text[at] that the pointer token tok[0..n)
 * names: true with *at moved to its value. */
static bool child(const char *text, size_t len, size_t *at, const char *tok, size_t n)
{
	const char *v;
	size_t vlen;
	if (text[*at] == '[') {
		char *end;
		unsigned long long want = strtoull(tok, &end, 10);
		if (n == 0 || end != tok + n)
			return false;
		size_t pos = 0;
		for (unsigned long long i = 0; jtext_element(text + *at, len - *at, &pos, &v, &vlen); i++) {
			if (i == want) {
				*at = (size_t)(v - text);
				return true;
			}
		}
		return false;
	}
	char key[512]; /* the token unescaped: ~1 is '/', ~0 is '~' */
	size_t k = 0;
	for (size_t i = 0; i < n && k < sizeof key; i++, k++) {
		key[k] = tok[i];
		if (tok[i] == '~' && i + 1 < n)
			key[k] = tok[++i] == '1' ? '/' : '~';
	}
	if (!jtext_member(text + *at, len - *at, key, k, &v, &vlen))
		return false;
	*at = (size_t)(v - text);
	return true;
}

size_t jpos_find(const char *text, size_t len, const char *pointer)
{
	size_t at = skip_ws(text, len, 0);
	while (*pointer == '/' && at < len && (text[at] == '{' || text[at] == '[')) {
		const char *tok = pointer + 1;
		size_t n = strcspn(tok, "/");
		if (!child(text, len, &at, tok, n))
			break;
		pointer = tok + n;
	}
	return at < len ? at : len;
}

void jpos_advance(const char *text, size_t n, long *line, long *col)
{
	const char *last = NULL;
	for (const char *q = text, *end = text + n;
	     q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++) {
		(*line)++;
		last = q;
	}
	if (last)
		*col = (long)(text + n - last);
	else
		*col += (long)n;
}
