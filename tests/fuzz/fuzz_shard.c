/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: hash shards against one run.  A customers file (as in
 * fuzz_ndjson, with its fixed labels) is profiled once, and again as K hash
 * shards (--shard I/K, each a partial) merged by segprof merge: when the
 * single run succeeds, every shard must and the merge must print the same
 * bytes; when it fails on the data, some shard must fail too.  The partials
 * also go through merge --partial (a tree of two levels), which must change
 * nothing.
 *
 * Input: a selector byte (bits 0-2: -f json, ndjson, csv, tsv, table,
 * markdown, cards, json --compact; bit 3: extra columns; bit 4:
 * --unlabeled=skip (and --missing=skip); bits 5-6: --top 5, 0, 2, 1000000;
 * bit 7: the customers carry their cluster, --cluster-field cluster and no
 * labels file, as a table would: CSV records of another shard are passed
 * over unparsed, see split.c), a byte for K (1 + byte % 8), then the
 * customers file. */
#include "fuzz_common.h"

static const char labels_csv[] =
	"customer_id,cluster_id\n"
	"C001,2\nC002,0\nC003,0\nC004,0\nC005,2\nC006,1\nC007,2\nC008,1\nC009,0\n"
	"C010,1\nC011,0\nC012,2\nC013,1\nC014,0\nC015,1\nC016,2\nC017,0\nC018,1\n"
	"C019,0\nC020,2\nC021,\"vip\"\"s\"\n1,0\n2,1\n17,-3\nX,gold\n-5,0\n";

enum { K_MAX = 8 };

/* A command line from words (at most 31), parsed by cli_parse into *o;
 * false when refused. */
typedef struct cmdline {
	fuzz_argv a;
	size_t used;
} cmdline;

static void cmd_start(cmdline *c, bool merge)
{
	c->used = 0;
	c->a.argc = 0;
	fuzz_arg(&c->a, &c->used, "segprof");
	if (merge)
		fuzz_arg(&c->a, &c->used, "merge");
	fuzz_arg(&c->a, &c->used, "-q");
}

/* The options that belong to the runs (figures) */
static void run_opts(cmdline *c, uint8_t sel)
{
	if (sel & 8) {
		fuzz_arg(&c->a, &c->used, "--mean=recency");
		fuzz_arg(&c->a, &c->used, "--median=frequency,tenure");
		fuzz_arg(&c->a, &c->used, "--sum=amount_spent");
	}
	if (sel & 16) {
		fuzz_arg(&c->a, &c->used, "--unlabeled=skip");
		if (sel & 8)
			fuzz_arg(&c->a, &c->used, "--missing=skip");
	}
	fuzz_arg(&c->a, &c->used, "-j");
	fuzz_arg(&c->a, &c->used, "1");
}

/* The output options (of the single run and of the merge). */
static void out_opts(cmdline *c, uint8_t sel)
{
	static const char *const formats[8] = {"json", "ndjson", "csv", "tsv", "table",
					       "markdown", "cards", "json"};
	static const char *const tops[4] = {"5", "0", "2", "1000000"};
	fuzz_arg(&c->a, &c->used, "-f");
	fuzz_arg(&c->a, &c->used, formats[sel & 7]);
	if ((sel & 7) == 7)
		fuzz_arg(&c->a, &c->used, "--compact");
	fuzz_arg(&c->a, &c->used, "--top");
	fuzz_arg(&c->a, &c->used, tops[(sel >> 5) & 3]);
}

static bool cmd_parse(cmdline *c, segprof_opts *o)
{
	return cli_parse(c->a.argc, c->a.argv, o) == CLI_RUN;
}

typedef struct result {
	sp_status st;
	char *text, *msgs;
	size_t len, msgs_len;
} result;

static void run(cmdline *c, result *r)
{
	segprof_opts o;
	if (!cmd_parse(c, &o))
		abort(); /* every command line here is valid */
	r->st = fuzz_run_capture(&o, &r->text, &r->len, &r->msgs, &r->msgs_len);
}

static void result_free(result *r)
{
	free(r->text);
	free(r->msgs);
}

