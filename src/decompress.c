/* SPDX-License-Identifier: MIT */
/* decompress: gzip and zstd decoded on a thread of their own. */
#define ZLIB_CONST
#include "decompress.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* Decoded block and compressed read sizes; the fuzzing build makes them tiny
 * so that small inputs cross block and read boundaries everywhere. */
#ifndef SEGPROF_DECODE_BLOCK
#define SEGPROF_DECODE_BLOCK (256 << 10)
#endif
#ifndef SEGPROF_DECODE_IN
#define SEGPROF_DECODE_IN (256 << 10)
#endif
enum {
	BLOCK = SEGPROF_DECODE_BLOCK,
	/* Blocks decoded ahead of the reader: enough to ride out its pauses
	 * (a window refill, a full pipeline), little memory. */
	SLOTS = 4,
	IN_CHUNK = SEGPROF_DECODE_IN,
	WHAT_MAX = 200,
};

struct decoder {
	int fd;
	compression kind;
	unsigned char head[COMPRESSION_MAGIC_LEN];
	size_t head_len;
	unsigned char *in;         /* compressed bytes, IN_CHUNK */
	int wake[2];               /* a byte on it: stop waiting for input */
	pthread_mutex_t mu;
	pthread_cond_t ready;      /* a block was decoded, or the end */
	pthread_cond_t room;       /* a block was read, or cancel */
	char *block[SLOTS];
	size_t fill[SLOTS];
	unsigned first, count;     /* the reader's block; blocks ready */
	size_t off;                /* the reader's offset in block[first] */
	bool done, cancel;
	int err;                   /* at done: 0, EBADMSG (what), errno */
	char what[WHAT_MAX];
	pthread_t thread;
};

compression compression_detect(const unsigned char *h, size_t n)
{
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return COMPRESSION_GZIP;
	if (n >= 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd)
		return COMPRESSION_ZSTD;
	/* a zstd skippable frame (0x184D2A50..5F, little-endian) */
	if (n >= 4 && (h[0] & 0xf0) == 0x50 && h[1] == 0x2a && h[2] == 0x4d && h[3] == 0x18)
		return COMPRESSION_ZSTD;
	return COMPRESSION_NONE;
}

/* ---- the decoding thread's side of the queue ---- */

/* The block to decode into, once there is room; NULL: cancelled. */
static char *claim_block(decoder *z)
{
	pthread_mutex_lock(&z->mu);
	while (z->count == SLOTS && !z->cancel)
		pthread_cond_wait(&z->room, &z->mu);
	char *b = z->cancel ? NULL : z->block[(z->first + z->count) % SLOTS];
	pthread_mutex_unlock(&z->mu);
	return b;
}

/* The claimed block holds len bytes: hand it to the reader. */
static void publish(decoder *z, size_t len)
{
	if (len == 0)
		return;
	pthread_mutex_lock(&z->mu);
	z->fill[(z->first + z->count) % SLOTS] = len;
	z->count++;
	pthread_cond_signal(&z->ready);
	pthread_mutex_unlock(&z->mu);
}

/* No more blocks: err 0 (the end), EBADMSG with what, or an errno. */
static void finish(decoder *z, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void finish(decoder *z, int err, const char *fmt, ...)
{
	pthread_mutex_lock(&z->mu);
	z->err = err;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(z->what, sizeof z->what, fmt, ap);
		va_end(ap);
	}
	z->done = true;
	pthread_cond_signal(&z->ready);
	pthread_mutex_unlock(&z->mu);
}

/* Read compressed bytes; -1 with errno ECANCELED once decoder_free wakes
 * it (a pipe may never bring more). */
static ssize_t read_input(decoder *z, unsigned char *buf, size_t cap)
{
	for (;;) {
		struct pollfd p[2] = {{z->fd, POLLIN, 0}, {z->wake[0], POLLIN, 0}};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[1].revents) {
			errno = ECANCELED;
			return -1;
		}
		ssize_t n = read(z->fd, buf, cap);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

/* ---- the two codecs ---- */

typedef enum step_result { STEP_OK, STEP_CORRUPT, STEP_NOMEM } step_result;

typedef struct codec {
	compression kind;
	z_stream zs;
	ZSTD_DStream *ds;
	bool mid;        /* inside a gzip member or zstd frame */
} codec;

static bool codec_init(codec *c, compression kind)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->mid = true; /* the magic bytes were seen */
	if (kind == COMPRESSION_GZIP)
		return inflateInit2(&c->zs, 16 + MAX_WBITS) == Z_OK; /* gzip only */
	c->ds = ZSTD_createDStream();
	return c->ds && !ZSTD_isError(ZSTD_initDStream(c->ds));
}

