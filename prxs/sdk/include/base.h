/* prxs SDK: ProFTPD 1.3.8 module ABI -- pr_fnmatch(), sstrncpy() and the markers for libc functions the platform provides. */

#ifndef PR_BASE_H
#define PR_BASE_H

#include <glibc-glob.h>

/* pr_fnmatch() flags and result */
#define PR_FNM_PATHNAME (1 << 0)
#define PR_FNM_NOESCAPE (1 << 1)
#define PR_FNM_PERIOD (1 << 2)
#define PR_FNM_FILE_NAME PR_FNM_PATHNAME
#define PR_FNM_LEADING_DIR (1 << 3)
#define PR_FNM_CASEFOLD (1 << 4)
#define PR_FNM_EXTMATCH (1 << 5)
#define PR_FNM_NOMATCH 1

/* Name kept for getaddrinfo errors */
#define pr_gai_strerror gai_strerror

/* Matching and copying strings */
int pr_fnmatch(const char *, const char *, int);
int sstrncpy(char *, const char *, size_t);

/* Reading passwd/group style files */
struct group *fgetgrent(FILE *);
struct passwd *fgetpwent(FILE *);

/* Link-time markers for libc functions the OS already provides */
void pr_os_already_has_hstrerror(void);
void pr_os_already_has_mkstemp(void);
void pr_os_already_has_snprintf(void);
void pr_os_already_has_snprintf_and_vsnprintf(void);
void pr_os_already_has_strsep(void);
void pr_os_already_has_vsnprintf(void);

#endif
