/* SPDX-License-Identifier: MIT */
/* jsonout: JSON string escaping and the diagnostic object. */
#include "jsonout.h"

#include <string.h>

void jsonout_string(FILE *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	putc('"', out);
	size_t run = 0; /* bytes [i - run, i) need no escaping */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			run++;
			continue;
		}
		fwrite(s + i - run, 1, run, out);
		run = 0;
		putc('\\', out);
		switch (c) {
		case '"': putc('"', out); break;
		case '\\': putc('\\', out); break;
		case '\n': putc('n', out); break;
		case '\t': putc('t', out); break;
		case '\r': putc('r', out); break;
		case '\b': putc('b', out); break;
		case '\f': putc('f', out); break;
		default:
			fputs("u00", out);
			putc(hex[c >> 4], out);
			putc(hex[c & 15], out);
		}
	}
	fwrite(s + len - run, 1, run, out);
	putc('"', out);
}

static void opt_string(FILE *out, const char *s)
{
	if (s)
		jsonout_string(out, s, strlen(s));
	else
		fputs("null", out);
}

static void opt_long(FILE *out, long v)
{
	if (v > 0)
		fprintf(out, "%ld", v);
	else
		fputs("null", out);
}

void jsonout_diag(FILE *out, const char *file, long line, long col, const char *pointer,
		  const char *message, int exit, bool warning)
{
	fputs("{\"file\":", out);
	opt_string(out, file);
	fputs(",\"line\":", out);
	opt_long(out, line);
	fputs(",\"column\":", out);
	opt_long(out, col);
	fputs(",\"pointer\":", out);
	opt_string(out, pointer);
	fputs(",\"message\":", out);
	opt_string(out, message);
	fputs(warning ? ",\"level\":\"warning\"" : ",\"level\":\"error\"", out);
	fprintf(out, ",\"exit\":%d}\n", exit);
}
