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
} out_format;

/* The field names, in output order (SPEC §2). */
extern const char *const profile_fields[8];

void write_json(FILE *out, const profile_list *pl, bool compact);
void write_ndjson(FILE *out, const profile_list *pl);
void write_csv(FILE *out, const profile_list *pl);
void write_tsv(FILE *out, const profile_list *pl);
void write_table(FILE *out, const profile_list *pl);
void write_markdown(FILE *out, const profile_list *pl);

void write_profiles(FILE *out, const profile_list *pl, out_format fmt, bool compact);

/* Text of field f (0..7) of p into buf (for the delimited and table writers);
 * returns a pointer to the text, which may be p's own storage.  Reals are
 * shortest-form unless fixed2. */
const char *profile_field_text(const profile *p, int f, bool fixed2, char *buf, size_t len);
static inline bool profile_field_is_number(const profile *p, int f)
{
	return f == 0 ? p->id.is_int : (f >= 1 && f <= 4) || f == 6;
}

#endif
