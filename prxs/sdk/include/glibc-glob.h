/* prxs SDK: ProFTPD 1.3.8 module ABI -- the bundled glob() used by the FS layer. */

#ifndef _GLOB_H
#define _GLOB_H 1

#ifdef __cplusplus
extern "C" {
#endif

/* Prototype wrappers and the generic pointer type, for ISO C and K&R C */
#undef __ptr_t
#if defined __cplusplus || (defined __STDC__ && __STDC__) || defined WINDOWS32
#if !defined __GLIBC__ || !defined __P
#undef __P
#undef __PMT
#define __P(protos) protos
#define __PMT(protos) protos
#endif
#define __ptr_t void *
#else
#undef __P
#undef __PMT
#define __P(protos) ()
#define __PMT(protos) ()
#undef __const
#define __const
#define __ptr_t char *
#endif
#if ! defined(__PMT) && defined(__P)
#define __PMT(x) __P(x)
#endif

/* glob() flags, one bit each */
#define GLOB_ERR (1 << 0)
#define GLOB_MARK (1 << 1)
#define GLOB_NOSORT (1 << 2)
#define GLOB_DOOFFS (1 << 3)
#define GLOB_NOCHECK (1 << 4)
#define GLOB_APPEND (1 << 5)
#define GLOB_NOESCAPE (1 << 6)
#define GLOB_PERIOD (1 << 7)
/* Extensions outside strict POSIX.2, and the mask of all valid flags */
#if (!defined _POSIX_C_SOURCE || _POSIX_C_SOURCE < 2  || _POSIX_C_SOURCE == 199506L || defined _BSD_SOURCE  || defined _GNU_SOURCE)
#define GLOB_MAGCHAR (1 << 8)
#define GLOB_ALTDIRFUNC (1 << 9)
#define GLOB_BRACE (1 << 10)
#define GLOB_NOMAGIC (1 << 11)
#define GLOB_TILDE (1 << 12)
#define GLOB_ONLYDIR (1 << 13)
#define GLOB_TILDE_CHECK (1 << 14)
#define __GLOB_FLAGS (GLOB_ERR|GLOB_MARK|GLOB_NOSORT|GLOB_DOOFFS|  GLOB_NOESCAPE|GLOB_NOCHECK|GLOB_APPEND|  GLOB_PERIOD|GLOB_ALTDIRFUNC|GLOB_BRACE|  GLOB_NOMAGIC|GLOB_TILDE|GLOB_ONLYDIR|GLOB_TILDE_CHECK)
#else
#define __GLOB_FLAGS (GLOB_ERR|GLOB_MARK|GLOB_NOSORT|GLOB_DOOFFS|  GLOB_NOESCAPE|GLOB_NOCHECK|GLOB_APPEND|  GLOB_PERIOD)
#endif

/* glob() results */
#define GLOB_NOSPACE 1
#define GLOB_ABORTED 2
#define GLOB_NOMATCH 3
#define GLOB_NOSYS 4
#ifdef _GNU_SOURCE
#define GLOB_ABEND GLOB_ABORTED
#endif

#ifdef _GNU_SOURCE
struct stat;
#endif

/* Matches found, and the directory callbacks used with GLOB_ALTDIRFUNC */
typedef struct {
  size_t gl_pathc;
  char **gl_pathv;
  size_t gl_offs;
  int gl_flags;
  void (*gl_closedir) __PMT ((void *));
#ifdef _GNU_SOURCE
  struct dirent *(*gl_readdir) __PMT ((void *));
#else
  void *(*gl_readdir) __PMT ((void *));
#endif
  __ptr_t (*gl_opendir) __PMT ((__const char *));
#ifdef _GNU_SOURCE
  int (*gl_lstat) __PMT ((__const char *, struct stat *));
  int (*gl_stat) __PMT ((__const char *, struct stat *));
#else
  int (*gl_lstat) __PMT ((__const char *, void *));
  int (*gl_stat) __PMT ((__const char *, void *));
#endif
} glob_t;

/* The same with 64-bit file offsets */
#ifdef _LARGEFILE64_SOURCE
#ifdef _GNU_SOURCE
struct stat64;
#endif
typedef struct {
  size_t gl_pathc;
  char **gl_pathv;
  size_t gl_offs;
  int gl_flags;
  void (*gl_closedir) __PMT ((void *));
#ifdef _GNU_SOURCE
  struct dirent64 *(*gl_readdir) __PMT ((void *));
#else
  void *(*gl_readdir) __PMT ((void *));
#endif
  __ptr_t (*gl_opendir) __PMT ((__const char *));
#ifdef _GNU_SOURCE
  int (*gl_lstat) __PMT ((__const char *, struct stat64 *));
  int (*gl_stat) __PMT ((__const char *, struct stat64 *));
#else
  int (*gl_lstat) __PMT ((__const char *, void *));
  int (*gl_stat) __PMT ((__const char *, void *));
#endif
} glob64_t;
#endif

/* Expanding a pattern and freeing the result */
extern int glob __P ((__const char *, int, int (*) (__const char *, int), glob_t *));
extern void globfree __P ((glob_t *));
#ifdef _LARGEFILE64_SOURCE
extern int glob64 __P ((__const char *, int, int (*) (__const char *, int), glob64_t *));
extern void globfree64 __P ((glob64_t *));
#endif

/* Does a pattern contain wildcards? */
#ifdef _GNU_SOURCE
extern int glob_pattern_p __P ((__const char *, int));
#endif

#ifdef __cplusplus
}
#endif

#endif
