/*
 * prxs shim host: filesystem I/O (fsio.h), on the session's
 * real filesystem, and dir_abs_path().
 */

#include "host.h"

int pr_fsio_stat(const char *path, struct stat *st) {
  return stat(path, st);
}

int pr_fsio_fstat(pr_fh_t *fh, struct stat *st) {
  if (fh == NULL) {
    errno = EINVAL;
    return -1;
  }
  return fstat(fh->fh_fd, st);
}

int pr_fsio_lstat(const char *path, struct stat *st) {
  return lstat(path, st);
}

int pr_fsio_chdir(const char *path, int hide) {
  (void) hide;
  return chdir(path);
}

int pr_fsio_mkdir(const char *path, mode_t mode) {
  return mkdir(path, mode);
}

int pr_fsio_rmdir(const char *path) {
  return rmdir(path);
}

int pr_fsio_rename(const char *from, const char *to) {
  return rename(from, to);
}

int pr_fsio_unlink(const char *path) {
  return unlink(path);
}

int pr_fsio_chmod(const char *path, mode_t mode) {
  return chmod(path, mode);
}

int pr_fsio_chown(const char *path, uid_t uid, gid_t gid) {
  return chown(path, uid, gid);
}

pr_fh_t *pr_fsio_open(const char *name, int flags) {
  pool *p;
  pr_fh_t *fh;
  int fd;

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  fd = open(name, flags|O_CLOEXEC, 0666);
  if (fd < 0) {
    return NULL;
  }
  p = make_sub_pool(session.pool ? session.pool : permanent_pool);
  pr_pool_tag(p, "fh pool");
  fh = pcalloc(p, sizeof(pr_fh_t));
  fh->fh_pool = p;
  fh->fh_fd = fd;
  fh->fh_path = pstrdup(p, name);
  return fh;
}

int pr_fsio_close(pr_fh_t *fh) {
  int res;

  if (fh == NULL) {
    errno = EINVAL;
    return -1;
  }
  res = close(fh->fh_fd);
  destroy_pool(fh->fh_pool);
  return res;
}

int pr_fsio_read(pr_fh_t *fh, char *buf, size_t size) {
  if (fh == NULL) {
    errno = EINVAL;
    return -1;
  }
  return (int) read(fh->fh_fd, buf, size);
}

int pr_fsio_write(pr_fh_t *fh, const char *buf, size_t size) {
  if (fh == NULL) {
    errno = EINVAL;
    return -1;
  }
  return (int) write(fh->fh_fd, buf, size);
}

/* As proftpd's: the path as the system sees it, the chroot's path (if any)
 * included.
 */
char *dir_abs_path(pool *p, const char *path, int interpolate) {
  const char *root = session.chroot_path;
  char *res;

  (void) interpolate;
  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  res = host_session_path(p, path);
  if (root == NULL || strcmp(root, "/") == 0) {
    return res;
  }
  if (*path != '/' ||
      strncmp(path, root, strlen(root)) != 0) {
    res = pdircat(p, root, res, NULL);
  }
  return res;
}

/* Paths from the client as the filesystem sees them.  Debian's proftpd
 * (built with NLS, UseEncoding on by default) converts them from UTF-8 to the
 * local charset into a new string from p.  The shim has no UseEncoding and
 * its local charset is UTF-8: the result is a copy of the path, from p, as
 * proftpd's for a path in UTF-8.
 */
char *pr_fs_decode_path2(pool *p, const char *path, int flags) {
  (void) flags;
  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return pstrdup(p, path);
}

char *pr_fs_decode_path(pool *p, const char *path) {
  return pr_fs_decode_path2(p, path, 0);
}

/* A buffer of the pipe's atomic-write size (PIPE_BUF), from p. */
char *pr_fsio_getpipebuf(pool *p, int fd, long *bufsz) {
  long len;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (fd < 0) {
    errno = EBADF;
    return NULL;
  }
#ifdef PIPE_BUF
  len = PIPE_BUF;
#else
  len = fpathconf(fd, _PC_PIPE_BUF);
  if (len < 0) {
    return NULL;
  }
#endif
  if (bufsz != NULL) {
    *bufsz = len;
  }
  return palloc(p, (size_t) len);
}

/* In a child about to exec: close every descriptor but 0, 1 and 2, up to the
 * process's hard limit of open files capped at 1024, as proftpd does.
 */
#define FSIO_CLOSE_FDS_MAX	1024

void pr_fs_close_extra_fds(void) {
  struct rlimit rl;
  long n = FSIO_CLOSE_FDS_MAX, fd;

  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY &&
      rl.rlim_max < FSIO_CLOSE_FDS_MAX) {
    n = (long) rl.rlim_max;
  }
  for (fd = 3; fd < n; fd++) {
    pr_signals_handle();
    (void) close((int) fd);
  }
}
