/* SPDX-License-Identifier: MIT */
/* pipeline: customers from the reader to the workers.
 *
 * The reader (one thread) frames the input and hands each customer's text
 * here; the text is copied into batches that N worker threads parse,
 * validate, join and accumulate, each into its own collect_worker.  With one
 * job everything runs inline on the caller's thread.  Results do not depend
 * on N or on timing: accumulators merge exactly, ties are ordered by input
 * position, and messages are sorted by it. */
#ifndef SEGPROF_PIPELINE_H
#define SEGPROF_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collect.h"
#include "diag.h"
#include "fields.h"
#include "filechunk.h"
#include "jscan.h"
#include "progress.h"

typedef struct pipeline pipeline;

/* Where the customers come from, for messages: pointer "/customers" with
 * indexes in a request document, "" with indexes in an array file, "" with
 * lines in NDJSON. */
struct csv_layout;
typedef struct customer_source {
	const char *file;
	const char *pointer;
	bool indexed;
	const struct csv_layout *csv; /* CSV/TSV records with this header, or
					 NULL: JSON objects */
} customer_source;

sp_status pipeline_new(pipeline **out, collector *c, unsigned jobs, const extra_spec *extras,
		       const field_names *fields);
void pipeline_free(pipeline *p);

void pipeline_set_source(pipeline *p, customer_source src);

/* One customer: its text (copied), ord (input position), diagnostic key,
 * and the line/column of its first byte. */
sp_status pipeline_customer(pipeline *p, const char *text, size_t len, uint64_t ord,
			    uint64_t key, long line, long col);

/* Customers whose spans the reader guessed (jscan_line_values) rather than
 * framed: g[0..n), their ords first_ord, first_ord + 1, ... and diagnostic
 * keys first_key, ... likewise; text holds the input from offset
 * text_start to the end of the last.  A guess that the worker's parse does
 * not confirm, and jscan_frames_exactly does not either, makes the run stop
 * with SP_RETRY, to be done again without guessing.  With one job they are
 * processed from text directly (no copy); else copied at once. */
sp_status pipeline_guessed(pipeline *p, const char *text, uint64_t text_start, const jscan_guess *g,
			   size_t n, uint64_t first_ord, uint64_t first_key);

/* NDJSON: whole lines [text, text + len), each ending with '\n' (the last
 * may end the input instead), the first one numbered first_line.  Each line
 * that is not blank is a customer: ord its line number, diagnostic key
 * key_base + line, column 1.  With one job they are processed from text
 * directly (no copy); else copied, up to a batch at a time.  *n_lines: how
 * many lines there were. */
sp_status pipeline_lines(pipeline *p, const char *text, size_t len, uint64_t first_line,
			 uint64_t key_base, uint64_t *n_lines);

/* The lines of a regular file (NDJSON customers, or the records of a
 * CSV/TSV table after its header, as the source set names them), read by
 * the workers themselves chunk by chunk (no reader thread, no copies),
 * every customer handed before first.  Each line that is not blank is a
 * customer: ord as file_chunk_first_ord
 * numbers them (in input order, not line numbers: a run with a message
 * about a customer must be read again from the start to name its line),
 * diagnostic key key_base + ord.  prog: redrawn while the workers read
 * (NULL: none).  A chunk that cannot be read here stops the run with the
 * status file_chunk_read gave. */
sp_status pipeline_file_lines(pipeline *p, file_chunks *fc, uint64_t key_base, progress *prog);

/* Stop with status st (fatal) from another thread: the reader's next
 * pipeline_customer returns it. */
void pipeline_fail(pipeline *p, sp_status st);

/* The number of workers (1: everything runs on the caller's thread). */
unsigned pipeline_jobs(const pipeline *p);

/* How many customers were handed so far (pipeline_customer's). */
uint64_t pipeline_customers(const pipeline *p);

/* Wait until every customer handed so far is processed; the first fatal
 * status of any worker, else SP_OK. */
sp_status pipeline_drain(pipeline *p);

/* The labels are complete (all customers so far drained first), and the
 * customers the workers hold pending are joined. */
sp_status pipeline_labels_done(pipeline *p);

/* End of input: drain, then fold the workers into out (collector_finish). */
sp_status pipeline_finish(pipeline *p, agg *out);

#endif
