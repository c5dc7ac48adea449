/* cli: options, their values, usage. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"Usage: segprof [OPTION]... [FILE]\n"
	"       segprof [OPTION]... --customers FILE --labels FILE\n"
	"       segprof merge [OPTION]... [PARTIAL]...\n"
	"Roll customers and their cluster labels up into one KPI profile per cluster.\n"
	"\n"
	"Input (FILE is a request document {\"customers\": [...], \"labels\": {...}};\n"
	"standard input when FILE is absent or '-'):\n"
	"      --customers=FILE        customers: JSON array, request document or NDJSON\n"
	"      --labels=FILE           labels: JSON object, or CSV/TSV customer_id,cluster_id\n"
	"      --customers-format=FMT  auto (default), json, ndjson\n"
	"      --labels-format=FMT     auto (default), json, csv, tsv\n"
	"      --unlabeled=MODE        error (default): a customer without a label is an\n"
	"                              error; skip: leave it out and say how many\n"
	"\n"
	"Computation:\n"
	"  -n, --top=N                 top categories per cluster (default 5)\n"
	"      --lang=LANG             insight text: en (default), es, pt\n"
	"  -j, --jobs=N                worker threads (default: online CPUs)\n"
	"      --mean=FIELD[,FIELD]    add mean_FIELD of a numeric customer key (repeatable)\n"
	"      --median=FIELD[,FIELD]  add median_FIELD\n"
	"      --sum=FIELD[,FIELD]     add sum_FIELD\n"
	"      --missing=MODE          error (default): a customer without FIELD is an\n"
	"                              error; skip: leave it out of FIELD's columns (and\n"
	"                              add n_FIELD)\n"
	"      --partial               write the exact mergeable state (NDJSON) instead\n"
	"                              of profiles; combine with 'segprof merge'\n"
	"\n"
	"Output:\n"
	"  -f, --format=FMT            json (default), ndjson, csv, tsv, table, markdown,\n"
	"                              cards (one Markdown persona card per cluster)\n"
	"      --compact               json on one line\n"
	"      --currency=SYMBOL       cards: currency symbol (default R$)\n"
	"      --locale-numbers        cards: group digits as the locale (LC_NUMERIC) does\n"
	"  -o, --output=FILE           write FILE (atomically: replaced only on success)\n"
	"\n"
	"Diagnostics:\n"
	"      --error-format=FMT      text (default) or json (one object per line)\n"
	"  -q, --quiet                 no warnings\n"
	"      --progress, --no-progress  progress on standard error (default: when it is\n"
	"                              a terminal and the input is large)\n"
	"  -h, --help                  this help\n"
	"  -V, --version               version\n"
	"\n"
	"Exit status: 0 ok, 64 usage, 65 bad input data, 66 input not found,\n"
	"70 internal error, 71 out of memory, 74 read/write error.\n"
	"See segprof(1).\n";

enum {
	OPT_COMPACT = 256,
	OPT_LANG,
	OPT_UNLABELED,
	OPT_ERROR_FORMAT,
	OPT_CUSTOMERS,
	OPT_LABELS,
	OPT_CUSTOMERS_FORMAT,
	OPT_LABELS_FORMAT,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_MEAN,
	OPT_MEDIAN,
	OPT_SUM,
	OPT_MISSING,
	OPT_PARTIAL,
	OPT_CURRENCY,
	OPT_LOCALE_NUMBERS,
};

static const struct option long_options[] = {
	{"format", required_argument, NULL, 'f'},
	{"compact", no_argument, NULL, OPT_COMPACT},
	{"output", required_argument, NULL, 'o'},
	{"top", required_argument, NULL, 'n'},
	{"lang", required_argument, NULL, OPT_LANG},
	{"unlabeled", required_argument, NULL, OPT_UNLABELED},
	{"error-format", required_argument, NULL, OPT_ERROR_FORMAT},
	{"quiet", no_argument, NULL, 'q'},
	{"jobs", required_argument, NULL, 'j'},
	{"customers", required_argument, NULL, OPT_CUSTOMERS},
	{"labels", required_argument, NULL, OPT_LABELS},
	{"customers-format", required_argument, NULL, OPT_CUSTOMERS_FORMAT},
	{"labels-format", required_argument, NULL, OPT_LABELS_FORMAT},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"mean", required_argument, NULL, OPT_MEAN},
	{"median", required_argument, NULL, OPT_MEDIAN},
	{"sum", required_argument, NULL, OPT_SUM},
	{"missing", required_argument, NULL, OPT_MISSING},
	{"partial", no_argument, NULL, OPT_PARTIAL},
	{"currency", required_argument, NULL, OPT_CURRENCY},
	{"locale-numbers", no_argument, NULL, OPT_LOCALE_NUMBERS},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static void usage_error(const segprof_opts *o, const char *fmt, const char *a, const char *b)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, a, b);
	diag_say(stderr, o->error_format, SP_USAGE, "%s", msg);
	if (o->error_format == DIAG_TEXT)
		fputs("Try 'segprof --help' for more information.\n", stderr);
}

/* Index of value in the NULL-terminated names, or -1 (message printed). */
static int choose(const segprof_opts *o, const char *opt, const char *value,
		  const char *const *names, const char *expected)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	char msg[256];
	snprintf(msg, sizeof msg, "invalid value '%%s' for %s (expected %s)%%s", opt, expected);
	usage_error(o, msg, value, "");
	return -1;
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

