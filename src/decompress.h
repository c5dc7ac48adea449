/* SPDX-License-Identifier: MIT */
/* decompress: gzip and zstd input, recognised by their magic bytes (never by
 * the file name) and decoded on a thread of its own into a small queue of
 * blocks, so that the parser reading the text keeps its pace.
 *
 * A stream may hold several gzip members or zstd frames one after the other
 * (`gzip -c a >> f`); they are one text.  See segprof(1), COMPRESSED INPUT. */
#ifndef SEGPROF_DECOMPRESS_H
#define SEGPROF_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum compression {
	COMPRESSION_NONE,
	COMPRESSION_GZIP,
	COMPRESSION_ZSTD,
} compression;

/* Bytes compression_detect needs to see (fewer: only what a file that short
 * holds). */
enum { COMPRESSION_MAGIC_LEN = 4 };

/* The compression announced by the first n bytes of a file. */
compression compression_detect(const unsigned char *head, size_t n);

typedef struct decoder decoder;

/* Start decoding the stream read from fd, whose first n bytes (n <=
 * COMPRESSION_MAGIC_LEN) were already read into head.  NULL with errno set
 * (ENOMEM, or why no thread could be started); fd stays the caller's. */
decoder *decoder_start(int fd, compression kind, const unsigned char *head, size_t n);

/* Up to cap decompressed bytes into buf, waiting until there are some.
 * 0 at the end of the stream or when it cannot go on: then *err is 0 (the
 * end), EBADMSG with *what saying what is wrong with the stream, or the
 * errno of a failed read or allocation. */
size_t decoder_read(decoder *z, char *buf, size_t cap, int *err, const char **what);

/* Stop the thread, however far it got, and free everything (the fd is not
 * closed).  NULL is fine. */
void decoder_free(decoder *z);

#endif
