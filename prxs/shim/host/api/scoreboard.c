/*
 * prxs shim host: the scoreboard, one entry per live session, in a real file
 * with proftpd 1.3.8's layout (a pr_scoreboard_header_t, then
 * pr_scoreboard_entry_t slots; a slot whose pid is 0 is free), so a module
 * reads it as in proftpd and proftpd's ftpwho/ftptop could too.
 *
 * The file is ScoreboardFile, else "<the host's socket>.scoreboard".  The
 * master maps it shared and gives each session its slot when it forks it
 * (pid, ids, start time) and frees the slot when it reaps it; the session
 * fills its own slot in (address, user, command) through the same mapping,
 * so keeping it current costs no system call.  Readers use a descriptor
 * of their own (pr_open_scoreboard()), as in proftpd.
 *
 * Not as in proftpd: no ScoreboardMutex locking (each slot has one writer;
 * a reader may see a field half updated), and at most SB_MAX_SLOTS
 * sessions have an entry (the others run without one).
 */

#include "host.h"
#include "host_scoreboard.h"

#include <sys/mman.h>

#define SB_MAX_SLOTS	1024

static char *sb_path = NULL;		/* the file in use */
static char *sb_config_path = NULL;	/* ScoreboardFile */
static pr_scoreboard_header_t *sb_map = NULL;
static size_t sb_map_len = 0;
static int sb_map_fd = -1;
static unsigned int sb_nslots = 0;	/* slots in the file */

/* This process's own slot (a session), or -1. */
static int sb_slot = -1;
static pr_scoreboard_entry_t *sb_own(void);

/* Readers' descriptor, as proftpd's scoreboard_fd. */
static int sb_fd = -1;
static pid_t sb_opener = 0;
static off_t sb_saved_pos = 0;

#define SB_ENTRY(i) ((pr_scoreboard_entry_t *) ((char *) sb_map + \
  sizeof(pr_scoreboard_header_t) + (size_t) (i) * \
  sizeof(pr_scoreboard_entry_t)))

/* Configuration and the master's side
 */

/* usage: ScoreboardFile path */
modret_t *host_scoreboard_set_file(cmd_rec *cmd) {
  const char *path;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  path = cmd->argv[1];
  if (*path != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "must be an absolute path (not '",
      path, "')", NULL));
  }
  if (sb_config_path != NULL) {
    free(sb_config_path);
  }
  sb_config_path = strdup(path);
  return PR_HANDLED(cmd);
}

/* A restart reads the configuration again. */
void host_scoreboard_config_reset(void) {
  free(sb_config_path);
  sb_config_path = NULL;
}

const char *pr_get_scoreboard(void) {
  return sb_path ? sb_path : sb_config_path;
}

const char *pr_get_scoreboard_mutex(void) {
  return NULL;
}

int pr_set_scoreboard(const char *path) {
  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (*path != '/') {
    errno = EINVAL;
    return -1;
  }
  free(sb_config_path);
  sb_config_path = strdup(path);
  return 0;
}

