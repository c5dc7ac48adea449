/* SPDX-License-Identifier: MIT */
/* Unit tests for csvsplit.c: the plain split (SSE2 and portable) gives the
 * cells of the full RFC 4180 / TSV split, and declines what needs it.
 * TAP output; exit status 1 on any failure. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "tap.h"

/* "a|b|c": the cells of sp joined by '|', for messages. */
static const char *joined(const csv_splitter *sp, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sp->n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%.*s@%zu", i ? "|" : "",
					 (int)sp->cells[i].len, sp->cells[i].s, sp->cells[i].off);
	return buf;
}

/* Both plain splits take the record (in a buffer of its own length, so that
 * the sanitizers see any read past it) and give want, as csv_split does. */
static void plain(bool tsv, const char *rec, bool want_high, const char *want, const char *desc)
{
	size_t len = strlen(rec);
	char *t = malloc(len ? len : 1), a[1024], b[1024], c[1024];
	memcpy(t, rec, len);
	csv_splitter f = {0}, p = {0}, full = {0};
	bool hf = !want_high, hp = !want_high;
	size_t at;
	bool okf = csv_split_plain(&f, tsv, t, len, &hf);
	bool okp = csv_split_plain_portable(&p, tsv, t, len, &hp);
	bool okfull = csv_split(&full, tsv, t, len, &at) == NULL;
	CHECK(okf && hf == want_high, "SSE2 split takes it: %s", desc);
	CHECK(okp && hp == want_high, "portable split takes it: %s", desc);
	CHECK_STR(okf ? joined(&f, a, sizeof a) : "(declined)", want, "SSE2 cells: %s", desc);
	CHECK_STR(okp ? joined(&p, b, sizeof b) : "(declined)", want, "portable cells: %s", desc);
	CHECK_STR(okfull ? joined(&full, c, sizeof c) : "(refused)", want, "full split cells: %s", desc);
	csv_splitter_fini(&f);
	csv_splitter_fini(&p);
	csv_splitter_fini(&full);
	free(t);
}

static void declined(bool tsv, const char *rec, size_t len, const char *desc)
{
	char *t = malloc(len ? len : 1);
	memcpy(t, rec, len);
	csv_splitter f = {0}, p = {0};
	bool h;
	CHECK(!csv_split_plain(&f, tsv, t, len, &h), "SSE2 split declines: %s", desc);
	CHECK(!csv_split_plain_portable(&p, tsv, t, len, &h), "portable split declines: %s", desc);
	csv_splitter_fini(&f);
	csv_splitter_fini(&p);
	free(t);
}

int main(void)
{
	plain(false, "", false, "@0", "an empty record is one empty cell");
	plain(false, "a,b\r", false, "a@0|b@2", "a final CR is dropped");
	plain(false, "a\r,b", false, "a\r@0|b@3", "a CR inside a cell is kept");
	plain(false, "C0977724,8,427.67,24,42,senior-aquarium;plant-pots-xxl;kettle-kit,3", false,
	      "C0977724@0|8@9|427.67@11|24@18|42@21|senior-aquarium;plant-pots-xxl;kettle-kit@24|3@66",
	      "a record over several blocks, the last one partly seen twice");
	plain(false, "0123456789abcde,", false, "0123456789abcde@0|@16", "a separator at byte 15");
	plain(false, "0123456789abcdef,", false, "0123456789abcdef@0|@17", "a separator at byte 16");
	plain(false, ",,,,,,,,,,,,,,,,,,,,", false,
	      "@0|@1|@2|@3|@4|@5|@6|@7|@8|@9|@10|@11|@12|@13|@14|@15|@16|@17|@18|@19|@20",
	      "more separators than one block's room for cells");
	plain(false, "caf\xc3\xa9,x\\y,z\tw", true, "caf\xc3\xa9@0|x\\y@6|z\tw@10",
	      "bytes >= 0x80 noted; a backslash and a tab are text in CSV");
	plain(true, "a\tb\"c\t\xc3\xa9xxxxxxxxxxxxxxxxxx\r", true,
	      "a@0|b\"c@2|\xc3\xa9xxxxxxxxxxxxxxxxxx@6", "TSV: a quote is text");
	declined(false, "a,\"b\"", 5, "CSV: a quoted cell");
	declined(false, "0123456789abcdefghij\"", 21, "CSV: a quote in the last partial block");
	declined(true, "a\\tb\tc", 6, "TSV: an escape");
	declined(false, "0123456789abcdef0123\0", 21, "a NUL byte");
	declined(false, "a\0", 2, "a NUL byte in a short record");
	return tap_done();
}
