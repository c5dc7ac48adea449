/* cli: options, their values, usage.
 *
 * Every option is one row of `options` below.  getopt_long's tables, --help,
 * `segprof merge --help`, the check that merge refuses the options of the
 * shard runs and the "ambiguous option" message are all derived from it.
 *
 * To add an option:
 *   1. Add a field to segprof_opts (cli.h) if it carries a setting.
 *   2. Add a row to `options`, in the --help section and order it belongs:
 *        .name     the long name ("top" for --top)
 *        .letter   its short form ('n' for -n), or 0
 *        .arg      the value's name in --help ("N"), or NULL: takes no value
 *        .section  its --help heading
 *        .scope    RUN_ONLY: refused by `segprof merge` (it belongs to the
 *                  runs that wrote the partials); OUTPUT: shapes the written
 *                  profiles, so it has no effect with --partial (its value is
 *                  still checked); 0: anywhere
 *        .help     the --help text; '\n' starts a continuation line.  Each
 *                  line fits in HELP_TEXT_WIDTH columns (cli.bats checks that
 *                  --help stays within 80)
 *        .set      the handler that stores the value (see opt_set)
 *        .choices  for an option taking one of a fixed set of words: the
 *                  words and their values; the handler then receives the
 *                  value of the word given and never sees a bad one
 *   3. Cross-option rules go in check_combination, not in handlers.
 *   4. Document it in man/segprof.1 and the three completions
 *      (completions/test-completions.sh checks them).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --help: options start at column 2, their text at column HELP_TEXT_COLUMN. */
enum { HELP_TEXT_COLUMN = 30, HELP_TEXT_WIDTH = 80 - HELP_TEXT_COLUMN };

typedef enum help_section {
	SEC_INPUT,
	SEC_COMPUTATION,
	SEC_OUTPUT,
	SEC_DIAGNOSTICS,
	SEC_COUNT,
} help_section;

enum option_scope {
	ANYWHERE = 0,
	RUN_ONLY = 1, /* not for merge */
	OUTPUT = 2,   /* no effect with --partial */
};

typedef struct choice {
	const char *word;
	int value;
} choice;

/* Store an option's value.  value is the argument (NULL for an option that
 * takes none); chosen the value of the word given, for an option with
 * choices.  CLI_RUN: go on; CLI_DONE: stop, exit 0 (--help); CLI_USAGE: the
 * message is printed. */
typedef cli_result (*opt_set)(segprof_opts *o, char *value, int chosen);

typedef struct opt_def {
	const char *name;
	char letter;
	const char *arg;
	help_section section;
	unsigned scope;
	const char *help;
	opt_set set;
	const choice *choices; /* ends with {NULL, 0} */
} opt_def;