/* segprof merge [--partial] OUT_OPTS over the bytes of partials. */
static void merge(uint8_t sel, bool partial, const char *partials, size_t len, result *r)
{
	int fd = fuzz_memfd("partials", (const uint8_t *)partials, len);
	char path[64];
	fuzz_fd_path(fd, path, sizeof path);
	cmdline c;
	cmd_start(&c, true);
	if (partial)
		fuzz_arg(&c.a, &c.used, "--partial");
	else
		out_opts(&c, sel);
	fuzz_arg(&c.a, &c.used, path);
	run(&c, r);
	close(fd);
}

static bool same(const result *a, const result *b)
{
	return a->st == b->st && fuzz_same(a->text, a->len, b->text, b->len);
}

/* The input: the customers, and the labels file or (bit 7) the cluster
 * field. */
static void input_opts(cmdline *c, uint8_t sel, const char *cpath, const char *lpath)
{
	fuzz_arg(&c->a, &c->used, "--customers");
	fuzz_arg(&c->a, &c->used, cpath);
	if (sel & 0x80) {
		fuzz_arg(&c->a, &c->used, "--cluster-field");
		fuzz_arg(&c->a, &c->used, "cluster");
		return;
	}
	fuzz_arg(&c->a, &c->used, "--labels");
	fuzz_arg(&c->a, &c->used, lpath);
}

/* Run the K shards into one stream of partials; false when one failed. */
static bool run_shards(uint8_t sel, unsigned k, const char *cpath, const char *lpath,
		       char **all, size_t *all_len)
{
	bool ok = true;
	FILE *m = open_memstream(all, all_len);
	if (!m)
		abort();
	for (unsigned i = 0; i < k; i++) {
		char shard[32];
		snprintf(shard, sizeof shard, "--shard=%u/%u", i, k);
		cmdline c;
		cmd_start(&c, false);
		run_opts(&c, sel);
		fuzz_arg(&c.a, &c.used, shard);
		input_opts(&c, sel, cpath, lpath);
		result r;
		run(&c, &r);
		if (r.st == SP_OK)
			fwrite(r.text, 1, r.len, m);
		else
			ok = false;
		result_free(&r);
	}
	if (fclose(m) != 0)
		abort();
	return ok;
}

static void check(uint8_t sel, unsigned k, const char *cpath, const char *lpath)
{
	cmdline c;
	cmd_start(&c, false);
	run_opts(&c, sel);
	out_opts(&c, sel);
	input_opts(&c, sel, cpath, lpath);
	result single;
	run(&c, &single);
	char *all;
	size_t all_len;
	bool shards_ok = run_shards(sel, k, cpath, lpath, &all, &all_len);
	if (single.st == SP_DATAERR && shards_ok)
		abort(); /* a data error no shard saw */
	if (single.st == SP_OK) {
		if (!shards_ok)
			abort(); /* a shard failed where the single run did not */
		result merged, tree, again;
		merge(sel, false, all, all_len, &merged);
		merge(sel, true, all, all_len, &tree);
		if (tree.st != SP_OK)
			abort();
		merge(sel, false, tree.text, tree.len, &again);
		if (!same(&single, &merged) || !same(&single, &again)) {
			fprintf(stderr, "K=%u: single run and merge differ:\n%s\n-- merged:\n%s\n-- tree:\n%s\n",
				k, single.text, merged.text ? merged.text : merged.msgs,
				again.text ? again.text : again.msgs);
			abort();
		}
		result_free(&merged);
		result_free(&tree);
		result_free(&again);
	}
	free(all);
	result_free(&single);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t sel = data[0];
	unsigned k = 1 + data[1] % K_MAX;
	int fds = fuzz_count_fds();
	int cfd = fuzz_memfd("customers", data + 2, size - 2);
	int lfd = fuzz_memfd("labels", (const uint8_t *)labels_csv, sizeof labels_csv - 1);
	char cpath[64], lpath[64];
	fuzz_fd_path(cfd, cpath, sizeof cpath);
	fuzz_fd_path(lfd, lpath, sizeof lpath);
	check(sel, k, cpath, lpath);
	close(cfd);
	close(lfd);
	fuzz_check_fds(fds);
	return 0;
}
