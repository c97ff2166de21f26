/* prxs SDK: filesystem I/O (subset of fsio.h). */

#ifndef PR_FSIO_H
#define PR_FSIO_H

typedef struct fh_rec pr_fh_t;

struct fh_rec {

  /* Pool for this object's use */
  pool *fh_pool;

  int fh_fd;
  char *fh_path;

  /* Arbitrary data associated with this file. */
  void *fh_data;
};

int pr_fsio_stat(const char *, struct stat *);
int pr_fsio_fstat(pr_fh_t *, struct stat *);
int pr_fsio_lstat(const char *, struct stat *);
int pr_fsio_chdir(const char *, int);
int pr_fsio_mkdir(const char *, mode_t);
int pr_fsio_rmdir(const char *);
int pr_fsio_rename(const char *, const char *);
int pr_fsio_unlink(const char *);
pr_fh_t *pr_fsio_open(const char *, int);
int pr_fsio_close(pr_fh_t *);
int pr_fsio_read(pr_fh_t *, char *, size_t);
int pr_fsio_write(pr_fh_t *, const char *, size_t);
int pr_fsio_chmod(const char *, mode_t);
int pr_fsio_chown(const char *, uid_t, gid_t);

#endif /* PR_FSIO_H */
