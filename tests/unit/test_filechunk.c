/* SPDX-License-Identifier: MIT */
/* file_chunks: every line read exactly once, whole, by the chunk it starts
 * in, whatever the chunk size; long lines and a shrunk file declined. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "filechunk.h"
#include "tap.h"

/* A file holding text[0..n), as a descriptor. */
static int file_of(const char *text, size_t n)
{
	int fd = memfd_create("chunks", 0);
	if (fd < 0 || write(fd, text, n) != (ssize_t)n)
		abort();
	return fd;
}

/* Whether reading text[start..n) in chunks of size bytes gives back its
 * bytes in order, each chunk whole lines (starting after a '\n' or at
 * start, ending with one or at the end). */
static bool reads_back(const char *text, size_t n, size_t start, size_t size)
{
	int fd = file_of(text, n);
	file_chunks fc;
	bool ok = file_chunks_init(&fc, fd, start, n, size, 1 << 20);
	char *buf = NULL, *got = malloc(n + 1);
	size_t cap = 0, at = start;
	uint64_t k, want_k = 0;
	while (ok && file_chunks_take(&fc, &k)) {
		const char *t;
		size_t len;
		ok = k == want_k++ && file_chunk_read(&fc, k, &buf, &cap, &t, &len) == SP_OK;
		if (!ok || !len)
			continue;
		ok = at + len <= n && memcmp(t, text + at, len) == 0 &&
		     (at == start || text[at - 1] == '\n') && (t[len - 1] == '\n' || at + len == n);
		at += len;
	}
	ok = ok && at == n && want_k == fc.count && fc.done_bytes == n - start;
	free(buf);
	free(got);
	close(fd);
	return ok;
}

/* Lines of random lengths (0 to max_len bytes before the '\n', some blank),
 * n bytes in all; the last without its '\n' when open_end. */
static char *random_lines(size_t n, size_t max_len, bool open_end)
{
	char *t = malloc(n);
	for (size_t i = 0; i < n;) {
		size_t len = (size_t)(rng() % (max_len + 1));
		for (size_t j = 0; j < len && i < n; j++)
			t[i++] = (char)('a' + rng() % 26);
		if (i < n)
			t[i++] = '\n';
	}
	if (n)
		t[n - 1] = open_end ? 'z' : '\n';
	return t;
}

int main(void)
{
	rng_state = 42;
	static const char *fixed[] = {"",
				      "\n",
				      "\n\n\n",
				      "a",
				      "a\n",
				      "ab\ncd",
				      "ab\ncd\n",
				      "\xef\xbb\xbf{\"id\":1}\n{\"id\":2}\n",
				      "x\n\ny\r\n\nz"};
	bool all = true;
	for (size_t f = 0; f < sizeof fixed / sizeof *fixed; f++) {
		size_t n = strlen(fixed[f]), start = fixed[f][0] == '\xef' ? 3 : 0;
		for (size_t size = 1; size <= n + 2; size++)
			all &= reads_back(fixed[f], n, start, size);
	}
	CHECK(all, "short files (empty, blank lines, no final newline, a BOM): every chunk size");
	all = true;
	for (int round = 0; round < 40; round++) {
		size_t n = 1 + (size_t)(rng() % 3000), max_len = 1 + (size_t)(rng() % 200);
		char *t = random_lines(n, max_len, round % 2);
		size_t sizes[] = {1, 2, 3, 7, 64, 100, 999, n, n + 1, 1 + (size_t)(rng() % 500)};
		for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
			all &= reads_back(t, n, 0, sizes[i]);
		free(t);
	}
	CHECK(all, "random lines, shorter and longer than a chunk: read back exactly");

	/* a line longer than max_line: declined where it is met */
	char longline[300];
	memset(longline, 'x', sizeof longline);
	longline[0] = '\n';
	longline[sizeof longline - 1] = '\n';
	int fd = file_of(longline, sizeof longline);
	file_chunks fc;
	char *buf = NULL;
	size_t cap = 0, len;
	const char *t;
	CHECK(file_chunks_init(&fc, fd, 0, sizeof longline, 16, 100), "chunks of 16, lines of 100");
	sp_status first = file_chunk_read(&fc, 0, &buf, &cap, &t, &len);
	CHECK(first == SP_RETRY, "the chunk where a too long line starts declines it: %d", first);
	sp_status inside = file_chunk_read(&fc, 5, &buf, &cap, &t, &len);
	CHECK(inside == SP_OK && len == 0, "a chunk inside that line holds no line");
	CHECK(!file_chunks_init(&fc, fd, 0, sizeof longline, 200, 100),
	      "a chunk bigger than the longest line allowed: refused");
	CHECK(file_chunks_init(&fc, fd, 0, sizeof longline + 50, 16, 1000) &&
		      file_chunk_read(&fc, fc.count - 1, &buf, &cap, &t, &len) == SP_RETRY,
	      "a file shorter than when it was opened: declined");
	close(fd);

	/* CSV: a chunk that holds a quote, even in the line read past its end */
	static const char csv[] = "a,1\nb,2\nc,\"3\"\nd,4\n";
	fd = file_of(csv, sizeof csv - 1);
	CHECK(file_chunks_init(&fc, fd, 0, sizeof csv - 1, 5, 100), "CSV in chunks of 5");
	fc.no_quotes = true;
	sp_status quoted[4];
	for (uint64_t k = 0; k < 4; k++)
		quoted[k] = file_chunk_read(&fc, k, &buf, &cap, &t, &len);
	CHECK(quoted[0] == SP_OK && quoted[1] == SP_RETRY && quoted[2] == SP_OK && quoted[3] == SP_OK,
	      "no_quotes: the chunk of the line with a quote declines, the others read (%d %d %d %d)",
	      quoted[0], quoted[1], quoted[2], quoted[3]);
	fc.no_quotes = false;
	CHECK(file_chunk_read(&fc, 1, &buf, &cap, &t, &len) == SP_OK && len == 6 &&
		      memcmp(t, "c,\"3\"\n", 6) == 0,
	      "without no_quotes: read as it is");
	close(fd);
	free(buf);
	buf = NULL;
	cap = 0;

	CHECK(file_chunks_init(&fc, -1, 0, (uint64_t)1 << 40, 1 << 20, 64 << 20) &&
		      fc.count < FILE_CHUNK_MAX && fc.size * fc.count >= (uint64_t)1 << 40,
	      "a terabyte: fewer than FILE_CHUNK_MAX chunks (%llu of %llu bytes)",
	      (unsigned long long)fc.count, (unsigned long long)fc.size);
	CHECK(!file_chunks_init(&fc, -1, 0, (uint64_t)1 << 50, 1 << 20, 64 << 20),
	      "a petabyte: chunks larger than a line may be, refused");
	CHECK(file_chunk_first_ord(1) > file_chunk_first_ord(0) + UINT32_MAX &&
		      file_chunk_first_ord(FILE_CHUNK_MAX - 1) < (uint64_t)1 << 48,
	      "ords: a chunk's lines before the next chunk's, all below 2^48");
	return tap_done();
}
