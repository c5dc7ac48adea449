/* SPDX-License-Identifier: MIT */
/* libFuzzer differential harness: the plain paths of a customers CSV/TSV
 * record against the full ones.
 *
 * Input: one selector byte, then lines.  Selector bits 0-1 pick the header
 * (three fixed ones, or the input's first line), bit 2 TSV (the fixed
 * headers' ',' become tabs), bit 3 --types-sep '|', bit 4 --missing skip.
 * Every other line is one record.  Checks, for each line:
 *   - csv_split_plain (SSE2 where there is SSE2) and
 *     csv_split_plain_portable agree: both take the record or neither does,
 *     with the same cells, and *high tells whether a byte is >= 0x80;
 *   - a record they take, csv_split takes too, with the same cells;
 *   - csv_customer_parse (plain paths) and csv_customer_parse_full (every
 *     record through csv_split and num_parse) give the same status, syntax
 *     error, record (id, frequency, amount, extra features, cluster, slugs)
 *     and messages.
 * Any difference aborts with the line on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvcust.h"
#include "csvsplit.h"
#include "customer.h"
#include "decimal.h"
#include "strtab.h"

static const char *const headers[3] = {
	"id,frequency,amount_spent,product_types,cluster",
	"cluster,x,product_types,amount_spent,y,frequency,id",
	"id,frequency,amount_spent,recency_days,tenure_months,product_types,cluster,x",
};

__attribute__((noreturn)) static void mismatch(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "csvplain mismatch: %s\nline (%zu bytes): %.*s\n", what, len,
		(int)(len > 2000 ? 2000 : len), line);
	abort();
}

static bool same_cells(const csv_splitter *a, const csv_splitter *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->cells[i].len != b->cells[i].len || a->cells[i].off != b->cells[i].off ||
		    memcmp(a->cells[i].s, b->cells[i].s, a->cells[i].len) != 0)
			return false;
	return true;
}

static void check_split(bool tsv, const char *line, size_t len)
{
	static csv_splitter fast, port, full;
	bool hf, hp;
	bool f = csv_split_plain(&fast, tsv, line, len, &hf);
	bool p = csv_split_plain_portable(&port, tsv, line, len, &hp);
	if (f != p)
		mismatch(f ? "the SSE2 split takes a record the portable one does not"
			   : "the portable split takes a record the SSE2 one does not",
			 line, len);
	if (!f)
		return;
	bool high = false;
	for (size_t i = 0; i < len; i++)
		high |= (unsigned char)line[i] >= 0x80;
	if (hf != high || hp != high)
		mismatch("*high is not whether a byte is >= 0x80", line, len);
	if (!same_cells(&fast, &port))
		mismatch("the SSE2 and portable splits give different cells", line, len);
	size_t at;
	if (csv_split(&full, tsv, line, len, &at))
		mismatch("the full split refuses a record the plain split takes", line, len);
	if (!same_cells(&fast, &full))
		mismatch("the plain and full splits give different cells", line, len);
}

typedef struct side {
	strtab slugs;
	diag d;
	customer_parser p;
	customer_rec rec;
	syntax_error se;
	sp_status st;
} side;

static bool same_dec(dec a, dec b)
{
	return a.coef == b.coef && a.exp == b.exp && a.neg == b.neg;
}

static bool same_cluster(const cluster_id *a, const cluster_id *b)
{
	if (!a || !b)
		return a == b;
	if (a->is_int != b->is_int)
		return false;
	return a->is_int ? a->i == b->i : a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void check_records(const side *a, const side *b, size_t n_extras, const char *line,
			  size_t len)
{
	const customer_rec *x = &a->rec, *y = &b->rec;
	if (x->id_len != y->id_len || memcmp(x->id, y->id, x->id_len) != 0)
		mismatch("id", line, len);
	if (x->frequency != y->frequency)
		mismatch("frequency", line, len);
	if (!same_dec(x->amount, y->amount))
		mismatch("amount", line, len);
	for (size_t i = 0; i < n_extras; i++)
		if (!same_dec(x->extras[i], y->extras[i]))
			mismatch("an extra feature", line, len);
	if (!same_cluster(x->cluster, y->cluster))
		mismatch("cluster", line, len);
	if (x->n_slugs != y->n_slugs)
		mismatch("the number of slugs", line, len);
	for (size_t i = 0; i < x->n_slugs; i++) {
		strtab_key s = strtab_get(&a->slugs, x->slugs[i]);
		strtab_key t = strtab_get(&b->slugs, y->slugs[i]);
		if (s.len != t.len || memcmp(s.s, t.s, s.len) != 0)
			mismatch("a slug", line, len);
	}
}

static void check_messages(const diag *a, const diag *b, const char *line, size_t len)
{
	if (a->n_errors != b->n_errors || a->n_kept != b->n_kept)
		mismatch("the number of messages", line, len);
	for (size_t i = 0; i < a->n_kept; i++) {
		const diag_entry *x = &a->errors[i], *y = &b->errors[i];
		if (x->line != y->line || x->col != y->col || x->exit != y->exit ||
		    strcmp(x->message, y->message) != 0)
			mismatch("a message", line, len);
	}
}

static void check_parse(side *fast, side *full, const csv_layout *l, long line_no,
			const char *line, size_t len)
{
	customer_loc loc = {.file = "t.csv", .pointer = "", .line = line_no, .key = (uint64_t)line_no};
	fast->st = csv_customer_parse(&fast->p, l, line, len, &loc, &fast->rec, &fast->se);
	full->st = csv_customer_parse_full(&full->p, l, line, len, &loc, &full->rec, &full->se);
	if (fast->st != full->st)
		mismatch("status", line, len);
	if (strcmp(fast->se.message, full->se.message) != 0 ||
	    (fast->se.message[0] && fast->se.offset != full->se.offset))
		mismatch("syntax error", line, len);
	if (fast->st == SP_OK)
		check_records(fast, full, l->extras ? l->extras->n : 0, line, len);
	check_messages(&fast->d, &full->d, line, len);
	diag_fini(&fast->d);
	diag_init(&fast->d);
	diag_fini(&full->d);
	diag_init(&full->d);
}

static void side_init(side *s, const extra_spec *x, const field_names *f)
{
	memset(s, 0, sizeof *s);
	strtab_init(&s->slugs);
	diag_init(&s->d);
	customer_parser_init(&s->p, &s->slugs, &s->d, x, f);
}

static void side_fini(side *s)
{
	customer_parser_fini(&s->p);
	diag_fini(&s->d);
	strtab_fini(&s->slugs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	bool tsv = sel & 4;
	const char *text = (const char *)data + 1, *end = (const char *)data + size;
	field_names f;
	field_names_default(&f);
	f.name[F_CLUSTER] = "cluster";
	f.len[F_CLUSTER] = 7;
	f.cluster_in_row = true;
	f.types_sep = sel & 8 ? '|' : ';';
	extra_spec x = {.n = 2, .name = {"x", "y"}, .len = {1, 1}, .skip_missing = sel & 16};
	x.ops[0] = x.ops[1] = EXTRA_MEAN;

	char fixed[128];
	const char *head = text;
	size_t head_len;
	if ((sel & 3) < 3) {
		snprintf(fixed, sizeof fixed, "%s", headers[sel & 3]);
		for (char *c = fixed; tsv && *c; c++)
			if (*c == ',')
				*c = '\t';
		head = fixed;
		head_len = strlen(fixed);
	} else {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		head_len = (size_t)((nl ? nl : end) - text);
		text = nl ? nl + 1 : end;
	}
	diag hd;
	diag_init(&hd);
	csv_layout l;
	sp_status st = csv_layout_read(&l, tsv, head, head_len, &f, &x, "t.csv", 1, &hd);
	diag_fini(&hd);

	side fast, full;
	side_init(&fast, &x, &f);
	side_init(&full, &x, &f);
	long line_no = 2;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = (size_t)((nl ? nl : end) - text);
		/* a copy of its own: reading past the record is the sanitizer's to see */
		char *line = malloc(len ? len : 1);
		if (!line)
			abort();
		memcpy(line, text, len);
		check_split(tsv, line, len);
		if (st == SP_OK)
			check_parse(&fast, &full, &l, line_no, line, len);
		free(line);
		line_no++;
		text = nl ? nl + 1 : end;
	}
	side_fini(&fast);
	side_fini(&full);
	return 0;
}
