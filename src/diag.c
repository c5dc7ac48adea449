/* SPDX-License-Identifier: MIT */
/* diag: collecting, ordering, capping and printing diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

void diag_init(diag *d)
{
	memset(d, 0, sizeof *d);
}

static void entry_fini(diag_entry *e)
{
	free(e->file);
	free(e->pointer);
	free(e->message);
}

void diag_fini(diag *d)
{
	for (size_t i = 0; i < d->n_kept; i++)
		entry_fini(&d->errors[i]);
	for (size_t i = 0; i < d->n_warnings; i++)
		entry_fini(&d->warnings[i]);
	free(d->errors);
	free(d->warnings);
	memset(d, 0, sizeof *d);
}

static char *xstrdup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* Insert e keeping errors sorted by ord (stable) and at most DIAG_MAX_SHOWN. */
static void keep_error(diag *d, diag_entry e)
{
	if (!d->errors) {
		d->errors = calloc(DIAG_MAX_SHOWN, sizeof *d->errors);
		if (!d->errors) {
			d->oom = true;
			entry_fini(&e);
			return;
		}
	}
	size_t at = d->n_kept;
	while (at > 0 && d->errors[at - 1].ord > e.ord)
		at--;
	if (at >= DIAG_MAX_SHOWN) {
		entry_fini(&e);
		return;
	}
	if (d->n_kept == DIAG_MAX_SHOWN) {
		entry_fini(&d->errors[DIAG_MAX_SHOWN - 1]);
		d->n_kept--;
	}
	memmove(&d->errors[at + 1], &d->errors[at], (d->n_kept - at) * sizeof e);
	d->errors[at] = e;
	d->n_kept++;
}

void diag_error(diag *d, sp_status st, uint64_t ord, const char *file, long line,
		long col, const char *pointer, const char *fmt, ...)
{
	if (d->worst == SP_OK)
		d->worst = st;
	d->n_errors++;
	/* Past the cap only the count matters: skip formatting on hot error paths. */
	if (d->n_kept == DIAG_MAX_SHOWN && d->errors[DIAG_MAX_SHOWN - 1].ord <= ord)
		return;
	diag_entry e = {.ord = ord, .line = line, .col = col, .exit = (int)st};
	va_list ap;
	va_start(ap, fmt);
	e.message = vformat(fmt, ap);
	va_end(ap);
	e.file = xstrdup_or_null(file);
	e.pointer = xstrdup_or_null(pointer);
	if (!e.message || (file && !e.file) || (pointer && !e.pointer)) {
		d->oom = true;
		entry_fini(&e);
		return;
	}
	keep_error(d, e);
}

void diag_warning(diag *d, const char *file, const char *fmt, ...)
{
	diag_entry *w = realloc(d->warnings, (d->n_warnings + 1) * sizeof *w);
	if (!w) {
		d->oom = true;
		return;
	}
	d->warnings = w;
	diag_entry e = {0};
	va_list ap;
	va_start(ap, fmt);
	e.message = vformat(fmt, ap);
	va_end(ap);
	e.file = xstrdup_or_null(file);
	if (!e.message) {
		entry_fini(&e);
		d->oom = true;
		return;
	}
	d->warnings[d->n_warnings++] = e;
}

void diag_merge(diag *dst, diag *src)
{
	if (dst->worst == SP_OK)
		dst->worst = src->worst;
	dst->n_errors += src->n_errors - src->n_kept;
	for (size_t i = 0; i < src->n_kept; i++) {
		dst->n_errors++;
		keep_error(dst, src->errors[i]);
	}
	src->n_kept = 0;
	for (size_t i = 0; i < src->n_warnings; i++) {
		diag_entry *w = realloc(dst->warnings, (dst->n_warnings + 1) * sizeof *w);
		if (!w) {
			entry_fini(&src->warnings[i]);
			dst->oom = true;
			continue;
		}
		dst->warnings = w;
		dst->warnings[dst->n_warnings++] = src->warnings[i];
	}
	src->n_warnings = 0;
	dst->oom |= src->oom;
	diag_fini(src);
}

bool diag_has_errors(const diag *d)
{
	return d->n_errors > 0;
}

static void print_entry(const diag_entry *e, FILE *out, diag_format fmt, bool warning)
{
	if (fmt == DIAG_JSON) {
		jsonout_diag(out, e->file, e->line, e->col, e->pointer, e->message,
			     warning ? 0 : e->exit, warning);
		return;
	}
	fputs("segprof: ", out);
	if (warning)
		fputs("warning: ", out);
	if (e->file) {
		fputs(e->file, out);
		if (e->line > 0) {
			fprintf(out, ":%ld", e->line);
			if (e->col > 0)
				fprintf(out, ":%ld", e->col);
		}
		fputs(": ", out);
	}
	/* The root pointer "" (the whole document, or an NDJSON line) adds
	 * nothing to FILE[:LINE] in text. */
	if (e->pointer && e->pointer[0])
		fprintf(out, "%s: ", e->pointer);
	fputs(e->message, out);
	fputc('\n', out);
}

void diag_print(const diag *d, FILE *out, diag_format fmt, bool quiet)
{
	if (d->n_errors > 0) {
		for (size_t i = 0; i < d->n_kept; i++)
			print_entry(&d->errors[i], out, fmt, false);
		uint64_t more = d->n_errors - d->n_kept;
		if (more > 0) {
			diag_entry e = {.message = NULL, .exit = (int)d->worst};
			char msg[96];
			snprintf(msg, sizeof msg, "\xe2\x80\xa6 and %llu more error%s",
				 (unsigned long long)more, more == 1 ? "" : "s");
			e.message = msg;
			print_entry(&e, out, fmt, false);
		}
		if (d->oom) {
			/* static text: nothing left to allocate with */
			diag_entry e = {.message = (char *)"out of memory while recording errors",
					.exit = (int)d->worst};
			print_entry(&e, out, fmt, false);
		}
		return;
	}
	if (quiet)
		return;
	for (size_t i = 0; i < d->n_warnings; i++)
		print_entry(&d->warnings[i], out, fmt, true);
	if (d->oom) {
		/* static text: nothing left to allocate with */
		diag_entry e = {.message = (char *)"out of memory: a warning was lost"};
		print_entry(&e, out, fmt, true);
	}
}

void diag_say(FILE *out, diag_format fmt, sp_status st, const char *fmt_, ...)
{
	va_list ap;
	va_start(ap, fmt_);
	char *msg = vformat(fmt_, ap);
	va_end(ap);
	diag_entry e = {.message = msg ? msg : (char *)"out of memory", .exit = (int)st};
	print_entry(&e, out, fmt, false);
	free(msg);
}

char *pointer_append(const char *base, const char *token, size_t len)
{
	size_t blen = strlen(base), extra = 0;
	for (size_t i = 0; i < len; i++)
		extra += token[i] == '~' || token[i] == '/';
	char *p = malloc(blen + 1 + len + extra + 1);
	if (!p)
		return NULL;
	memcpy(p, base, blen);
	char *w = p + blen;
	*w++ = '/';
	for (size_t i = 0; i < len; i++) {
		if (token[i] == '~') {
			*w++ = '~';
			*w++ = '0';
		} else if (token[i] == '/') {
			*w++ = '~';
			*w++ = '1';
		} else {
			*w++ = token[i];
		}
	}
	*w = '\0';
	return p;
}
