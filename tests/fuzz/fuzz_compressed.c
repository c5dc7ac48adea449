/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: compressed input (segprof(1) COMPRESSED INPUT).
 *
 * Input: a selector byte (options, see fuzz_opts_from), a mode byte, a cut
 * byte, then a text.  The harness compresses the text itself (gzip or zstd,
 * in one member/frame or split in two, with an empty one between them or a
 * zstd skippable frame in front), may damage the stream, and hands it to
 * segprof as the request document, the --customers file or the --labels
 * file.  Checks:
 *   - an intact stream gives what the plain text gives: the same status,
 *     output and messages (file names aside), at -j 1 and at -j 2;
 *   - a stream cut inside its last member or frame is SP_DATAERR: reading
 *     either reaches the cut ("truncated ... stream") or stopped at an
 *     error before it, never succeeds;
 *   - a stream with a flipped byte, or raw fuzz bytes after a magic number
 *     (mode bit 7), only keeps the contract of fuzz_run_capture.
 *
 * mode: bit 0 zstd (else gzip); bits 1-2 layout (one, two, two with an empty
 * one between, zstd: a skippable frame first); bits 3-4 damage (none, cut,
 * flip, none); bits 5-6 role (request, customers, labels, request); bit 7 raw. */
#include <zlib.h>
#include <zstd.h>

#include "fuzz_common.h"

static const char labels_csv[] =
	"customer_id,cluster_id\n"
	"C001,2\nC002,0\nC003,0\nC004,0\nC005,2\nC006,1\nC007,2\nC008,1\nC009,0\n"
	"C010,1\nC011,0\nC012,2\nC013,1\nC014,0\nC015,1\nC016,2\nC017,0\nC018,1\n"
	"C019,0\nC020,2\n1,0\n2,1\n17,-3\nX,gold\n";

static const char customers_ndjson[] =
	"{\"id\":\"C001\",\"frequency\":28,\"amount_spent\":4120.75,\"product_types\":[\"laptop\",\"mouse\"]}\n"
	"{\"id\":\"C002\",\"frequency\":5,\"amount_spent\":190.4,\"product_types\":[\"tea\",\"coffee\"]}\n"
	"{\"id\":17,\"frequency\":3.0,\"amount_spent\":0.5,\"product_types\":[\"tea\"]}\n";

