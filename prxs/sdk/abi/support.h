/* prxs SDK: ProFTPD 1.3.8 module ABI -- assorted support routines. */

#ifndef PR_SUPPORT_H
#define PR_SUPPORT_H
#include <sys/time.h>
#include <time.h>
#define NAME_MAX_GUESS (NAME_MAX)

char *dir_interpolate(pool *, const char *);
char *dir_abs_path(pool *, const char *, int);
int dir_readlink(pool *, const char *, char *, size_t, int);

#define PR_DIR_READLINK_FL_HANDLE_REL_PATH 0x0001

char *dir_realpath(pool *, const char *);
char *dir_canonical_path(pool *, const char *);
char *dir_canonical_vpath(pool *, const char *);
char *dir_best_path(pool *, const char *);
void schedule(void (*f)(void *, void *, void *, void *), int, void *, void *, void *, void *);
void run_schedule(void);
void restart_daemon(void *, void *, void *, void *);
void shutdown_end_session(void *, void *, void *, void *);
long get_name_max(char *path, int fd);
mode_t file_mode(const char *);
mode_t file_mode2(pool *, const char *);
mode_t symlink_mode(const char *);
mode_t symlink_mode2(pool *, const char *);
int file_exists(const char *);
int file_exists2(pool *, const char *);
int dir_exists(const char *);
int dir_exists2(pool *, const char *);
int exists(const char *);
int exists2(pool *, const char *);
char *safe_token(char **);
int check_shutmsg(pool *, const char *, time_t *, time_t *, time_t *, char *, size_t);
void pr_memscrub(void *, size_t);
void pr_getopt_reset(void);
struct tm *pr_gmtime(pool *, const time_t *);
struct tm *pr_localtime(pool *, const time_t *);
const char *pr_strtime(time_t);
const char *pr_strtime2(time_t, int);
const char *pr_strtime3(pool *, time_t, int);
int pr_gettimeofday_millis(uint64_t *);
int pr_timeval2millis(struct timeval *, uint64_t *);
int pr_snprintf(char *buf, size_t bufsz, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));
int pr_snprintfl(const char *file, int lineno, char *buf, size_t bufsz, const char *fmt, ...) __attribute__ ((format (printf, 5, 6)));
int pr_vsnprintf(char *buf, size_t bufsz, const char *fmt, va_list msg);
int pr_vsnprintfl(const char *file, int lineno, char *buf, size_t bufsz, const char *fmt, va_list msg);
const char *path_subst_uservar(pool *p, const char **path);

#endif
