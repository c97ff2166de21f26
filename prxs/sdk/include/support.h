/* prxs SDK: ProFTPD 1.3.8 module ABI -- assorted support routines. */

#ifndef PR_SUPPORT_H
#define PR_SUPPORT_H

#include <sys/time.h>
#include <time.h>

/* Name length guess and dir_readlink() flags */
#define NAME_MAX_GUESS (NAME_MAX)
#define PR_DIR_READLINK_FL_HANDLE_REL_PATH 0x0001

/* Paths */
char *dir_abs_path(pool *, const char *, int);
char *dir_best_path(pool *, const char *);
char *dir_canonical_path(pool *, const char *);
char *dir_canonical_vpath(pool *, const char *);
int dir_exists(const char *);
int dir_exists2(pool *, const char *);
char *dir_interpolate(pool *, const char *);
int dir_readlink(pool *, const char *, char *, size_t, int);
char *dir_realpath(pool *, const char *);
long get_name_max(char *, int);
const char *path_subst_uservar(pool *, const char **);

/* File tests */
int exists(const char *);
int exists2(pool *, const char *);
int file_exists(const char *);
int file_exists2(pool *, const char *);
mode_t file_mode(const char *);
mode_t file_mode2(pool *, const char *);
mode_t symlink_mode(const char *);
mode_t symlink_mode2(pool *, const char *);

/* Scheduling, restart and shutdown */
int check_shutmsg(pool *, const char *, time_t *, time_t *, time_t *, char *, size_t);
void restart_daemon(void *, void *, void *, void *);
void run_schedule(void);
void schedule(void (*)(void *, void *, void *, void *), int, void *, void *, void *, void *);
void shutdown_end_session(void *, void *, void *, void *);

/* Time */
int pr_gettimeofday_millis(uint64_t *);
struct tm *pr_gmtime(pool *, const time_t *);
struct tm *pr_localtime(pool *, const time_t *);
const char *pr_strtime(time_t);
const char *pr_strtime2(time_t, int);
const char *pr_strtime3(pool *, time_t, int);
int pr_timeval2millis(struct timeval *, uint64_t *);

/* Formatting */
int pr_snprintf(char *, size_t, const char *, ...) __attribute__ ((format (printf, 3, 4)));
int pr_snprintfl(const char *, int, char *, size_t, const char *, ...) __attribute__ ((format (printf, 5, 6)));
int pr_vsnprintf(char *, size_t, const char *, va_list);
int pr_vsnprintfl(const char *, int, char *, size_t, const char *, va_list);

/* Tokens, memory and getopt */
void pr_getopt_reset(void);
void pr_memscrub(void *, size_t);
char *safe_token(char **);

#endif
