/* prxs SDK: ProFTPD 1.3.8 module ABI -- the virtual file system layer (FS API): pr_fs_t, pr_fh_t, the pr_fsio_* calls. */

#ifndef PR_FSIO_H
#define PR_FSIO_H

#include "conf.h"
#include "error.h"
#include <sys/xattr.h>
#include <attr/xattr.h>

/* Operations a registered FS handles (bit per operation) */
#define FSIO_FILE_STAT 0x0000001
#define FSIO_FILE_LSTAT 0x0000002
#define FSIO_FILE_RENAME 0x0000004
#define FSIO_FILE_UNLINK 0x0000008
#define FSIO_FILE_OPEN 0x0000010
#define FSIO_FILE_CLOSE 0x0000040
#define FSIO_FILE_READ 0x0000080
#define FSIO_FILE_WRITE 0x0000100
#define FSIO_FILE_LINK 0x0000200
#define FSIO_FILE_SYMLINK 0x0000400
#define FSIO_FILE_READLINK 0x0000800
#define FSIO_FILE_TRUNC 0x0001000
#define FSIO_FILE_CHMOD 0x0002000
#define FSIO_FILE_CHOWN 0x0004000
#define FSIO_FILE_ACCESS 0x0008000
#define FSIO_FILE_PREAD 0x0010000
#define FSIO_FILE_PWRITE 0x0020000
#define FSIO_FILE_UTIMES 0x0040000
#define FSIO_FILE_GETXATTR 0x0080000
#define FSIO_FILE_LGETXATTR 0x0100000
#define FSIO_FILE_LISTXATTR 0x0200000
#define FSIO_FILE_LLISTXATTR 0x0400000
#define FSIO_FILE_REMOVEXATTR 0x0800000
#define FSIO_FILE_LREMOVEXATTR 0x1000000
#define FSIO_FILE_SETXATTR 0x2000000
#define FSIO_FILE_LSETXATTR 0x4000000
#define FSIO_FILE_COMMON (FSIO_FILE_OPEN|FSIO_FILE_READ|FSIO_FILE_WRITE| FSIO_FILE_CLOSE)

/* Directory operations a registered FS handles */
#define FSIO_DIR_CHROOT (1 << 16)
#define FSIO_DIR_CHDIR (1 << 17)
#define FSIO_DIR_OPENDIR (1 << 18)
#define FSIO_DIR_CLOSEDIR (1 << 19)
#define FSIO_DIR_READDIR (1 << 20)
#define FSIO_DIR_MKDIR (1 << 21)
#define FSIO_DIR_RMDIR (1 << 22)
#define FSIO_DIR_COMMON (FSIO_DIR_CHROOT|FSIO_DIR_CHDIR| FSIO_DIR_OPENDIR|FSIO_DIR_READDIR| FSIO_DIR_CLOSEDIR|FSIO_DIR_MKDIR| FSIO_DIR_RMDIR)

/* Defaults and limits */
#define PR_OPEN_MODE 0666
#define PR_FSIO_MAX_LINK_COUNT 32

/* Handle accessor */
#define PR_FH_FD(f) ((f)->fh_fd)

/* Extended attribute flags and FS options */
#define PR_FSIO_XATTR_FL_CREATE 0x001
#define PR_FSIO_XATTR_FL_REPLACE 0x002
#define PR_FSIO_OPT_IGNORE_XATTR 0x00001

/* Flags for copying, decoding and cleaning paths */
#define PR_FSIO_COPY_FILE_FL_NO_DELETE_ON_FAILURE 0x0001
#define FSIO_DECODE_FL_TELL_ERRORS 0x001
#define PR_FSIO_CLEAN_PATH_FL_MAKE_ABS_PATH 0x001

/* pr_fs_fadvise() advice */
#define PR_FS_FADVISE_NORMAL 10
#define PR_FS_FADVISE_RANDOM 11
#define PR_FS_FADVISE_SEQUENTIAL 12
#define PR_FS_FADVISE_WILLNEED 13
#define PR_FS_FADVISE_DONTNEED 14
#define PR_FS_FADVISE_NOREUSE 15

/* File systems and file handles */
typedef struct fs_rec pr_fs_t;

typedef struct fh_rec pr_fh_t;