typedef struct bytes {
	uint8_t *p;
	size_t len, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		if (!(b->p = realloc(b->p, b->cap)))
			abort();
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* One gzip member or zstd frame holding text[0, n) appended to out. */
static void compress_one(bytes *out, bool zstd, const uint8_t *text, size_t n)
{
	if (zstd) {
		size_t cap = ZSTD_compressBound(n);
		uint8_t *buf = malloc(cap);
		ZSTD_CCtx *cc = ZSTD_createCCtx();
		if (!buf || !cc)
			abort();
		ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
		size_t r = ZSTD_compress2(cc, buf, cap, text, n);
		if (ZSTD_isError(r))
			abort();
		put(out, buf, r);
		ZSTD_freeCCtx(cc);
		free(buf);
		return;
	}
	z_stream zs = {0};
	if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	uLong cap = deflateBound(&zs, (uLong)n);
	uint8_t *buf = malloc(cap);
	if (!buf)
		abort();
	zs.next_in = (Bytef *)text;
	zs.avail_in = (uInt)n;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		abort();
	put(out, buf, zs.total_out);
	deflateEnd(&zs);
	free(buf);
}

/* msgs with every occurrence of from replaced by to (a new string). */
static char *replace_all(const char *msgs, const char *from, const char *to)
{
	bytes b = {0};
	size_t fl = strlen(from), tl = strlen(to);
	for (const char *p = msgs, *q; *p; p = q + fl) {
		if (!(q = strstr(p, from))) {
			put(&b, p, strlen(p));
			break;
		}
		put(&b, p, (size_t)(q - p));
		put(&b, to, tl);
	}
	put(&b, "", 1);
	return (char *)b.p;
}

typedef struct result {
	sp_status st;
	char *text, *msgs;
	size_t len, msgs_len;
} result;

/* segprof with data as the input of role (0 request, 1 customers, 2
 * labels); *path gets the name it was given under. */
static bool run_as(uint8_t sel, int role, unsigned jobs, const uint8_t *data, size_t n,
		   char *path, size_t path_len, result *r)
{
	int fd = fuzz_memfd("input", data, n), other = -1;
	char opath[64];
	fuzz_fd_path(fd, path, path_len);
	const char *args[6] = {path, NULL};
	if (role == 1 || role == 2) {
		other = role == 1 ? fuzz_memfd("labels", (const uint8_t *)labels_csv, sizeof labels_csv - 1)
				  : fuzz_memfd("customers", (const uint8_t *)customers_ndjson,
					       sizeof customers_ndjson - 1);
		fuzz_fd_path(other, opath, sizeof opath);
		args[0] = "--customers";
		args[1] = role == 1 ? path : opath;
		args[2] = "--labels";
		args[3] = role == 1 ? opath : path;
		args[4] = NULL;
	}
	fuzz_argv a;
	segprof_opts o;
	bool ran = fuzz_opts_from(sel, args, &a, &o);
	if (ran) {
		o.jobs = jobs;
		r->st = fuzz_run_capture(&o, &r->text, &r->len, &r->msgs, &r->msgs_len);
	}
	close(fd);
	if (other >= 0)
		close(other);
	return ran;
}

static void result_free(result *r)
{
	free(r->text);
	free(r->msgs);
}

/* The stream as the harness was asked to build it. */
static void build(bytes *z, uint8_t mode, uint8_t cut, const uint8_t *text, size_t n)
{
	bool zstd = mode & 1;
	int layout = (mode >> 1) & 3;
	size_t split = n ? cut % (n + 1) : 0;
	if (layout == 3 && zstd) /* magic 0x184D2A5E, 3 bytes of anything */
		put(z, "\x5e\x2a\x4d\x18\x03\x00\x00\x00" "abc", 11);
	if (layout == 0 || layout == 3) {
		compress_one(z, zstd, text, n);
		return;
	}
	compress_one(z, zstd, text, split);
	if (layout == 2)
		compress_one(z, zstd, text, 0);
	compress_one(z, zstd, text + split, n - split);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	uint8_t sel = data[0], mode = data[1], cut = data[2];
	const uint8_t *text = data + 3;
	size_t n = size - 3;
	int role = (mode >> 5) & 3, damage = (mode >> 3) & 3;
	if (role == 3)
		role = 0;
	int fds = fuzz_count_fds();
	char zpath[64], ppath[64];
	result zr[2] = {{0}}, pr = {0};
	bytes z = {0};
	if (mode & 128) { /* raw bytes after a magic number */
		put(&z, (mode & 1) ? "\x28\xb5\x2f\xfd" : "\x1f\x8b", (mode & 1) ? 4 : 2);
		put(&z, text, n);
		if (run_as(sel, role, 1, z.p, z.len, zpath, sizeof zpath, &zr[0]))
			result_free(&zr[0]);
		goto out;
	}
	build(&z, mode, cut, text, n);
	if (damage == 1) {
		/* Cut inside the last member or frame (compressed again alone
		 * for its size), leaving at least one byte of it, or the magic
		 * number when it starts the file: else what is left would be a
		 * shorter intact stream, or no longer look compressed. */
		bytes tail = {0};
		int layout = (mode >> 1) & 3;
		size_t split = n ? cut % (n + 1) : 0;
		if (layout == 1 || layout == 2)
			compress_one(&tail, mode & 1, text + split, n - split);
		else
			compress_one(&tail, mode & 1, text, n);
		size_t last_start = z.len - tail.len;
		size_t keep = last_start ? 1 : (mode & 1) ? 4 : 2;
		free(tail.p);
		z.len = last_start + keep + (size_t)cut % (z.len - last_start - keep);
	} else if (damage == 2 && z.len) {
		z.p[(size_t)cut * 7 % z.len] ^= (uint8_t)(1u << (cut & 7));
	}
	if (!run_as(sel, role, 1, z.p, z.len, zpath, sizeof zpath, &zr[0]))
		goto out;
	run_as(sel, role, 2, z.p, z.len, zpath, sizeof zpath, &zr[1]);
	if (damage == 1) {
		for (int j = 0; j < 2; j++)
			if (zr[j].st != SP_DATAERR) {
				fprintf(stderr, "cut stream: status %d, messages:\n%s", (int)zr[j].st,
					zr[j].msgs);
				abort();
			}
	} else if (damage != 2) {
		run_as(sel, role, 1, text, n, ppath, sizeof ppath, &pr);
		for (int j = 0; j < 2; j++) {
			char *m = replace_all(zr[j].msgs, zpath, ppath);
			if (zr[j].st != pr.st || !fuzz_same(zr[j].text, zr[j].len, pr.text, pr.len) ||
			    strcmp(m, pr.msgs) != 0) {
				fprintf(stderr, "compressed (-j %d) and plain differ: status %d / %d\n"
						"-- compressed:\n%s-- plain:\n%s",
					j + 1, (int)zr[j].st, (int)pr.st, m, pr.msgs);
				abort();
			}
			free(m);
		}
		result_free(&pr);
	}
	result_free(&zr[0]);
	result_free(&zr[1]);
out:
	free(z.p);
	fuzz_check_fds(fds);
	return 0;
}
