/* SPDX-License-Identifier: MIT */
/* source: chunked reading with a sliding window. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytescan.h"

/* Read size; the fuzzing build makes it tiny so that small inputs cross
 * window refills everywhere. */
#ifndef SEGPROF_CHUNK
#define SEGPROF_CHUNK (1 << 20)
#endif
enum { CHUNK = SEGPROF_CHUNK };

/* Room for CHUNK more bytes in the window (and the NUL after them). */
static bool reserve(source *s)
{
	if (s->cap - s->len >= CHUNK)
		return true;
	size_t cap = s->cap ? s->cap : CHUNK * 2;
	while (cap - s->len < CHUNK)
		cap *= 2;
	char *b = realloc(s->buf, cap + 1);
	if (!b)
		return false;
	s->buf = b;
	s->cap = cap;
	return true;
}

/* Read up to n bytes (fewer only at the end of the input); errno or 0. */
static int read_head(int fd, unsigned char *head, size_t n, size_t *got)
{
	*got = 0;
	while (*got < n) {
		ssize_t r = read(fd, head + *got, n - *got);
		if (r == 0)
			break;
		if (r < 0 && errno != EINTR)
			return errno;
		if (r > 0)
			*got += (size_t)r;
	}
	return 0;
}

/* The first bytes tell whether the input is compressed: if so, a decoder
 * reads the rest; if not, they start the window. */
static sp_status start_reading(source *s, diag *d)
{
	unsigned char head[COMPRESSION_MAGIC_LEN];
	size_t n;
	s->err = read_head(s->fd, head, sizeof head, &n);
	if (s->err)
		return SP_OK; /* reported by the first source_fill's caller */
	s->compression = compression_detect(head, n);
	if (s->compression == COMPRESSION_NONE) {
		if (!reserve(s)) {
			s->err = ENOMEM;
			return SP_OK;
		}
		memcpy(s->buf, head, n);
		s->len = n;
		s->buf[n] = '\0';
		s->eof = n < sizeof head;
		return SP_OK;
	}
	s->total = 0; /* the decompressed size is not known */
	s->z = decoder_start(s->fd, s->compression, head, n);
	if (s->z)
		return SP_OK;
	if (errno == ENOMEM)
		diag_error(d, SP_OSERR, 0, NULL, 0, 0, NULL, "out of memory");
	else
		diag_error(d, SP_OSERR, 0, s->name, 0, 0, NULL, "cannot start decompressing: %s",
			   strerror(errno));
	return SP_OSERR;
}

sp_status source_open(source *s, const char *path, diag *d)
{
	memset(s, 0, sizeof *s);
	s->base_line = 1;
	s->fd = -1;
	bool is_stdin = !path || strcmp(path, "-") == 0;
	s->name = strdup(is_stdin ? "<stdin>" : path);
	if (!s->name) {
		diag_error(d, SP_OSERR, UINT64_MAX, NULL, 0, 0, NULL, "out of memory");
		return SP_OSERR;
	}
	if (is_stdin) {
		s->fd = STDIN_FILENO;
	} else {
		s->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0) {
			diag_error(d, SP_NOINPUT, 0, s->name, 0, 0, NULL, "cannot open: %s",
				   strerror(errno));
			source_close(s); /* a failed open leaves nothing to close */
			return SP_NOINPUT;
		}
		s->owns_fd = true;
	}
	struct stat st;
	if (fstat(s->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			diag_error(d, SP_NOINPUT, 0, s->name, 0, 0, NULL, "cannot open: %s",
				   strerror(EISDIR));
			source_close(s);
			return SP_NOINPUT;
		}
		if (S_ISREG(st.st_mode)) {
			s->regular = true;
			s->total = (uint64_t)st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
			posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
		}
	}
	sp_status started = start_reading(s, d);
	if (started)
		source_close(s);
	return started;
}

void source_progress(source *s, int mode)
{
	progress_init(&s->prog, mode, s->name, s->total);
}

void source_close(source *s)
{
	progress_end(&s->prog);
	decoder_free(s->z); /* before its fd goes */
	if (s->owns_fd && s->fd >= 0)
		close(s->fd);
	free(s->buf);
	free(s->name);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}

/* Advance base_line/base_col over the n bytes about to be discarded: their
 * newlines counted from the line start marked last, if it is among them. */
