/*
 * prxs shim host: path and time helpers of support.h.
 */

#include "host.h"

/* The session's working directory, as proftpd's pr_fs_getcwd(): "/" until
 * the session has one.
 */
static const char *support_cwd(void) {
  return session.cwd[0] != '\0' ? session.cwd : "/";
}

/* "~" (the session user's home) and "~user/..." expanded; NULL when the
 * path does not start with one that can be expanded.
 */
static char *support_interpolate(pool *p, const char *path) {
  const char *rest = strchr(path, '/');
  char *user;
  struct passwd *pw;

  user = rest != NULL ? pstrndup(p, path + 1, (size_t) (rest - path - 1)) :
    pstrdup(p, path + 1);
  if (*user == '\0') {
    user = (char *) session.user;
    if (user == NULL) {
      return NULL;
    }
  }
  pw = pr_auth_getpwnam(p, user);
  if (pw == NULL || pw->pw_dir == NULL) {
    return NULL;
  }
  return rest != NULL ? pdircat(p, pw->pw_dir, rest, NULL) :
    pstrdup(p, pw->pw_dir);
}

/* Lexically clean an absolute path: no "//", no "." and ".." resolved
 * (never above "/").
 */
static char *support_clean(pool *p, const char *path) {
  char *res = pcalloc(p, strlen(path) + 2), *out = res;
  const char *cp = path;

  *out++ = '/';
  while (*cp != '\0') {
    const char *end;
    size_t len;

    while (*cp == '/') {
      cp++;
    }
    end = cp + strcspn(cp, "/");
    len = (size_t) (end - cp);
    if (len == 0 || (len == 1 && cp[0] == '.')) {
      /* nothing */
    } else if (len == 2 && cp[0] == '.' && cp[1] == '.') {
      if (out > res + 1) {
        out--;                          /* the '/' after the last component */
        while (out > res + 1 && out[-1] != '/') {
          out--;
        }
      }
    } else {
      memcpy(out, cp, len);
      out += len;
      *out++ = '/';
    }
    cp = end;
  }
  if (out > res + 1) {
    out--;                              /* no trailing '/' */
  }
  *out = '\0';
  return res;
}

/* The path made absolute (from the session's directory), cleaned, and its
 * longest existing leading part resolved (symbolic links followed); the
 * components that do not exist yet are kept as given.
 */
char *dir_best_path(pool *p, const char *path) {
  char *work = NULL, *tail = NULL, resolved[PATH_MAX];

  if (p == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (*path == '~') {
    work = support_interpolate(p, path);
  }
  if (work == NULL) {
    work = *path == '/' ? pstrdup(p, path) :
      pdircat(p, support_cwd(), path, NULL);
  }
  if (strlen(work) >= PR_TUNABLE_PATH_MAX) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  work = support_clean(p, work);

  while (*work != '\0') {
    char *slash;

    pr_signals_handle();
    if (realpath(work, resolved) != NULL) {
      return tail == NULL ? pstrdup(p, resolved) :
        pdircat(p, resolved, tail, NULL);
    }
    slash = strrchr(work, '/');
    tail = tail == NULL ? pstrdup(p, slash + 1) :
      pdircat(p, slash + 1, tail, NULL);
    *slash = '\0';
  }
  return pdircat(p, "/", tail != NULL ? tail : "", NULL);
}

/* localtime(3) into a struct tm allocated from p (EINVAL without a pool or
 * a time), as proftpd's.
 */
struct tm *pr_localtime(pool *p, const time_t *now) {
  struct tm *tm;

  if (p == NULL || now == NULL) {
    errno = EINVAL;
    return NULL;
  }
  tm = pcalloc(p, sizeof(struct tm));
  if (localtime_r(now, tm) == NULL) {
    return NULL;
  }
  return tm;
}
