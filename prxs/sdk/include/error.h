/* prxs SDK: ProFTPD 1.3.8 module ABI -- pr_error_t: structured errno with the operation that failed. */

#ifndef PR_ERROR_H
#define PR_ERROR_H

#include "os.h"
#include "pool.h"
#include "table.h"
#include "dirtree.h"
#include "modules.h"

/* Which details pr_error_strerror() includes */
#define PR_ERROR_DETAILS_USE_NAMES 0x00001
#define PR_ERROR_DETAILS_USE_IDS 0x00002
#define PR_ERROR_DETAILS_USE_PROTOCOL 0x00004
#define PR_ERROR_DETAILS_USE_MODULE 0x00008
#define PR_ERROR_DETAILS_USE_FILE 0x00010
#define PR_ERROR_DETAILS_DEFAULT (PR_ERROR_DETAILS_USE_NAMES|PR_ERROR_DETAILS_USE_IDS|  PR_ERROR_DETAILS_USE_PROTOCOL|PR_ERROR_DETAILS_USE_MODULE|  PR_ERROR_DETAILS_USE_FILE)

/* How verbose pr_error_strerror() is */
#define PR_ERROR_FORMAT_USE_DETAILED 0x001
#define PR_ERROR_FORMAT_USE_TERSE 0x002
#define PR_ERROR_FORMAT_USE_MINIMAL 0x004
#define PR_ERROR_FORMAT_DEFAULT (PR_ERROR_FORMAT_USE_DETAILED|PR_ERROR_FORMAT_USE_MINIMAL)

typedef struct err_rec pr_error_t;

/* Explainer callbacks, one per system call, for pr_error_explain_*() */
struct err_explain_rec {
  const char *(*explain_accept)(pool *, int, int, struct sockaddr *, socklen_t *, const char **);
  const char *(*explain_bind)(pool *, int, int, const struct sockaddr *, socklen_t, const char **);
  const char *(*explain_chdir)(pool *, int, const char *, const char **);
  const char *(*explain_chmod)(pool *, int, const char *, mode_t, const char **);
  const char *(*explain_chown)(pool *, int, const char *, uid_t, gid_t, const char **);
  const char *(*explain_chroot)(pool *, int, const char *, const char **);
  const char *(*explain_close)(pool *, int, int, const char **);
  const char *(*explain_closedir)(pool *, int, void *, const char **);
  const char *(*explain_connect)(pool *, int, int, const struct sockaddr *, socklen_t, const char **);
  const char *(*explain_fchmod)(pool *, int, int, mode_t, const char **);
  const char *(*explain_fchown)(pool *, int, int, uid_t, gid_t, const char **);
  const char *(*explain_fclose)(pool *, int, FILE *, const char **);
  const char *(*explain_fcntl)(pool *, int, int, int, long, const char **);
  const char *(*explain_fdopen)(pool *, int, int, const char *, const char **);
  const char *(*explain_flock)(pool *, int, int, int, const char **);
  const char *(*explain_fopen)(pool *, int, const char *, const char *, const char **);
  const char *(*explain_fork)(pool *, int, const char **);
  const char *(*explain_fstat)(pool *, int, int, struct stat *, const char **);
  const char *(*explain_fstatfs)(pool *, int, int, void *, const char **);
  const char *(*explain_fstatvfs)(pool *, int, int, void *, const char **);
  const char *(*explain_fsync)(pool *, int, int, const char **);
  const char *(*explain_ftruncate)(pool *, int, int, off_t, const char **);
  const char *(*explain_futimes)(pool *, int, int, const struct timeval *, const char **);
  const char *(*explain_getaddrinfo)(pool *, int, const char *, const char *, const struct addrinfo *, struct addrinfo **, const char **);
  const char *(*explain_gethostbyname)(pool *, int, const char *, const char **);
  const char *(*explain_gethostbyname2)(pool *, int, const char *, int, const char **);
  const char *(*explain_gethostname)(pool *, int, char *, size_t, const char **);
  const char *(*explain_getnameinfo)(pool *, int, const struct sockaddr *, socklen_t, char *, size_t, char *, size_t, int, const char **);
  const char *(*explain_getpeername)(pool *, int, int, struct sockaddr *, socklen_t *, const char **);
  const char *(*explain_getrlimit)(pool *, int, int, struct rlimit *, const char **);
  const char *(*explain_getsockname)(pool *, int, int, struct sockaddr *, socklen_t *, const char **);
  const char *(*explain_getsockopt)(pool *, int, int, int, int, void *, socklen_t *, const char **);
  const char *(*explain_lchown)(pool *, int, const char *, uid_t, gid_t, const char **);
  const char *(*explain_link)(pool *, int, const char *, const char *, const char **);
  const char *(*explain_listen)(pool *, int, int, int, const char **);
  const char *(*explain_lseek)(pool *, int, int, off_t, int, const char **);
  const char *(*explain_lstat)(pool *, int, const char *, struct stat *, const char **);
  const char *(*explain_mkdir)(pool *, int, const char *, mode_t, const char **);
  const char *(*explain_mkdtemp)(pool *, int, char *, const char **);
  const char *(*explain_mkstemp)(pool *, int, char *, const char **);
  const char *(*explain_open)(pool *, int, const char *, int, mode_t, const char **);
  const char *(*explain_opendir)(pool *, int, const char *, const char **);
  const char *(*explain_read)(pool *, int, int, void *, size_t, const char **);
  const char *(*explain_readdir)(pool *, int, void *, const char **);
  const char *(*explain_readlink)(pool *, int, const char *, char *, size_t, const char **);
  const char *(*explain_readv)(pool *, int, int, const struct iovec *, int, const char **);
  const char *(*explain_rename)(pool *, int, const char *, const char *, const char **);
  const char *(*explain_rmdir)(pool *, int, const char *, const char **);
  const char *(*explain_setegid)(pool *, int, gid_t, const char **);
  const char *(*explain_seteuid)(pool *, int, uid_t, const char **);
  const char *(*explain_setgid)(pool *, int, gid_t, const char **);
  const char *(*explain_setregid)(pool *, int, gid_t, gid_t, const char **);
  const char *(*explain_setresgid)(pool *, int, gid_t, gid_t, gid_t, const char **);
  const char *(*explain_setresuid)(pool *, int, uid_t, uid_t, uid_t, const char **);
  const char *(*explain_setreuid)(pool *, int, uid_t, uid_t, const char **);
  const char *(*explain_setrlimit)(pool *, int, int, const struct rlimit *, const char **);
  const char *(*explain_setsockopt)(pool *, int, int, int, int, const void *, socklen_t, const char **);
  const char *(*explain_setuid)(pool *, int, uid_t, const char **);
  const char *(*explain_socket)(pool *, int, int, int, int, const char **);
  const char *(*explain_stat)(pool *, int, const char *, struct stat *, const char **);
  const char *(*explain_statfs)(pool *, int, const char *, void *, const char **);
  const char *(*explain_statvfs)(pool *, int, const char *, void *, const char **);
  const char *(*explain_symlink)(pool *, int, const char *, const char *, const char **);
  const char *(*explain_truncate)(pool *, int, const char *, off_t, const char **);
  const char *(*explain_unlink)(pool *, int, const char *, const char **);
  const char *(*explain_utimes)(pool *, int, const char *, const struct timeval *, const char **);
  const char *(*explain_write)(pool *, int, int, const void *, size_t, const char **);
  const char *(*explain_writev)(pool *, int, int, const struct iovec *, int, const char **);
};

