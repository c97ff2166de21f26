/*
 * prxs shim host: the Controls socket file (ControlsSocket): created with
 * its configured mode and owner, replaced only when it is a stale socket,
 * removed at exit only while it is still the one this host created.
 * ctrls.c serves the clients it accepts.
 */

#include "host_ctrls.h"

static int ctrls_lfd = -1;
static char *ctrls_path = NULL;
static dev_t ctrls_dev;
static ino_t ctrls_ino;
static uid_t ctrls_uid;
static gid_t ctrls_gid;
static mode_t ctrls_mode;

int host_ctrls_listen_fd(void) {
  return ctrls_lfd;
}

const char *host_ctrls_socket_file(void) {
  return ctrls_path ? ctrls_path : "";
}

void host_ctrls_close_listener(int unlink_socket) {
  struct stat st;

  if (ctrls_lfd < 0) {
    return;
  }
  close(ctrls_lfd);
  ctrls_lfd = -1;
  /* Remove the file only if it is still ours. */
  if (unlink_socket && ctrls_path != NULL && lstat(ctrls_path, &st) == 0 &&
      st.st_dev == ctrls_dev && st.st_ino == ctrls_ino) {
    unlink(ctrls_path);
  }
  free(ctrls_path);
  ctrls_path = NULL;
}

static int ctrls_socket_in_use(const char *path) {
  struct sockaddr_un sun;
  int fd, res;

  fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return FALSE;
  }
  memset(&sun, 0, sizeof(sun));
  sun.sun_family = AF_UNIX;
  sstrncpy(sun.sun_path, path, sizeof(sun.sun_path));
  res = connect(fd, (struct sockaddr *) &sun, sizeof(sun));
  close(fd);
  return res == 0;
}

/* The socket file's owner: lchown(), so a symlink put in its place (in a
 * shared directory) cannot redirect it.  Its mode comes from the umask at
 * bind(), never from a chmod() that would follow such a link.
 */
static void ctrls_apply_owner(const char *path, int configured, uid_t uid,
    gid_t gid) {
  if ((configured || geteuid() == 0) && lchown(path, uid, gid) < 0) {
    pr_log_pri(PR_LOG_WARNING, MOD_CTRLS_VERSION ": unable to give '%s' to "
      "%lu:%lu: %s", path, (unsigned long) uid, (unsigned long) gid,
      strerror(errno));
  }
}

int host_ctrls_listen(void) {
  const char *path = host_ctrls_socket_path();
  struct sockaddr_un sun;
  struct stat st;
  mode_t old_umask, mode;
  uid_t uid;
  gid_t gid;
  int fd, configured;

  if (path == NULL) {
    host_ctrls_close_listener(TRUE);
    return 0;
  }
  configured = host_ctrls_socket_owner(&uid, &gid, &mode);
  if (ctrls_lfd >= 0 && strcmp(path, ctrls_path) == 0 && uid == ctrls_uid &&
      gid == ctrls_gid && mode == ctrls_mode) {
    return 0;
  }
  /* A new path, owner or mode: a new socket (clients keep their
   * connections).
   */
  host_ctrls_close_listener(TRUE);

  if (lstat(path, &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      host_log_msg("fatal: ControlsSocket: '%s' exists and is not a socket "
        "(remove it or choose another path)", path);
      return -1;
    }
    if (ctrls_socket_in_use(path)) {
      host_log_msg("fatal: ControlsSocket: '%s' is in use by another running "
        "server (stop it or choose another path)", path);
      return -1;
    }
    unlink(path);
  }

  memset(&sun, 0, sizeof(sun));
  sun.sun_family = AF_UNIX;
  sstrncpy(sun.sun_path, path, sizeof(sun.sun_path));
  fd = socket(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0);
  if (fd < 0) {
    host_log_msg("fatal: ControlsSocket: unable to create a socket: %s",
      strerror(errno));
    return -1;
  }
  old_umask = umask(~mode & 0777);
  if (bind(fd, (struct sockaddr *) &sun, sizeof(sun)) < 0) {
    int xerrno = errno;

    umask(old_umask);
    close(fd);
    host_log_msg("fatal: ControlsSocket: unable to listen on '%s': %s", path,
      strerror(xerrno));
    return -1;
  }
  umask(old_umask);
  ctrls_apply_owner(path, configured, uid, gid);
  if (listen(fd, SOMAXCONN) < 0 || lstat(path, &st) < 0) {
    int xerrno = errno;

    close(fd);
    unlink(path);
    host_log_msg("fatal: ControlsSocket: unable to listen on '%s': %s", path,
      strerror(xerrno));
    return -1;
  }
  ctrls_lfd = fd;
  ctrls_path = strdup(path);
  ctrls_dev = st.st_dev;
  ctrls_ino = st.st_ino;
  ctrls_uid = uid;
  ctrls_gid = gid;
  ctrls_mode = mode;
  pr_log_debug(DEBUG1, MOD_CTRLS_VERSION ": listening on '%s' (mode %04o)",
    path, (unsigned int) (st.st_mode & 07777));
  return 0;
}