static void codec_fini(codec *c)
{
	if (c->kind == COMPRESSION_GZIP)
		inflateEnd(&c->zs);
	else
		ZSTD_freeDStream(c->ds);
}

/* Decode from in[0, *in_len) into out[*out_len, cap), advancing both. */
static step_result gzip_step(codec *c, const unsigned char **in, size_t *in_len, char *out,
			     size_t *out_len, size_t cap, char *what)
{
	if (!c->mid) {
		if (*in_len == 0)
			return STEP_OK;
		inflateReset(&c->zs); /* the next member */
		c->mid = true;
	}
	c->zs.next_in = *in;
	c->zs.avail_in = (uInt)*in_len;
	c->zs.next_out = (Bytef *)out + *out_len;
	c->zs.avail_out = (uInt)(cap - *out_len);
	int r = inflate(&c->zs, Z_NO_FLUSH);
	*in = c->zs.next_in;
	*in_len = c->zs.avail_in;
	*out_len = cap - c->zs.avail_out;
	switch (r) {
	case Z_STREAM_END:
		c->mid = false;
		return STEP_OK;
	case Z_OK:
	case Z_BUF_ERROR: /* no progress possible: more input needed */
		return STEP_OK;
	case Z_MEM_ERROR:
		return STEP_NOMEM;
	default:
		snprintf(what, WHAT_MAX, "corrupt gzip stream: %s", c->zs.msg ? c->zs.msg : "bad data");
		return STEP_CORRUPT;
	}
}

static step_result zstd_step(codec *c, const unsigned char **in, size_t *in_len, char *out,
			     size_t *out_len, size_t cap, char *what)
{
	/* (between frames, a call without input would wait for a header) */
	if (!c->mid && *in_len == 0)
		return STEP_OK;
	ZSTD_inBuffer ib = {*in, *in_len, 0};
	ZSTD_outBuffer ob = {out, cap, *out_len};
	size_t r = ZSTD_decompressStream(c->ds, &ob, &ib);
	*in += ib.pos;
	*in_len -= ib.pos;
	*out_len = ob.pos;
	if (ZSTD_isError(r)) {
		if (ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation)
			return STEP_NOMEM;
		snprintf(what, WHAT_MAX, "corrupt zstd frame: %s", ZSTD_getErrorName(r));
		return STEP_CORRUPT;
	}
	c->mid = r != 0; /* 0: a frame ended, all of it flushed */
	return STEP_OK;
}

static step_result codec_step(codec *c, const unsigned char **in, size_t *in_len, char *out,
			      size_t *out_len, char *what)
{
	return c->kind == COMPRESSION_GZIP ? gzip_step(c, in, in_len, out, out_len, BLOCK, what)
					   : zstd_step(c, in, in_len, out, out_len, BLOCK, what);
}

/* Decode the whole stream into blocks; the end (or why not) by finish. */
static void decode(decoder *z, codec *c)
{
	const unsigned char *in = z->head;
	size_t in_len = z->head_len, out_len = 0;
	bool eof = false;
	char *out = NULL;
	char what[WHAT_MAX];
	for (;;) {
		if (!out && !(out = claim_block(z)))
			break; /* cancelled */
		if (in_len == 0 && !eof && out_len > 0) {
			/* reading may wait (a pipe): what is decoded goes first */
			publish(z, out_len);
			out = NULL;
			out_len = 0;
			continue;
		}
		if (in_len == 0 && !eof) {
			ssize_t n = read_input(z, z->in, IN_CHUNK);
			if (n < 0) {
				publish(z, out_len);
				finish(z, errno, NULL);
				return;
			}
			eof = n == 0;
			in = z->in;
			in_len = (size_t)n;
		}
		size_t in_before = in_len, out_before = out_len;
		step_result r = codec_step(c, &in, &in_len, out, &out_len, what);
		if (r != STEP_OK) {
			publish(z, out_len); /* what came before the damage */
			if (r == STEP_NOMEM)
				finish(z, ENOMEM, NULL);
			else
				finish(z, EBADMSG, "%s", what);
			return;
		}
		if (out_len == BLOCK) {
			publish(z, out_len);
			out = NULL;
			out_len = 0;
		} else if (eof && in_len == in_before && out_len == out_before) {
			publish(z, out_len); /* nothing more will come */
			if (c->mid)
				finish(z, EBADMSG, "truncated %s stream",
				       c->kind == COMPRESSION_GZIP ? "gzip" : "zstd");
			else
				finish(z, 0, NULL);
			return;
		}
	}
	finish(z, ECANCELED, NULL);
}

