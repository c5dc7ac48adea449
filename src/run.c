/* SPDX-License-Identifier: MIT */
/* run: wiring the stages together. */
#include "run.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "guard.h"
#include "names.h"
#include "output.h"
#include "partial.h"
#include "pipeline.h"
#include "profile.h"
#include "readahead.h"
#include "sort.h"
#include "request.h"
#include "source.h"
#include "split.h"
#include "writer.h"

/* The options the figures depend on. */
static unsigned default_jobs(void);

static profile_opts profile_options(const segprof_opts *o)
{
	return (profile_opts){
		.rank = {.method = o->rank, .top = o->top, .min_support = o->min_support,
			 .scores = o->scores,
			 /* the report draws each top category as a bar */
			 .picks = o->format == FMT_HTML},
		.lang = o->lang,
		.index = o->index,
		.jobs = o->jobs ? o->jobs : default_jobs(),
	};
}

/* Render the profiles into memory: output is small (one row per cluster), and
 * nothing may reach standard output before the run is known to succeed. */
/* The report's "what was profiled": the input names. */
static void describe_inputs(FILE *f, const segprof_opts *o)
{
	enum { SHOWN = 8 };
	if (o->merge) {
		fputs("merge", f);
		for (size_t i = 0; i < o->n_merge && i < SHOWN; i++)
			fprintf(f, " %s", o->merge_inputs[i]);
		if (o->n_merge > SHOWN)
			fprintf(f, " (+%zu)", o->n_merge - SHOWN);
		if (!o->n_merge)
			fputs(" -", f);
	} else if (o->customers_path) {
		fprintf(f, "--customers=%s", o->customers_path);
		if (o->labels_path)
			fprintf(f, " --labels=%s", o->labels_path);
	} else {
		fputs(o->input ? o->input : "-", f);
	}
}

/* The field names that differ from the defaults (which columns were read). */
static void describe_fields(FILE *f, const field_names *fields)
{
	static const char *const options[F_COUNT] = {"id-field", "frequency-field", "amount-field",
						     "types-field", "cluster-field"};
	field_names defaults;
	field_names_default(&defaults);
	for (int i = 0; i < F_COUNT; i++) {
		const char *name = fields->name[i];
		if (name && !(defaults.name[i] && fields->len[i] == defaults.len[i] &&
			      memcmp(name, defaults.name[i], defaults.len[i]) == 0))
			fprintf(f, " --%s=%.*s", options[i], (int)fields->len[i], name);
	}
	if (fields->types_sep != defaults.types_sep)
		fprintf(f, " --types-sep=%c", fields->types_sep);
}

/* The options that change a figure or what is shown, as written on a
 * command line. */
static void describe_settings(FILE *f, const segprof_opts *o)
{
	static const char *const langs[] = {"en", "es", "pt"};
	static const char *const ops[] = {"mean", "median", "sum"};
	fprintf(f, "--top=%u --lang=%s", o->top, langs[o->lang]);
	if (o->rank == RANK_LIFT)
		fprintf(f, " --rank=lift --min-support=%" PRIu64, o->min_support);
	if (o->scores)
		fputs(" --scores", f);
	if (o->index)
		fputs(" --index", f);
	if (o->skip_unlabeled)
		fputs(" --unlabeled=skip", f);
	if (o->skip_bad_rows)
		fputs(" --bad-rows=skip", f);
	describe_fields(f, &o->fields);
	for (unsigned k = 0; k < 3; k++)
		for (size_t i = 0; i < o->extras.n; i++)
			if (o->extras.ops[i] & (1u << k))
				fprintf(f, " --%s=%.*s", ops[k], (int)o->extras.len[i], o->extras.name[i]);
	if (o->extras.skip_missing)
		fputs(" --missing=skip", f);
	if (o->names_path)
		fprintf(f, " --names=%s", o->names_path);
	if (o->sort.field)
		fprintf(f, " --sort=%s%.*s", o->sort.desc ? "-" : "", (int)o->sort.len, o->sort.field);
	if (o->min_size)
		fprintf(f, " --min-size=%" PRIu64, o->min_size);
}