int pr_set_scoreboard_mutex(const char *path) {
  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

static void sb_unmap(void) {
  if (sb_map != NULL) {
    munmap(sb_map, sb_map_len);
    sb_map = NULL;
  }
  if (sb_map_fd >= 0) {
    close(sb_map_fd);
    sb_map_fd = -1;
  }
  sb_nslots = 0;
}

/* The master, when it starts serving and after each restart: create (or
 * take over) the file and map it.  0, else -1 with a message logged (the
 * host then runs without a scoreboard, as the sessions need none).
 */
int host_scoreboard_start(const char *serve_path) {
  const char *path = sb_config_path;
  pr_scoreboard_header_t hdr;
  struct stat st;
  void *map;
  int fd;

  if (path == NULL) {
    path = serve_path ? psprintf(permanent_pool, "%s.scoreboard",
      serve_path) : NULL;
  }
  if (path == NULL) {
    return -1;
  }
  if (sb_map != NULL && sb_path != NULL && strcmp(sb_path, path) == 0) {
    return 0;
  }
  sb_unmap();

  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    pr_log_pri(PR_LOG_WARNING, "ScoreboardFile '%s' is a symbolic link: "
      "refused (running without a scoreboard)", path);
    return -1;
  }
  fd = open(path, O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC|O_NOFOLLOW,
    PR_SCOREBOARD_MODE);
  if (fd < 0) {
    pr_log_pri(PR_LOG_WARNING, "unable to open ScoreboardFile '%s': %s "
      "(running without a scoreboard)", path, strerror(errno));
    return -1;
  }
  (void) fchmod(fd, PR_SCOREBOARD_MODE);
  sb_map_len = sizeof(pr_scoreboard_header_t) +
    SB_MAX_SLOTS * sizeof(pr_scoreboard_entry_t);
  if (ftruncate(fd, sizeof(pr_scoreboard_header_t)) < 0) {
    pr_log_pri(PR_LOG_WARNING, "unable to size ScoreboardFile '%s': %s",
      path, strerror(errno));
    close(fd);
    return -1;
  }
  /* Reserve room for every slot; the file grows as slots are used. */
  map = mmap(NULL, sb_map_len, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    pr_log_pri(PR_LOG_WARNING, "unable to map ScoreboardFile '%s': %s",
      path, strerror(errno));
    close(fd);
    return -1;
  }
  sb_map = map;
  sb_map_fd = fd;
  sb_nslots = 0;
  memset(&hdr, 0, sizeof(hdr));
  hdr.sch_magic = PR_SCOREBOARD_MAGIC;
  hdr.sch_version = PR_SCOREBOARD_VERSION;
  hdr.sch_pid = getpid();
  hdr.sch_uptime = time(NULL);
  memcpy(sb_map, &hdr, sizeof(hdr));
  free(sb_path);
  sb_path = strdup(path);
  pr_log_debug(DEBUG3, "scoreboard: '%s'", path);
  /* As proftpd's daemon, the master has no descriptor open for reading
   * it until a module opens one (pr_open_scoreboard()).
   */
  pr_close_scoreboard(FALSE);
  return 0;
}

/* At exit: the file goes, as proftpd's does on a clean shutdown. */
void host_scoreboard_stop(void) {
  if (sb_map != NULL && sb_path != NULL && sb_map->sch_pid == getpid()) {
    unlink(sb_path);
  }
  sb_unmap();
}

/* The master, before forking a session: a free slot (the file grown to
 * hold it), filled with what the master knows; -1 without one.
 */
int host_scoreboard_slot_reserve(void) {
  unsigned int i;

  if (sb_map == NULL) {
    return -1;
  }
  for (i = 0; i < sb_nslots; i++) {
    if (SB_ENTRY(i)->sce_pid == 0) {
      break;
    }
  }
  if (i == sb_nslots) {
    if (i >= SB_MAX_SLOTS) {
      return -1;
    }
    if (ftruncate(sb_map_fd, sizeof(pr_scoreboard_header_t) +
        (off_t) (i + 1) * sizeof(pr_scoreboard_entry_t)) < 0) {
      return -1;
    }
    sb_nslots = i + 1;
  }
  memset(SB_ENTRY(i), 0, sizeof(pr_scoreboard_entry_t));
  return (int) i;
}

/* The master, after the fork: the slot is the child's (pid -1: the fork
 * failed, free it again).
 */
void host_scoreboard_slot_assign(int slot, pid_t pid) {
  pr_scoreboard_entry_t *e;

  if (sb_map == NULL || slot < 0 || (unsigned int) slot >= sb_nslots) {
    return;
  }
  e = SB_ENTRY(slot);
  if (pid <= 0) {
    memset(e, 0, sizeof(*e));
    return;
  }
  e->sce_uid = geteuid();
  e->sce_gid = getegid();
  e->sce_begin_session = time(NULL);
  e->sce_begin_idle = e->sce_begin_session;
  __atomic_store_n(&e->sce_pid, pid, __ATOMIC_RELEASE);
}