static void *decoder_main(void *arg)
{
	decoder *z = arg;
	codec c;
	if (codec_init(&c, z->kind))
		decode(z, &c);
	else
		finish(z, ENOMEM, NULL);
	codec_fini(&c);
	return NULL;
}

/* ---- the reader's side ---- */

size_t decoder_read(decoder *z, char *buf, size_t cap, int *err, const char **what)
{
	size_t got = 0;
	pthread_mutex_lock(&z->mu);
	while (got < cap) {
		if (z->count == 0) {
			if (got || z->done)
				break;
			pthread_cond_wait(&z->ready, &z->mu);
			continue;
		}
		/* block[first] is the reader's until it lets go of it: copied
		 * without holding the lock */
		unsigned slot = z->first;
		size_t off = z->off, n = z->fill[slot] - off;
		if (n > cap - got)
			n = cap - got;
		pthread_mutex_unlock(&z->mu);
		memcpy(buf + got, z->block[slot] + off, n);
		pthread_mutex_lock(&z->mu);
		got += n;
		z->off += n;
		if (z->off == z->fill[slot]) {
			z->off = 0;
			z->first = (slot + 1) % SLOTS;
			z->count--;
			pthread_cond_signal(&z->room);
		}
	}
	if (!got) {
		*err = z->err;
		*what = z->what;
	}
	pthread_mutex_unlock(&z->mu);
	return got;
}

static void decoder_release(decoder *z)
{
	for (unsigned i = 0; i < SLOTS; i++)
		free(z->block[i]);
	free(z->in);
	if (z->wake[0] >= 0) {
		close(z->wake[0]);
		close(z->wake[1]);
	}
	pthread_cond_destroy(&z->room);
	pthread_cond_destroy(&z->ready);
	pthread_mutex_destroy(&z->mu);
	free(z);
}

decoder *decoder_start(int fd, compression kind, const unsigned char *head, size_t n)
{
	decoder *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	z->fd = fd;
	z->kind = kind;
	memcpy(z->head, head, n);
	z->head_len = n;
	z->wake[0] = z->wake[1] = -1;
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->ready, NULL);
	pthread_cond_init(&z->room, NULL);
	bool ok = (z->in = malloc(IN_CHUNK)) != NULL;
	for (unsigned i = 0; ok && i < SLOTS; i++)
		ok = (z->block[i] = malloc(BLOCK)) != NULL;
	if (!ok)
		errno = ENOMEM;
	int e;
	if (ok && pipe2(z->wake, O_CLOEXEC) != 0) {
		z->wake[0] = z->wake[1] = -1;
		ok = false;
	} else if (ok && (e = pthread_create(&z->thread, NULL, decoder_main, z)) != 0) {
		errno = e;
		ok = false;
	}
	if (!ok) {
		e = errno;
		decoder_release(z);
		errno = e;
		return NULL;
	}
	return z;
}

void decoder_free(decoder *z)
{
	if (!z)
		return;
	pthread_mutex_lock(&z->mu);
	z->cancel = true;
	pthread_cond_signal(&z->room);
	pthread_mutex_unlock(&z->mu);
	/* (the pipe has room for one byte: nothing else is ever written) */
	ssize_t w;
	do
		w = write(z->wake[1], "", 1);
	while (w < 0 && errno == EINTR);
	pthread_join(z->thread, NULL);
	decoder_release(z);
}
