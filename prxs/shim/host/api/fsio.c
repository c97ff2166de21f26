/*
 * prxs shim host: the pr_fsio_* calls of fsio.h.
 *
 * Each call finds the FS that handles its path (api/fs.c: the system FS
 * unless a module registered one above the path), then the first FS down
 * that FS's stack with the callback, and calls it; file handles remember
 * their FS.  stat()/lstat() go through the stat cache; the calls that
 * change a path clear its cache entry.  Plus dir_abs_path(), the path
 * decoding and the pipe and descriptor helpers.
 */

#include "host_fs.h"

/* The FS for path with callback cb, or return err from the caller. */
#define FSIO_FS(fs, lookup, path, op, cb, err) \
  do { \
    (fs) = lookup((path), (op)); \
    if ((fs) == NULL) { \
      return (err); \
    } \
    HOST_FS_WITH(fs, cb); \
  } while (0)

/* The FS a handle was opened on, with callback cb. */
static pr_fs_t *fsio_fh_fs(pr_fh_t *fh) {
  return fh->fh_fs != NULL ? fh->fh_fs : host_fs_root();
}

#define FSIO_FH_FS(fs, fh, cb, err) \
  do { \
    if ((fh) == NULL) { \
      errno = EINVAL; \
      return (err); \
    } \
    (fs) = fsio_fh_fs(fh); \
    HOST_FS_WITH(fs, cb); \
  } while (0)

/* File status and links */

int pr_fsio_stat(const char *path, struct stat *st) {
  pr_fs_t *fs;

  if (path == NULL || st == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_STAT, stat, -1);
  return host_fs_cache_stat(fs, path, st, FSIO_FILE_STAT);
}

int pr_fsio_lstat(const char *path, struct stat *st) {
  pr_fs_t *fs;

  if (path == NULL || st == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_LSTAT, lstat, -1);
  return host_fs_cache_stat(fs, path, st, FSIO_FILE_LSTAT);
}

