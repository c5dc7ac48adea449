/* SPDX-License-Identifier: MIT */
/* filechunk: the lines of a regular file cut into chunks of about the same
 * size, which workers read for themselves (pread) instead of taking copies
 * from one reader thread (segprof(1) PERFORMANCE).
 *
 * Chunk k covers the bytes [start + k*size, start + (k+1)*size) and holds
 * the lines that start there (the last chunk: every line from its start to
 * the end of the file); a line that goes on past the chunk is read on until
 * its end.  Its lines are numbered from file_chunk_first_ord(k): in input
 * order, but not the lines' numbers, which only a reading from the start
 * knows. */
#ifndef SEGPROF_FILECHUNK_H
#define SEGPROF_FILECHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

enum {
	/* a chunk's lines are numbered (k << FILE_CHUNK_ORD_SHIFT) + 1, ...:
	 * a chunk holds fewer lines than 2^32, and the ords of at most
	 * FILE_CHUNK_MAX chunks fit in 48 bits (the join keeps that many) */
	FILE_CHUNK_ORD_SHIFT = 32,
	FILE_CHUNK_MAX = 1 << 16,
};

typedef struct file_chunks {
	int fd;
	uint64_t start;      /* the first line's first byte (after a BOM) */
	uint64_t end;        /* the file's size when it was opened */
	uint64_t size;       /* bytes a chunk */
	uint64_t count;      /* chunks */
	uint64_t next;       /* the next chunk to take (atomic) */
	uint64_t done_bytes; /* bytes of the chunks taken so far (atomic) */
	size_t max_line;     /* a longer line is not read here (SP_RETRY) */
	bool no_quotes;      /* CSV: a chunk that holds a '"' is declined
				(SP_RETRY), for a quoted field may hold line
				ends, and where a chunk starts no record may
				be open only if no chunk holds a quote */
} file_chunks;

/* Cut the bytes [start, end) of fd into chunks of at least min_size bytes;
 * false when the file is too big for FILE_CHUNK_MAX chunks of a size no
 * line longer than max_line could hide in. */
bool file_chunks_init(file_chunks *fc, int fd, uint64_t start, uint64_t end, size_t min_size,
		      size_t max_line);

/* The next chunk's index into *k (safe from any thread); false when every
 * chunk is taken. */
bool file_chunks_take(file_chunks *fc, uint64_t *k);

/* The lines of chunk k, read into *buf (grown as needed, *cap its size):
 * [*text, *text + *len) is whole lines, the last one's '\n' included unless
 * the file ends without one; *len 0 when no line starts in the chunk.
 * SP_IOERR: a read failed (errno set); SP_OSERR: out of memory; SP_RETRY:
 * a line longer than max_line, or a quote with no_quotes (for the reader
 * from the start to judge). */
sp_status file_chunk_read(file_chunks *fc, uint64_t k, char **buf, size_t *cap, const char **text,
			  size_t *len);

/* The ord of chunk k's first line. */
static inline uint64_t file_chunk_first_ord(uint64_t k)
{
	return (k << FILE_CHUNK_ORD_SHIFT) + 1;
}

#endif