typedef struct err_explain_rec pr_error_explainer_t;

/* Error objects */
pr_error_t *pr_error_create(pool *, int);
void pr_error_destroy(pr_error_t *);
int pr_error_get_who(pr_error_t *, uid_t *, gid_t *);
int pr_error_set_what(pr_error_t *, const char *);
int pr_error_set_where(pr_error_t *, module *, const char *, unsigned int);
int pr_error_set_why(pr_error_t *, const char *);
const char *pr_error_strerror(pr_error_t *, int);

/* Output options */
unsigned int pr_error_use_details(unsigned int);
unsigned int pr_error_use_formats(unsigned int);

/* Explainer modules */
pr_error_explainer_t *pr_error_register_explainer(pool *, module *, const char *);
int pr_error_unregister_explainer(pool *, module *, const char *);
int pr_error_use_explainer(pool *, module *, const char *);

/* Explaining a failed system call, one per call */
int pr_error_explain_accept(pr_error_t *, int, struct sockaddr *, socklen_t *);
int pr_error_explain_bind(pr_error_t *, int, const struct sockaddr *, socklen_t);
int pr_error_explain_chdir(pr_error_t *, const char *);
int pr_error_explain_chmod(pr_error_t *, const char *, mode_t);
int pr_error_explain_chown(pr_error_t *, const char *, uid_t, gid_t);
int pr_error_explain_chroot(pr_error_t *, const char *);
int pr_error_explain_close(pr_error_t *, int);
int pr_error_explain_closedir(pr_error_t *, void *);
int pr_error_explain_connect(pr_error_t *, int, const struct sockaddr *, socklen_t);
int pr_error_explain_fchmod(pr_error_t *, int, mode_t);
int pr_error_explain_fchown(pr_error_t *, int, uid_t, gid_t);
int pr_error_explain_fclose(pr_error_t *, FILE *);
int pr_error_explain_fcntl(pr_error_t *, int, int, long);
int pr_error_explain_fdopen(pr_error_t *, int, const char *);
int pr_error_explain_flock(pr_error_t *, int, int);
int pr_error_explain_fopen(pr_error_t *, const char *, const char *);
int pr_error_explain_fork(pr_error_t *);
int pr_error_explain_fstat(pr_error_t *, int, struct stat *);
int pr_error_explain_fstatfs(pr_error_t *, int, void *);
int pr_error_explain_fstatvfs(pr_error_t *, int, void *);
int pr_error_explain_fsync(pr_error_t *, int);
int pr_error_explain_ftruncate(pr_error_t *, int, off_t);
int pr_error_explain_futimes(pr_error_t *, int, const struct timeval *);
int pr_error_explain_getaddrinfo(pr_error_t *, const char *, const char *, const struct addrinfo *, struct addrinfo **);
int pr_error_explain_gethostbyname(pr_error_t *, const char *);
int pr_error_explain_gethostbyname2(pr_error_t *, const char *, int);
int pr_error_explain_gethostname(pr_error_t *, char *, size_t);
int pr_error_explain_getnameinfo(pr_error_t *, const struct sockaddr *, socklen_t, char *, size_t, char *, size_t, int);
int pr_error_explain_getpeername(pr_error_t *, int, struct sockaddr *, socklen_t *);
int pr_error_explain_getrlimit(pr_error_t *, int, struct rlimit *);
int pr_error_explain_getsockname(pr_error_t *, int, struct sockaddr *, socklen_t *);
int pr_error_explain_getsockopt(pr_error_t *, int, int, int, void *, socklen_t *);
int pr_error_explain_lchown(pr_error_t *, const char *, uid_t, gid_t);
int pr_error_explain_link(pr_error_t *, const char *, const char *);
int pr_error_explain_listen(pr_error_t *, int, int);
int pr_error_explain_lseek(pr_error_t *, int, off_t, int);
int pr_error_explain_lstat(pr_error_t *, const char *, struct stat *);
int pr_error_explain_mkdir(pr_error_t *, const char *, mode_t);
int pr_error_explain_mkdtemp(pr_error_t *, char *);
int pr_error_explain_mkstemp(pr_error_t *, char *);
int pr_error_explain_open(pr_error_t *, const char *, int, mode_t);
int pr_error_explain_opendir(pr_error_t *, const char *);
int pr_error_explain_read(pr_error_t *, int, void *, size_t);
int pr_error_explain_readdir(pr_error_t *, void *);
int pr_error_explain_readlink(pr_error_t *, const char *, char *, size_t);
int pr_error_explain_readv(pr_error_t *, int, const struct iovec *, int);
int pr_error_explain_rename(pr_error_t *, const char *, const char *);
int pr_error_explain_rmdir(pr_error_t *, const char *);
int pr_error_explain_setegid(pr_error_t *, gid_t);
int pr_error_explain_seteuid(pr_error_t *, uid_t);
int pr_error_explain_setgid(pr_error_t *, gid_t);
int pr_error_explain_setregid(pr_error_t *, gid_t, gid_t);
int pr_error_explain_setresgid(pr_error_t *, gid_t, gid_t, gid_t);
int pr_error_explain_setresuid(pr_error_t *, uid_t, uid_t, uid_t);
int pr_error_explain_setreuid(pr_error_t *, uid_t, uid_t);
int pr_error_explain_setrlimit(pr_error_t *, int, const struct rlimit *);
int pr_error_explain_setsockopt(pr_error_t *, int, int, int, const void *, socklen_t);
int pr_error_explain_setuid(pr_error_t *, uid_t);
int pr_error_explain_socket(pr_error_t *, int, int, int);
int pr_error_explain_stat(pr_error_t *, const char *, struct stat *);
int pr_error_explain_statfs(pr_error_t *, const char *, void *);
int pr_error_explain_statvfs(pr_error_t *, const char *, void *);
int pr_error_explain_symlink(pr_error_t *, const char *, const char *);
int pr_error_explain_truncate(pr_error_t *, const char *, off_t);
int pr_error_explain_unlink(pr_error_t *, const char *);
int pr_error_explain_utimes(pr_error_t *, const char *, const struct timeval *);
int pr_error_explain_write(pr_error_t *, int, const void *, size_t);
int pr_error_explain_writev(pr_error_t *, int, const struct iovec *, int);

#endif
