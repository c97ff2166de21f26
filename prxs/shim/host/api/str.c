/*
 * prxs shim host: pool-based strings and string helpers (str.h, support.h).
 */

#include "host.h"

int sstrncpy(char *dst, const char *src, size_t n) {
  size_t len;

  if (dst == NULL || src == NULL || n == 0) {
    errno = EINVAL;
    return -1;
  }
  len = strlen(src);
  if (len >= n) {
    len = n - 1;
  }
  memcpy(dst, src, len);
  dst[len] = '\0';
  return (int) len;
}

char *sstrcat(char *dst, const char *src, size_t n) {
  size_t dlen;

  if (dst == NULL || src == NULL || n == 0) {
    errno = EINVAL;
    return NULL;
  }
  dlen = strnlen(dst, n);
  if (dlen < n - 1) {
    sstrncpy(dst + dlen, src, n - dlen);
  }
  return dst;
}

char *pstrdup(pool *p, const char *str) {
  size_t len;
  char *res;

  if (p == NULL || str == NULL) {
    errno = EINVAL;
    return NULL;
  }
  len = strlen(str) + 1;
  res = palloc(p, len);
  memcpy(res, str, len);
  return res;
}

char *pstrndup(pool *p, const char *str, size_t n) {
  size_t len;
  char *res;

  if (p == NULL || str == NULL) {
    errno = EINVAL;
    return NULL;
  }
  len = strnlen(str, n);
  res = palloc(p, len + 1);
  memcpy(res, str, len);
  res[len] = '\0';
  return res;
}

char *pstrcat(pool *p, ...) {
  va_list ap;
  const char *s;
  size_t len = 0;
  char *res, *cp;

  va_start(ap, p);
  while ((s = va_arg(ap, const char *)) != NULL) {
    len += strlen(s);
  }
  va_end(ap);

  res = cp = palloc(p, len + 1);
  va_start(ap, p);
  while ((s = va_arg(ap, const char *)) != NULL) {
    size_t l = strlen(s);
    memcpy(cp, s, l);
    cp += l;
  }
  va_end(ap);
  *cp = '\0';
  return res;
}

char *pdircat(pool *p, ...) {
  va_list ap;
  const char *s;
  char *res = pstrdup(p, "");

  va_start(ap, p);
  while ((s = va_arg(ap, const char *)) != NULL) {
    size_t rlen = strlen(res);
    if (rlen > 0 && res[rlen - 1] != '/' && *s != '/') {
      res = pstrcat(p, res, "/", s, NULL);
    } else if (rlen > 0 && res[rlen - 1] == '/' && *s == '/') {
      res = pstrcat(p, res, s + 1, NULL);
    } else {
      res = pstrcat(p, res, s, NULL);
    }
  }
  va_end(ap);
  return res;
}

char *psprintf(pool *p, const char *fmt, ...) {
  va_list ap;
  int len;
  char *res;

  va_start(ap, fmt);
  len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0) {
    return NULL;
  }
  res = palloc(p, (size_t) len + 1);
  va_start(ap, fmt);
  vsnprintf(res, (size_t) len + 1, fmt, ap);
  va_end(ap);
  return res;
}

int pr_snprintf(char *buf, size_t bufsz, const char *fmt, ...) {
  va_list ap;
  int res;

  if (buf == NULL || fmt == NULL || bufsz == 0) {
    errno = EINVAL;
    return -1;
  }
  va_start(ap, fmt);
  res = vsnprintf(buf, bufsz, fmt, ap);
  va_end(ap);
  buf[bufsz - 1] = '\0';
  return res;
}

int pr_str_is_boolean(const char *str) {
  if (str == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (strcasecmp(str, "on") == 0 || strcasecmp(str, "yes") == 0 ||
      strcasecmp(str, "true") == 0 || strcmp(str, "1") == 0) {
    return TRUE;
  }
  if (strcasecmp(str, "off") == 0 || strcasecmp(str, "no") == 0 ||
      strcasecmp(str, "false") == 0 || strcmp(str, "0") == 0) {
    return FALSE;
  }
  errno = EINVAL;
  return -1;
}

static int str2id(const char *str, unsigned long *res) {
  char *end = NULL;
  unsigned long v;

  if (str == NULL || *str == '\0' || *str == '-') {
    errno = EINVAL;
    return -1;
  }
  errno = 0;
  v = strtoul(str, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0' || v > 0xffffffffUL) {
    errno = EINVAL;
    return -1;
  }
  *res = v;
  return 0;
}

int pr_str2uid(const char *str, uid_t *uid) {
  unsigned long v;
  if (uid == NULL || str2id(str, &v) < 0) {
    errno = EINVAL;
    return -1;
  }
  *uid = (uid_t) v;
  return 0;
}

int pr_str2gid(const char *str, gid_t *gid) {
  unsigned long v;
  if (gid == NULL || str2id(str, &v) < 0) {
    errno = EINVAL;
    return -1;
  }
  *gid = (gid_t) v;
  return 0;
}

/* Environment
 */

char *pr_env_get(pool *p, const char *key) {
  const char *v;

  if (p == NULL || key == NULL) {
    errno = EINVAL;
    return NULL;
  }
  v = getenv(key);
  if (v == NULL) {
    errno = ENOENT;
    return NULL;
  }
  return pstrdup(p, v);
}

int pr_env_set(pool *p, const char *key, const char *value) {
  if (p == NULL || key == NULL || value == NULL) {
    errno = EINVAL;
    return -1;
  }
  return setenv(key, value, 1);
}

int pr_env_unset(pool *p, const char *key) {
  if (p == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  return unsetenv(key);
}
