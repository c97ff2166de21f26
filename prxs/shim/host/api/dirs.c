/*
 * prxs shim host: the path, directory and access helpers of support.h and
 * dirtree.h (dir_canonical_path(), dir_check() and friends, exists2(),
 * get_dir_ctxt()), path filters (filter.h), display files (display.h),
 * the TransferLog (xferlog.h) and the time helpers of support.h.
 */

#include "host_fs.h"

/* Paths */

/* "~..." interpolated when it names a user, else relative to base; then
 * cleaned.
 */
static char *dirs_canonical(pool *p, const char *path, const char *base) {
  char buf[PR_TUNABLE_PATH_MAX + 1] = {'\0'},
    work[PR_TUNABLE_PATH_MAX + 1] = {'\0'};

  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (*path != '~' || pr_fs_interpolate(path, work, sizeof(work) - 1) != 1) {
    if (pr_fs_dircat(work, sizeof(work), base, path) < 0) {
      return NULL;
    }
  }
  pr_fs_clean_path(work, buf, sizeof(buf) - 1);
  return pstrdup(p, buf);
}

/* The absolute, cleaned path (symbolic links not followed), from the
 * FS layer's working directory.
 */
char *dir_canonical_path(pool *p, const char *path) {
  return dirs_canonical(p, path, pr_fs_getcwd());
}

/* The same, from the virtual working directory (what the client sees). */
char *dir_canonical_vpath(pool *p, const char *path) {
  return dirs_canonical(p, path, pr_fs_getvwd());
}

char *dir_interpolate(pool *p, const char *path) {
  const char *rest;
  char *user;
  struct passwd *pw;

  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (*path != '~') {
    return pstrdup(p, path);
  }
  user = pstrdup(p, path + 1);
  rest = strchr(path + 1, '/');
  if (rest != NULL) {
    user[rest - path - 1] = '\0';
    rest++;
  }
  if (*user == '\0') {
    user = (char *) session.user;
  }
  pw = user != NULL ? pr_auth_getpwnam(p, user) : NULL;
  if (pw == NULL) {
    errno = ENOENT;
    return NULL;
  }
  return pdircat(p, pw->pw_dir, rest, NULL);
}

/* The path with its symbolic links resolved as far as it exists. */
char *dir_realpath(pool *p, const char *path) {
  char buf[PR_TUNABLE_PATH_MAX + 1] = {'\0'};

  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (pr_fs_resolve_partial(path, buf, sizeof(buf) - 1, 0) < 0) {
    return NULL;
  }
  return pstrdup(p, buf);
}

/* A link's target as the session should see it: with
 * PR_DIR_READLINK_FL_HANDLE_REL_PATH a relative target is made relative to
 * the link's directory and cleaned; inside a chroot an absolute target
 * under the chroot loses the chroot's prefix.  The length, as readlink(2)
 * (buf not NUL-terminated when full).
 */