/* A registered file system: where it is mounted and its operations */
struct fs_rec {
  pr_fs_t *fs_next, *fs_prev;
  char *fs_name;
  char *fs_path;
  void *fs_data;
  struct pool_rec *fs_pool;
  /* File operations */
  int (*stat)(pr_fs_t *, const char *, struct stat *);
  int (*fstat)(pr_fh_t *, int, struct stat *);
  int (*lstat)(pr_fs_t *, const char *, struct stat *);
  int (*rename)(pr_fs_t *, const char *, const char *);
  int (*unlink)(pr_fs_t *, const char *);
  int (*open)(pr_fh_t *, const char *, int);
  int (*close)(pr_fh_t *, int);
  int (*read)(pr_fh_t *, int, char *, size_t);
  ssize_t (*pread)(pr_fh_t *, int, void *, size_t, off_t);
  int (*write)(pr_fh_t *, int, const char *, size_t);
  ssize_t (*pwrite)(pr_fh_t *, int, const void *, size_t, off_t);
  off_t (*lseek)(pr_fh_t *, int, off_t, int);
  int (*link)(pr_fs_t *, const char *, const char *);
  int (*readlink)(pr_fs_t *, const char *, char *, size_t);
  int (*symlink)(pr_fs_t *, const char *, const char *);
  int (*ftruncate)(pr_fh_t *, int, off_t);
  int (*truncate)(pr_fs_t *, const char *, off_t);
  int (*chmod)(pr_fs_t *, const char *, mode_t);
  int (*fchmod)(pr_fh_t *, int, mode_t);
  int (*chown)(pr_fs_t *, const char *, uid_t, gid_t);
  int (*fchown)(pr_fh_t *, int, uid_t, gid_t);
  int (*lchown)(pr_fs_t *, const char *, uid_t, gid_t);
  int (*access)(pr_fs_t *, const char *, int, uid_t, gid_t, array_header *);
  int (*faccess)(pr_fh_t *, int, uid_t, gid_t, array_header *);
  int (*utimes)(pr_fs_t *, const char *, struct timeval *);
  int (*futimes)(pr_fh_t *, int, struct timeval *);
  int (*fsync)(pr_fh_t *, int);
  /* Extended attributes */
  ssize_t (*getxattr)(pool *, pr_fs_t *, const char *, const char *, void *, size_t);
  ssize_t (*lgetxattr)(pool *, pr_fs_t *, const char *, const char *, void *, size_t);
  ssize_t (*fgetxattr)(pool *, pr_fh_t *, int, const char *, void *, size_t);
  int (*listxattr)(pool *, pr_fs_t *, const char *, array_header **);
  int (*llistxattr)(pool *, pr_fs_t *, const char *, array_header **);
  int (*flistxattr)(pool *, pr_fh_t *, int, array_header **);
  int (*removexattr)(pool *, pr_fs_t *, const char *, const char *);
  int (*lremovexattr)(pool *, pr_fs_t *, const char *, const char *);
  int (*fremovexattr)(pool *, pr_fh_t *, int, const char *);
  int (*setxattr)(pool *, pr_fs_t *, const char *, const char *, void *, size_t, int);
  int (*lsetxattr)(pool *, pr_fs_t *, const char *, const char *, void *, size_t, int);
  int (*fsetxattr)(pool *, pr_fh_t *, int, const char *, void *, size_t, int);
  /* Directory operations */
  int (*chdir)(pr_fs_t *, const char *);
  int (*chroot)(pr_fs_t *, const char *);
  void *(*opendir)(pr_fs_t *, const char *);
  int (*closedir)(pr_fs_t *, void *);
  struct dirent *(*readdir)(pr_fs_t *, void *);
  int (*mkdir)(pr_fs_t *, const char *, mode_t);
  int (*rmdir)(pr_fs_t *, const char *);
  /* Behaviour across devices and non-standard paths */
  int allow_xdev_link;
  int allow_xdev_rename;
  int non_std_path;
};

/* An open file handle */
struct fh_rec {
  pool *fh_pool;
  int fh_fd;
  char *fh_path;
  void *fh_data;
  pr_fs_t *fh_fs;
  pr_buffer_t *fh_buf;
  size_t fh_iosz;
};

