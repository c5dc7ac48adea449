/* write_table: the aligned terminal table and the GitHub markdown table.
 * Both print reals with exactly two decimals so that the points line up,
 * measure widths in display columns (UTF-8 aware, locale independent), and
 * make control characters visible so that a slug cannot break a row. */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "writer.h"

/* A cell's printable text: control characters as \n \t \r \xHH, and for
 * markdown '|' as '\|'.  Returns a malloc'd string. */
static char *cell_text(const char *s, bool markdown)
{
	size_t n = strlen(s);
	char *out = malloc(4 * n + 1), *w = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			*w++ = '\\'; *w++ = 'n';
		} else if (c == '\t') {
			*w++ = '\\'; *w++ = 't';
		} else if (c == '\r') {
			*w++ = '\\'; *w++ = 'r';
		} else if (c < 0x20 || c == 0x7f) {
			static const char hex[] = "0123456789abcdef";
			*w++ = '\\'; *w++ = 'x'; *w++ = hex[c >> 4]; *w++ = hex[c & 15];
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

static void write_grid(FILE *out, const profile_list *pl, bool markdown)
{
	size_t rows = pl->n + 1;
	char **cell = calloc(rows * 8, sizeof *cell);
	size_t *width = calloc(rows * 8, sizeof *width);
	size_t colw[8] = {0};
	char buf[HUNDREDTHS_MAX + 2];
	if (!cell || !width)
		goto out;
	for (size_t r = 0; r < rows; r++) {
		for (int f = 0; f < 8; f++) {
			const char *t = r == 0 ? profile_fields[f]
				: profile_field_text(&pl->items[r - 1], f, true, buf, sizeof buf);
			char *c = cell_text(t, markdown);
			if (!c)
				goto out;
			cell[r * 8 + (size_t)f] = c;
			width[r * 8 + (size_t)f] = utf8_width(c, strlen(c));
			if (width[r * 8 + (size_t)f] > colw[f])
				colw[f] = width[r * 8 + (size_t)f];
		}
	}
	for (size_t r = 0; r < rows; r++) {
		if (markdown)
			fputs("| ", out);
		for (int f = 0; f < 8; f++) {
			size_t i = r * 8 + (size_t)f, gap = colw[f] - width[i];
			/* Numbers right-aligned (the integer cluster ids too); a string
			 * cluster id is text. */
			bool right = r > 0 ? profile_field_is_number(&pl->items[r - 1], f)
				: f != 5 && f != 7 && !(f == 0 && pl->n && !pl->items[0].id.is_int);
			if (f)
				fputs(markdown ? " | " : "  ", out);
			if (right)
				pad(out, gap);
			fputs(cell[i], out);
			if (!right && (markdown || f < 7))
				pad(out, gap);
		}
		fputs(markdown ? " |\n" : "\n", out);
		if (r == 0) {
			if (markdown)
				fputs("|", out);
			for (int f = 0; f < 8; f++) {
				bool num = f != 5 && f != 7 &&
					   !(f == 0 && pl->n && !pl->items[0].id.is_int);
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
out:
	if (cell)
		for (size_t i = 0; i < rows * 8; i++)
			free(cell[i]);
	free(cell);
	free(width);
}

void write_table(FILE *out, const profile_list *pl)
{
	write_grid(out, pl, false);
}

void write_markdown(FILE *out, const profile_list *pl)
{
	write_grid(out, pl, true);
}
