/* SPDX-License-Identifier: MIT */
/* output: atomic -o, write errors, closed pipes. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* The one piece of global state besides the options: the name of the
 * temporary file, so that SIGINT/SIGTERM/SIGHUP can remove it
 * (async-signal-safe: a fixed buffer and unlink). */
static char pending_tmp[PATH_MAX + 32];

static void on_signal(int sig)
{
	if (pending_tmp[0])
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

void output_install_signal_cleanup(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		/* Leave alone a signal the parent chose to ignore (nohup). */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* The mode a new file gets: that of the file it replaces, or what a plain
 * create would give (0666 less the umask). */
static mode_t target_mode(const char *target)
{
	struct stat st;
	if (stat(target, &st) == 0)
		return st.st_mode & 07777;
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* The directory of path, into dir (PATH_MAX bytes). */
static void dir_of(const char *path, char *dir)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else
		snprintf(dir, PATH_MAX, "%.*s", (int)(slash - path), path);
}

/* A file without a name in the directory of the target (O_TMPFILE): a
 * killed run leaves nothing behind.  -1 where the file system (or the
 * kernel) has none, or /proc is missing to link it in by. */
static int anonymous_temp(const output *out)
{
#ifdef O_TMPFILE
	char dir[PATH_MAX];
	if (access("/proc/self/fd", X_OK) != 0)
		return -1;
	dir_of(out->target, dir);
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0)
		fchmod(fd, out->mode);
	return fd;
#else
	(void)out;
	return -1;
#endif
}

/* A named temporary file beside the target (TARGET.tmp.XXXXXX), removed on
 * failure and on SIGINT/SIGTERM/SIGHUP, though not on SIGKILL.  0 or errno. */
static int named_temp(output *out)
{
	size_t n = strlen(out->target);
	memcpy(out->tmp_path + n, ".tmp.XXXXXX", 12);
	out->fd = mkostemp(out->tmp_path, O_CLOEXEC);
	if (out->fd < 0)
		return errno;
	memcpy(pending_tmp, out->tmp_path, n + 12);
	out->named = true;
	fchmod(out->fd, out->mode); /* mkstemp makes 0600 */
	return 0;
}

sp_status output_open(output *out, const char *path, diag *d)
{
	memset(out, 0, sizeof *out);
	out->fd = -1;
	out->path = path;
	if (!path)
		return SP_OK;
	size_t n = strlen(path);
	if (n + 16 > PATH_MAX) {
		diag_error(d, SP_IOERR, 0, path, 0, 0, NULL, "cannot write: %s", strerror(ENAMETOOLONG));
		return SP_IOERR;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, SP_IOERR, 0, path, 0, 0, NULL, "cannot write: %s", strerror(EISDIR));
		return SP_IOERR;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* Check now that it can be opened; write it at the end. */
		if (access(path, W_OK) != 0) {
			diag_error(d, SP_IOERR, 0, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
			return SP_IOERR;
		}
		out->direct = true;
		return SP_OK;
	}
	out->target = realpath(path, NULL);
	if (!out->target)
		out->target = strdup(path); /* not there yet (or a dangling link) */
	if (!out->target) {
		diag_error(d, SP_OSERR, 0, NULL, 0, 0, NULL, "out of memory");
		return SP_OSERR;
	}
	n = strlen(out->target);
	out->tmp_path = malloc(n + 16);
	if (!out->tmp_path || n + 16 > sizeof pending_tmp) {
		diag_error(d, SP_OSERR, 0, NULL, 0, 0, NULL, "out of memory");
		free(out->target);
		out->target = NULL;
		return SP_OSERR;
	}
	memcpy(out->tmp_path, out->target, n + 1);
	out->mode = target_mode(out->target);
	/* Created now, before any input is read, so that an unwritable
	 * destination fails before the work is done. */
	out->fd = anonymous_temp(out);
	int err = out->fd >= 0 ? 0 : named_temp(out);
	if (err) {
		diag_error(d, SP_IOERR, 0, path, 0, 0, NULL, "cannot write: %s", strerror(err));
		free(out->tmp_path);
		free(out->target);
		out->tmp_path = out->target = NULL;
		return SP_IOERR;
	}
	return SP_OK;
}

void output_abort(output *out)
{
	if (out->fd >= 0)
		close(out->fd);
	if (out->named)
		unlink(out->tmp_path);
	pending_tmp[0] = '\0';
	free(out->tmp_path);
	free(out->target);
	memset(out, 0, sizeof *out);
	out->fd = -1;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write all of data to fd and flush it to the disk.  0 or errno. */
static int write_durably(int fd, const char *data, size_t len)
{
	int err = write_all(fd, data, len);
	if (!err && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		err = errno;
	return err;
}

/* Give the anonymous file out->fd the name out->tmp_path (TARGET.tmp.
 * and six random letters), to be renamed over the target.  0 or errno. */
static int link_named(output *out)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", out->fd);
	size_t n = strlen(out->target);
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[6];
		if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
			return errno ? errno : EIO;
		memcpy(out->tmp_path + n, ".tmp.", 5);
		for (int i = 0; i < 6; i++)
			out->tmp_path[n + 5 + i] = letters[r[i] % (sizeof letters - 1)];
		out->tmp_path[n + 11] = '\0';
		memcpy(pending_tmp, out->tmp_path, n + 12);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, out->tmp_path, AT_SYMLINK_FOLLOW) == 0) {
			out->named = true;
			return 0;
		}
		pending_tmp[0] = '\0';
		if (errno != EEXIST)
			return errno;
	}
	return EEXIST;
}