/* Registering and mounting file systems */
int init_fs(void);
pr_fs_t *pr_create_fs(pool *, const char *);
pr_fs_t *pr_get_fs(const char *, int *);
int pr_insert_fs(pr_fs_t *, const char *);
pr_fs_t *pr_register_fs(pool *, const char *, const char *);
pr_fs_t *pr_remove_fs(const char *);
void pr_resolve_fs_map(void);
pr_fs_t *pr_unmount_fs(const char *, const char *);
int pr_unregister_fs(const char *);

/* File status and links */
int pr_fsio_access(const char *, int, uid_t, gid_t, array_header *);
int pr_fsio_faccess(pr_fh_t *, int, uid_t, gid_t, array_header *);
int pr_fsio_fstat(pr_fh_t *, struct stat *);
int pr_fsio_link(const char *, const char *);
int pr_fsio_lstat(const char *, struct stat *);
int pr_fsio_readlink(const char *, char *, size_t);
int pr_fsio_stat(const char *, struct stat *);
int pr_fsio_symlink(const char *, const char *);

/* Opening, reading and writing files */
int pr_fsio_close(pr_fh_t *);
int pr_fsio_fsync(pr_fh_t *);
int pr_fsio_ftruncate(pr_fh_t *, off_t);
off_t pr_fsio_lseek(pr_fh_t *, off_t, int);
pr_fh_t *pr_fsio_open(const char *, int);
pr_fh_t *pr_fsio_open_canon(const char *, int);
ssize_t pr_fsio_pread(pr_fh_t *, void *, size_t, off_t);
ssize_t pr_fsio_pwrite(pr_fh_t *, const void *, size_t, off_t);
int pr_fsio_read(pr_fh_t *, char *, size_t);
int pr_fsio_rename(const char *, const char *);
int pr_fsio_truncate(const char *, off_t);
int pr_fsio_unlink(const char *);
int pr_fsio_write(pr_fh_t *, const char *, size_t);

/* Ownership, permissions and times */
int pr_fsio_chmod(const char *, mode_t);
int pr_fsio_chown(const char *, uid_t, gid_t);
int pr_fsio_fchmod(pr_fh_t *, mode_t);
int pr_fsio_fchown(pr_fh_t *, uid_t, gid_t);
int pr_fsio_futimes(pr_fh_t *, struct timeval *);
int pr_fsio_lchown(const char *, uid_t, gid_t);
int pr_fsio_utimes(const char *, struct timeval *);
int pr_fsio_utimes_with_root(const char *, struct timeval *);

/* Directories */
int pr_fsio_chdir(const char *, int);
int pr_fsio_chdir_canon(const char *, int);
int pr_fsio_chroot(const char *);
int pr_fsio_closedir(void *);
int pr_fsio_mkdir(const char *, mode_t);
void *pr_fsio_opendir(const char *);
struct dirent *pr_fsio_readdir(void *);
int pr_fsio_rmdir(const char *);
int pr_fsio_smkdir(pool *, const char *, mode_t, uid_t, gid_t);

/* Extended attributes */
ssize_t pr_fsio_fgetxattr(pool *, pr_fh_t *, const char *, void *, size_t);
int pr_fsio_flistxattr(pool *, pr_fh_t *, array_header **);
int pr_fsio_fremovexattr(pool *, pr_fh_t *, const char *);
int pr_fsio_fsetxattr(pool *, pr_fh_t *, const char *, void *, size_t, int);
ssize_t pr_fsio_getxattr(pool *, const char *, const char *, void *, size_t);
ssize_t pr_fsio_lgetxattr(pool *, const char *, const char *, void *, size_t);
int pr_fsio_listxattr(pool *, const char *, array_header **);
int pr_fsio_llistxattr(pool *, const char *, array_header **);
int pr_fsio_lremovexattr(pool *, const char *, const char *);
int pr_fsio_lsetxattr(pool *, const char *, const char *, void *, size_t, int);
int pr_fsio_removexattr(pool *, const char *, const char *);
int pr_fsio_setxattr(pool *, const char *, const char *, void *, size_t, int);

