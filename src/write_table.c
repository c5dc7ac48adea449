/* SPDX-License-Identifier: MIT */
/* write_table: the aligned terminal table and the GitHub markdown table.
 * Both print reals with exactly two decimals so that the points line up,
 * measure widths in display columns (UTF-8 aware, locale independent), and
 * make control characters visible so that a slug cannot break a row. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "profile_field.h"
#include "writer.h"

/* A control character (utf8_control) made visible at w: \n \t \r, \xHH
 * below U+0080 (C0, DEL), \uHHHH above (C1, U+2028, U+2029).  Returns the
 * end of what was written (at most 6 bytes). */
static char *escape_control(char *w, unsigned cp)
{
	static const char hex[] = "0123456789abcdef";
	*w++ = '\\';
	switch (cp) {
	case '\n': *w++ = 'n'; return w;
	case '\t': *w++ = 't'; return w;
	case '\r': *w++ = 'r'; return w;
	}
	if (cp < 0x80) {
		*w++ = 'x';
	} else {
		*w++ = 'u';
		*w++ = hex[cp >> 12 & 15];
		*w++ = hex[cp >> 8 & 15];
	}
	*w++ = hex[cp >> 4 & 15];
	*w++ = hex[cp & 15];
	return w;
}

/* A cell's printable text: control characters escaped (escape_control), a
 * backslash as '\\' and for markdown '|' as '\|'.  Returns a malloc'd
 * string. */
static char *cell_text(const char *s, bool markdown)
{
	size_t n = strlen(s);
	/* the longest expansion: one byte (C0, DEL) to four ("\xHH") */
	char *out = malloc(4 * n + 1), *w = out;
	if (!out)
		return NULL;
	for (const char *end = s + n; s < end; s++) {
		unsigned char c = (unsigned char)*s;
		unsigned cp;
		size_t len = utf8_control(s, (size_t)(end - s), &cp);
		if (len) {
			w = escape_control(w, cp);
			s += len - 1;
		} else if (c == '\\') {
			*w++ = '\\'; *w++ = '\\';
		} else if (c == '|' && markdown) {
			*w++ = '\\'; *w++ = '|';
		} else {
			*w++ = (char)c;
		}
	}
	*w = '\0';
	return out;
}

static void pad(FILE *out, size_t n)
{
	while (n--)
		putc(' ', out);
}

static bool write_grid(FILE *out, const profile_list *pl, bool markdown)
{
	bool ok = false;
	size_t rows = pl->n + 1, nc = profile_columns(pl);
	char **cell = calloc(rows * nc, sizeof *cell);
	size_t *width = calloc(rows * nc, sizeof *width);
	size_t *colw = calloc(nc, sizeof *colw);
	char buf[HUNDREDTHS_MAX + 3];
	if (!cell || !width || !colw)
		goto out;
	for (size_t r = 0; r < rows; r++) {
		for (size_t f = 0; f < nc; f++) {
			const char *t = r == 0 ? column_name(pl, f)
				: profile_field_text(pl, &pl->items[r - 1], f, true, buf, sizeof buf);
			char *c = cell_text(t ? t : "-", markdown); /* null: "-" */
			if (!c)
				goto out;
			cell[r * nc + f] = c;
			width[r * nc + f] = utf8_width(c, strlen(c));
			if (width[r * nc + f] > colw[f])
				colw[f] = width[r * nc + f];
		}
	}
	for (size_t r = 0; r < rows; r++) {
		if (markdown)
			fputs("| ", out);
		for (size_t f = 0; f < nc; f++) {
			size_t i = r * nc + f, gap = colw[f] - width[i];
			/* Numbers right-aligned (the integer cluster ids too); a string
			 * cluster id is text. */
			bool right = r > 0 ? profile_field_is_number(pl, &pl->items[r - 1], f)
				: profile_column_is_number(pl, f);
			if (f)
				fputs(markdown ? " | " : "  ", out);
			if (right)
				pad(out, gap);
			fputs(cell[i], out);
			if (!right && (markdown || f + 1 < nc))
				pad(out, gap);
		}
		fputs(markdown ? " |\n" : "\n", out);
		if (r == 0) {
			if (markdown)
				fputs("|", out);
			for (size_t f = 0; f < nc; f++) {
				bool num = profile_column_is_number(pl, f);
				if (markdown) {
					fputs(num ? " " : " :", out);
					for (size_t k = 0; k + 1 < colw[f]; k++)
						putc('-', out);
					fputs(num ? ": |" : " |", out);
				} else {
					if (f)
						fputs("  ", out);
					for (size_t k = 0; k < colw[f]; k++)
						putc('-', out);
				}
			}
			putc('\n', out);
		}
	}
	ok = true;
out:
	if (cell)
		for (size_t i = 0; i < rows * nc; i++)
			free(cell[i]);
	free(cell);
	free(width);
	free(colw);
	return ok;
}

/* With --min-size, a line under the table says how many were left out. */
static void withheld_note(FILE *out, const profile_list *pl)
{
	if (pl->min_size)
		fprintf(out, "\nclusters of fewer than %" PRIu64 " customers withheld: %zu\n",
			pl->min_size, pl->withheld);
}

bool write_table(FILE *out, const profile_list *pl)
{
	bool ok = write_grid(out, pl, false);
	withheld_note(out, pl);
	return ok;
}

bool write_markdown(FILE *out, const profile_list *pl)
{
	bool ok = write_grid(out, pl, true);
	withheld_note(out, pl);
	return ok;
}