/* After a rename, make the new directory entry durable too.  Best effort:
 * the file's own data was synced; some file systems cannot sync a
 * directory. */
static void sync_dir(const char *target)
{
	char dir[PATH_MAX];
	dir_of(target, dir);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

/* The reader went away: end as a filter does, by SIGPIPE, quietly. */
static void closed_pipe(void)
{
	signal(SIGPIPE, SIG_DFL);
	raise(SIGPIPE);
	_exit(128 + SIGPIPE);
}

/* Where writing fd starts, if it is a regular file: its length when it
 * appends, else its offset; -1 for anything else (a pipe, a terminal). */
static off_t regular_file_start(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0 && (flags & O_APPEND))
		return st.st_size;
	return lseek(fd, 0, SEEK_CUR);
}

/* Standard output: a regular file that fails part way (a full disk) is cut
 * back to where segprof started, so that it holds nothing of a failed run;
 * what went to a pipe or device cannot be taken back (segprof(1)). */
static sp_status write_stdout(const char *data, size_t len, diag *d)
{
	off_t start = regular_file_start(STDOUT_FILENO);
	int err = write_all(STDOUT_FILENO, data, len);
	if (err == EPIPE)
		closed_pipe();
	if (!err)
		return SP_OK;
	if (start >= 0 && ftruncate(STDOUT_FILENO, start) == 0)
		lseek(STDOUT_FILENO, start, SEEK_SET);
	diag_error(d, SP_IOERR, 0, NULL, 0, 0, NULL, "write error: %s", strerror(err));
	return SP_IOERR;
}

sp_status output_commit(output *out, const char *data, size_t len, diag *d)
{
	int err;
	if (!out->path)
		return write_stdout(data, len, d);
	if (out->direct) {
		int fd = open(out->path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		err = fd < 0 ? errno : write_all(fd, data, len);
		if (fd >= 0 && close(fd) != 0 && !err)
			err = errno;
		if (err) {
			diag_error(d, SP_IOERR, 0, out->path, 0, 0, NULL, "cannot write: %s", strerror(err));
			return SP_IOERR;
		}
		return SP_OK;
	}
	err = write_durably(out->fd, data, len);
	if (!err && !out->named && link_named(out) != 0) {
		/* The anonymous file could not be given a name: write a
		 * named one instead. */
		close(out->fd);
		out->fd = -1;
		err = named_temp(out);
		if (!err)
			err = write_durably(out->fd, data, len);
	}
	if (close(out->fd) != 0 && !err)
		err = errno;
	out->fd = -1;
	if (!err && rename(out->tmp_path, out->target) != 0)
		err = errno;
	if (err) {
		diag_error(d, SP_IOERR, 0, out->path, 0, 0, NULL, "cannot write: %s", strerror(err));
		output_abort(out);
		return SP_IOERR;
	}
	pending_tmp[0] = '\0';
	sync_dir(out->target);
	free(out->tmp_path);
	free(out->target);
	out->tmp_path = out->target = NULL;
	return SP_OK;
}