static void usage_error(const segprof_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void usage_error(const segprof_opts *o, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_say(stderr, o->error_format, SP_USAGE, "%s", msg);
	if (o->error_format == DIAG_TEXT)
		fprintf(stderr, "Try 'segprof%s --help' for more information.\n",
			o->merge ? " merge" : "");
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = (unsigned long)v;
	return true;
}

/* ---- the words of the enumerated options ---- */

static const choice format_words[] = {
	{"json", FMT_JSON}, {"ndjson", FMT_NDJSON}, {"csv", FMT_CSV}, {"tsv", FMT_TSV},
	{"table", FMT_TABLE}, {"markdown", FMT_MARKDOWN}, {"cards", FMT_CARDS}, {NULL, 0},
};
static const choice lang_words[] = {
	{"en", LANG_EN}, {"es", LANG_ES}, {"pt", LANG_PT}, {NULL, 0},
};
static const choice error_skip_words[] = {
	{"error", 0}, {"skip", 1}, {NULL, 0},
};
static const choice error_format_words[] = {
	{"text", DIAG_TEXT}, {"json", DIAG_JSON}, {NULL, 0},
};
static const choice customers_format_words[] = {
	{"auto", IN_AUTO}, {"json", IN_JSON}, {"ndjson", IN_NDJSON}, {NULL, 0},
};
static const choice labels_format_words[] = {
	{"auto", IN_AUTO}, {"json", IN_JSON}, {"csv", IN_CSV}, {"tsv", IN_TSV}, {NULL, 0},
};

/* ---- handlers ---- */

static cli_result set_customers(segprof_opts *o, char *v, int k)
{
	(void)k;
	o->customers_path = v;
	return CLI_RUN;
}

static cli_result set_labels(segprof_opts *o, char *v, int k)
{
	(void)k;
	o->labels_path = v;
	return CLI_RUN;
}

static cli_result set_customers_format(segprof_opts *o, char *v, int k)
{
	(void)v;
	o->customers_format = (in_format)k;
	return CLI_RUN;
}

static cli_result set_labels_format(segprof_opts *o, char *v, int k)
{
	(void)v;
	o->labels_format = (in_format)k;
	return CLI_RUN;
}

static cli_result set_unlabeled(segprof_opts *o, char *v, int skip)
{
	(void)v;
	o->skip_unlabeled = skip;
	return CLI_RUN;
}

static cli_result set_top(segprof_opts *o, char *v, int k)
{
	(void)k;
	unsigned long n;
	if (!parse_uint(v, 1000000, &n)) {
		usage_error(o, "invalid value '%s' for --top (expected an integer from 0 to 1000000)", v);
		return CLI_USAGE;
	}
	o->top = (unsigned)n;
	return CLI_RUN;
}

static cli_result set_lang(segprof_opts *o, char *v, int k)
{
	(void)v;
	o->lang = (lang)k;
	return CLI_RUN;
}

static cli_result set_jobs(segprof_opts *o, char *v, int k)
{
	(void)k;
	unsigned long n;
	if (!parse_uint(v, 1024, &n) || n == 0) {
		usage_error(o, "invalid value '%s' for --jobs (expected an integer from 1 to 1024)", v);
		return CLI_USAGE;
	}
	o->jobs = (unsigned)n;
	return CLI_RUN;
}

/* Add each comma-separated FIELD of list with op (EXTRA_MEAN...).  The
 * commas in list become NULs: the names are used as C strings. */
static cli_result add_extras(segprof_opts *o, const char *opt, char *list, unsigned op)
{
	size_t n = strlen(list);
	if (n == 0 || strstr(list, ",,") || list[0] == ',' || list[n - 1] == ',') {
		usage_error(o, "%s needs field names (FIELD[,FIELD]...), got '%s'", opt, list);
		return CLI_USAGE;
	}
	char *save = NULL;
	for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		int i = extra_find(&o->extras, f, strlen(f));
		if (i < 0) {
			if (o->extras.n == EXTRA_MAX) {
				usage_error(o, "too many fields for %s (at most %d)", opt, EXTRA_MAX);
				return CLI_USAGE;
			}
			i = (int)o->extras.n++;
			o->extras.name[i] = f;
			o->extras.len[i] = strlen(f);
		}
		o->extras.ops[i] |= op;
	}
	return CLI_RUN;
}

static cli_result set_mean(segprof_opts *o, char *v, int k)
{
	(void)k;
	return add_extras(o, "--mean", v, EXTRA_MEAN);
}

static cli_result set_median(segprof_opts *o, char *v, int k)
{
	(void)k;
	return add_extras(o, "--median", v, EXTRA_MEDIAN);
}

static cli_result set_sum(segprof_opts *o, char *v, int k)
{
	(void)k;
	return add_extras(o, "--sum", v, EXTRA_SUM);
}

static cli_result set_missing(segprof_opts *o, char *v, int skip)
{
	(void)v;
	o->extras.skip_missing = skip;
	o->missing_given = true;
	return CLI_RUN;
}

static cli_result set_partial(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	o->partial = true;
	o->extras.keep_values = true; /* the partial carries every value */
	return CLI_RUN;
}

static cli_result set_format(segprof_opts *o, char *v, int k)
{
	(void)v;
	o->format = (out_format)k;
	return CLI_RUN;
}

static cli_result set_compact(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	o->compact = true;
	return CLI_RUN;
}

static cli_result set_currency(segprof_opts *o, char *v, int k)
{
	(void)k;
	o->currency = v;
	return CLI_RUN;
}

