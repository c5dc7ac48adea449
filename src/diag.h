/* SPDX-License-Identifier: MIT */
/* diag: status codes (sysexits) and the diagnostics a run collects.
 *
 * Errors are values: every function that can fail returns an sp_status and,
 * for data errors, records a diagnostic here.  Nothing is printed until the
 * run ends, so that errors found by different workers come out in input
 * order and are capped at DIAG_MAX_SHOWN. */
#ifndef SEGPROF_DIAG_H
#define SEGPROF_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum sp_status {
	SP_OK = 0,
	SP_USAGE = 64,    /* EX_USAGE */
	SP_DATAERR = 65,  /* EX_DATAERR */
	SP_NOINPUT = 66,  /* EX_NOINPUT */
	SP_SOFTWARE = 70, /* EX_SOFTWARE */
	SP_OSERR = 71,    /* EX_OSERR: out of memory, other system failure */
	SP_IOERR = 74,    /* EX_IOERR */
	/* Internal, never an exit status: the run is to be done again without
	 * reading the labels ahead (run.c). */
	SP_RETRY = 1000,
} sp_status;

/* Whether a status ends the reading at once (a data error does not: reading
 * goes on to report the next ones). */
static inline bool status_is_fatal(sp_status st)
{
	return st == SP_OSERR || st == SP_IOERR || st == SP_SOFTWARE || st == SP_RETRY;
}

enum { DIAG_MAX_SHOWN = 20 };

typedef enum diag_format { DIAG_TEXT, DIAG_JSON } diag_format;

typedef struct diag_entry {
	uint64_t ord;    /* sort key: position of the cause in the input */
	char *file;      /* NULL: not about a file */
	long line, col;  /* 0: unknown */
	char *pointer;   /* JSON Pointer, NULL if none */
	char *message;
	int exit;        /* sp_status it maps to; 0 for warnings */
} diag_entry;

typedef struct diag {
	diag_entry *errors; /* the DIAG_MAX_SHOWN smallest by ord, kept sorted */
	size_t n_kept;
	uint64_t n_errors;  /* all errors, shown or not */
	diag_entry *warnings;
	size_t n_warnings;
	sp_status worst;    /* first fatal status recorded */
	bool oom;           /* a diagnostic itself could not be stored */
} diag;

void diag_init(diag *d);
void diag_fini(diag *d);

/* Record an error.  file/pointer may be NULL; line/col 0 when unknown. */
void diag_error(diag *d, sp_status st, uint64_t ord, const char *file, long line,
		long col, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void diag_warning(diag *d, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Move every entry of src into dst (src is left empty). */
void diag_merge(diag *dst, diag *src);

bool diag_has_errors(const diag *d);

/* Print errors (capped) or, if there are none, warnings, to out. */
void diag_print(const diag *d, FILE *out, diag_format fmt, bool quiet);

/* Print one message at once, outside a run (usage and system errors). */
void diag_say(FILE *out, diag_format fmt, sp_status st, const char *fmt_, ...)
	__attribute__((format(printf, 4, 5)));

/* Append a JSON Pointer reference token (RFC 6901: ~ -> ~0, / -> ~1). */
char *pointer_append(const char *base, const char *token, size_t len);

#endif