/* The master, on reaping a session: its slot is free again. */
void host_scoreboard_slot_release(pid_t pid) {
  unsigned int i;

  if (sb_map == NULL) {
    return;
  }
  for (i = 0; i < sb_nslots; i++) {
    pr_scoreboard_entry_t *e = SB_ENTRY(i);

    if (e->sce_pid == pid) {
      memset(e, 0, sizeof(*e));
      break;
    }
  }
}

/* The session (child), first thing: this slot is its own. */
void host_scoreboard_session_begin(int slot) {
  sb_slot = slot;
  if (sb_fd >= 0) {
    /* The master's reading descriptor shares its offset: not ours. */
    close(sb_fd);
    sb_fd = -1;
  }
}

static pr_scoreboard_entry_t *sb_own(void) {
  if (sb_map == NULL || sb_slot < 0) {
    return NULL;
  }
  return SB_ENTRY(sb_slot);
}

/* The session's state as proftpd's core and mod_auth record it. */
void host_scoreboard_session_conn(void) {
  pr_scoreboard_entry_t *e = sb_own();

  if (e == NULL || session.c == NULL) {
    return;
  }
  sstrncpy(e->sce_user, "(none)", sizeof(e->sce_user));
  e->sce_server_port = main_server->ServerPort;
  snprintf(e->sce_server_addr, sizeof(e->sce_server_addr), "%s:%d",
    session.c->local_addr ? pr_netaddr_get_ipstr(session.c->local_addr) :
    "(unknown)", session.c->local_port);
  sstrncpy(e->sce_server_label, main_server->ServerName ?
    main_server->ServerName : "", sizeof(e->sce_server_label));
  sstrncpy(e->sce_client_addr, session.c->remote_addr ?
    pr_netaddr_get_ipstr(session.c->remote_addr) : "(unknown)",
    sizeof(e->sce_client_addr));
  sstrncpy(e->sce_client_name, session.c->remote_name ?
    session.c->remote_name : "(unknown)", sizeof(e->sce_client_name));
  sstrncpy(e->sce_protocol, "ftp", sizeof(e->sce_protocol));
  e->sce_uid = geteuid();
  e->sce_gid = getegid();
}

void host_scoreboard_session_login(void) {
  pr_scoreboard_entry_t *e = sb_own();

  if (e == NULL) {
    return;
  }
  sstrncpy(e->sce_user, session.user ? session.user : "",
    sizeof(e->sce_user));
  sstrncpy(e->sce_cwd, session.cwd, sizeof(e->sce_cwd));
  host_scoreboard_session_idle();
}

/* Each command of a logged-in session: its name and arguments. */
void host_scoreboard_session_cmd(const char *line) {
  pr_scoreboard_entry_t *e = sb_own();
  const char *sp;
  size_t n;

  if (e == NULL || session.user == NULL) {
    return;
  }
  sp = strchr(line, ' ');
  n = sp ? (size_t) (sp - line) : strlen(line);
  if (n >= sizeof(e->sce_cmd)) {
    n = sizeof(e->sce_cmd) - 1;
  }
  memcpy(e->sce_cmd, line, n);
  e->sce_cmd[n] = '\0';
  sstrncpy(e->sce_cmd_arg, sp ? sp + 1 : "", sizeof(e->sce_cmd_arg));
}

/* After each command a logged-in session ran (not in a transfer): idle,
 * as proftpd's pr_session_set_idle().
 */
void host_scoreboard_session_idle(void) {
  pr_scoreboard_entry_t *e = sb_own();

  if (e == NULL || session.user == NULL || (session.sf_flags & SF_XFER)) {
    return;
  }
  e->sce_begin_idle = time(NULL);
  sstrncpy(e->sce_cmd, "idle", sizeof(e->sce_cmd));
  e->sce_cmd_arg[0] = '\0';
}

/* The module API
 */

