/* SPDX-License-Identifier: MIT */
/* source: an input file (or standard input) read in chunks into a sliding
 * window, with the line/column bookkeeping needed to name a byte of it.
 * Nothing bigger than the part still needed is kept in memory.
 *
 * A gzip or zstd stream (known by its first bytes) is decoded on a thread of
 * its own: the window then holds the decompressed text, and offsets, lines
 * and columns are in it.  Such a source has no size and cannot seek. */
#ifndef SEGPROF_SOURCE_H
#define SEGPROF_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decompress.h"
#include "diag.h"
#include "progress.h"

typedef struct source {
	char *name;          /* for messages: the path, or "<stdin>" */
	int fd;
	bool owns_fd;
	char *buf;           /* window: buf[0..len) is file bytes [base, base+len) */
	size_t len, cap;
	uint64_t base;
	uint64_t base_line;  /* 1-based line of buf[0] */
	uint64_t base_col;   /* 0-based byte column of buf[0] */
	uint64_t mark_off;   /* source_mark_line's offset ... */
	uint64_t mark_line;  /* ... and line, 0 if none */
	bool eof;
	int err;             /* errno of a failed read, 0 if none */
	uint64_t total;      /* file size if known (regular, uncompressed
				file), else 0 */
	bool regular;        /* a regular file (compressed or not): reading
				it never waits on a writer */
	compression compression;
	decoder *z;          /* compressed: its decoder, else NULL */
	const char *bad;     /* err EBADMSG: what is wrong with the
				compressed stream */
	const bool *cancel;  /* when set to true (by another thread), reading
				fails with ECANCELED; NULL: never */
	progress prog;
} source;

/* Report reading progress on standard error (mode: -1 auto, 0 off, 1 on). */
void source_progress(source *s, int mode);

/* Open path ("-" or NULL: standard input) and look at its first bytes: a
 * compressed stream starts being decoded.  SP_NOINPUT with a message in d
 * when it cannot be opened or is a directory, SP_OSERR when the decoder
 * cannot start (then nothing is left open). */
sp_status source_open(source *s, const char *path, diag *d);
void source_close(source *s);

/* Read more bytes, first discarding those before absolute offset keep.
 * Returns the number of bytes added: 0 at end of input (s->eof) or on a read
 * error (s->err set). */
size_t source_fill(source *s, uint64_t keep);

/* Absolute offset off, in the window, is the first byte of line `line`:
 * told by a reader that knows, so that dropping the bytes before it later
 * need not count their lines. */
static inline void source_mark_line(source *s, uint64_t off, uint64_t line)
{
	s->mark_off = off;
	s->mark_line = line;
}

/* Go on reading a regular file at absolute offset off, dropping the window;
 * the byte there is at line `line` (1-based) and byte column `col`
 * (0-based).  false (errno set) if the file cannot seek (or is
 * compressed). */
bool source_seek(source *s, uint64_t off, uint64_t line, uint64_t col);

/* About how many records the rest of a regular file holds from offset from
 * (which must be the window's start or in it, with nothing before it
 * needed), from the bytes per sep in its first 64 KiB (at least 8): a hint
 * for sizing a table so that it is neither rehashed as it fills nor much too
 * big.  0 when the size is unknown. */
size_t source_records_estimate(source *s, uint64_t from, char sep);

/* Record why reading failed (s->err) and return the status: an allocation
 * failure is SP_OSERR "out of memory", a damaged compressed stream
 * SP_DATAERR, anything else SP_IOERR. */
sp_status source_error(const source *s, diag *d, uint64_t key);

/* Line (1-based) and column (1-based, in bytes) of absolute offset off, which
 * must still be in the window. */
void source_linecol(const source *s, uint64_t off, long *line, long *col);

#endif
