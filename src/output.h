/* SPDX-License-Identifier: MIT */
/* output: where the profiles go.  Standard output, or -o FILE written to a
 * temporary file beside FILE and renamed into place only on success, so that
 * FILE is either the old one or the complete new one.  The temporary file
 * has no name (O_TMPFILE) until it is complete, where the file system
 * allows, so that even a killed run leaves nothing behind; the directory is
 * synced after the rename.  A symlink FILE keeps
 * being a link (its target is replaced); an existing device or FIFO
 * (/dev/null, a named pipe) is written through, as sort -o does.  The temporary file is
 * created before any input is read, so that an unwritable destination fails
 * before the work is done. */
#ifndef SEGPROF_OUTPUT_H
#define SEGPROF_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct output {
	const char *path;  /* NULL: standard output */
	char *target;      /* the file to replace: path with symlinks resolved */
	char *tmp_path;    /* the temporary file's name, once it has one */
	int fd;
	bool named;        /* the temporary file has a name (tmp_path) to remove */
	unsigned mode;     /* permission bits for the new file */
	bool direct;       /* an existing device or FIFO: written through, not replaced */
} output;

sp_status output_open(output *out, const char *path, diag *d);
/* Write all of data and commit (rename).  On failure the destination is
 * untouched and the temporary file removed. */
sp_status output_commit(output *out, const char *data, size_t len, diag *d);
/* Give up: remove the temporary file. */
void output_abort(output *out);

/* Remove a pending temporary file if a fatal signal arrives. */
void output_install_signal_cleanup(void);

#endif