int pr_open_scoreboard(int flags) {
  pr_scoreboard_header_t hdr;
  const char *path = pr_get_scoreboard();
  struct stat st;
  ssize_t n;

  if (flags != O_RDWR) {
    errno = EINVAL;
    return -1;
  }
  if (sb_fd >= 0 && sb_opener == getpid()) {
    return 0;
  }
  if (path == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    errno = EPERM;
    return -1;
  }
  sb_fd = open(path, O_RDWR|O_CLOEXEC|O_NOFOLLOW);
  if (sb_fd < 0 && (errno == EACCES || errno == EPERM) && getpid() != mpid &&
      sb_own() != NULL) {
    /* A session after login runs as its user: proftpd's session has its
     * descriptor from before; reading is what it needs it for, through the
     * mapping's descriptor it inherited (the file's directory may be closed
     * to the user).
     */
    char self[64];

    snprintf(self, sizeof(self), "/proc/self/fd/%d", sb_map_fd);
    sb_fd = sb_map_fd >= 0 ? open(self, O_RDONLY|O_CLOEXEC) : -1;
  }
  if (sb_fd < 0) {
    return -1;
  }
  sb_opener = getpid();
  n = read(sb_fd, &hdr, sizeof(hdr));
  if (n != (ssize_t) sizeof(hdr)) {
    close(sb_fd);
    sb_fd = -1;
    errno = EINVAL;
    return -1;
  }
  if (hdr.sch_magic != PR_SCOREBOARD_MAGIC) {
    close(sb_fd);
    sb_fd = -1;
    return PR_SCORE_ERR_BAD_MAGIC;
  }
  if (hdr.sch_version < PR_SCOREBOARD_VERSION) {
    close(sb_fd);
    sb_fd = -1;
    return PR_SCORE_ERR_OLDER_VERSION;
  }
  if (hdr.sch_version > PR_SCOREBOARD_VERSION) {
    close(sb_fd);
    sb_fd = -1;
    return PR_SCORE_ERR_NEWER_VERSION;
  }
  return 0;
}

int pr_close_scoreboard(int keep_mutex) {
  (void) keep_mutex;
  if (sb_fd >= 0) {
    close(sb_fd);
    sb_fd = -1;
  }
  return 0;
}

void pr_delete_scoreboard(void) {
  const char *path = pr_get_scoreboard();

  pr_close_scoreboard(FALSE);
  if (path != NULL) {
    unlink(path);
  }
}

/* A session reads through its own descriptor, not the master's; it has
 * one from its start in proftpd (it opened the scoreboard to add its
 * entry), here from its first use.
 */
static int sb_reader_fd(void) {
  if (sb_fd >= 0 && sb_opener != getpid()) {
    close(sb_fd);
    sb_fd = -1;
  }
  if (sb_fd < 0 && getpid() != mpid && sb_own() != NULL &&
      pr_open_scoreboard(O_RDWR) != 0) {
    return -1;
  }
  return sb_fd;
}

int pr_rewind_scoreboard(void) {
  off_t pos;

  if (sb_reader_fd() < 0) {
    errno = EINVAL;
    return -1;
  }
  pos = lseek(sb_fd, 0, SEEK_CUR);
  if (pos == (off_t) -1) {
    return -1;
  }
  sb_saved_pos = pos;
  if (lseek(sb_fd, sizeof(pr_scoreboard_header_t), SEEK_SET) ==
      (off_t) -1) {
    return -1;
  }
  return 0;
}

int pr_restore_scoreboard(void) {
  if (sb_reader_fd() < 0) {
    errno = EINVAL;
    return -1;
  }
  if (sb_saved_pos == 0) {
    errno = EPERM;
    return -1;
  }
  if (lseek(sb_fd, sb_saved_pos, SEEK_SET) == (off_t) -1) {
    return -1;
  }
  return 0;
}

pr_scoreboard_entry_t *pr_scoreboard_entry_read(void) {
  static pr_scoreboard_entry_t scan;

  if (sb_reader_fd() < 0) {
    errno = EINVAL;
    return NULL;
  }
  while (TRUE) {
    ssize_t n = read(sb_fd, &scan, sizeof(scan));

    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n != (ssize_t) sizeof(scan)) {
      if (n >= 0) {
        errno = 0;
      }
      return NULL;
    }
    if (scan.sce_pid != 0) {
      return &scan;
    }
  }
}

