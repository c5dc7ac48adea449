/* writer: the output formats.  Each writer prints a profile list to a FILE;
 * output.c decides where that FILE goes and makes the result atomic. */
#ifndef SEGPROF_WRITER_H
#define SEGPROF_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#include "profile.h"

typedef enum out_format {
	FMT_JSON,
	FMT_NDJSON,
	FMT_CSV,
	FMT_TSV,
	FMT_TABLE,
	FMT_MARKDOWN,
	FMT_CARDS,
} out_format;

/* The field names, in output order (segprof(1) OUTPUT FORMATS). */
extern const char *const profile_fields[8];

void write_json(FILE *out, const profile_list *pl, bool compact);
void write_ndjson(FILE *out, const profile_list *pl);
void write_csv(FILE *out, const profile_list *pl);
void write_tsv(FILE *out, const profile_list *pl);
/* The table writers need memory of their own: false when out of it. */
bool write_table(FILE *out, const profile_list *pl);
bool write_markdown(FILE *out, const profile_list *pl);

typedef struct card_options {
	const char *currency;
	bool locale_numbers;
	lang lang;
} card_options;

bool write_cards(FILE *out, const profile_list *pl, const card_options *co);

/* false when out of memory. */
bool write_profiles(FILE *out, const profile_list *pl, out_format fmt, bool compact,
		    const card_options *co);

/* Name of column f (0 .. profile_columns(pl) - 1). */
const char *column_name(const profile_list *pl, size_t f);

/* Text of column f of p into buf (HUNDREDTHS_MAX + 3 bytes), or NULL for a
 * null cell; may return p's own storage.  Reals are shortest-form unless
 * fixed2. */
const char *profile_field_text(const profile_list *pl, const profile *p, size_t f, bool fixed2,
			       char *buf, size_t len);

/* Whether column f of p is a number (printed bare in JSON, right-aligned). */
static inline bool profile_field_is_number(const profile *p, size_t f)
{
	return f == 0 ? p->id.is_int : f != 5 && f != 7;
}

#endif