static cli_result set_locale_numbers(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	o->locale_numbers = true;
	return CLI_RUN;
}

static cli_result set_output(segprof_opts *o, char *v, int k)
{
	(void)k;
	if (!*v) {
		usage_error(o, "--output needs a file name");
		return CLI_USAGE;
	}
	o->output = strcmp(v, "-") == 0 ? NULL : v;
	return CLI_RUN;
}

static cli_result set_error_format(segprof_opts *o, char *v, int k)
{
	(void)v;
	o->error_format = (diag_format)k;
	return CLI_RUN;
}

static cli_result set_quiet(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	o->quiet = true;
	return CLI_RUN;
}

static cli_result set_progress(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	o->progress = 1;
	return CLI_RUN;
}

static cli_result set_no_progress(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	o->progress = 0;
	return CLI_RUN;
}

static cli_result print_help(segprof_opts *o, char *v, int k);
static cli_result print_version(segprof_opts *o, char *v, int k);

/* ---- the options ---- */

static const opt_def options[] = {
	/* Input */
	{.name = "customers", .arg = "FILE", .section = SEC_INPUT, .scope = RUN_ONLY,
	 .help = "customers: JSON array, request document or NDJSON",
	 .set = set_customers},
	{.name = "labels", .arg = "FILE", .section = SEC_INPUT, .scope = RUN_ONLY,
	 .help = "labels: JSON object, or CSV/TSV with the columns\n"
		 "customer_id,cluster_id",
	 .set = set_labels},
	{.name = "customers-format", .arg = "FMT", .section = SEC_INPUT, .scope = RUN_ONLY,
	 .help = "auto (default), json, ndjson",
	 .set = set_customers_format, .choices = customers_format_words},
	{.name = "labels-format", .arg = "FMT", .section = SEC_INPUT, .scope = RUN_ONLY,
	 .help = "auto (default), json, csv, tsv",
	 .set = set_labels_format, .choices = labels_format_words},
	{.name = "unlabeled", .arg = "MODE", .section = SEC_INPUT, .scope = RUN_ONLY,
	 .help = "error (default): a customer without a label is\n"
		 "an error; skip: leave it out and say how many",
	 .set = set_unlabeled, .choices = error_skip_words},
	/* Computation */
	{.name = "top", .letter = 'n', .arg = "N", .section = SEC_COMPUTATION, .scope = OUTPUT,
	 .help = "top categories per cluster (default 5)",
	 .set = set_top},
	{.name = "lang", .arg = "LANG", .section = SEC_COMPUTATION, .scope = OUTPUT,
	 .help = "insight text: en (default), es, pt",
	 .set = set_lang, .choices = lang_words},
	{.name = "jobs", .letter = 'j', .arg = "N", .section = SEC_COMPUTATION, .scope = RUN_ONLY,
	 .help = "worker threads (default: online CPUs)",
	 .set = set_jobs},
	{.name = "mean", .arg = "FIELD[,FIELD]", .section = SEC_COMPUTATION, .scope = RUN_ONLY,
	 .help = "add mean_FIELD of a numeric key (repeatable)",
	 .set = set_mean},
	{.name = "median", .arg = "FIELD[,FIELD]", .section = SEC_COMPUTATION, .scope = RUN_ONLY,
	 .help = "add median_FIELD",
	 .set = set_median},
	{.name = "sum", .arg = "FIELD[,FIELD]", .section = SEC_COMPUTATION, .scope = RUN_ONLY,
	 .help = "add sum_FIELD",
	 .set = set_sum},
	{.name = "missing", .arg = "MODE", .section = SEC_COMPUTATION, .scope = RUN_ONLY,
	 .help = "error (default): a customer without FIELD is an\n"
		 "error; skip: leave it out of FIELD's columns\n"
		 "(and add n_FIELD)",
	 .set = set_missing, .choices = error_skip_words},
	{.name = "partial", .section = SEC_COMPUTATION, .scope = RUN_ONLY,
	 .help = "write the exact mergeable state (NDJSON) instead\n"
		 "of profiles; combine with 'segprof merge'",
	 .set = set_partial},
	/* Output */
	{.name = "format", .letter = 'f', .arg = "FMT", .section = SEC_OUTPUT, .scope = OUTPUT,
	 .help = "json (default), ndjson, csv, tsv, table, markdown,\n"
		 "cards (one Markdown persona card per cluster)",
	 .set = set_format, .choices = format_words},
	{.name = "compact", .section = SEC_OUTPUT, .scope = OUTPUT,
	 .help = "json on one line",
	 .set = set_compact},
	{.name = "currency", .arg = "SYMBOL", .section = SEC_OUTPUT, .scope = OUTPUT,
	 .help = "cards: currency symbol (default R$)",
	 .set = set_currency},
	{.name = "locale-numbers", .section = SEC_OUTPUT, .scope = OUTPUT,
	 .help = "cards: group digits as LC_NUMERIC does",
	 .set = set_locale_numbers},
	{.name = "output", .letter = 'o', .arg = "FILE", .section = SEC_OUTPUT,
	 .help = "write FILE (atomically: replaced only on success)",
	 .set = set_output},
	/* Diagnostics */
	{.name = "error-format", .arg = "FMT", .section = SEC_DIAGNOSTICS,
	 .help = "text (default) or json (one object per line)",
	 .set = set_error_format, .choices = error_format_words},
	{.name = "quiet", .letter = 'q', .section = SEC_DIAGNOSTICS,
	 .help = "no warnings",
	 .set = set_quiet},
	{.name = "progress", .section = SEC_DIAGNOSTICS,
	 .help = "progress on standard error (default: when it is\n"
		 "a terminal and the input is large)",
	 .set = set_progress},
	{.name = "no-progress", .section = SEC_DIAGNOSTICS,
	 .help = "no progress line",
	 .set = set_no_progress},
	{.name = "help", .letter = 'h', .section = SEC_DIAGNOSTICS,
	 .help = "this help",
	 .set = print_help},
	{.name = "version", .letter = 'V', .section = SEC_DIAGNOSTICS,
	 .help = "version",
	 .set = print_version},
};