int pr_fsio_fstat(pr_fh_t *fh, struct stat *st) {
  pr_fs_t *fs;

  if (st == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FH_FS(fs, fh, fstat, -1);
  return (fs->fstat)(fh, fh->fh_fd, st);
}

int pr_fsio_readlink(const char *path, char *buf, size_t buflen) {
  pr_fs_t *fs;

  if (path == NULL || buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_READLINK, readlink, -1);
  return (fs->readlink)(fs, path, buf, buflen);
}

int pr_fsio_symlink(const char *target, const char *path) {
  pr_fs_t *fs;
  int res;

  if (target == NULL || path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_SYMLINK, symlink, -1);
  res = (fs->symlink)(fs, target, path);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_link(const char *target, const char *path) {
  pr_fs_t *target_fs, *fs;
  int res;

  if (target == NULL || path == NULL) {
    errno = EINVAL;
    return -1;
  }
  target_fs = host_fs_lookup_file(target, FSIO_FILE_LINK);
  fs = host_fs_lookup_file(path, FSIO_FILE_LINK);
  if (target_fs == NULL || fs == NULL) {
    return -1;
  }
  if ((target_fs->allow_xdev_link == FALSE || fs->allow_xdev_link == FALSE) &&
      target_fs != fs) {
    errno = EXDEV;
    return -1;
  }
  HOST_FS_WITH(fs, link);
  res = (fs->link)(fs, target, path);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_access(const char *path, int mode, uid_t uid, gid_t gid,
    array_header *groups) {
  pr_fs_t *fs;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_ACCESS, access, -1);
  return (fs->access)(fs, path, mode, uid, gid, groups);
}

int pr_fsio_faccess(pr_fh_t *fh, int mode, uid_t uid, gid_t gid,
    array_header *groups) {
  pr_fs_t *fs;

  FSIO_FH_FS(fs, fh, faccess, -1);
  return (fs->faccess)(fh, mode, uid, gid, groups);
}

/* Changing paths */

int pr_fsio_rename(const char *from, const char *to) {
  pr_fs_t *from_fs, *fs;
  int res;

  if (from == NULL || to == NULL) {
    errno = EINVAL;
    return -1;
  }
  from_fs = host_fs_lookup_file(from, FSIO_FILE_RENAME);
  fs = host_fs_lookup_file(to, FSIO_FILE_RENAME);
  if (from_fs == NULL || fs == NULL) {
    return -1;
  }
  if ((from_fs->allow_xdev_rename == FALSE ||
       fs->allow_xdev_rename == FALSE) && from_fs != fs) {
    errno = EXDEV;
    return -1;
  }
  HOST_FS_WITH(fs, rename);
  res = (fs->rename)(fs, from, to);
  if (res == 0) {
    pr_fs_clear_cache2(from);
    pr_fs_clear_cache2(to);
  }
  return res;
}

int pr_fsio_unlink(const char *path) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_UNLINK, unlink, -1);
  res = (fs->unlink)(fs, path);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_truncate(const char *path, off_t len) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_TRUNC, truncate, -1);
  res = (fs->truncate)(fs, path, len);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_chmod(const char *path, mode_t mode) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_CHMOD, chmod, -1);
  res = (fs->chmod)(fs, path, mode);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_chown(const char *path, uid_t uid, gid_t gid) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_CHOWN, chown, -1);
  res = (fs->chown)(fs, path, uid, gid);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_lchown(const char *path, uid_t uid, gid_t gid) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_CHOWN, lchown, -1);
  res = (fs->lchown)(fs, path, uid, gid);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_utimes(const char *path, struct timeval *tvs) {
  pr_fs_t *fs;
  int res;

  if (path == NULL || tvs == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_file, path, FSIO_FILE_UTIMES, utimes, -1);
  res = (fs->utimes)(fs, path, tvs);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

/* As proftpd's: on EPERM, a file of one of the session's groups with the
 * group write bit gets its times set with root privileges.
 */
int pr_fsio_utimes_with_root(const char *path, struct timeval *tvs) {
  int res, xerrno, in_group = FALSE;
  struct stat st;

  res = pr_fsio_utimes(path, tvs);
  if (res == 0 || errno != EPERM) {
    return res;
  }
  xerrno = errno;
  pr_fs_clear_cache2(path);
  if (pr_fsio_stat(path, &st) < 0) {
    errno = xerrno;
    return -1;
  }
  if (st.st_gid == session.gid) {
    in_group = TRUE;
  } else if (session.gids != NULL) {
    gid_t *gids = (gid_t *) session.gids->elts;
    unsigned int i;

    for (i = 0; i < session.gids->nelts; i++) {
      if (gids[i] == st.st_gid) {
        in_group = TRUE;
        break;
      }
    }
  }
  if (in_group && (st.st_mode & S_IWGRP)) {
    pr_signals_block();
    PRIVS_ROOT
    res = pr_fsio_utimes(path, tvs);
    PRIVS_RELINQUISH
    pr_signals_unblock();
    if (res == 0) {
      return 0;
    }
  }
  errno = xerrno;
  return -1;
}

/* Files */

pr_fh_t *pr_fsio_open(const char *name, int flags) {
  pr_fs_t *fs;
  pr_fh_t *fh;
  pool *p;

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  fs = host_fs_lookup_file(name, FSIO_FILE_OPEN);
  if (fs == NULL) {
    return NULL;
  }
  p = make_sub_pool(fs->fs_pool);
  pr_pool_tag(p, "pr_fsio_open() subpool");
  fh = pcalloc(p, sizeof(pr_fh_t));
  fh->fh_pool = p;
  fh->fh_path = pstrdup(p, name);
  fh->fh_fd = -1;
  fh->fh_fs = fs;

  HOST_FS_WITH(fs, open);
  fh->fh_fd = (fs->open)(fh, name, flags);
  if (fh->fh_fd < 0) {
    int xerrno = errno;

    destroy_pool(p);
    errno = xerrno;
    return NULL;
  }
  if (flags & (O_CREAT|O_TRUNC)) {
    pr_fs_clear_cache2(name);
  }
  (void) fcntl(fh->fh_fd, F_SETFD, FD_CLOEXEC);
  return fh;
}

/* pr_fsio_open() of the path with its symbolic links resolved (as far as
 * it exists), the handle keeping the name given.
 */
pr_fh_t *pr_fsio_open_canon(const char *name, int flags) {
  char buf[PR_TUNABLE_PATH_MAX + 1] = {'\0'};
  pr_fh_t *fh;

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (pr_fs_resolve_partial(name, buf, sizeof(buf) - 1, FSIO_FILE_OPEN) < 0) {
    sstrncpy(buf, name, sizeof(buf));
  }
  fh = pr_fsio_open(buf, flags);
  if (fh != NULL) {
    fh->fh_path = pstrdup(fh->fh_pool, name);
  }
  return fh;
}

int pr_fsio_close(pr_fh_t *fh) {
  pr_fs_t *fs;
  int res;

  FSIO_FH_FS(fs, fh, close, -1);
  res = (fs->close)(fh, fh->fh_fd);
  if (res == 0) {
    pr_fs_clear_cache2(fh->fh_path);
  }
  destroy_pool(fh->fh_pool);
  return res;
}

int pr_fsio_read(pr_fh_t *fh, char *buf, size_t size) {
  pr_fs_t *fs;

  if (buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FH_FS(fs, fh, read, -1);
  return (fs->read)(fh, fh->fh_fd, buf, size);
}

int pr_fsio_write(pr_fh_t *fh, const char *buf, size_t size) {
  pr_fs_t *fs;

  if (buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FH_FS(fs, fh, write, -1);
  return (fs->write)(fh, fh->fh_fd, buf, size);
}

ssize_t pr_fsio_pread(pr_fh_t *fh, void *buf, size_t size, off_t off) {
  pr_fs_t *fs;

  if (buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FH_FS(fs, fh, pread, -1);
  return (fs->pread)(fh, fh->fh_fd, buf, size, off);
}

ssize_t pr_fsio_pwrite(pr_fh_t *fh, const void *buf, size_t size,
    off_t off) {
  pr_fs_t *fs;

  if (buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FH_FS(fs, fh, pwrite, -1);
  return (fs->pwrite)(fh, fh->fh_fd, buf, size, off);
}

off_t pr_fsio_lseek(pr_fh_t *fh, off_t off, int whence) {
  pr_fs_t *fs;

  FSIO_FH_FS(fs, fh, lseek, (off_t) -1);
  return (fs->lseek)(fh, fh->fh_fd, off, whence);
}

int pr_fsio_ftruncate(pr_fh_t *fh, off_t len) {
  pr_fs_t *fs;
  int res;

  FSIO_FH_FS(fs, fh, ftruncate, -1);
  res = (fs->ftruncate)(fh, fh->fh_fd, len);
  if (res == 0) {
    pr_fs_clear_cache2(fh->fh_path);
  }
  return res;
}

int pr_fsio_fchmod(pr_fh_t *fh, mode_t mode) {
  pr_fs_t *fs;
  int res;

  FSIO_FH_FS(fs, fh, fchmod, -1);
  res = (fs->fchmod)(fh, fh->fh_fd, mode);
  if (res == 0) {
    pr_fs_clear_cache2(fh->fh_path);
  }
  return res;
}

int pr_fsio_fchown(pr_fh_t *fh, uid_t uid, gid_t gid) {
  pr_fs_t *fs;
  int res;

  FSIO_FH_FS(fs, fh, fchown, -1);
  res = (fs->fchown)(fh, fh->fh_fd, uid, gid);
  if (res == 0) {
    pr_fs_clear_cache2(fh->fh_path);
  }
  return res;
}

int pr_fsio_futimes(pr_fh_t *fh, struct timeval *tvs) {
  pr_fs_t *fs;
  int res;

  if (tvs == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FH_FS(fs, fh, futimes, -1);
  res = (fs->futimes)(fh, fh->fh_fd, tvs);
  if (res == 0) {
    pr_fs_clear_cache2(fh->fh_path);
  }
  return res;
}

int pr_fsio_fsync(pr_fh_t *fh) {
  pr_fs_t *fs;

  FSIO_FH_FS(fs, fh, fsync, -1);
  return (fs->fsync)(fh, fh->fh_fd);
}

/* One line (up to and including its '\n', NUL-terminated) through the
 * handle's read buffer; NULL at the end of the file.
 */
char *pr_fsio_gets(char *buf, size_t size, pr_fh_t *fh) {
  pr_buffer_t *pbuf;
  char *bp = buf;

  if (buf == NULL || fh == NULL || size == 0) {
    errno = EINVAL;
    return NULL;
  }
  if (fh->fh_buf == NULL) {
    size_t bufsz = fh->fh_iosz ? fh->fh_iosz : PR_TUNABLE_BUFFER_SIZE;

    fh->fh_buf = pcalloc(fh->fh_pool, sizeof(pr_buffer_t));
    fh->fh_buf->buf = pcalloc(fh->fh_pool, bufsz);
    fh->fh_buf->current = NULL;
    fh->fh_buf->buflen = bufsz;
    fh->fh_buf->remaining = 0;
  }
  pbuf = fh->fh_buf;

  /* Leave room for the NUL. */
  while (size > 1) {
    pr_signals_handle();
    if (pbuf->current == NULL || pbuf->remaining == 0) {
      int n = pr_fsio_read(fh, pbuf->buf, pbuf->buflen);

      if (n <= 0) {
        pbuf->current = NULL;
        pbuf->remaining = 0;
        break;
      }
      pbuf->current = pbuf->buf;
      pbuf->remaining = (size_t) n;
    }
    *bp = *pbuf->current++;
    pbuf->remaining--;
    size--;
    if (*bp++ == '\n') {
      break;
    }
  }
  if (bp == buf) {
    return NULL;
  }
  *bp = '\0';
  return buf;
}

/* A line as pr_fsio_gets(), with "\\\n" continuations joined (a commented
 * continued line is dropped); *lineno counts the lines read.
 */
char *pr_fsio_getline(char *buf, size_t buflen, pr_fh_t *fh,
    unsigned int *lineno) {
  char *start = buf;

  if (buf == NULL || fh == NULL || buflen == 0) {
    errno = EINVAL;
    return NULL;
  }
  while (pr_fsio_gets(buf, buflen, fh) != NULL) {
    size_t len = strlen(buf);

    pr_signals_handle();
    if (len >= 1 && buf[len - 1] == '\n') {
      if (lineno != NULL) {
        (*lineno)++;
      }
      if (len >= 2 && buf[len - 2] == '\\') {
        char *cp = buf;

        len -= 2;
        while (*cp != '\0' && PR_ISSPACE(*cp)) {
          cp++;
        }
        if (*cp == '#') {
          continue;
        }
      } else {
        return start;
      }
    }
    if (buflen - len == 0) {
      return buf;
    }
    buf += len;
    buflen -= len;
    buf[0] = '\0';
  }
  return buf > start ? start : NULL;
}

int pr_fsio_puts(const char *buf, pr_fh_t *fh) {
  if (buf == NULL || fh == NULL) {
    errno = EINVAL;
    return -1;
  }
  return pr_fsio_write(fh, buf, strlen(buf));
}

/* Back to blocking I/O on a handle opened with O_NONBLOCK. */
int pr_fsio_set_block(pr_fh_t *fh) {
  int flags;

  if (fh == NULL) {
    errno = EINVAL;
    return -1;
  }
  flags = fcntl(fh->fh_fd, F_GETFL);
  if (flags < 0) {
    return -1;
  }
  return fcntl(fh->fh_fd, F_SETFL, flags & ~O_NONBLOCK);
}

/* Directories */

int pr_fsio_chdir(const char *path, int hide) {
  char buf[PR_TUNABLE_PATH_MAX + 1] = {'\0'};
  pr_fs_t *fs;
  int res;

  (void) hide;
  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  pr_fs_clean_path(path, buf, sizeof(buf) - 1);
  if (*path != '/') {
    /* Relative to the process's directory, as chdir(2). */
    sstrncpy(buf, path, sizeof(buf));
  }
  FSIO_FS(fs, host_fs_lookup_dir, path, FSIO_DIR_CHDIR, chdir, -1);
  res = (fs->chdir)(fs, buf);
  if (res == 0) {
    /* As proftpd: the FS whose chdir ran handles bare names from now on. */
    host_fs_set_cwd_fs(fs);
  }
  return res;
}

int pr_fsio_mkdir(const char *path, mode_t mode) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_dir, path, FSIO_DIR_MKDIR, mkdir, -1);
  res = (fs->mkdir)(fs, path, mode);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

int pr_fsio_rmdir(const char *path) {
  pr_fs_t *fs;
  int res;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  FSIO_FS(fs, host_fs_lookup_dir, path, FSIO_DIR_RMDIR, rmdir, -1);
  res = (fs->rmdir)(fs, path);
  if (res == 0) {
    pr_fs_clear_cache2(path);
  }
  return res;
}

/* Open directories remember the FS that opened them (for readdir and
 * closedir), in a short list.
 */
struct fsio_dir {
  struct fsio_dir *next;
  void *dir;
  pr_fs_t *fs;
};

static struct fsio_dir *fsio_dirs = NULL;

void *pr_fsio_opendir(const char *path) {
  struct fsio_dir *od;
  pr_fs_t *fs;
  void *dir;

  if (path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (strchr(path, '/') == NULL) {
    fs = host_fs_lookup_dir(pr_fs_getcwd(), FSIO_DIR_OPENDIR);
  } else {
    char buf[PR_TUNABLE_PATH_MAX + 1] = {'\0'};

    if (pr_fs_resolve_partial(path, buf, sizeof(buf) - 1,
        FSIO_DIR_OPENDIR) < 0) {
      return NULL;
    }
    fs = host_fs_lookup_dir(buf, FSIO_DIR_OPENDIR);
  }
  if (fs == NULL) {
    return NULL;
  }
  HOST_FS_WITH(fs, opendir);
  dir = (fs->opendir)(fs, path);
  if (dir == NULL) {
    return NULL;
  }
  od = malloc(sizeof(*od));
  if (od == NULL) {
    HOST_FS_WITH(fs, closedir);
    (void) (fs->closedir)(fs, dir);
    errno = ENOMEM;
    return NULL;
  }
  od->dir = dir;
  od->fs = fs;
  od->next = fsio_dirs;
  fsio_dirs = od;
  return dir;
}

static pr_fs_t *fsio_dir_fs(void *dir, int closing) {
  struct fsio_dir **link, *od;

  for (link = &fsio_dirs; (od = *link) != NULL; link = &od->next) {
    if (od->dir == dir) {
      pr_fs_t *fs = od->fs;

      if (closing) {
        *link = od->next;
        free(od);
      }
      return fs;
    }
  }
  errno = ENOTDIR;
  return NULL;
}

struct dirent *pr_fsio_readdir(void *dir) {
  pr_fs_t *fs;

  if (dir == NULL) {
    errno = EINVAL;
    return NULL;
  }
  fs = fsio_dir_fs(dir, FALSE);
  if (fs == NULL) {
    return NULL;
  }
  HOST_FS_WITH(fs, readdir);
  return (fs->readdir)(fs, dir);
}

int pr_fsio_closedir(void *dir) {
  pr_fs_t *fs;

  if (dir == NULL) {
    errno = EINVAL;
    return -1;
  }
  fs = fsio_dir_fs(dir, TRUE);
  if (fs == NULL) {
    return -1;
  }
  HOST_FS_WITH(fs, closedir);
  return (fs->closedir)(fs, dir);
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
