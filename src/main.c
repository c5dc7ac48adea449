/* SPDX-License-Identifier: MIT */
/* segprof: parse options, run, map the result to an exit status. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "jansson_mem.h"
#include "output.h"
#include "run.h"

/* --help/--version to a full disk or closed pipe must not exit 0 silently. */
static int close_stdout(diag_format fmt)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		diag_say(stderr, fmt, SP_IOERR, "write error: %s", strerror(errno));
		return SP_IOERR;
	}
	return SP_OK;
}

int main(int argc, char **argv)
{
	segprof_opts opts;
	switch (cli_parse(argc, argv, &opts)) {
	case CLI_DONE:
		return close_stdout(opts.error_format);
	case CLI_USAGE:
		return SP_USAGE;
	case CLI_RUN:
		break;
	}
	output_install_signal_cleanup();
	jansson_mem_init();
	diag d;
	diag_init(&d);
	sp_status st = segprof_run(&opts, &d);
	diag_print(&d, stderr, opts.error_format, opts.quiet);
	diag_fini(&d);
	return (int)st;
}
