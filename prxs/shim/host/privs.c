/*
 * prxs shim host: privileges, filesystem I/O, signals and addresses.
 *
 * The privilege macros behave as proftpd's when the host runs as root:
 * the real uid stays 0 so PRIVS_ROOT can regain root, the effective ids
 * are the session's; PRIVS_REVOKE drops root for good.  As non-root they
 * do nothing (there is nothing to switch to).
 */

#include "host.h"

uid_t daemon_uid = (uid_t) -1;
gid_t daemon_gid = (gid_t) -1;

static int privs_can_switch(void) {
  return !session.disable_id_switching && getuid() == 0;
}

static int privs_set(uid_t uid, gid_t gid, const char *what,
    const char *file, int lineno) {
  if (seteuid(0) < 0) {
    pr_log_debug(DEBUG3, "%s: seteuid(0) failed at %s:%d: %s", what, file,
      lineno, strerror(errno));
    return -1;
  }
  if (setegid(gid) < 0 || seteuid(uid) < 0) {
    pr_log_pri(PR_LOG_ERR, "%s: switching to uid %lu, gid %lu failed at "
      "%s:%d: %s", what, (unsigned long) uid, (unsigned long) gid, file,
      lineno, strerror(errno));
    return -1;
  }
  return 0;
}

int pr_privs_setup(uid_t uid, gid_t gid, const char *file, int lineno) {
  session.uid = uid;
  session.gid = gid;
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(uid, gid, "PRIVS_SETUP", file, lineno);
}

int pr_privs_root(const char *file, int lineno) {
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(0, 0, "PRIVS_ROOT", file, lineno);
}

int pr_privs_user(const char *file, int lineno) {
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(session.login_uid, session.login_gid, "PRIVS_USER", file,
    lineno);
}

int pr_privs_relinquish(const char *file, int lineno) {
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(session.uid, session.gid, "PRIVS_RELINQUISH", file,
    lineno);
}

int pr_privs_revoke(const char *file, int lineno) {
  if (!privs_can_switch()) {
    return 0;
  }
  if (seteuid(0) < 0 || setgid(session.gid) < 0 ||
      setuid(session.uid) < 0) {
    pr_log_pri(PR_LOG_ERR, "PRIVS_REVOKE: dropping root for uid %lu failed "
      "at %s:%d: %s", (unsigned long) session.uid, file, lineno,
      strerror(errno));
    return -1;
  }
  session.disable_id_switching = TRUE;
  return 0;
}

/* Filesystem I/O
 */

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

/* Signals
 */

static void signals_mask(int how) {
  sigset_t set;

  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigprocmask(how, &set, NULL);
}

void pr_signals_block(void) {
  signals_mask(SIG_BLOCK);
}

void pr_signals_unblock(void) {
  signals_mask(SIG_UNBLOCK);
}

void pr_signals_handle(void) {
  /* The host acts on signals in its main loops; nothing is pending here. */
}

/* Addresses
 */

const char *pr_netaddr_get_ipstr(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return na->na_ipstr;
}

const pr_netaddr_t *pr_netaddr_get_sess_local_addr(void) {
  return session.c ? session.c->local_addr : NULL;
}

const pr_netaddr_t *pr_netaddr_get_sess_remote_addr(void) {
  return session.c ? session.c->remote_addr : NULL;
}

const char *pr_netaddr_get_sess_remote_name(void) {
  return session.c ? session.c->remote_name : NULL;
}
