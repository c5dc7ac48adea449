/* SPDX-License-Identifier: MIT */
/* pipeline: batches, a bounded queue, worker threads. */
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytescan.h"
#include "csvcust.h"
#include "customer.h"
#include "filechunk.h"
#include "grow.h"
#include "jpos.h"
#include "number.h"

/* Batch sizes; the fuzzing build makes them tiny (as SEGPROF_CHUNK). */
#ifndef SEGPROF_BATCH_BYTES
#define SEGPROF_BATCH_BYTES (1 << 20)
#endif
#ifndef SEGPROF_BATCH_SPANS
#define SEGPROF_BATCH_SPANS 8192
#endif
enum {
	BATCH_BYTES = SEGPROF_BATCH_BYTES,
	BATCH_SPANS = SEGPROF_BATCH_SPANS,
	QUEUE_PER_WORKER = 2,
	/* NDJSON lines are framed by the worker this many at a time, into
	 * spans on its stack (for the prefetching, which looks ahead) */
	LINES_AT_ONCE = 256,
};

typedef struct span {
	uint64_t ord, key;
	size_t off, len;
	long line, col;
	bool lines; /* NDJSON lines from pipeline_lines: ord their first line,
		       key the key base */
	bool guessed; /* pipeline_guessed_customer's */
} span;

typedef struct batch {
	char *text;
	size_t len, cap;
	span *spans;
	size_t n, spans_cap;
} batch;

typedef struct worker {
	pipeline *p;
	collect_worker cw;
	customer_parser cp;
	diag rejected;      /* --bad-rows=skip: the messages about one record */
	pthread_t thread;
	sp_status status;   /* first fatal status */
	enum { TASK_BATCHES, TASK_RESOLVE, TASK_CHUNKS } task;
} worker;

struct pipeline {
	collector *c;
	customer_source src;
	unsigned n;
	worker *w;
	batch *current;
	/* the queue, and the batches free for reuse */
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	batch **queue;
	size_t q_cap, q_head, q_len;
	batch **spare;
	size_t n_spare;
	bool closed, running;
	uint64_t handed;    /* customers handed so far */
	int failed;         /* a worker hit a fatal status (atomic) */
	int fail_status;    /* pipeline_fail's status (atomic), 0 if none */
	/* TASK_CHUNKS: the file whose chunks the workers read, the key base
	 * of its lines, and how many workers are through (under lock) */
	file_chunks *chunks;
	uint64_t chunks_key_base;
	unsigned chunks_through;
	pthread_cond_t through;
};

static void stop(pipeline *p);

static void batch_free(batch *b)
{
	if (!b)
		return;
	free(b->text);
	free(b->spans);
	free(b);
}

sp_status pipeline_new(pipeline **out, collector *c, unsigned jobs, const extra_spec *extras,
		       const field_names *fields)
{
	pipeline *p = calloc(1, sizeof *p);
	if (!p)
		return SP_OSERR;
	p->c = c;
	p->n = jobs ? jobs : 1;
	c->n_workers = p->n;
	p->w = calloc(p->n, sizeof *p->w);
	p->q_cap = (size_t)p->n * QUEUE_PER_WORKER;
	p->queue = calloc(p->q_cap, sizeof *p->queue);
	p->spare = calloc(p->q_cap + p->n + 2, sizeof *p->spare);
	if (!p->w || !p->queue || !p->spare) {
		free(p->w);
		free(p->queue);
		free(p->spare);
		free(p);
		return SP_OSERR;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->not_empty, NULL);
	pthread_cond_init(&p->not_full, NULL);
	pthread_cond_init(&p->through, NULL);
	for (unsigned i = 0; i < p->n; i++) {
		p->w[i].p = p;
		collect_worker_init(&p->w[i].cw, extras);
		p->w[i].cw.index = i;
		diag_init(&p->w[i].rejected);
		/* with --bad-rows=skip a bad record's messages go aside, to
		 * name it in the warning */
		customer_parser_init(&p->w[i].cp, &p->w[i].cw.acc.slugs,
				     c->skip_bad_rows ? &p->w[i].rejected : &p->w[i].cw.d, extras,
				     fields);
	}
	*out = p;
	return SP_OK;
}