/* Add each comma-separated FIELD of list with op; false (message printed)
 * on an empty name or too many fields. */
static bool add_extras(segprof_opts *o, const char *opt, char *list, unsigned op)
{
	for (char *save = NULL, *f = strtok_r(list, ",", &save); ; f = strtok_r(NULL, ",", &save)) {
		if (!f)
			return true;
		int i = extra_find(&o->extras, f, strlen(f));
		if (i < 0) {
			if (o->extras.n == EXTRA_MAX) {
				usage_error(o, "too many fields for %s (at most 32)%s", opt, "");
				return false;
			}
			i = (int)o->extras.n++;
			o->extras.name[i] = f;
			o->extras.len[i] = strlen(f);
		}
		o->extras.ops[i] |= op;
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

cli_result cli_parse(int argc, char **argv, segprof_opts *o)
{
	static const char *const formats[] = {"json", "ndjson", "csv", "tsv", "table", "markdown", "cards", NULL};
	static const char *const langs[] = {"en", "es", "pt", NULL};
	static const char *const unlabeled[] = {"error", "skip", NULL};
	static const char *const error_formats[] = {"text", "json", NULL};
	static const char *const cust_formats[] = {"auto", "json", "ndjson", NULL};
	static const char *const label_formats[] = {"auto", "json", "csv", "tsv", NULL};
	static const in_format label_format_of[] = {IN_AUTO, IN_JSON, IN_CSV, IN_TSV};
	int c, k;
	unsigned long v;

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
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:n:qj:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((k = choose(o, "--format", optarg, formats,
					"json, ndjson, csv, tsv, table, markdown or cards")) < 0)
				return CLI_USAGE;
			o->format = (out_format)k;
			break;
		case OPT_COMPACT: o->compact = true; break;
		case 'o':
			if (!*optarg) {
				usage_error(o, "--output needs a file name%s%s", "", "");
				return CLI_USAGE;
			}
			o->output = strcmp(optarg, "-") == 0 ? NULL : optarg;
			break;
		case 'n':
			if (!parse_uint(optarg, 1000000, &v)) {
				usage_error(o, "invalid value '%s' for --top (expected an integer from 0 to 1000000)%s",
					    optarg, "");
				return CLI_USAGE;
			}
			o->top = (unsigned)v;
			break;
		case OPT_LANG:
			if ((k = choose(o, "--lang", optarg, langs, "en, es or pt")) < 0)
				return CLI_USAGE;
			o->lang = (lang)k;
			break;
		case OPT_UNLABELED:
			if ((k = choose(o, "--unlabeled", optarg, unlabeled, "error or skip")) < 0)
				return CLI_USAGE;
			o->skip_unlabeled = k == 1;
			break;
		case OPT_ERROR_FORMAT:
			if ((k = choose(o, "--error-format", optarg, error_formats, "text or json")) < 0)
				return CLI_USAGE;
			o->error_format = (diag_format)k;
			break;
		case 'q': o->quiet = true; break;
		case 'j':
			if (!parse_uint(optarg, 1024, &v) || v == 0) {
				usage_error(o, "invalid value '%s' for --jobs (expected an integer from 1 to 1024)%s",
					    optarg, "");
				return CLI_USAGE;
			}
			o->jobs = (unsigned)v;
			break;
		case OPT_CUSTOMERS: o->customers_path = optarg; break;
		case OPT_LABELS: o->labels_path = optarg; break;
		case OPT_CUSTOMERS_FORMAT:
			if ((k = choose(o, "--customers-format", optarg, cust_formats,
					"auto, json or ndjson")) < 0)
				return CLI_USAGE;
			o->customers_format = k == 0 ? IN_AUTO : k == 1 ? IN_JSON : IN_NDJSON;
			break;
		case OPT_LABELS_FORMAT:
			if ((k = choose(o, "--labels-format", optarg, label_formats,
					"auto, json, csv or tsv")) < 0)
				return CLI_USAGE;
			o->labels_format = label_format_of[k];
			break;
		case OPT_PROGRESS: o->progress = 1; break;
		case OPT_MEAN:
		case OPT_MEDIAN:
		case OPT_SUM:
			if (!*optarg || strstr(optarg, ",,") || optarg[0] == ',' ||
			    optarg[strlen(optarg) - 1] == ',') {
				usage_error(o, "%s needs field names (FIELD[,FIELD]...), got '%s'",
					    c == OPT_MEAN ? "--mean" : c == OPT_MEDIAN ? "--median" : "--sum",
					    optarg);
				return CLI_USAGE;
			}
			if (!add_extras(o, c == OPT_MEAN ? "--mean" : c == OPT_MEDIAN ? "--median" : "--sum",
					optarg, c == OPT_MEAN ? EXTRA_MEAN : c == OPT_MEDIAN ? EXTRA_MEDIAN : EXTRA_SUM))
				return CLI_USAGE;
			break;
		case OPT_MISSING:
			if ((k = choose(o, "--missing", optarg, unlabeled, "error or skip")) < 0)
				return CLI_USAGE;
			o->extras.skip_missing = k == 1;
			o->missing_given = true;
			break;
		case OPT_PARTIAL:
			o->partial = true;
			o->extras.keep_values = true; /* the partial carries every value */
			break;
		case OPT_CURRENCY: o->currency = optarg; break;
		case OPT_LOCALE_NUMBERS: o->locale_numbers = true; break;
		case OPT_NO_PROGRESS: o->progress = 0; break;
		case 'h':
			fputs(usage_text, stdout);
			return CLI_DONE;
		case 'V':
			fputs("segprof " SEGPROF_VERSION "\n", stdout);
			return CLI_DONE;
		case ':':
		default: {
			/* getopt sets optopt for long options too: name the option
			 * from argv when it was a long one. */
			const char *arg = argv[optind - 1];
			bool is_long = strncmp(arg, "--", 2) == 0;
			char name[256];
			if (is_long)
				snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
			else
				snprintf(name, sizeof name, "-%c", optopt ? optopt : '?');
			usage_error(o, c == ':' ? "option '%s' needs a value%s" : "unknown option '%s'%s",
				    name, "");
			return CLI_USAGE;
		}
		}
	}
	if (o->merge) {
		if (o->partial || o->customers_path || o->labels_path || o->extras.n || o->missing_given) {
			usage_error(o, "merge takes partial files only: --partial, --customers, --labels, --mean, --median, --sum and --missing belong to the runs that wrote them%s%s", "", "");
			return CLI_USAGE;
		}
		o->merge_inputs = argv + optind;
		o->n_merge = (size_t)(argc - optind);
		return CLI_RUN;
	}
	if (argc - optind > 1) {
		usage_error(o, "too many arguments: '%s' (one input FILE at most)%s", argv[optind + 1], "");
		return CLI_USAGE;
	}
	if (argc - optind == 1)
		o->input = argv[optind];
	if ((o->customers_path != NULL) != (o->labels_path != NULL)) {
		usage_error(o, "--customers and --labels go together%s%s", "", "");
		return CLI_USAGE;
	}
	if (o->customers_path && o->input) {
		usage_error(o, "give either a request FILE or --customers/--labels, not both%s%s", "", "");
		return CLI_USAGE;
	}
	if (o->customers_path && strcmp(o->customers_path, "-") == 0 &&
	    strcmp(o->labels_path, "-") == 0) {
		usage_error(o, "--customers and --labels cannot both be standard input%s%s", "", "");
		return CLI_USAGE;
	}
	if (o->extras.skip_missing && extra_find(&o->extras, "customers", 9) >= 0) {
		usage_error(o, "--missing skip would add a column n_customers for the field 'customers', "
			    "which is a standard column%s%s", "", "");
		return CLI_USAGE;
	}
	if (o->compact && o->format != FMT_JSON) {
		usage_error(o, "--compact applies to --format=json only%s%s", "", "");
		return CLI_USAGE;
	}
	return CLI_RUN;
}
