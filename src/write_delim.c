/* SPDX-License-Identifier: MIT */
/* write_delim: csv (RFC 4180 quoting, LF line ends) and tsv (escapes). */
#include <string.h>

#include "profile_field.h"
#include "writer.h"

static void csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static void tsv_field(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\\': fputs("\\\\", out); break;
		default: putc(*s, out);
		}
	}
}

static void write_delim(FILE *out, const profile_list *pl, char sep,
			void (*field)(FILE *, const char *))
{
	char buf[HUNDREDTHS_MAX + 3];
	for (size_t f = 0; f < profile_columns(pl); f++) {
		if (f)
			putc(sep, out);
		field(out, column_name(pl, f));
	}
	putc('\n', out);
	for (size_t i = 0; i < pl->n; i++) {
		for (size_t f = 0; f < profile_columns(pl); f++) {
			if (f)
				putc(sep, out);
			/* a null cell is an empty field */
			const char *t = profile_field_text(pl, &pl->items[i], f, false, buf, sizeof buf);
			field(out, t ? t : "");
		}
		putc('\n', out);
	}
}

void write_csv(FILE *out, const profile_list *pl)
{
	write_delim(out, pl, ',', csv_field);
}

void write_tsv(FILE *out, const profile_list *pl)
{
	write_delim(out, pl, '\t', tsv_field);
}
