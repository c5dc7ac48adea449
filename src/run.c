/* run: wiring the stages together. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>

#include "collect.h"
#include "output.h"
#include "profile.h"
#include "request.h"
#include "source.h"
#include "split.h"
#include "writer.h"

/* Render the profiles into memory: output is small (one row per cluster), and
 * nothing may reach standard output before the run is known to succeed. */
static sp_status render(const segprof_opts *o, const profile_list *pl, char **buf, size_t *len)
{
	FILE *mem = open_memstream(buf, len);
	if (!mem)
		return SP_OSERR;
	write_profiles(mem, pl, o->format, o->compact);
	bool bad = ferror(mem);
	if (fclose(mem) != 0 || bad) {
		free(*buf);
		*buf = NULL;
		return SP_OSERR;
	}
	return SP_OK;
}

sp_status segprof_run(const segprof_opts *o, diag *d)
{
	sp_status st;
	output out;
	source src;
	collector col;
	profile_list pl = {0};
	char *text = NULL;
	size_t text_len = 0;
	bool have_src = false;

	collector_init(&col, d, o->skip_unlabeled);
	if ((st = output_open(&out, o->output, d)))
		goto fail;
	if (o->customers_path) {
		/* Labels first, then the customers stream through the join. */
		if ((st = source_open(&src, o->labels_path, d)))
			goto fail_src;
		have_src = true;
		st = labels_file_read(&src, o->labels_format, &col, d);
		source_close(&src);
		have_src = false;
		if (status_is_fatal(st) || (st && d->worst != SP_DATAERR))
			goto fail;
		if (st == SP_OK && (st = collector_labels_done(&col)))
			goto fail;
		if ((st = source_open(&src, o->customers_path, d)))
			goto fail_src;
		have_src = true;
		sp_status st2 = customers_file_read(&src, o->customers_format, &col, d);
		if (st2 && (st == SP_OK || status_is_fatal(st2)))
			st = st2;
	} else {
		if ((st = source_open(&src, o->input, d)))
			goto fail_src;
		have_src = true;
		st = request_read(&src, &col, d, false);
	}
	if (st == SP_OK)
		st = collector_finish(&col);
	if (st == SP_OK && diag_has_errors(d))
		st = d->worst;
	if (st)
		goto fail;
	if ((st = profiles_build(&col.acc, col.labels.cluster_ids, o->top, o->lang, &pl)))
		goto fail;
	if ((st = render(o, &pl, &text, &text_len)))
		goto fail;
	st = output_commit(&out, text, text_len, d);
	goto out;
fail_src:
fail:
	if (st == SP_OSERR && !diag_has_errors(d))
		diag_error(d, SP_OSERR, UINT64_MAX, NULL, 0, 0, NULL, "out of memory");
	output_abort(&out);
out:
	free(text);
	profiles_free(&pl);
	collector_fini(&col);
	if (have_src)
		source_close(&src);
	return st;
}
