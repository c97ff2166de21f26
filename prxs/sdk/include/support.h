/* prxs SDK: support routines (subset of support.h). */

#ifndef PR_SUPPORT_H
#define PR_SUPPORT_H

char *dir_abs_path(pool *, const char *, int);

/* snprintf(3) that always NUL-terminates. */
int pr_snprintf(char *buf, size_t bufsz, const char *fmt, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 3, 4)));
#else
  ;
#endif

#endif /* PR_SUPPORT_H */
