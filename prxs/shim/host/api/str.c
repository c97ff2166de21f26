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

/* sreplace(p, s, match1, repl1, ..., NULL): every occurrence of each match
 * replaced by its replacement, scanning s left to right (at a position, the
 * first pair whose match starts there wins).  As proftpd's: s itself when
 * nothing matches or a match occurs more than PR_STR_MAX_REPLACEMENTS times;
 * NULL with ENOSPC when the result would not fit in BUFSIZ bytes.
 */
#define STR_MAX_PAIRS	128

static const char *str_vreplace(pool *p, unsigned int max_replaces,
    const char *s, va_list ap) {
  const char *match[STR_MAX_PAIRS + 1], *repl[STR_MAX_PAIRS + 1];
  size_t npairs = 0, outlen, i;
  const char *src;
  char *res, *cp;
  int too_many = FALSE;

  outlen = strlen(s);
  while (npairs < STR_MAX_PAIRS) {
    const char *m = va_arg(ap, const char *), *r, *hit;
    unsigned int count = 0;
    size_t mlen, rlen;

    if (m == NULL) {
      break;
    }
    r = va_arg(ap, const char *);
    if (r == NULL) {
      break;
    }
    mlen = strlen(m);
    rlen = strlen(r);
    if (mlen == 0) {
      continue;
    }
    for (hit = strstr(s, m); hit != NULL; hit = strstr(hit + mlen, m)) {
      count++;
    }
    if (count > max_replaces) {
      too_many = TRUE;
      break;
    }
    if (count > 0) {
      outlen = outlen + count * rlen - count * mlen;
      match[npairs] = m;
      repl[npairs++] = r;
    }
  }
  if (too_many) {
    errno = E2BIG;
    return NULL;
  }
  if (npairs == 0) {
    return s;
  }
  if (outlen + 1 >= BUFSIZ) {
    errno = ENOSPC;
    return NULL;
  }

  res = cp = pcalloc(p, outlen + 1);
  for (src = s; *src != '\0';) {
    for (i = 0; i < npairs; i++) {
      size_t mlen = strlen(match[i]);
      if (strncmp(src, match[i], mlen) == 0) {
        size_t rlen = strlen(repl[i]);
        memcpy(cp, repl[i], rlen);
        cp += rlen;
        src += mlen;
        break;
      }
    }
    if (i == npairs) {
      *cp++ = *src++;
    }
  }
  *cp = '\0';
  return res;
}

const char *sreplace(pool *p, const char *s, ...) {
  va_list ap;
  const char *res;

  if (p == NULL || s == NULL) {
    errno = EINVAL;
    return NULL;
  }
  va_start(ap, s);
  res = str_vreplace(p, PR_STR_MAX_REPLACEMENTS, s, ap);
  va_end(ap);
  if (res == NULL && errno == E2BIG) {
    return s;
  }
  return res;
}

/* As sreplace(), but a match occurring more than max_replaces times is
 * refused: NULL with E2BIG (mod_rewrite's replacements).
 */
const char *pr_str_replace(pool *p, unsigned int max_replaces,
    const char *s, ...) {
  va_list ap;
  const char *res;

  if (p == NULL || s == NULL || max_replaces == 0) {
    errno = EINVAL;
    return NULL;
  }
  va_start(ap, s);
  res = str_vreplace(p, max_replaces, s, ap);
  va_end(ap);
  return res;
}

/* "N" (seconds), "Ns"/"Nsec", "Nm"/"Nmin", "Nh"/"Nhr" (any case), or
 * "HH:MM:SS": the duration in seconds.  EINVAL for anything else, ERANGE
 * for a negative value, as proftpd's.
 */
static int str_has_suffix(const char *s, size_t slen, const char *suffix) {
  size_t n = strlen(suffix);
  return slen >= n && strncasecmp(s + slen - n, suffix, n) == 0;
}

