/* SPDX-License-Identifier: MIT */
/* cli: the command line (getopt_long) -> segprof_opts, --help, --version. */
#ifndef SEGPROF_CLI_H
#define SEGPROF_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "extras.h"
#include "fields.h"
#include "in_format.h"
#include "profile.h"
#include "shard.h"
#include "sort.h"
#include "writer.h"

typedef struct segprof_opts {
	const char *input;           /* request document; NULL = stdin */
	const char *customers_path;  /* split inputs */
	const char *labels_path;
	in_format customers_format;
	in_format labels_format;
	out_format format;
	bool compact;
	const char *output;          /* NULL = stdout */
	unsigned top;
	rank_method rank;            /* --rank */
	uint64_t min_support;        /* --min-support (lift) */
	bool min_support_given;
	bool scores;                 /* --scores */
	bool index;                  /* --index */
	lang lang;
	bool skip_unlabeled;
	bool skip_bad_rows;          /* --bad-rows=skip */
	diag_format error_format;
	bool quiet;
	unsigned jobs;               /* 0 = online CPUs */
	int progress;                /* -1 auto, 0 off, 1 on */
	extra_spec extras;           /* --mean/--median/--sum, --missing */
	bool partial;                /* --partial: write mergeable state */
	shard_spec shard;            /* --shard=I/K (count 0: none); implies partial */
	bool allow_missing_shards;   /* merge: a missing shard is a warning */
	bool merge;                  /* the merge subcommand */
	char **merge_inputs;         /* its PARTIAL files (argv), n_merge of them */
	size_t n_merge;
	bool missing_given;          /* --missing was on the command line */
	const char *currency;        /* cards */
	bool locale_numbers;         /* cards: group digits as the locale does */
	const char *names_path;      /* --names */
	sort_spec sort;              /* --sort; field NULL: cluster order */
	uint64_t min_size;           /* --min-size; 0: no guard */
	field_names fields;          /* --id-field ... --cluster-field, --types-sep */
} segprof_opts;

typedef enum cli_result { CLI_RUN, CLI_DONE, CLI_USAGE } cli_result;

/* Parse argv.  CLI_DONE: --help/--version printed; CLI_USAGE: a message was
 * printed to stderr. */
cli_result cli_parse(int argc, char **argv, segprof_opts *o);

#endif