enum { N_OPTIONS = sizeof options / sizeof options[0] };

/* getopt_long returns an option's letter, or this plus its index. */
enum { FIRST_LONG_ONLY = 256 };

/* ---- --help ---- */

static const char *const section_title[SEC_COUNT] = {
	[SEC_INPUT] = "Input (FILE is a request document {\"customers\": [...], \"labels\": {...}};\n"
		      "standard input when FILE is absent or '-'):",
	[SEC_COMPUTATION] = "Computation:",
	[SEC_OUTPUT] = "Output:",
	[SEC_DIAGNOSTICS] = "Diagnostics:",
};

static const char run_usage[] =
	"Usage: segprof [OPTION]... [FILE]\n"
	"       segprof [OPTION]... --customers FILE --labels FILE\n"
	"       segprof merge [OPTION]... [PARTIAL]...\n"
	"Roll customers and their cluster labels up into one KPI profile per cluster.\n";

static const char merge_usage[] =
	"Usage: segprof merge [OPTION]... [PARTIAL]...\n"
	"Merge the partial results written by 'segprof --partial' (PARTIAL files, in\n"
	"order; standard input when none is given or for '-') into the profiles one\n"
	"run over all of their input would write.  Options of the runs that wrote\n"
	"them (input, --jobs, --mean, --median, --sum, --missing, --partial) are\n"
	"usage errors here.\n";

static const char exit_status_text[] =
	"Exit status: 0 ok, 64 usage, 65 bad input data, 66 input not found,\n"
	"70 internal error, 71 out of memory, 74 read/write error.\n";

static void print_option_help(FILE *out, const opt_def *d)
{
	char left[64];
	int n = d->letter ? snprintf(left, sizeof left, "  -%c, --%s", d->letter, d->name)
			  : snprintf(left, sizeof left, "      --%s", d->name);
	if (d->arg)
		n += snprintf(left + n, sizeof left - (size_t)n, "=%s", d->arg);
	fputs(left, out);
	if (n >= HELP_TEXT_COLUMN - 1) /* no room for two spaces: text below */
		fprintf(out, "\n%*s", HELP_TEXT_COLUMN, "");
	else
		fprintf(out, "%*s", HELP_TEXT_COLUMN - n, "");
	for (const char *line = d->help; *line; ) {
		int len = (int)strcspn(line, "\n");
		fprintf(out, "%.*s\n", len, line);
		line += len;
		if (*line == '\n' && *++line)
			fprintf(out, "%*s", HELP_TEXT_COLUMN, "");
	}
}