int pr_scoreboard_entry_kill(pr_scoreboard_entry_t *sce, int signo) {
  if (sce == NULL) {
    errno = EINVAL;
    return -1;
  }
  /* As proftpd (standalone): only processes of the daemon's group. */
  if (getpgid(sce->sce_pid) != getpgrp()) {
    errno = EPERM;
    return -1;
  }
  return kill(sce->sce_pid, signo);
}

int pr_scoreboard_scrub(void) {
  const char *path = pr_get_scoreboard();
  pr_scoreboard_entry_t sce;
  pid_t pgrp = getpgrp();
  off_t off = sizeof(pr_scoreboard_header_t);
  int fd;

  if (path == NULL) {
    errno = ENOENT;
    return -1;
  }
  fd = open(path, O_RDWR|O_CLOEXEC|O_NOFOLLOW);
  if (fd < 0) {
    return -1;
  }
  while (pread(fd, &sce, sizeof(sce), off) == (ssize_t) sizeof(sce)) {
    if (sce.sce_pid != 0 &&
        ((kill(sce.sce_pid, 0) < 0 && errno == ESRCH) ||
         getpgid(sce.sce_pid) != pgrp)) {
      pr_log_debug(DEBUG9, "scoreboard: removing the entry of pid %lu "
        "(no such session)", (unsigned long) sce.sce_pid);
      memset(&sce, 0, sizeof(sce));
      if (pwrite(fd, &sce, sizeof(sce), off) < 0) {
        break;
      }
    }
    off += sizeof(sce);
  }
  close(fd);
  return 0;
}

pid_t pr_scoreboard_get_daemon_pid(void) {
  return sb_map ? sb_map->sch_pid : 0;
}

time_t pr_scoreboard_get_daemon_uptime(void) {
  return sb_map ? sb_map->sch_uptime : 0;
}

/* A session's own entry (proftpd's pr_scoreboard_entry_add/del/update/get):
 * the master gave it its slot, so add only reports that it has one.
 */

int pr_scoreboard_entry_add(void) {
  if (sb_own() == NULL) {
    errno = EINVAL;
    return -1;
  }
  errno = EPERM;		/* "already have entry" */
  return -1;
}

int pr_scoreboard_entry_del(unsigned char verbose) {
  pr_scoreboard_entry_t *e = sb_own();

  (void) verbose;
  if (e == NULL) {
    errno = ENOENT;
    return -1;
  }
  memset(e, 0, sizeof(*e));
  sb_slot = -1;
  return 0;
}

int pr_scoreboard_entry_lock(int fd, int lock_type) {
  struct flock lock;

  if (fd < 0 || (lock_type != F_RDLCK && lock_type != F_WRLCK &&
      lock_type != F_UNLCK)) {
    errno = EINVAL;
    return -1;
  }
  if (sb_own() == NULL) {
    errno = EINVAL;
    return -1;
  }
  memset(&lock, 0, sizeof(lock));
  lock.l_type = lock_type;
  lock.l_whence = SEEK_SET;
  lock.l_start = sizeof(pr_scoreboard_header_t) +
    (off_t) sb_slot * sizeof(pr_scoreboard_entry_t);
  lock.l_len = sizeof(pr_scoreboard_entry_t);
  return fcntl(fd, F_SETLKW, &lock);
}

const char *pr_scoreboard_entry_get(int field) {
  pr_scoreboard_entry_t *e = sb_own();

  if (sb_map == NULL) {
    errno = ENOENT;
    return NULL;
  }
  if (e == NULL) {
    errno = EPERM;
    return NULL;
  }
  switch (field) {
    case PR_SCORE_USER: return e->sce_user;
    case PR_SCORE_CLIENT_ADDR: return e->sce_client_addr;
    case PR_SCORE_CLIENT_NAME: return e->sce_client_name;
    case PR_SCORE_CLASS: return e->sce_class;
    case PR_SCORE_CWD: return e->sce_cwd;
    case PR_SCORE_CMD: return e->sce_cmd;
    case PR_SCORE_CMD_ARG: return e->sce_cmd_arg;
    case PR_SCORE_PROTOCOL: return e->sce_protocol;
  }
  errno = ENOENT;
  return NULL;
}