void pipeline_free(pipeline *p)
{
	if (!p)
		return;
	stop(p);
	for (unsigned i = 0; i < p->n; i++) {
		customer_parser_fini(&p->w[i].cp);
		collect_worker_fini(&p->w[i].cw);
		diag_fini(&p->w[i].rejected);
	}
	batch_free(p->current);
	for (size_t i = 0; i < p->n_spare; i++)
		batch_free(p->spare[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->not_empty);
	pthread_cond_destroy(&p->through);
	pthread_cond_destroy(&p->not_full);
	free(p->queue);
	free(p->spare);
	free(p->w);
	free(p);
}

void pipeline_set_source(pipeline *p, customer_source src)
{
	p->src = src;
}

/* Whether a bad record may be left out: not a CSV record over several
 * lines, whose bounds a stray quote may have set (it could hold many
 * records: segprof(1), --bad-rows). */
static bool skippable(const pipeline *p, const char *text, size_t len)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (!p->src.csv)
		return true;
	if (memchr(text, '\n', len))
		return false;
	/* An odd number of quotes: a quoted field never closed, which ran to
	 * the end of the input (on the last line) and could hold records too. */
	size_t quotes = 0;
	for (const char *q = text; !p->src.csv->tsv && (q = memchr(q, '"', len - (size_t)(q - text)));
	     q++)
		quotes++;
	return quotes % 2 == 0;
}

/* --bad-rows=skip: the record whose messages are in w->rejected is left
 * out; noted for the warning. */
static sp_status skip_record(worker *w, const span *sp)
{
	diag_entry unnamed = {.ord = sp->key};
	bool ok = bad_rows_note(&w->cw.bad, w->rejected.n_kept ? &w->rejected.errors[0] : &unnamed);
	ok &= !w->rejected.oom;
	diag_fini(&w->rejected);
	diag_init(&w->rejected);
	return ok ? SP_OK : SP_OSERR;
}

/* --shard: whether a table record plainly belongs to another shard than
 * sh's: its id is its first cell, unquoted printable ASCII without a blank,
 * quote or backslash, hashed as the full parse reads it (an integral real
 * as its integer). */
static bool csv_other_shard(const shard_spec *sh, const csv_layout *l, const char *p, size_t n)
{
	if (sh->count <= 1 || l->col[F_ID] != 0)
		return false;
	const unsigned char *u = (const unsigned char *)p;
	unsigned char sep = l->tsv ? '\t' : ',';
	size_t i = 0;
	for (; i < n && u[i] != sep; i++)
		if (u[i] <= 0x20 || u[i] >= 0x7f || u[i] == '"' || u[i] == '\\')
			return false;
	if (i == 0 || i == n)
		return false;
	char text[24];
	size_t len;
	if (num_integral_text(p, i, text, &len))
		return !shard_keeps(sh, text, len);
	return !shard_keeps(sh, p, i);
}

/* One customer, parsed and handed to the join (which may wait in the
 * worker's join queue: collector_customer_queued). */
static sp_status process(worker *w, const char *text, const span *sp)
{
	pipeline *p = w->p;
	/* --shard: a customer of another shard is passed over unparsed when its
	 * id is plain to see; the run of its own shard checks it (a duplicate
	 * "id" member is an error there, so no customer is lost). */
	if (p->src.csv ? csv_other_shard(&p->c->shard, p->src.csv, text + sp->off, sp->len)
		       : shard_passes_over(&p->c->shard, text + sp->off, sp->len))
		return SP_OK;
	customer_loc loc = {
		.file = p->src.file,
		.pointer = p->src.pointer,
		.indexed = p->src.indexed,
		.index = sp->ord,
		.line = sp->line,
		.col = p->src.indexed ? sp->col : 0, /* NDJSON: the line only */
		.key = sp->key,
	};
	customer_rec rec;
	syntax_error se;
	sp_status st = p->src.csv ? csv_customer_parse(&w->cp, p->src.csv, text + sp->off, sp->len,
						       &loc, &rec, &se)
				  : customer_parse(&w->cp, text + sp->off, sp->len, &loc, &rec, &se);
	/* A parse (fast or jansson's) that reads the text as one value
	 * confirms a guessed span; a syntax error may mean a wrong guess. */
	if (sp->guessed && st == SP_DATAERR && se.message[0] &&
	    !jscan_frames_exactly(text + sp->off, sp->len))
		return SP_RETRY;
	if (st == SP_OK) {
		rec.ord = sp->ord;
		return collector_customer_queued(p->c, &w->cw, &rec);
	}
	diag *d = p->c->skip_bad_rows ? &w->rejected : &w->cw.d;
	if (se.message[0]) {
		long line = sp->line, col = sp->col;
		jpos_advance(text + sp->off, se.offset, &line, &col);
		diag_error(d, SP_DATAERR, sp->key, p->src.file, line, col, NULL, "%s", se.message);
	}
	if (st != SP_DATAERR || !p->c->skip_bad_rows)
		return st;
	if (!skippable(p, text + sp->off, sp->len)) {
		diag_merge(&w->cw.d, &w->rejected); /* an error after all */
		return st;
	}
	return skip_record(w, sp);
}

