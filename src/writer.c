/* SPDX-License-Identifier: MIT */
/* writer: the choice of writer for an output format. */
#include "writer.h"

bool write_profiles(FILE *out, const profile_list *pl, out_format fmt, bool compact,
		    const card_options *co)
{
	switch (fmt) {
	case FMT_JSON: write_json(out, pl, compact); return true;
	case FMT_NDJSON: write_ndjson(out, pl); return true;
	case FMT_CSV: write_csv(out, pl); return true;
	case FMT_TSV: write_tsv(out, pl); return true;
	case FMT_TABLE: return write_table(out, pl);
	case FMT_MARKDOWN: return write_markdown(out, pl);
	case FMT_CARDS: return write_cards(out, pl, co);
	case FMT_HTML: return write_html(out, pl, co);
	}
	return true;
}