/* PR_SCORE_CMD and PR_SCORE_CMD_ARG take a format and its arguments, then
 * a terminating pointer; the format consumes its arguments from the
 * caller's list (va_list is an array type on the ABIs proftpd runs on).
 */
static void sb_format(char *buf, size_t bufsz, const char *fmt, va_list ap) {
  vsnprintf(buf, bufsz, fmt, ap);
}

int pr_scoreboard_entry_update(pid_t pid, ...) {
  pr_scoreboard_entry_t *e = sb_own();
  va_list ap;
  int tag;

  (void) pid;
  if (sb_map == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (e == NULL) {
    errno = EPERM;
    return -1;
  }
  va_start(ap, pid);
  while ((tag = va_arg(ap, int)) != 0) {
    switch (tag) {
      case PR_SCORE_USER:
        sstrncpy(e->sce_user, va_arg(ap, char *), sizeof(e->sce_user));
        break;
      case PR_SCORE_CLIENT_ADDR: {
        const pr_netaddr_t *na = va_arg(ap, const pr_netaddr_t *);
        sstrncpy(e->sce_client_addr, na ? pr_netaddr_get_ipstr(na) :
          "(unknown)", sizeof(e->sce_client_addr));
        break;
      }
      case PR_SCORE_CLIENT_NAME: {
        const char *name = va_arg(ap, const char *);
        sstrncpy(e->sce_client_name, name ? name : "(unknown)",
          sizeof(e->sce_client_name));
        break;
      }
      case PR_SCORE_CLASS:
        sstrncpy(e->sce_class, va_arg(ap, char *), sizeof(e->sce_class));
        break;
      case PR_SCORE_CWD:
        sstrncpy(e->sce_cwd, va_arg(ap, char *), sizeof(e->sce_cwd));
        break;
      case PR_SCORE_CMD: {
        const char *fmt = va_arg(ap, const char *);
        sb_format(e->sce_cmd, sizeof(e->sce_cmd), fmt, ap);
        (void) va_arg(ap, void *);
        break;
      }
      case PR_SCORE_CMD_ARG: {
        const char *fmt = va_arg(ap, const char *);
        sb_format(e->sce_cmd_arg, sizeof(e->sce_cmd_arg), fmt, ap);
        (void) va_arg(ap, void *);
        break;
      }
      case PR_SCORE_SERVER_PORT:
        e->sce_server_port = va_arg(ap, int);
        break;
      case PR_SCORE_SERVER_ADDR: {
        const pr_netaddr_t *na = va_arg(ap, const pr_netaddr_t *);
        int port = va_arg(ap, int);
        snprintf(e->sce_server_addr, sizeof(e->sce_server_addr), "%s:%d",
          na ? pr_netaddr_get_ipstr(na) : "(unknown)", port);
        break;
      }
      case PR_SCORE_SERVER_LABEL:
        sstrncpy(e->sce_server_label, va_arg(ap, char *),
          sizeof(e->sce_server_label));
        break;
      case PR_SCORE_BEGIN_IDLE:
        (void) va_arg(ap, time_t);
        e->sce_begin_idle = time(NULL);
        break;
      case PR_SCORE_BEGIN_SESSION:
        (void) va_arg(ap, time_t);
        e->sce_begin_session = time(NULL);
        break;
      case PR_SCORE_XFER_DONE:
        e->sce_xfer_done = va_arg(ap, off_t);
        break;
      case PR_SCORE_XFER_SIZE:
        e->sce_xfer_size = va_arg(ap, off_t);
        break;
      case PR_SCORE_XFER_LEN:
        e->sce_xfer_len = va_arg(ap, off_t);
        break;
      case PR_SCORE_XFER_ELAPSED:
        e->sce_xfer_elapsed = va_arg(ap, unsigned long);
        break;
      case PR_SCORE_PROTOCOL:
        sstrncpy(e->sce_protocol, va_arg(ap, char *),
          sizeof(e->sce_protocol));
        break;
      default:
        va_end(ap);
        errno = ENOENT;
        return -1;
    }
  }
  va_end(ap);
  return 0;
}
