/* prxs SDK: pool-based string functions (subset of str.h). */

#ifndef PR_STR_H
#define PR_STR_H

int sstrncpy(char *, const char *, size_t);
char *sstrcat(char *, const char *, size_t);

char *pdircat(pool *, ...)
#ifdef __GNUC__
  __attribute__ ((sentinel));
#else
  ;
#endif

char *pstrcat(pool *, ...)
#ifdef __GNUC__
  __attribute__ ((sentinel));
#else
  ;
#endif

char *pstrdup(pool *, const char *);
char *pstrndup(pool *, const char *, size_t);

int pr_str_is_boolean(const char *);
int pr_str2uid(const char *, uid_t *);
int pr_str2gid(const char *, gid_t *);

#endif /* PR_STR_H */