static void account(source *s, size_t n)
{
	size_t from = 0;
	if (s->mark_line && s->mark_off >= s->base && s->mark_off - s->base <= n) {
		from = (size_t)(s->mark_off - s->base);
		s->base_line = s->mark_line;
		s->base_col = 0;
	}
	const char *p = s->buf + from;
	size_t lines = bytescan_count(p, n - from, '\n');
	if (lines) {
		s->base_line += lines;
		s->base_col = (uint64_t)(p + (n - from) - (const char *)memrchr(p, '\n', n - from) - 1);
	} else {
		s->base_col += n - from;
	}
}

/* source_fill from the decoder. */
static size_t fill_decoded(source *s)
{
	int err;
	const char *what;
	size_t n = decoder_read(s->z, s->buf + s->len, s->cap - s->len, &err, &what);
	if (n == 0) {
		s->eof = err == 0;
		s->err = err;
		s->bad = err == EBADMSG ? what : NULL;
		return 0;
	}
	s->len += n;
	progress_update(&s->prog, s->base + s->len);
	s->buf[s->len] = '\0';
	return n;
}

size_t source_fill(source *s, uint64_t keep)
{
	if (s->eof || s->err)
		return 0;
	if (s->cancel && __atomic_load_n(s->cancel, __ATOMIC_RELAXED)) {
		s->err = ECANCELED;
		return 0;
	}
	if (keep > s->base) {
		size_t drop = (size_t)(keep - s->base);
		if (drop > s->len)
			drop = s->len;
		account(s, drop);
		memmove(s->buf, s->buf + drop, s->len - drop);
		s->len -= drop;
		s->base += drop;
	}
	if (!reserve(s)) {
		s->err = ENOMEM;
		return 0;
	}
	if (s->z)
		return fill_decoded(s);
	for (;;) {
		ssize_t n = read(s->fd, s->buf + s->len, s->cap - s->len);
		if (n > 0) {
			s->len += (size_t)n;
			progress_update(&s->prog, s->base + s->len);
			s->buf[s->len] = '\0';
			return (size_t)n;
		}
		if (n == 0) {
			s->eof = true;
			return 0;
		}
		if (errno != EINTR) {
			s->err = errno;
			return 0;
		}
	}
}

bool source_seek(source *s, uint64_t off, uint64_t line, uint64_t col)
{
	if (s->z) {
		errno = ESPIPE;
		return false;
	}
	if (off > (uint64_t)INT64_MAX || lseek(s->fd, (off_t)off, SEEK_SET) != (off_t)off)
		return false;
	s->base = off;
	s->len = 0;
	s->base_line = line;
	s->base_col = col;
	s->mark_line = 0;
	s->eof = false;
	return true;
}

size_t source_records_estimate(source *s, uint64_t from, char sep)
{
	enum { SAMPLE = 1 << 16 };
	if (!s->total || from < s->base || from > s->total)
		return 0;
	while (s->base + s->len - from < SAMPLE && source_fill(s, from) > 0)
		;
	size_t have = (size_t)(s->base + s->len - from), records = 1;
	if (have > SAMPLE)
		have = SAMPLE;
	if (have) /* (nothing read: no buffer either) */
		for (const char *p = s->buf + (from - s->base), *e = p + have;
		     (p = memchr(p, sep, (size_t)(e - p))) != NULL; p++)
			records++;
	size_t per = have / records;
	/* (a floor, so that a file that starts with blank lines does not ask
	 * for a huge table) */
	return (size_t)((s->total - from) / (per < 8 ? 8 : per)) + 16;
}

void source_linecol(const source *s, uint64_t off, long *line, long *col)
{
	uint64_t ln = s->base_line, c = s->base_col;
	size_t end = off > s->base ? (size_t)(off - s->base) : 0;
	if (end > s->len)
		end = s->len;
	for (size_t i = 0; i < end; i++) {
		if (s->buf[i] == '\n') {
			ln++;
			c = 0;
		} else {
			c++;
		}
	}
	*line = (long)ln;
	*col = (long)c + 1;
}

sp_status source_error(const source *s, diag *d, uint64_t key)
{
	if (s->err == ENOMEM) {
		diag_error(d, SP_OSERR, key, NULL, 0, 0, NULL, "out of memory");
		return SP_OSERR;
	}
	if (s->err == EBADMSG && s->bad) {
		diag_error(d, SP_DATAERR, key, s->name, 0, 0, NULL, "%s", s->bad);
		return SP_DATAERR;
	}
	diag_error(d, SP_IOERR, key, s->name, 0, 0, NULL, "read error: %s", strerror(s->err));
	return SP_IOERR;
}
