/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the plain labels line (src/labelline.c)
 * against the general reading of a labels CSV/TSV line, and its SSE2 path
 * against its portable one.
 *
 * Input: a byte whose low bit chooses TSV, then text read as consecutive
 * lines from its start, as split.c's plain_lines does, for as long as the
 * lines are plain.  labelline_read and labelline_read_portable must give the
 * same answer on every line.  Every line accepted must be one that the
 * general reader (split.c: no NUL, valid UTF-8, csv_split into two cells,
 * csv_cluster_id, and num_integral_text on the id) reads as the same label:
 * the id's bytes as written, the same integer cluster.  Any difference
 * aborts with a description. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvcust.h"
#include "csvsplit.h"
#include "labelline.h"
#include "number.h"
#include "utf8.h"

__attribute__((noreturn)) static void mismatch(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "labelline mismatch: %s\nline (%zu bytes): %.*s\n", what, len,
		(int)(len > 200 ? 200 : len), line);
	abort();
}

/* The general reading of the line [p, p + len) (without its '\n') must be
 * the label l. */
static void check_general(const char *p, size_t len, bool tsv, const labelline *l)
{
	size_t bad, at;
	if (memchr(p, '\0', len) || !utf8_valid(p, len, &bad))
		mismatch("accepted a NUL or invalid UTF-8", p, len);
	csv_splitter row = {0};
	const char *msg = csv_split(&row, tsv, p, len, &at);
	if (msg == CSV_OUT_OF_MEMORY)
		abort();
	if (msg || row.n != 2)
		mismatch("accepted a line the general reader does not split into two cells", p, len);
	if (row.cells[0].len != l->id_len || memcmp(row.cells[0].s, p, l->id_len) != 0)
		mismatch("the id differs from the first cell", p, len);
	char text[24];
	size_t text_len;
	if (num_integral_text(row.cells[0].s, row.cells[0].len, text, &text_len))
		mismatch("accepted an id the general reader reads as another integer", p, len);
	cluster_id cl;
	if (csv_cluster_id(row.cells[1].s, row.cells[1].len, &cl) || !cl.is_int || cl.i != l->cluster)
		mismatch("the cluster differs from the general reader's", p, len);
	csv_splitter_fini(&row);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool tsv = data[0] & 1;
	const char *p = (const char *)data + 1;
	size_t avail = size - 1;
	for (;;) {
		labelline fast = {0}, slow = {0};
		size_t n = labelline_read(p, avail, tsv, &fast);
		size_t m = labelline_read_portable(p, avail, tsv, &slow);
		if (n != m || (n && (fast.id_len != slow.id_len || fast.cluster != slow.cluster)))
			mismatch("the SSE2 and the portable path differ", p, avail);
		if (!n)
			break;
		if (p[n - 1] != '\n')
			mismatch("a line that does not end in its newline", p, n);
		check_general(p, n - 1, tsv, &fast);
		p += n;
		avail -= n;
	}
	return 0;
}