static cli_result print_help(segprof_opts *o, char *v, int k)
{
	(void)v, (void)k;
	fputs(o->merge ? merge_usage : run_usage, stdout);
	for (int s = 0; s < SEC_COUNT; s++) {
		bool titled = false;
		for (size_t i = 0; i < N_OPTIONS; i++) {
			const opt_def *d = &options[i];
			if (d->section != (help_section)s || (o->merge && (d->scope & RUN_ONLY)))
				continue;
			if (!titled)
				printf("\n%s\n", s == SEC_INPUT && o->merge ? "Input:" : section_title[s]);
			titled = true;
			print_option_help(stdout, d);
		}
	}
	printf("\n%s", exit_status_text);
	puts(o->merge ? "See segprof(1), PARTIAL RESULTS AND MERGE." : "See segprof(1).");
	return CLI_DONE;
}

static cli_result print_version(segprof_opts *o, char *v, int k)
{
	(void)o, (void)v, (void)k;
	fputs("segprof " SEGPROF_VERSION "\n", stdout);
	return CLI_DONE;
}

/* ---- parsing ---- */

/* getopt_long's tables, built from options: long_opts ends with a zero row. */
static void getopt_tables(struct option long_opts[N_OPTIONS + 1], char *shorts, size_t shorts_size)
{
	size_t n = 0;
	shorts[n++] = ':'; /* a missing value returns ':', not '?' */
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const opt_def *d = &options[i];
		int val = d->letter ? d->letter : FIRST_LONG_ONLY + (int)i;
		long_opts[i] = (struct option){d->name, d->arg ? required_argument : no_argument,
					       NULL, val};
		if (d->letter && n + 3 < shorts_size) {
			shorts[n++] = d->letter;
			if (d->arg)
				shorts[n++] = ':';
		}
	}
	long_opts[N_OPTIONS] = (struct option){0};
	shorts[n] = '\0';
}

static const opt_def *option_of(int c)
{
	if (c >= FIRST_LONG_ONLY && c < FIRST_LONG_ONLY + N_OPTIONS)
		return &options[c - FIRST_LONG_ONLY];
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].letter && options[i].letter == c)
			return &options[i];
	return NULL;
}

/* "a, b or c" of a choice list. */
static void choice_list(const choice *ch, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; ch[i].word && n < size; i++) {
		const char *sep = i == 0 ? "" : ch[i + 1].word ? ", " : " or ";
		n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, ch[i].word);
	}
}

/* The value of the word v among d's choices, or -1 (message printed). */
static int choose(const segprof_opts *o, const opt_def *d, const char *v)
{
	for (int i = 0; d->choices[i].word; i++)
		if (strcmp(v, d->choices[i].word) == 0)
			return d->choices[i].value;
	char expected[256];
	choice_list(d->choices, expected, sizeof expected);
	usage_error(o, "invalid value '%s' for --%s (expected %s)", v, d->name, expected);
	return -1;
}

static cli_result apply_option(segprof_opts *o, const opt_def *d, char *value)
{
	if (o->merge && (d->scope & RUN_ONLY)) {
		usage_error(o, "merge takes partial files only: --%s belongs to the runs that "
			    "wrote them", d->name);
		return CLI_USAGE;
	}
	int chosen = 0;
	if (d->choices && (chosen = choose(o, d, value)) < 0)
		return CLI_USAGE;
	return d->set(o, value, chosen);
}

/* The message for what getopt_long refused (c is '?' or ':'): an unknown or
 * ambiguous option, a value missing or one given to an option taking none. */