/* Note a worker's fatal status; false. */
static bool worker_failed(worker *w, sp_status st)
{
	if (!w->status)
		w->status = st;
	__atomic_store_n(&w->p->failed, 1, __ATOMIC_RELAXED);
	return false;
}

/* The customers spans[0..n) of text; false on a fatal status.  Their joins
 * wait in the join queue for a few customers, and all are done here. */
static bool process_spans(worker *w, const char *text, const span *spans, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sp_status st = process(w, text, &spans[i]);
		if (status_is_fatal(st))
			return worker_failed(w, st);
	}
	sp_status st = collector_customers_flush(w->p->c, &w->cw);
	return status_is_fatal(st) ? worker_failed(w, st) : true;
}

/* A line of nothing but white space (NDJSON allows them anywhere). */
static bool blank_line(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/* The NDJSON lines [text, text + len), the first numbered line (see
 * pipeline_lines); their count, framed here, LINES_AT_ONCE at a time. */
static uint64_t process_lines(worker *w, const char *text, size_t len, uint64_t line,
			      uint64_t key_base)
{
	span spans[LINES_AT_ONCE];
	const char *p = text, *end = text + len;
	uint64_t first = line;
	while (p < end) {
		size_t n = 0;
		for (; p < end && n < LINES_AT_ONCE; line++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (!blank_line(p, l))
				spans[n++] = (span){line, key_base + line, (size_t)(p - text), l,
						    (long)line, 1, false, false};
			p += l + (nl != NULL);
		}
		if (!process_spans(w, text, spans, n))
			break;
	}
	return line - first;
}

static void process_batch(worker *w, const batch *b)
{
	sp_status st0 = collect_worker_batch_start(w->p->c, &w->cw);
	if (st0) {
		worker_failed(w, st0);
		return;
	}
	for (size_t i = 0, run; i < b->n; i += run) {
		if (b->spans[i].lines) {
			const span *sp = &b->spans[i];
			process_lines(w, b->text + sp->off, sp->len, sp->ord, sp->key);
			run = 1;
		} else {
			for (run = 1; i + run < b->n && !b->spans[i + run].lines; run++)
				;
			process_spans(w, b->text, b->spans + i, run);
		}
		if (w->status)
			return;
	}
	sp_status st = collect_worker_batch_end(w->p->c, &w->cw);
	if (st)
		worker_failed(w, st);
}

/* TASK_CHUNKS: chunks of the file, taken in turn, until none is left. */
static void process_chunks(worker *w)
{
	pipeline *p = w->p;
	char *buf = NULL;
	size_t cap = 0;
	uint64_t k;
	while (!__atomic_load_n(&p->failed, __ATOMIC_RELAXED) && file_chunks_take(p->chunks, &k)) {
		const char *text;
		size_t len;
		sp_status st = collect_worker_batch_start(p->c, &w->cw);
		if (!st)
			st = file_chunk_read(p->chunks, k, &buf, &cap, &text, &len);
		if (st) {
			worker_failed(w, st);
			break;
		}
		process_lines(w, text, len, file_chunk_first_ord(k), p->chunks_key_base);
		if (w->status)
			break;
		if ((st = collect_worker_batch_end(p->c, &w->cw))) {
			worker_failed(w, st);
			break;
		}
	}
	free(buf);
	pthread_mutex_lock(&p->lock);
	p->chunks_through++;
	pthread_cond_signal(&p->through);
	pthread_mutex_unlock(&p->lock);
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	pipeline *p = w->p;
	if (w->task == TASK_CHUNKS) {
		process_chunks(w);
		return NULL;
	}
	if (w->task == TASK_RESOLVE) {
		sp_status st = collect_worker_resolve(p->c, &w->cw);
		if (status_is_fatal(st) && !w->status)
			w->status = st;
		return NULL;
	}
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->q_len == 0 && !p->closed)
			pthread_cond_wait(&p->not_empty, &p->lock);
		if (p->q_len == 0)
			break;
		batch *b = p->queue[p->q_head];
		p->q_head = (p->q_head + 1) % p->q_cap;
		p->q_len--;
		pthread_cond_signal(&p->not_full);
		pthread_mutex_unlock(&p->lock);
		if (!__atomic_load_n(&p->failed, __ATOMIC_RELAXED))
			process_batch(w, b);
		b->len = b->n = 0;
		pthread_mutex_lock(&p->lock);
		p->spare[p->n_spare++] = b;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static sp_status start(pipeline *p, int task)
{
	p->closed = false;
	for (unsigned i = 0; i < p->n; i++) {
		p->w[i].task = task;
		if (pthread_create(&p->w[i].thread, NULL, worker_main, &p->w[i]) != 0) {
			/* stop the ones started */
			pthread_mutex_lock(&p->lock);
			p->closed = true;
			pthread_cond_broadcast(&p->not_empty);
			pthread_mutex_unlock(&p->lock);
			for (unsigned k = 0; k < i; k++)
				pthread_join(p->w[k].thread, NULL);
			return SP_OSERR;
		}
	}
	p->running = true;
	return SP_OK;
}

static void stop(pipeline *p)
{
	if (!p->running)
		return;
	pthread_mutex_lock(&p->lock);
	p->closed = true;
	pthread_cond_broadcast(&p->not_empty);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->n; i++)
		pthread_join(p->w[i].thread, NULL);
	p->running = false;
}

