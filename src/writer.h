/* SPDX-License-Identifier: MIT */
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
	FMT_HTML,
} out_format;

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
	/* the report's footer: what was profiled and the options that change
	 * figures, as plain text (the writer escapes them); NULL: none */
	const char *inputs;
	const char *settings;
} card_options;

bool write_cards(FILE *out, const profile_list *pl, const card_options *co);
bool write_html(FILE *out, const profile_list *pl, const card_options *co);

/* Write pl to out in fmt (writer.c); false when out of memory. */
bool write_profiles(FILE *out, const profile_list *pl, out_format fmt, bool compact,
		    const card_options *co);

#endif