int pr_str_get_duration(const char *str, int *duration) {
  int h, m, sec, value, scale;
  size_t len;
  char *end = NULL;

  if (str == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (sscanf(str, "%2d:%2d:%2d", &h, &m, &sec) == 3) {
    if (h < 0 || m < 0 || sec < 0) {
      errno = ERANGE;
      return -1;
    }
    if (duration != NULL) {
      *duration = h * 3600 + m * 60 + sec;
    }
    return 0;
  }

  len = strlen(str);
  if (len == 0) {
    errno = EINVAL;
    return -1;
  }

  /* "sec" ends in "c", so it is its own suffix check; "min", "hr" likewise. */
  if (str_has_suffix(str, len, "s") || str_has_suffix(str, len, "sec")) {
    scale = 1;
  } else if (str_has_suffix(str, len, "m") || str_has_suffix(str, len, "min")) {
    scale = 60;
  } else if (str_has_suffix(str, len, "h") || str_has_suffix(str, len, "hr")) {
    scale = 3600;
  } else {
    scale = 0;
  }

  if (scale != 0) {
    /* A leading number, whatever follows it (as sscanf("%d")). */
    if (sscanf(str, "%d", &value) != 1) {
      errno = EINVAL;
      return -1;
    }
  } else {
    value = (int) strtol(str, &end, 10);
    if (end != NULL && *end != '\0') {
      errno = EINVAL;
      return -1;
    }
    scale = 1;
  }
  if (value < 0) {
    errno = ERANGE;
    return -1;
  }
  if (duration != NULL) {
    *duration = value * scale;
  }
  return 0;
}

/* The id as text ("-1" for (uid_t) -1): in p when given, else in a static
 * buffer overwritten by the next call, as proftpd's.
 */
static const char *str_id2str(pool *p, unsigned long id, int is_none,
    char *buf, size_t bufsz) {
  if (is_none) {
    snprintf(buf, bufsz, "%d", -1);
  } else {
    snprintf(buf, bufsz, "%lu", id);
  }
  return p != NULL ? pstrdup(p, buf) : buf;
}

const char *pr_uid2str(pool *p, uid_t uid) {
  static char buf[64];
  return str_id2str(p, (unsigned long) uid, uid == (uid_t) -1, buf,
    sizeof(buf));
}

const char *pr_gid2str(pool *p, gid_t gid) {
  static char buf[64];
  return str_id2str(p, (unsigned long) gid, gid == (gid_t) -1, buf,
    sizeof(buf));
}

/* The next word of *cp (leading blanks skipped): a "quoted string" (with
 * \-escapes) or up to the next blank; *cp moves past it.  NULL at the end,
 * at a '#' comment (unless PR_STR_FL_PRESERVE_COMMENTS), or EINVAL for an
 * empty string.  The word is cut in place.
 */
char *pr_str_get_word(char **cp, int flags) {
  char *res, *dst;
  int quoted = FALSE;

  if (cp == NULL || *cp == NULL || **cp == '\0') {
    errno = EINVAL;
    return NULL;
  }
  if (!(flags & PR_STR_FL_PRESERVE_WHITESPACE)) {
    while (**cp && isspace((unsigned char) **cp)) {
      (*cp)++;
    }
  }
  if (**cp == '\0') {
    return NULL;
  }
  res = dst = *cp;
  if (!(flags & PR_STR_FL_PRESERVE_COMMENTS) && **cp == '#') {
    return NULL;
  }
  if (!(flags & PR_STR_FL_IGNORE_QUOTES) && **cp == '"') {
    quoted = TRUE;
    (*cp)++;
  }
  while (**cp && (quoted ? **cp != '"' : !isspace((unsigned char) **cp))) {
    if (quoted && **cp == '\\' && (*cp)[1] != '\0') {
      (*cp)++;
    }
    *dst++ = **cp;
    (*cp)++;
  }
  if (**cp) {
    (*cp)++;
  }
  *dst = '\0';
  return res;
}

/* The text of *src up to the first of the separators (cut there, *src
 * moved past it); token_len its length.  NULL with EINVAL at the end.
 */
char *pr_str_get_token2(char **src, char *sep, size_t *token_len) {
  char *token;
  size_t len = 0;

  if (src == NULL || *src == NULL || **src == '\0' || sep == NULL) {
    if (token_len != NULL) {
      *token_len = 0;
    }
    errno = EINVAL;
    return NULL;
  }
  token = *src;
  while (**src && strchr(sep, **src) == NULL) {
    (*src)++;
    len++;
  }
  if (**src) {
    *(*src)++ = '\0';
  }
  if (token_len != NULL) {
    *token_len = len;
  }
  return token;
}

char *pr_str_get_token(char **src, char *sep) {
  return pr_str_get_token2(src, sep, NULL);
}

/* A copy of str without its leading and trailing blanks. */
const char *pr_str_strip(pool *p, const char *str) {
  const char *start, *end;

  if (p == NULL || str == NULL) {
    errno = EINVAL;
    return NULL;
  }
  for (start = str; isspace((unsigned char) *start); start++);
  end = str + strlen(str);
  while (end > start && isspace((unsigned char) end[-1])) {
    end--;
  }
  return pstrndup(p, start, (size_t) (end - start));
}

/* s without the trailing characters that are in ch (in place). */
char *pr_str_strip_end(char *s, const char *ch) {
  size_t len;

  if (s == NULL || ch == NULL) {
    errno = EINVAL;
    return NULL;
  }
  len = strlen(s);
  while (len > 0 && strchr(ch, s[len - 1]) != NULL) {
    s[--len] = '\0';
  }
  return s;
}

/* buf as hex digits (lower case unless PR_STR_FL_HEX_USE_UC). */
char *pr_str_bin2hex(pool *p, const unsigned char *buf, size_t len,
    int flags) {
  const char *digits = (flags & PR_STR_FL_HEX_USE_UC) ?
    "0123456789ABCDEF" : "0123456789abcdef";
  char *hex;
  size_t i;

  if (p == NULL || buf == NULL) {
    errno = EINVAL;
    return NULL;
  }
  hex = palloc(p, len * 2 + 1);
  for (i = 0; i < len; i++) {
    hex[i * 2] = digits[buf[i] >> 4];
    hex[i * 2 + 1] = digits[buf[i] & 0x0f];
  }
  hex[len * 2] = '\0';
  return hex;
}

/* A non-negative count in units ("", "B", "KB", "MB", "GB", "TB", any
 * case; 1024-based) as bytes.  EINVAL for a bad number or unit, ERANGE
 * when it overflows.
 */
int pr_str_get_nbytes(const char *str, const char *units, off_t *nbytes) {
  unsigned long long n, factor;
  char *end = NULL;

  if (str == NULL || *str == '-') {
    errno = EINVAL;
    return -1;
  }
  if (units == NULL || *units == '\0' || strcasecmp(units, "B") == 0) {
    factor = 1;
  } else if (strcasecmp(units, "KB") == 0) {
    factor = 1024ULL;
  } else if (strcasecmp(units, "MB") == 0) {
    factor = 1024ULL * 1024;
  } else if (strcasecmp(units, "GB") == 0) {
    factor = 1024ULL * 1024 * 1024;
  } else if (strcasecmp(units, "TB") == 0) {
    factor = 1024ULL * 1024 * 1024 * 1024;
  } else {
    errno = EINVAL;
    return -1;
  }
  errno = 0;
  n = strtoull(str, &end, 10);
  if (errno == ERANGE) {
    return -1;
  }
  if (end != NULL && *end != '\0') {
    errno = EINVAL;
    return -1;
  }
  if (n > (unsigned long long) INT64_MAX / factor) {
    errno = ERANGE;
    return -1;
  }
  if (nbytes != NULL) {
    *nbytes = (off_t) (n * factor);
  }
  return 0;
}