static batch *new_batch(pipeline *p)
{
	batch *b = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->n_spare)
		b = p->spare[--p->n_spare];
	pthread_mutex_unlock(&p->lock);
	if (b)
		return b;
	b = calloc(1, sizeof *b);
	return b;
}

/* Hand the current batch to the workers (or process it inline). */
static sp_status submit(pipeline *p)
{
	batch *b = p->current;
	if (!b || b->n == 0)
		return SP_OK;
	p->current = NULL;
	if (p->n == 1) {
		process_batch(&p->w[0], b);
		b->len = b->n = 0;
		p->current = b;
		return p->w[0].status;
	}
	if (!p->running) {
		sp_status st = start(p, TASK_BATCHES);
		if (st) {
			batch_free(b);
			return st;
		}
	}
	pthread_mutex_lock(&p->lock);
	while (p->q_len == p->q_cap)
		pthread_cond_wait(&p->not_full, &p->lock);
	p->queue[(p->q_head + p->q_len) % p->q_cap] = b;
	p->q_len++;
	pthread_cond_signal(&p->not_empty);
	pthread_mutex_unlock(&p->lock);
	return SP_OK;
}

/* The current batch, with room for len more bytes of text and n more
 * spans; NULL when out of memory. */
static batch *batch_room(pipeline *p, size_t len, size_t n)
{
	batch *b = p->current;
	if (!b) {
		b = p->current = new_batch(p);
		if (!b)
			return NULL;
	}
	if (!grow_room(&b->text, &b->cap, b->len + len, 1, BATCH_BYTES) ||
	    !grow_room(&b->spans, &b->spans_cap, b->n + n, sizeof *b->spans, 1024))
		return NULL;
	return b;
}

sp_status pipeline_customer(pipeline *p, const char *text, size_t len, uint64_t ord,
			    uint64_t key, long line, long col)
{
	if (__atomic_load_n(&p->failed, __ATOMIC_RELAXED))
		return pipeline_drain(p);
	batch *b = batch_room(p, len, 1);
	if (!b)
		return SP_OSERR;
	p->handed++;
	memcpy(b->text + b->len, text, len);
	b->spans[b->n++] = (span){ord, key, b->len, len, line, col, false, false};
	b->len += len;
	if (b->len >= BATCH_BYTES || b->n >= BATCH_SPANS)
		return submit(p);
	return SP_OK;
}