int dir_readlink(pool *p, const char *path, char *buf, size_t bufsz,
    int flags) {
  size_t root_len = 0;
  const char *slash;
  char *dst, *clean;
  pool *tmp;
  int len, is_abs, res;

  if (p == NULL || path == NULL || buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (bufsz == 0) {
    return 0;
  }
  len = pr_fsio_readlink(path, buf, bufsz);
  if (len <= 0 || (size_t) len == bufsz) {
    return len;
  }
  buf[len] = '\0';
  is_abs = *buf == '/';
  if (session.chroot_path != NULL) {
    root_len = strlen(session.chroot_path);
  }
  if (!is_abs && !(flags & PR_DIR_READLINK_FL_HANDLE_REL_PATH)) {
    return len;
  }
  if (root_len <= 1 && is_abs) {
    return len;
  }
  if (is_abs && (size_t) len < root_len) {
    return len;
  }

  tmp = make_sub_pool(p);
  pr_pool_tag(tmp, "dir_readlink pool");
  dst = pstrdup(tmp, buf);
  slash = strrchr(path, '/');
  if (!is_abs && slash != NULL) {
    dst = slash == path ? pdircat(tmp, "/", dst, NULL) :
      pdircat(tmp, pstrndup(tmp, path, (size_t) (slash - path)), dst, NULL);
  }
  clean = pcalloc(tmp, bufsz + 1);
  res = pr_fs_clean_path2(dst, clean, bufsz,
    root_len > 1 ? PR_FSIO_CLEAN_PATH_FL_MAKE_ABS_PATH : 0);
  if (res == 0 && (root_len > 1 || (!is_abs && slash != NULL &&
      slash != path))) {
    dst = clean;
    memset(buf, '\0', bufsz);
    sstrncpy(buf, dst, bufsz);
    len = (int) strlen(buf);
  }
  if (root_len > 1 && strncmp(dst, session.chroot_path, root_len) == 0 &&
      dst[root_len] == '/') {
    const char *inside = dst + root_len;

    if (!is_abs && res == 0) {
      inside = pstrcat(tmp, ".", inside, NULL);
    }
    memset(buf, '\0', bufsz);
    sstrncpy(buf, inside, bufsz);
    len = (int) strlen(buf);
  }
  destroy_pool(tmp);
  return len;
}

/* Existence: flags 1 a directory, 0 anything but a directory, -1 any. */
static int dirs_exists(const char *path, int flags) {
  struct stat st;

  if (path == NULL || pr_fsio_stat(path, &st) < 0) {
    return FALSE;
  }
  if (flags == 1) {
    return S_ISDIR(st.st_mode) ? TRUE : FALSE;
  }
  if (flags == 0) {
    return S_ISDIR(st.st_mode) ? FALSE : TRUE;
  }
  return TRUE;
}

int exists2(pool *p, const char *path) {
  (void) p;
  return dirs_exists(path, -1);
}

int exists(const char *path) {
  return dirs_exists(path, -1);
}

int file_exists2(pool *p, const char *path) {
  (void) p;
  return dirs_exists(path, 0);
}

int file_exists(const char *path) {
  return dirs_exists(path, 0);
}

int dir_exists2(pool *p, const char *path) {
  (void) p;
  return dirs_exists(path, 1);
}

int dir_exists(const char *path) {
  return dirs_exists(path, 1);
}

/* A path quoted for a 257 reply: each '"' doubled. */
const char *quote_dir(pool *p, char *path) {
  const char *cp;
  char *res, *out;

  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  res = out = pcalloc(p, strlen(path) * 2 + 1);
  for (cp = path; *cp != '\0'; cp++) {
    *out++ = *cp;
    if (*cp == '"') {
      *out++ = '"';
    }
  }
  return res;
}

/* Configuration for a directory */

/* The configuration set that applies to dir_path (as the session sees it):
 * its <Directory>'s, else the <Anonymous> or server's.
 */
xaset_t *get_dir_ctxt(pool *p, char *dir_path) {
  config_rec *c;
  char *full;

  if (p == NULL || dir_path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  full = *dir_path == '/' ? dir_path :
    pdircat(p, pr_fs_getcwd(), dir_path, NULL);
  c = dir_match_path(p, full);
  if (c != NULL) {
    return c->subset;
  }
  return session.anon_config ? session.anon_config->subset :
    main_server->conf;
}

/* May cmd (of group, e.g. READ or WRITE) act on path?  1 yes, 0 no (a
 * <Limit> denies it).  Points session.dir_config at path's <Directory>.
 * *hidden is FALSE: the shim has no HideFiles/HideNoAccess hiding.
 */
int dir_check_full(pool *pp, cmd_rec *cmd, const char *group,
    const char *path, int *hidden) {
  const char *full;
  pool *p;
  int res;

  if (pp == NULL || cmd == NULL || path == NULL) {
    errno = EINVAL;
    return -1;
  }
  p = make_sub_pool(pp);
  pr_pool_tag(p, "dir_check_full() subpool");
  full = path;
  if (*full != '/') {
    full = pdircat(p, pr_fs_getcwd(), full, NULL);
  }
  session.dir_config = dir_match_path(p, (char *) full);
  if (session.chroot_path != NULL && strcmp(session.chroot_path, "/") != 0) {
    full = pdircat(p, session.chroot_path, full, NULL);
  }
  if (cmd->cmd_id == 0 && cmd->argv != NULL && cmd->argv[0] != NULL) {
    cmd->cmd_id = pr_cmd_get_id(cmd->argv[0]);
  }
  res = host_limit_allows(cmd, group, full) ? 1 : 0;
  destroy_pool(p);
  if (hidden != NULL) {
    *hidden = FALSE;
  }
  return res;
}

int dir_check(pool *pp, cmd_rec *cmd, const char *group, const char *path,
    int *hidden) {
  return dir_check_full(pp, cmd, group, path, hidden);
}

/* dir_check() on the path with its symbolic links resolved. */
int dir_check_canon(pool *pp, cmd_rec *cmd, const char *group,
    const char *path, int *hidden) {
  const char *best;

  if (pp == NULL || path == NULL) {
    errno = EINVAL;
    return -1;
  }
  best = dir_best_path(pp, path);
  if (best == NULL) {
    return -1;
  }
  return dir_check(pp, cmd, group, best, hidden);
}

/* Path filters */

/* pr_regex_t comes from the regexp API (another area of the host): called
 * when the host has it, weakly so this file links without it.
 */
extern int pr_regexp_exec(pr_regex_t *, const char *, size_t, regmatch_t *,
  int, uint64_t, uint64_t) __attribute__ ((weak));

/* 0 when path passes the PathAllowFilter and PathDenyFilter of set,
 * PR_FILTER_ERR_FAILS_ALLOW_FILTER or PR_FILTER_ERR_FAILS_DENY_FILTER.
 */
int pr_filter_allow_path(xaset_t *set, const char *path) {
  pr_regex_t *pre;

  if (set == NULL || path == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (pr_regexp_exec == NULL) {
    /* No regexp API in this host: the filters are never stored (the core
     * accepts PathAllowFilter/PathDenyFilter without effect).
     */
    return 0;
  }
  pre = get_param_ptr(set, "PathAllowFilter", FALSE);
  if (pre != NULL && pr_regexp_exec(pre, path, 0, NULL, 0, 0, 0) != 0) {
    return PR_FILTER_ERR_FAILS_ALLOW_FILTER;
  }
  pre = get_param_ptr(set, "PathDenyFilter", FALSE);
  if (pre != NULL && pr_regexp_exec(pre, path, 0, NULL, 0, 0, 0) == 0) {
    return PR_FILTER_ERR_FAILS_DENY_FILTER;
  }
  return 0;
}

/* Display files */

/* A line of a display file sent at once: the first as "code-text", the
 * middle ones as " text", the last (at the flush) as "code text".
 */
struct display_state {
  pool *p;
  const char *code;
  char *first, *prev;
  int first_sent;
};

static void display_raw(const char *fmt, const char *a, const char *b) {
  char buf[PR_TUNABLE_BUFFER_SIZE + 64];
  int len;

  len = pr_snprintf(buf, sizeof(buf) - 2, fmt, a, b);
  if (len < 0) {
    return;
  }
  if ((size_t) len > sizeof(buf) - 3) {
    len = (int) sizeof(buf) - 3;
  }
  buf[len++] = '\r';
  buf[len++] = '\n';
  (void) host_response_write(buf, (size_t) len);
}

static void display_add_line(struct display_state *ds, const char *line) {
  if (!ds->first_sent && ds->first == NULL) {
    ds->first = pstrdup(ds->p, line);
    return;
  }
  if (ds->first != NULL) {
    display_raw("%s-%s", ds->code, ds->first);
    ds->first = NULL;
    ds->first_sent = TRUE;
    ds->prev = pstrdup(ds->p, line);
    return;
  }
  if (ds->prev != NULL) {
    display_raw(" %s%s", ds->prev, "");
  }
  ds->prev = pstrdup(ds->p, line);
}

static void display_flush(struct display_state *ds, int flags) {
  if (ds->first != NULL) {
    if (session.auth_mech != NULL && !(flags & PR_DISPLAY_FL_NO_EOM)) {
      display_raw("%s %s", ds->code, ds->first);
    } else {
      display_raw("%s-%s", ds->code, ds->first);
    }
  } else if (ds->prev != NULL) {
    if (flags & PR_DISPLAY_FL_NO_EOM) {
      display_raw(" %s%s", ds->prev, "");
    } else {
      display_raw("%s %s", ds->code, ds->prev);
    }
  }
}

/* %{name} variables (pr_var_get(), %{time:fmt}, %{env:NAME}) of a line. */
static const char *display_vars(pool *p, const char *line) {
  const char *res = line, *at;

  while ((at = strstr(res, "%{")) != NULL) {
    const char *end = strchr(at, '}'), *val = NULL;
    char *key;

    if (end == NULL) {
      break;
    }
    key = pstrndup(p, at, (size_t) (end - at + 1));
    if (strncmp(key, "%{time:", 7) == 0) {
      char tbuf[128] = {'\0'};
      time_t now = time(NULL);
      struct tm *tm = pr_localtime(p, &now);

      if (tm != NULL) {
        strftime(tbuf, sizeof(tbuf), pstrndup(p, key + 7, strlen(key) - 8),
          tm);
      }
      val = pstrdup(p, tbuf);
    } else if (strncmp(key, "%{env:", 6) == 0) {
      val = getenv(pstrndup(p, key + 6, strlen(key) - 7));
    } else {
      val = pr_var_get(key);
    }
    res = sreplace(p, res, key, val != NULL ? val : "(none)", NULL);
  }
  return res;
}

/* Each line of the file as a reply line under resp_code, proftpd's
 * variables (%C %E %L %R %T %U %u %V %i %o %t %K %k %M %N and %{...})
 * substituted: added to the pending reply, or with PR_DISPLAY_FL_SEND_NOW
 * sent at once.  fs is unused, as in proftpd 1.3.8.
 */
int pr_display_fh(pr_fh_t *fh, const char *fs, const char *resp_code,
    int flags) {
  char buf[PR_TUNABLE_BUFFER_SIZE] = {'\0'}, tin[12], tout[12], txfer[12],
    kb[24], units[32], maxc[12];
  const char *user, *ident, *now_str, *serverfqdn;
  const unsigned int *max_clients;
  struct display_state ds;
  struct stat st;
  pool *p;

  (void) fs;
  if (fh == NULL || resp_code == NULL) {
    errno = EINVAL;
    return -1;
  }
  memset(&st, 0, sizeof(st));
  if (pr_fsio_fstat(fh, &st) == 0 && st.st_blksize > 0) {
    fh->fh_iosz = st.st_blksize;
  }

  p = make_sub_pool(session.pool ? session.pool : permanent_pool);
  pr_pool_tag(p, "Display Pool");
  memset(&ds, 0, sizeof(ds));
  ds.p = p;
  ds.code = resp_code;

  now_str = pr_strtime3(p, time(NULL), FALSE);
  user = session.notes != NULL ?
    pr_table_get(session.notes, "mod_auth.orig-user", NULL) : NULL;
  ident = session.notes != NULL ?
    pr_table_get(session.notes, "mod_ident.rfc1413-ident", NULL) : NULL;
  serverfqdn = main_server->ServerFQDN;
  max_clients = get_param_ptr(session.anon_config ?
    session.anon_config->subset : main_server->conf, "MaxClients", FALSE);
  pr_snprintf(tin, sizeof(tin), "%u", session.total_files_in);
  pr_snprintf(tout, sizeof(tout), "%u", session.total_files_out);
  pr_snprintf(txfer, sizeof(txfer), "%u", session.total_files_xfer);
  pr_snprintf(kb, sizeof(kb), "%llu",
    (unsigned long long) session.total_bytes >> 10);
  if (session.total_bytes >= 10240) {
    pr_snprintf(units, sizeof(units), "%llukB",
      (unsigned long long) session.total_bytes >> 10);
  } else {
    pr_snprintf(units, sizeof(units), "%lluB",
      (unsigned long long) session.total_bytes);
  }
  pr_snprintf(maxc, sizeof(maxc), "%u", max_clients ? *max_clients : 0);

  while (pr_fsio_gets(buf, sizeof(buf), fh) != NULL) {
    size_t len = strlen(buf);
    const char *out;

    pr_signals_handle();
    while (len > 0 && (buf[len - 1] == '\r' || buf[len - 1] == '\n')) {
      buf[--len] = '\0';
    }
    out = display_vars(p, buf);
    out = sreplace(p, out,
      "%C", session.cwd[0] ? session.cwd : "(none)",
      "%E", main_server->ServerAdmin ? main_server->ServerAdmin : "",
      "%i", tin,
      "%K", kb,
      "%k", units,
      "%L", serverfqdn ? serverfqdn : "",
      "%M", maxc,
      "%N", "1",
      "%o", tout,
      "%R", session.c && session.c->remote_name ? session.c->remote_name :
        "(unknown)",
      "%T", now_str,
      "%t", txfer,
      "%U", user ? user : "",
      "%u", ident ? ident : "UNKNOWN",
      "%V", main_server->ServerName ? main_server->ServerName : "",
      "%x", session.conn_class ? session.conn_class->cls_name : "(unknown)",
      NULL);
    if (flags & PR_DISPLAY_FL_SEND_NOW) {
      display_add_line(&ds, out);
    } else {
      pr_response_add(resp_code, "%s", out);
    }
  }
  if (flags & PR_DISPLAY_FL_SEND_NOW) {
    display_flush(&ds, flags);
  }
  destroy_pool(p);
  return 0;
}

/* pr_display_fh() on a file (EISDIR for a directory). */
int pr_display_file(const char *path, const char *fs, const char *resp_code,
    int flags) {
  struct stat st;
  pr_fh_t *fh;
  int res, xerrno;

  if (path == NULL || resp_code == NULL) {
    errno = EINVAL;
    return -1;
  }
  fh = pr_fsio_open_canon(path, O_RDONLY);
  if (fh == NULL) {
    return -1;
  }
  if (pr_fsio_fstat(fh, &st) < 0 || S_ISDIR(st.st_mode)) {
    xerrno = S_ISDIR(st.st_mode) ? EISDIR : errno;
    (void) pr_fsio_close(fh);
    errno = xerrno;
    return -1;
  }
  res = pr_display_fh(fh, fs, resp_code, flags);
  xerrno = errno;
  (void) pr_fsio_close(fh);
  errno = xerrno;
  return res;
}

/* The TransferLog */

static int xferlog_fd = -1;

void xferlog_close(void) {
  if (xferlog_fd != -1) {
    (void) close(xferlog_fd);
  }
  xferlog_fd = -1;
}

/* Opens path (once); NULL closes it.  The descriptor, or -1. */
int xferlog_open(const char *path) {
  if (path == NULL) {
    xferlog_close();
    return 0;
  }
  if (xferlog_fd < 0 &&
      pr_log_openfile(path, &xferlog_fd, PR_TUNABLE_XFER_LOG_MODE) < 0) {
    int xerrno = errno;

    pr_log_pri(PR_LOG_NOTICE, "unable to open TransferLog '%s': %s", path,
      strerror(xerrno));
    xferlog_fd = -1;
    errno = xerrno;
  }
  return xferlog_fd;
}

/* One xferlog(5) line: "<date> <secs> <host> <size> <file> <type> <flags>
 * <dir> <mode> <user> <service> <auth> <ident> <status>"; 0 when no
 * TransferLog is open.
 */
int xferlog_write(long xfertime, const char *remhost, off_t fsize,
    const char *fname, char xfertype, char direction, char access_mode,
    const char *user, char abort_flag, const char *action_flags) {
  char buf[PR_TUNABLE_BUFFER_SIZE * 2], fbuf[PR_TUNABLE_BUFFER_SIZE * 2];
  const char *ident = NULL;
  pool *p;
  size_t i;
  int len;

  if (xferlog_fd == -1 || remhost == NULL || user == NULL || fname == NULL) {
    return 0;
  }
  for (i = 0; i + 1 < sizeof(fbuf) && fname[i] != '\0'; i++) {
    fbuf[i] = PR_ISSPACE(fname[i]) || PR_ISCNTRL(fname[i]) ? '_' : fname[i];
  }
  fbuf[i] = '\0';
  if (session.notes != NULL) {
    ident = pr_table_get(session.notes, "mod_ident.rfc1413-ident", NULL);
  }
  p = make_sub_pool(session.pool ? session.pool : permanent_pool);
  len = pr_snprintf(buf, sizeof(buf),
    "%s %ld %s %llu %s %c %s %c %c %s %s %c %s %c\n",
    pr_strtime3(p, time(NULL), FALSE), xfertime, remhost,
    (unsigned long long) fsize, fbuf, xfertype,
    action_flags ? action_flags : "_", direction, access_mode, user,
    pr_session_get_protocol(0), ident != NULL ? '1' : '0',
    ident == NULL || strcmp(ident, "UNKNOWN") == 0 ? "*" : ident,
    abort_flag);
  destroy_pool(p);
  if (len < 0) {
    return -1;
  }
  if ((size_t) len >= sizeof(buf)) {
    len = (int) sizeof(buf) - 1;
  }
  return (int) write(xferlog_fd, buf, (size_t) len);
}

/* At login, as proftpd's mod_auth: the <Anonymous> or server TransferLog,
 * "NONE" for none.  (Without a TransferLog directive proftpd opens
 * /var/log/xferlog; the shim, a test host, writes none.)
 */
void host_xferlog_login(void) {
  const char *path = NULL;

  if (session.anon_config != NULL) {
    path = get_param_ptr(session.anon_config->subset, "TransferLog", FALSE);
  }
  if (path == NULL) {
    path = get_param_ptr(main_server->conf, "TransferLog", FALSE);
  }
  if (path == NULL || strcasecmp(path, "NONE") == 0) {
    xferlog_open(NULL);
    return;
  }
  PRIVS_ROOT
  xferlog_open(path);
  PRIVS_RELINQUISH
}

/* Time */

struct tm *pr_gmtime(pool *p, const time_t *now) {
  struct tm *tm;

  if (p == NULL || now == NULL) {
    errno = EINVAL;
    return NULL;
  }
  tm = pcalloc(p, sizeof(struct tm));
  return gmtime_r(now, tm);
}

/* "Sun Nov 29 02:28:20 2026", local or UTC, from p (or a static buffer
 * without a pool).
 */
const char *pr_strtime3(pool *p, time_t t, int use_gmtime) {
  static const char *mons[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  static const char *days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat" };
  static char buf[64];
  struct tm tm;

  if ((use_gmtime ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL) {
    return NULL;
  }
  pr_snprintf(buf, sizeof(buf), "%s %s %02d %02d:%02d:%02d %d",
    days[tm.tm_wday], mons[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min,
    tm.tm_sec, tm.tm_year + 1900);
  return p != NULL ? pstrdup(p, buf) : buf;
}
