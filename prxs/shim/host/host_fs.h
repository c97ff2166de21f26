/*
 * prxs shim host: internal declarations of the FS layer (api/fs.c,
 * api/fsio.c, api/dirs.c).  Not exported to modules.
 */

#ifndef PRXS_HOST_FS_H
#define PRXS_HOST_FS_H

#include "host.h"

/* fs.c: the "system" FS (created on first use) and the lookups proftpd's
 * fsio.c does: the FS mounted closest above a path (directory operations)
 * or above the directory holding it (file operations).
 */
pr_fs_t *host_fs_root(void);
pr_fs_t *host_fs_lookup_dir(const char *path, int op);
pr_fs_t *host_fs_lookup_file(const char *path, int op);
void host_fs_set_cwd_fs(pr_fs_t *fs);
int host_fs_cache_stat(pr_fs_t *fs, const char *path, struct stat *st,
  int op);
void host_fs_sess_init(void);
modret_t *host_set_fscachepolicy(cmd_rec *cmd);

/* The first FS from fs down its stack that has the callback (the system
 * FS has them all), as proftpd walks fs_next.
 */
#define HOST_FS_WITH(fs, cb) \
  do { \
    while ((fs) != NULL && (fs)->fs_next != NULL && (fs)->cb == NULL) { \
      (fs) = (fs)->fs_next; \
    } \
  } while (0)

/* dirs.c: the TransferLog opened at login, as proftpd's mod_auth */
void host_xferlog_login(void);

/* limit.c: may cmd (in the command group) act on the real path dir? */
int host_limit_allows(cmd_rec *cmd, const char *group, const char *dir);

#endif /* PRXS_HOST_FS_H */