static void option_error(const segprof_opts *o, int c, const char *arg)
{
	if (strncmp(arg, "--", 2) != 0) {
		usage_error(o, c == ':' ? "option '-%c' needs a value" : "unknown option '-%c'",
			    optopt ? optopt : '?');
		return;
	}
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");
	if (c == ':') {
		usage_error(o, "option '--%.*s' needs a value", (int)len, name);
		return;
	}
	const opt_def *match[N_OPTIONS];
	size_t n = 0;
	for (size_t i = 0; i < N_OPTIONS; i++) {
		if (strncmp(options[i].name, name, len) != 0)
			continue;
		if (strlen(options[i].name) == len) { /* exact: the only match */
			match[0] = &options[i];
			n = 1;
			break;
		}
		match[n++] = &options[i];
	}
	if (n == 1 && name[len] == '=' && !match[0]->arg) {
		usage_error(o, "option '--%s' takes no value", match[0]->name);
	} else if (n > 1) {
		char list[512];
		size_t used = 0;
		for (size_t i = 0; i < n && used < sizeof list; i++)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s--%s",
						 i == 0 ? "" : i + 1 < n ? ", " : " or ", match[i]->name);
		usage_error(o, "ambiguous option '--%.*s' (could be %s)", (int)len, name, list);
	} else {
		usage_error(o, "unknown option '--%.*s'", (int)len, name);
	}
}

/* --error-format must be known before any other message is printed. */
static void prescan_error_format(int argc, char **argv, segprof_opts *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return;
		if (strcmp(argv[i], "--error-format=json") == 0 ||
		    (strcmp(argv[i], "--error-format") == 0 && i + 1 < argc &&
		     strcmp(argv[i + 1], "json") == 0))
			o->error_format = DIAG_JSON;
	}
}

/* Rules between options and operands, once all are read. */
static cli_result check_combination(segprof_opts *o, int n_operands, char **operands)
{
	if (o->merge) {
		o->merge_inputs = operands;
		o->n_merge = (size_t)n_operands;
		return CLI_RUN;
	}
	if (n_operands > 1) {
		usage_error(o, "too many arguments: '%s' (one input FILE at most)", operands[1]);
		return CLI_USAGE;
	}
	if (n_operands == 1)
		o->input = operands[0];
	if ((o->customers_path != NULL) != (o->labels_path != NULL)) {
		usage_error(o, "--customers and --labels go together");
		return CLI_USAGE;
	}
	if (o->customers_path && o->input) {
		usage_error(o, "give either a request FILE or --customers/--labels, not both");
		return CLI_USAGE;
	}
	if (o->customers_path && strcmp(o->customers_path, "-") == 0 &&
	    strcmp(o->labels_path, "-") == 0) {
		usage_error(o, "--customers and --labels cannot both be standard input");
		return CLI_USAGE;
	}
	if (o->extras.skip_missing && extra_find(&o->extras, "customers", 9) >= 0) {
		usage_error(o, "--missing skip would add a column n_customers for the field "
			    "'customers', which is a standard column");
		return CLI_USAGE;
	}
	/* With --partial the output options have no effect (segprof(1), --partial). */
	if (o->compact && o->format != FMT_JSON && !o->partial) {
		usage_error(o, "--compact applies to --format=json only");
		return CLI_USAGE;
	}
	return CLI_RUN;
}

cli_result cli_parse(int argc, char **argv, segprof_opts *o)
{
	struct option long_opts[N_OPTIONS + 1];
	char shorts[2 + 2 * N_OPTIONS];
	int c;

	memset(o, 0, sizeof *o);
	o->top = 5;
	o->progress = -1;
	o->currency = "R$";
	/* The merge subcommand: segprof merge [OPTION]... [PARTIAL]... */
	if (argc > 1 && strcmp(argv[1], "merge") == 0) {
		o->merge = true;
		argv++;
		argc--;
	}
	prescan_error_format(argc, argv, o);
	getopt_tables(long_opts, shorts, sizeof shorts);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shorts, long_opts, NULL)) != -1) {
		const opt_def *d = c == '?' || c == ':' ? NULL : option_of(c);
		if (!d) {
			option_error(o, c, argv[optind - 1]);
			return CLI_USAGE;
		}
		cli_result r = apply_option(o, d, optarg);
		if (r != CLI_RUN)
			return r;
	}
	return check_combination(o, argc - optind, argv + optind);
}