/* With one job, customers read in place from the window: first the batch
 * handed before them, then the start of the worker's batch. */
static sp_status inline_begin(pipeline *p)
{
	worker *w = &p->w[0];
	sp_status st = submit(p);
	if (st)
		return st;
	if ((st = collect_worker_batch_start(p->c, &w->cw)))
		worker_failed(w, st);
	return st;
}

/* pipeline_guessed with one job: the batch handed before first, then these
 * customers, read in place. */
static sp_status guessed_inline(pipeline *p, const char *text, const span *spans, size_t n)
{
	worker *w = &p->w[0];
	sp_status st = inline_begin(p);
	if (st)
		return st;
	if (process_spans(w, text, spans, n) && (st = collect_worker_batch_end(p->c, &w->cw)))
		worker_failed(w, st);
	return w->status;
}

/* Guess i of pipeline_guessed as a span, its text at offset off + (its
 * start - text_start). */
static span guessed_span(const jscan_guess *g, size_t i, uint64_t text_start, size_t off,
			 uint64_t first_ord, uint64_t first_key)
{
	return (span){first_ord + i, first_key + i, off + (size_t)(g[i].start - text_start), g[i].len,
		      g[i].line, g[i].col, false, true};
}

sp_status pipeline_guessed(pipeline *p, const char *text, uint64_t text_start, const jscan_guess *g,
			   size_t n, uint64_t first_ord, uint64_t first_key)
{
	enum { AT_ONCE = 256 };
	if (__atomic_load_n(&p->failed, __ATOMIC_RELAXED))
		return pipeline_drain(p);
	if (n == 0)
		return SP_OK;
	p->handed += n;
	if (p->n == 1) {
		span spans[AT_ONCE];
		sp_status st = SP_OK;
		for (size_t at = 0; at < n && !st; at += AT_ONCE) {
			size_t m = n - at < AT_ONCE ? n - at : AT_ONCE;
			for (size_t i = 0; i < m; i++)
				spans[i] = guessed_span(g, at + i, text_start, 0, first_ord, first_key);
			st = guessed_inline(p, text, spans, m);
		}
		return st;
	}
	/* the text of all at once, as one piece */
	size_t len = (size_t)(g[n - 1].start - text_start) + g[n - 1].len;
	batch *b = batch_room(p, len, n);
	if (!b)
		return SP_OSERR;
	memcpy(b->text + b->len, text, len);
	for (size_t i = 0; i < n; i++)
		b->spans[b->n++] = guessed_span(g, i, text_start, b->len, first_ord, first_key);
	b->len += len;
	if (b->len >= BATCH_BYTES || b->n >= BATCH_SPANS)
		return submit(p);
	return SP_OK;
}

/* The first piece of the lines [text, text + len) for a batch with room
 * bytes left: the whole lines that fit, else the first line. */
static size_t lines_piece(const char *text, size_t len, size_t room)
{
	if (len <= room)
		return len;
	const char *nl = room ? memrchr(text, '\n', room) : NULL;
	if (!nl)
		nl = memchr(text, '\n', len);
	return nl ? (size_t)(nl - text) + 1 : len;
}

/* pipeline_lines with one job: the customers handed before first, then
 * these, read in place. */
static sp_status lines_inline(pipeline *p, const char *text, size_t len, uint64_t first_line,
			      uint64_t key_base, uint64_t *n_lines)
{
	worker *w = &p->w[0];
	sp_status st = inline_begin(p);
	if (st)
		return st;
	*n_lines = process_lines(w, text, len, first_line, key_base);
	if (!w->status && (st = collect_worker_batch_end(p->c, &w->cw)))
		worker_failed(w, st);
	return w->status;
}

