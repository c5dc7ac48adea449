/* SPDX-License-Identifier: MIT */
/* filechunk: a regular file's lines, chunk by chunk. */
#include "filechunk.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"

/* bytes read at a time past a chunk's end, for a line that goes on */
enum { READ_ON = 64 << 10 };

bool file_chunks_init(file_chunks *fc, int fd, uint64_t start, uint64_t end, size_t min_size,
		      size_t max_line)
{
	uint64_t bytes = end > start ? end - start : 0;
	uint64_t size = min_size ? min_size : 1;
	if (bytes / size >= FILE_CHUNK_MAX)
		size = bytes / (FILE_CHUNK_MAX - 1) + 1;
	if (size > max_line)
		return false;
	*fc = (file_chunks){.fd = fd,
			    .start = start,
			    .end = end,
			    .size = size,
			    .count = bytes ? (bytes - 1) / size + 1 : 0,
			    .max_line = max_line};
	return true;
}

/* The bytes [*lo, *hi) of chunk k, where its lines start. */
static void chunk_bounds(const file_chunks *fc, uint64_t k, uint64_t *lo, uint64_t *hi)
{
	*lo = fc->start + k * fc->size;
	*hi = k + 1 == fc->count ? fc->end : *lo + fc->size;
}

bool file_chunks_take(file_chunks *fc, uint64_t *k)
{
	uint64_t next = __atomic_fetch_add(&fc->next, 1, __ATOMIC_RELAXED), lo, hi;
	if (next >= fc->count)
		return false;
	chunk_bounds(fc, next, &lo, &hi);
	__atomic_fetch_add(&fc->done_bytes, hi - lo, __ATOMIC_RELAXED);
	*k = next;
	return true;
}

/* Read up to n bytes at offset off into dst; *got: how many (fewer at the
 * end of the file).  false on a read error (errno set). */
static bool read_at(int fd, char *dst, size_t n, uint64_t off, size_t *got)
{
	size_t have = 0;
	while (have < n) {
		ssize_t r = pread(fd, dst + have, n - have, (off_t)(off + have));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false;
		if (r == 0)
			break;
		have += (size_t)r;
	}
	*got = have;
	return true;
}

/* Read on past buf[0..*have) (file bytes from offset from) until a '\n' at
 * or after index scan, or the end of the file; *end: the index after that
 * '\n' (or *have at the end).  SP_RETRY when the line from index line_start
 * is longer than max_line (not counting its '\n'). */
static sp_status read_to_line_end(file_chunks *fc, uint64_t from, size_t scan, size_t line_start,
				  char **buf, size_t *cap, size_t *have, size_t *end)
{
	for (;;) {
		const char *nl = memchr(*buf + scan, '\n', *have - scan);
		size_t line_end = nl ? (size_t)(nl - *buf) : *have;
		if (line_end - line_start > fc->max_line)
			return SP_RETRY;
		if (nl) {
			*end = line_end + 1;
			return SP_OK;
		}
		size_t got;
		if (!grow_room(buf, cap, *have + READ_ON, 1, READ_ON))
			return SP_OSERR;
		if (!read_at(fc->fd, *buf + *have, READ_ON, from + *have, &got))
			return SP_IOERR;
		if (got == 0) {
			*end = *have;
			return SP_OK;
		}
		scan = *have;
		*have += got;
	}
}

sp_status file_chunk_read(file_chunks *fc, uint64_t k, char **buf, size_t *cap, const char **text,
			  size_t *len)
{
	uint64_t lo, hi;
	chunk_bounds(fc, k, &lo, &hi);
	/* from the byte before the chunk: whether a line starts at its first */
	uint64_t from = k ? lo - 1 : lo;
	size_t n = (size_t)(hi - from), got, first = 0, end;
	*len = 0;
	if (!grow_room(buf, cap, n, 1, READ_ON))
		return SP_OSERR;
	if (!read_at(fc->fd, *buf, n, from, &got))
		return SP_IOERR;
	if (got < n)
		return SP_RETRY; /* shorter than when it was opened */
	if (k) {
		const char *nl = memchr(*buf, '\n', n);
		if (!nl || (size_t)(nl - *buf) + 1 >= n)
			return SP_OK; /* inside a line that started before */
		first = (size_t)(nl - *buf) + 1;
	}
	/* the last line that starts in the chunk ends at the first '\n' from
	 * the chunk's last byte on */
	const char *before = n - 1 > first ? memrchr(*buf + first, '\n', n - 1 - first) : NULL;
	size_t last_start = before ? (size_t)(before - *buf) + 1 : first;
	size_t have = n;
	sp_status st = read_to_line_end(fc, from, n - 1, last_start, buf, cap, &have, &end);
	if (st)
		return st;
	if (fc->no_quotes && memchr(*buf + first, '"', end - first))
		return SP_RETRY;
	*text = *buf + first;
	*len = end - first;
	return SP_OK;
}