/* The same calls, returning a pr_error_t on failure */
int pr_fsio_chmod_with_error(pool *, const char *, mode_t, pr_error_t **);
int pr_fsio_chown_with_error(pool *, const char *, uid_t, gid_t, pr_error_t **);
int pr_fsio_chroot_with_error(pool *, const char *, pr_error_t **);
int pr_fsio_close_with_error(pool *, pr_fh_t *, pr_error_t **);
int pr_fsio_fchmod_with_error(pool *, pr_fh_t *, mode_t, pr_error_t **);
int pr_fsio_fchown_with_error(pool *, pr_fh_t *, uid_t, gid_t, pr_error_t **);
int pr_fsio_lchown_with_error(pool *, const char *, uid_t, gid_t, pr_error_t **);
int pr_fsio_lstat_with_error(pool *, const char *, struct stat *, pr_error_t **);
int pr_fsio_mkdir_with_error(pool *, const char *, mode_t, pr_error_t **);
pr_fh_t *pr_fsio_open_with_error(pool *, const char *, int, pr_error_t **);
int pr_fsio_read_with_error(pool *, pr_fh_t *, char *, size_t, pr_error_t **);
int pr_fsio_rename_with_error(pool *, const char *, const char *, pr_error_t **);
int pr_fsio_rmdir_with_error(pool *, const char *, pr_error_t **);
int pr_fsio_stat_with_error(pool *, const char *, struct stat *, pr_error_t **);
int pr_fsio_unlink_with_error(pool *, const char *, pr_error_t **);
int pr_fsio_write_with_error(pool *, pr_fh_t *, const char *, size_t, pr_error_t **);

/* Line-oriented I/O on a file handle */
char *pr_fsio_getline(char *, size_t, pr_fh_t *, unsigned int *);
char *pr_fsio_getpipebuf(pool *, int, long *);
char *pr_fsio_gets(char *, size_t, pr_fh_t *);
int pr_fsio_puts(const char *, pr_fh_t *);
int pr_fsio_set_block(pr_fh_t *);

/* FS layer options */
int pr_fsio_guard_chroot(int);
unsigned long pr_fsio_set_options(unsigned long);
int pr_fsio_set_use_mkdtemp(int);

/* The stat cache */
void pr_fs_clear_cache(void);
int pr_fs_clear_cache2(const char *);
void pr_fs_statcache_dump(void);
void pr_fs_statcache_free(void);
void pr_fs_statcache_reset(void);
int pr_fs_statcache_set_policy(unsigned int, unsigned int, unsigned int);

/* Paths: current directory, resolution, encoding, splitting */
void pr_fs_clean_path(const char *, char *, size_t);
int pr_fs_clean_path2(const char *, char *, size_t, int);
char *pr_fs_decode_path(pool *, const char *);
char *pr_fs_decode_path2(pool *, const char *, int);
int pr_fs_dircat(char *, int, const char *, const char *);
char *pr_fs_encode_path(pool *, const char *);
const char *pr_fs_getcwd(void);
const char *pr_fs_getvwd(void);
int pr_fs_interpolate(const char *, char *, size_t);
char *pr_fs_join_path(pool *, array_header *, size_t);
int pr_fs_resolve_partial(const char *, char *, size_t, int);
int pr_fs_resolve_path(const char *, char *, size_t, int);
int pr_fs_setcwd(const char *);
array_header *pr_fs_split_path(pool *, const char *);
int pr_fs_use_encoding(int);
int pr_fs_valid_path(const char *);
void pr_fs_virtual_path(const char *, char *, size_t);

/* Copying files and globbing */
int pr_fs_copy_file(const char *, const char *);
int pr_fs_copy_file2(const char *, const char *, int, void (*)(int));
int pr_fs_glob(const char *, int, int (*)(const char *, int), glob_t *);
void pr_fs_globfree(glob_t *);

/* File descriptors, sizes and other queries */
void pr_fs_close_extra_fds(void);
void pr_fs_fadvise(int, off_t, off_t, int);
int pr_fs_fgetsize(int, off_t *);
int pr_fs_get_usable_fd(int);
int pr_fs_get_usable_fd2(int *);
off_t pr_fs_getsize(char *);
int pr_fs_getsize2(char *, off_t *);
int pr_fs_have_access(struct stat *, int, uid_t, gid_t, array_header *);
int pr_fs_is_nfs(const char *);

#endif