sp_status pipeline_lines(pipeline *p, const char *text, size_t len, uint64_t first_line,
			 uint64_t key_base, uint64_t *n_lines)
{
	*n_lines = 0;
	if (__atomic_load_n(&p->failed, __ATOMIC_RELAXED))
		return pipeline_drain(p);
	if (p->n == 1)
		return lines_inline(p, text, len, first_line, key_base, n_lines);
	while (len) {
		size_t used = p->current ? p->current->len : 0;
		size_t room = used < BATCH_BYTES ? BATCH_BYTES - used : 0;
		size_t piece = lines_piece(text, len, room);
		if (used && piece > room) {
			/* the batch is full, or a long line starts a new one */
			sp_status st = submit(p);
			if (st)
				return st;
			continue;
		}
		batch *b = batch_room(p, piece, 1);
		if (!b)
			return SP_OSERR;
		uint64_t lines = bytescan_count(text, piece, '\n') + (text[piece - 1] != '\n');
		memcpy(b->text + b->len, text, piece);
		b->spans[b->n++] = (span){first_line, key_base, b->len, piece, 0, 0, true, false};
		b->len += piece;
		first_line += lines;
		*n_lines += lines;
		text += piece;
		len -= piece;
	}
	if (p->current && (p->current->len >= BATCH_BYTES || p->current->n >= BATCH_SPANS))
		return submit(p);
	return SP_OK;
}

void pipeline_fail(pipeline *p, sp_status st)
{
	__atomic_store_n(&p->fail_status, (int)st, __ATOMIC_RELAXED);
	__atomic_store_n(&p->failed, 1, __ATOMIC_RELEASE);
}

unsigned pipeline_jobs(const pipeline *p)
{
	return p->n;
}

uint64_t pipeline_customers(const pipeline *p)
{
	return p->handed;
}

static sp_status worst_status(pipeline *p)
{
	int st = __atomic_load_n(&p->fail_status, __ATOMIC_ACQUIRE);
	if (st)
		return (sp_status)st;
	for (unsigned i = 0; i < p->n; i++)
		if (p->w[i].status)
			return p->w[i].status;
	return SP_OK;
}

sp_status pipeline_drain(pipeline *p)
{
	sp_status st = submit(p);
	stop(p);
	return st ? st : worst_status(p);
}

sp_status pipeline_labels_done(pipeline *p)
{
	sp_status st = pipeline_drain(p);
	if (st)
		return st;
	collector_labels_complete(p->c);
	if (p->n == 1) {
		st = collect_worker_resolve(p->c, &p->w[0].cw);
		return status_is_fatal(st) ? st : SP_OK;
	}
	if ((st = start(p, TASK_RESOLVE)))
		return st;
	for (unsigned i = 0; i < p->n; i++)
		pthread_join(p->w[i].thread, NULL);
	p->running = false;
	return worst_status(p);
}

/* Wait for the workers through the chunks, redrawing the progress line
 * (when it is on) as they go. */
static void wait_through(pipeline *p, progress *prog)
{
	pthread_mutex_lock(&p->lock);
	while (p->chunks_through < p->n) {
		if (!prog || !prog->on) {
			pthread_cond_wait(&p->through, &p->lock);
			continue;
		}
		struct timespec at;
		clock_gettime(CLOCK_REALTIME, &at);
		at.tv_nsec += 100 * 1000 * 1000;
		if (at.tv_nsec >= 1000 * 1000 * 1000) {
			at.tv_sec++;
			at.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&p->through, &p->lock, &at);
		/* drawn outside the lock: a worker through waits for no write */
		pthread_mutex_unlock(&p->lock);
		progress_update(prog, __atomic_load_n(&p->chunks->done_bytes, __ATOMIC_RELAXED));
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
}

sp_status pipeline_file_lines(pipeline *p, file_chunks *fc, uint64_t key_base, progress *prog)
{
	sp_status st = pipeline_drain(p);
	if (st)
		return st;
	p->chunks = fc;
	p->chunks_key_base = key_base;
	p->chunks_through = 0;
	if ((st = start(p, TASK_CHUNKS)))
		return st;
	wait_through(p, prog);
	for (unsigned i = 0; i < p->n; i++)
		pthread_join(p->w[i].thread, NULL);
	p->running = false;
	p->chunks = NULL;
	return worst_status(p);
}

sp_status pipeline_finish(pipeline *p, agg *out)
{
	sp_status st = pipeline_drain(p);
	if (st)
		return st;
	collect_worker **cw = malloc(p->n * sizeof *cw);
	if (!cw)
		return SP_OSERR;
	for (unsigned i = 0; i < p->n; i++)
		cw[i] = &p->w[i].cw;
	st = collector_finish(p->c, cw, p->n, out);
	free(cw);
	return st;
}