/* A text made by describe(), malloc'd; NULL when out of memory. */
static char *describe(void (*fn)(FILE *, const segprof_opts *), const segprof_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fn(f, o);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static sp_status render(const segprof_opts *o, const profile_list *pl, char **buf, size_t *len)
{
	card_options co = {o->currency, o->locale_numbers, o->lang, NULL, NULL};
	sp_status st = SP_OSERR;
	FILE *mem = NULL;
	if (o->format == FMT_HTML) {
		co.inputs = describe(describe_inputs, o);
		co.settings = describe(describe_settings, o);
		if (!co.inputs || !co.settings)
			goto out;
	}
	if (!(mem = open_memstream(buf, len)))
		goto out;
	bool bad = !write_profiles(mem, pl, o->format, o->compact, &co);
	bad |= ferror(mem) != 0;
	if (fclose(mem) != 0 || bad) {
		free(*buf);
		*buf = NULL;
		goto out;
	}
	st = SP_OK;
out:
	free((char *)co.inputs);
	free((char *)co.settings);
	return st;
}

static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* Keep the first status that matters: a fatal one over a data error. */
static sp_status worse(sp_status a, sp_status b)
{
	if (a == SP_OK || (!status_is_fatal(a) && status_is_fatal(b)))
		return b;
	return a;
}

static bool is_stdin_path(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

/* The labels file read on a thread of its own, beside the customers. */
typedef struct labels_reader {
	source src;
	in_format format;
	const field_names *fields;
	collector *col;
	pipeline *pl;
	diag d;             /* its messages, merged into the run's when joined */
	sp_status st;
	pthread_t thread;
} labels_reader;

/* Labels read: the customers join from now on (or the run stops). */
static void labels_finished(collector *col, pipeline *pl, sp_status st)
{
	col->labels_broken = st != SP_OK;
	if (status_is_fatal(st)) {
		pipeline_fail(pl, st);
		collector_labels_failed(col);
	} else {
		collector_labels_complete(col);
	}
}

static void *labels_reader_main(void *arg)
{
	labels_reader *r = arg;
	r->st = labels_file_read(&r->src, r->format, r->fields, r->col, &r->d);
	labels_finished(r->col, r->pl, r->st);
	return NULL;
}

/* With several jobs, the labels file is read on its own thread while the
 * workers parse customers: those parsed before the labels are complete wait
 * in the compact pending lists and join as soon as they are (see
 * collect_worker_batch_start).  Messages are sorted by input position, so
 * they do not depend on which came first.  false: the thread could not be
 * started (nothing is open then). */
static bool read_split_beside(const segprof_opts *o, collector *col, pipeline *pl, diag *d,
			      sp_status *out)
{
	labels_reader r = {.format = o->labels_format, .fields = &o->fields, .col = col, .pl = pl};
	source cust;
	diag scratch;
	diag_init(&scratch);
	/* Open both first; anything unusual takes the sequential path, which
	 * reports it as always.  Standard input (one of the two at most) is
	 * opened last: opening reads its first bytes (and a decoder more),
	 * which the sequential path could not read again. */
	bool labels_first = !is_stdin_path(o->labels_path);
	source *first = labels_first ? &r.src : &cust, *second = labels_first ? &cust : &r.src;
	bool ok = source_open(first, labels_first ? o->labels_path : o->customers_path,
			      &scratch) == SP_OK;
	if (ok && source_open(second, labels_first ? o->customers_path : o->labels_path,
			      &scratch) != SP_OK) {
		source_close(first);
		ok = false;
	}
	diag_fini(&scratch);
	if (!ok)
		return false;
	diag_init(&r.d);
	col->d = &r.d; /* the labels' messages, while the thread runs */
	col->labels_beside = true;
	if (pthread_create(&r.thread, NULL, labels_reader_main, &r) != 0) {
		col->d = d;
		col->labels_beside = false;
		diag_fini(&r.d);
		source_close(&cust);
		source_close(&r.src);
		return false;
	}
	source_progress(&cust, o->progress);
	sp_status st = customers_file_read(&cust, o->customers_format, &o->fields, &o->extras, col, pl, d);
	/* Drain before the source (whose name the workers use) goes away. */
	st = worse(st, pipeline_drain(pl));
	pthread_join(r.thread, NULL);
	col->d = d;
	diag_merge(d, &r.d);
	diag_fini(&r.d);
	source_close(&r.src);
	if (status_is_fatal(r.st)) {
		st = r.st;
	} else {
		/* the customers that came before the labels */
		sp_status st2 = pipeline_labels_done(pl);
		st = status_is_fatal(st2) ? st2 : worse(r.st, st);
	}
	source_close(&cust);
	*out = st;
	return true;
}

/* The customers alone: they carry their cluster (--cluster-field). */
static sp_status read_table(const segprof_opts *o, collector *col, pipeline *pl, diag *d)
{
	source src;
	sp_status st = source_open(&src, o->customers_path, d);
	if (st)
		return st;
	/* about a customer per line: room for their ids at once (for a
	 * --shard run, its share) */
	if (src.total &&
	    !collector_rows_reserve(col, shard_share(&col->shard, source_records_estimate(&src, 0, '\n')))) {
		source_close(&src);
		return SP_OSERR;
	}
	source_progress(&src, o->progress);
	st = customers_file_read(&src, o->customers_format, &o->fields, &o->extras, col, pl, d);
	/* Drain before the source (whose name the workers use) goes away. */
	st = worse(st, pipeline_drain(pl));
	source_close(&src);
	return st;
}

/* Labels first, then the customers stream through the join. */
static sp_status read_split(const segprof_opts *o, collector *col, pipeline *pl, diag *d)
{
	sp_status st;
	if (pipeline_jobs(pl) > 1 && read_split_beside(o, col, pl, d, &st))
		return st;
	source src;
	if ((st = source_open(&src, o->labels_path, d)))
		return st;
	source_progress(&src, o->progress);
	st = labels_file_read(&src, o->labels_format, &o->fields, col, d);
	source_close(&src);
	labels_finished(col, pl, st);
	if (status_is_fatal(st))
		return st;
	sp_status st2;
	if ((st2 = source_open(&src, o->customers_path, d)))
		return worse(st, st2);
	source_progress(&src, o->progress);
	st2 = customers_file_read(&src, o->customers_format, &o->fields, &o->extras, col, pl, d);
	/* Drain before the source (whose name the workers use) goes away. */
	st2 = worse(st2, pipeline_drain(pl));
	source_close(&src);
	return worse(st, st2);
}

static sp_status read_request(const segprof_opts *o, collector *col, pipeline *pl, diag *d,
			      bool may_read_ahead)
{
	source src;
	read_ahead ahead;
	sp_status st = source_open(&src, o->input, d);
	if (st)
		return st;
	if ((st = shape_check(&src, false, d))) {
		source_close(&src);
		return st;
	}
	/* SEGPROF_READ_AHEAD (see the man page): "0" never; for the tests,
	 * which must know which way a run went, "first" reads the labels ahead
	 * before the customers, and "trace" also prints the verdict. */
	const char *mode = getenv("SEGPROF_READ_AHEAD");
	bool trace = mode && strcmp(mode, "trace") == 0;
	bool first = trace || (mode && strcmp(mode, "first") == 0);
	/* With one job the labels are read ahead first, before the customers
	 * (no thread to read them beside): the customers then join at once
	 * instead of waiting in the pending lists.  Only when "customers" is
	 * the first member, so that a document with its labels first is not
	 * searched for them from the end in vain. */
	bool one_job = pipeline_jobs(pl) == 1;
	bool reading_ahead = may_read_ahead && !(mode && strcmp(mode, "0") == 0) &&
			     (!one_job || request_customers_first(&src)) &&
			     read_ahead_start(&ahead, o->input, &src, col, d);
	if (reading_ahead && (first || one_job))
		read_ahead_join(&ahead, false);
	source_progress(&src, o->progress);
	st = request_read(&src, col, pl, d, false, reading_ahead ? &ahead.pub : NULL);
	if (reading_ahead) {
		read_ahead_join(&ahead, true);
		if (ahead.ok && !ahead.taken)
			st = SP_RETRY; /* used, never confirmed */
		if (trace)
			fprintf(stderr, "segprof: labels read ahead: %s\n",
				ahead.taken ? "taken" : ahead.ok ? "retry" : "unused");
	}
	/* Drain before the source (whose name the workers use) goes away. */
	st = worse(st, pipeline_drain(pl));
	source_close(&src);
	return st;
}

/* Write the partial state of acc (--partial) into memory. */
static sp_status render_partial(const agg *acc, const cluster_id *ids, shard_spec shard,
				char **buf, size_t *len)
{
	shard_set set = {shard.count, shard.count ? calloc(shard.count, 1) : NULL};
	if (shard.count && !set.have)
		return SP_OSERR;
	if (shard.count)
		set.have[shard.index] = 1;
	FILE *mem = open_memstream(buf, len);
	bool bad = !mem || !partial_write(mem, acc, ids, shard.count ? &set : NULL);
	free(set.have);
	if (!mem)
		return SP_OSERR;
	bad |= ferror(mem) != 0;
	if (fclose(mem) != 0 || bad) {
		free(*buf);
		*buf = NULL;
		return SP_OSERR;
	}
	return SP_OK;
}

/* What is shown of the profiles: names, the privacy guard, the order.
 * Names first, so that a name of a withheld cluster is not taken for a name
 * of no cluster. */
static sp_status present(const segprof_opts *o, cluster_names *names, profile_list *pl, diag *d)
{
	sp_status st;
	if (o->names_path) {
		if ((st = names_apply(names, pl)))
			return st;
		names_warn_unused(names, d);
	}
	if (o->min_size) {
		profiles_withhold(pl, o->min_size);
		if (pl->withheld)
			diag_warning(d, NULL, "%zu cluster%s withheld: fewer than %" PRIu64
				     " customers (--min-size)", pl->withheld,
				     pl->withheld == 1 ? "" : "s", o->min_size);
	}
	return profiles_sort(pl, &o->sort, d);
}

/* segprof merge --partial: the merged state, as a partial, into memory. */
static sp_status render_merged_partial(merge_state *m, char **buf, size_t *len)
{
	FILE *mem = open_memstream(buf, len);
	if (!mem)
		return SP_OSERR;
	bool bad = !partial_merge_write(mem, m);
	bad |= ferror(mem) != 0;
	if (fclose(mem) != 0 || bad) {
		free(*buf);
		*buf = NULL;
		return SP_OSERR;
	}
	return SP_OK;
}

/* segprof merge: partials -> profiles (or one partial). */
static sp_status compute_merge(const segprof_opts *o, cluster_names *names, diag *d, char **text,
			       size_t *text_len)
{
	merge_state m;
	profile_list profiles = {0};
	profile_opts po = profile_options(o);
	*text = NULL;
	*text_len = 0;
	merge_state_init(&m);
	sp_status st = partial_merge(&m, o->merge_inputs, o->n_merge, d);
	/* a merge into a partial is a step of a tree: its shards are checked
	 * at the last step */
	if (!st && !o->partial)
		st = partial_merge_check(&m, o->allow_missing_shards, d);
	if (!st && o->partial)
		st = render_merged_partial(&m, text, text_len);
	else if (!st)
		st = profiles_build(&m.acc, m.clusters.cluster_ids, &po, &profiles);
	if (!st && !o->partial)
		st = present(o, names, &profiles, d);
	if (!st && !o->partial)
		st = render(o, &profiles, text, text_len);
	if (st == SP_OSERR)
		diag_error(d, SP_OSERR, 0, NULL, 0, 0, NULL, "out of memory");
	profiles_free(&profiles);
	merge_state_fini(&m);
	return st;
}

/* Whether path names a regular file, which a second run reads again as
 * the first did (not standard input, not a pipe). */
static bool rereadable(const char *path)
{
	struct stat st;
	return path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether every input is a regular file, to be read again by a second run. */
static bool inputs_rereadable(const segprof_opts *o)
{
	if (o->customers_path)
		return rereadable(o->customers_path) && (!o->labels_path || rereadable(o->labels_path));
	return rereadable(o->input);
}

/* Whether the customers of a JSON array may be framed by their lines
 * (customers_array_read): a wrong guess makes the run start again, so every
 * input must be there to read again.  Not with --shard, whose customers of
 * other shards are passed over unparsed (nothing would confirm the guess);
 * SEGPROF_ARRAY_VALUES=1 (for tests) frames them value by value. */
static bool may_guess_lines(const segprof_opts *o)
{
	const char *env = getenv("SEGPROF_ARRAY_VALUES");
	if ((env && strcmp(env, "1") == 0) || o->shard.count > 1)
		return false;
	return inputs_rereadable(o);
}

/* The bytes of a chunk of customers (NDJSON lines, CSV/TSV records) read
 * by a worker; the fuzzing build makes them few. */
#ifndef SEGPROF_FILE_CHUNK
#define SEGPROF_FILE_CHUNK (1 << 20)
#endif

/* The size of the chunks in which the workers may read customers
 * themselves (pipeline_file_lines), 0: not at all.  Their ords are then not
 * line numbers, so not with --partial, which writes ords, nor with
 * --bad-rows=skip, whose warning names lines.  SEGPROF_CHUNKS (for tests
 * and benchmarks): 0 never, a number the size. */
static size_t chunk_bytes(const segprof_opts *o)
{
	const char *env = getenv("SEGPROF_CHUNKS");
	size_t bytes = SEGPROF_FILE_CHUNK;
	if (env) {
		char *end;
		unsigned long long n = strtoull(env, &end, 10);
		bytes = *env && !*end && n < SIZE_MAX ? (size_t)n : SEGPROF_FILE_CHUNK;
	}
	if (!bytes || o->partial || o->skip_bad_rows || !inputs_rereadable(o))
		return 0;
	return bytes;
}

/* A run whose customers were read in chunks and that has an error to tell
 * (or failed) is done again from the start, which names the lines. */
static sp_status chunks_verdict(const collector *col, const diag *d, sp_status st)
{
	if (col->chunks_read && (st != SP_OK || diag_has_errors(d)))
		return SP_RETRY;
	return st;
}

/* One run over the input; SP_RETRY: do it again with first_try false (no
 * labels read ahead, no customers framed by lines or read in chunks). */
static sp_status compute_profiles(const segprof_opts *o, cluster_names *names, diag *d,
				  bool first_try, char **text, size_t *text_len)
{
	sp_status st;
	collector col;
	pipeline *pl = NULL;
	agg acc;
	profile_list profiles = {0};
	profile_opts po = profile_options(o);
	bool finished = false;

	*text = NULL;
	*text_len = 0;
	collector_init(&col, d, o->skip_unlabeled);
	col.quiet_absent = o->partial;
	col.shard = o->shard;
	if (o->fields.cluster_in_row)
		collector_clusters_in_rows(&col, o->fields.name[F_CLUSTER]);
	col.skip_bad_rows = o->skip_bad_rows;
	col.guess_lines = first_try && may_guess_lines(o);
	col.chunk_bytes = first_try ? chunk_bytes(o) : 0;
	if (first_try && inputs_rereadable(o))
		collector_narrow_claims(&col);
	agg_init(&acc, &o->extras);
	if ((st = pipeline_new(&pl, &col, o->jobs ? o->jobs : default_jobs(), &o->extras,
			       &o->fields)))
		goto out;
	if (o->customers_path && !o->labels_path)
		st = read_table(o, &col, pl, d);
	else if (o->customers_path)
		st = read_split(o, &col, pl, d);
	else
		st = read_request(o, &col, pl, d, first_try && !o->fields.cluster_in_row);
	if (status_is_fatal(st) || st == SP_NOINPUT) {
		st = chunks_verdict(&col, d, st);
		goto out;
	}
	finished = true;
	st = chunks_verdict(&col, d, worse(st, pipeline_finish(pl, &acc)));
	if (st == SP_OK && col.cluster_in_row && !collector_rows_canonical(&col, &acc))
		st = SP_OSERR;
	if (st == SP_OK && diag_has_errors(d))
		st = d->worst;
	if (st)
		goto out;
	if (o->partial) {
		st = render_partial(&acc, col.labels.cluster_ids, o->shard, text, text_len);
		goto out;
	}
	if ((st = profiles_build(&acc, col.labels.cluster_ids, &po, &profiles)))
		goto out;
	if ((st = present(o, names, &profiles, d)))
		goto out;
	st = render(o, &profiles, text, text_len);
out:
	if (pl && !finished)
		pipeline_finish(pl, &acc); /* the workers' messages, in order */
	/* SEGPROF_TRACE=1 (for tests, which must know which way a run went) */
	const char *trace = getenv("SEGPROF_TRACE");
	if (trace && strcmp(trace, "1") == 0)
		fprintf(stderr, "segprof: trace: customers %s%s\n",
			col.chunks_read ? "read in chunks" : "read in order",
			st == SP_RETRY ? ", read again" : "");
	/* first among the messages: the others may be its consequences */
	if (st == SP_OSERR)
		diag_error(d, SP_OSERR, 0, NULL, 0, 0, NULL, "out of memory");
	profiles_free(&profiles);
	pipeline_free(pl);
	agg_fini(&acc);
	collector_fini(&col);
	return st;
}

sp_status segprof_compute(const segprof_opts *o, diag *d, char **text, size_t *text_len)
{
	cluster_names names;
	names_init(&names);
	*text = NULL;
	*text_len = 0;
	/* The names file before the input: a bad one fails at once. */
	sp_status st = o->names_path ? names_read(&names, o->names_path, d) : SP_OK;
	if (st)
		goto out;
	if (o->merge) {
		st = compute_merge(o, &names, d, text, text_len);
		goto out;
	}
	/* Each attempt's messages apart: a retried one's are dropped. */
	diag attempt;
	diag_init(&attempt);
	st = compute_profiles(o, &names, &attempt, true, text, text_len);
	if (st == SP_RETRY) {
		diag_fini(&attempt);
		diag_init(&attempt);
		for (size_t i = 0; i < names.n; i++)
			names.e[i].used = false;
		st = compute_profiles(o, &names, &attempt, false, text, text_len);
	}
	diag_merge(d, &attempt);
out:
	names_fini(&names);
	return st;
}

sp_status segprof_run(const segprof_opts *o, diag *d)
{
	output out;
	char *text = NULL;
	size_t len = 0;
	sp_status st = output_open(&out, o->output, d);
	if (st)
		return st;
	st = segprof_compute(o, d, &text, &len);
	if (st == SP_OK)
		st = output_commit(&out, text, len, d);
	else
		output_abort(&out);
	free(text);
	return st;
}
