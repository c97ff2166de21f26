/*
 * prxs shim host: the FS layer of fsio.h -- registered file systems
 * (pr_register_fs() and friends), the lookup of the FS that handles a
 * path, the stat cache, the working directory and path helpers.
 *
 * As in proftpd: the "system" FS handles every path through the system
 * calls; a module registers an FS at a path (mod_facl and mod_statcache at
 * "/") with the callbacks it wants, and every pr_fsio_* call on a path
 * under it goes through the first FS of that path's stack that has the
 * callback (down to the system FS).  FSes at the same path stack, the last
 * registered on top; the map is kept sorted by path.  Nothing is looked up
 * while no FS is registered.
 *
 * The stat cache keeps stat(2) and lstat(2) results by absolute path when
 * FSCachePolicy turns it on (off by default, as proftpd), for at most
 * maxAge seconds; the calls that change a file clear its entry.
 */

#include "host_fs.h"


static pr_fs_t *root_fs = NULL;
static array_header *fs_map = NULL;

/* The FS of the working directory, as proftpd's: set by pr_fs_setcwd()
 * (the FS mounted there) and by pr_fsio_chdir() (the FS whose chdir
 * callback ran); bare file names are looked up through it.  NULL: the
 * system FS.
 */
static pr_fs_t *fs_cwd = NULL;

/* The system FS's callbacks */

static int sys_stat(pr_fs_t *fs, const char *path, struct stat *st) {
  (void) fs;
  return stat(path, st);
}

static int sys_fstat(pr_fh_t *fh, int fd, struct stat *st) {
  (void) fh;
  return fstat(fd, st);
}

static int sys_lstat(pr_fs_t *fs, const char *path, struct stat *st) {
  (void) fs;
  return lstat(path, st);
}

static int sys_rename(pr_fs_t *fs, const char *from, const char *to) {
  (void) fs;
  return rename(from, to);
}

static int sys_unlink(pr_fs_t *fs, const char *path) {
  (void) fs;
  return unlink(path);
}

static int sys_open(pr_fh_t *fh, const char *path, int flags) {
  (void) fh;
  return open(path, flags, PR_OPEN_MODE);
}

static int sys_close(pr_fh_t *fh, int fd) {
  (void) fh;
  return close(fd);
}

static int sys_read(pr_fh_t *fh, int fd, char *buf, size_t len) {
  (void) fh;
  return (int) read(fd, buf, len);
}

static ssize_t sys_pread(pr_fh_t *fh, int fd, void *buf, size_t len,
    off_t off) {
  (void) fh;
  return pread(fd, buf, len, off);
}

static int sys_write(pr_fh_t *fh, int fd, const char *buf, size_t len) {
  (void) fh;
  return (int) write(fd, buf, len);
}

static ssize_t sys_pwrite(pr_fh_t *fh, int fd, const void *buf, size_t len,
    off_t off) {
  (void) fh;
  return pwrite(fd, buf, len, off);
}

static off_t sys_lseek(pr_fh_t *fh, int fd, off_t off, int whence) {
  (void) fh;
  return lseek(fd, off, whence);
}

static int sys_link(pr_fs_t *fs, const char *target, const char *path) {
  (void) fs;
  return link(target, path);
}

static int sys_symlink(pr_fs_t *fs, const char *target, const char *path) {
  (void) fs;
  return symlink(target, path);
}

static int sys_readlink(pr_fs_t *fs, const char *path, char *buf,
    size_t len) {
  (void) fs;
  return (int) readlink(path, buf, len);
}

static int sys_ftruncate(pr_fh_t *fh, int fd, off_t len) {
  (void) fh;
  return ftruncate(fd, len);
}

static int sys_truncate(pr_fs_t *fs, const char *path, off_t len) {
  (void) fs;
  return truncate(path, len);
}

static int sys_chmod(pr_fs_t *fs, const char *path, mode_t mode) {
  (void) fs;
  return chmod(path, mode);
}

static int sys_fchmod(pr_fh_t *fh, int fd, mode_t mode) {
  (void) fh;
  return fchmod(fd, mode);
}

static int sys_chown(pr_fs_t *fs, const char *path, uid_t uid, gid_t gid) {
  (void) fs;
  return chown(path, uid, gid);
}

static int sys_fchown(pr_fh_t *fh, int fd, uid_t uid, gid_t gid) {
  (void) fh;
  return fchown(fd, uid, gid);
}

static int sys_lchown(pr_fs_t *fs, const char *path, uid_t uid, gid_t gid) {
  (void) fs;
  return lchown(path, uid, gid);
}

/* As proftpd's: the permission bits (not ACLs) against uid/gid/groups. */
static int sys_access(pr_fs_t *fs, const char *path, int mode, uid_t uid,
    gid_t gid, array_header *groups) {
  struct stat st;

  (void) fs;
  if (pr_fsio_stat(path, &st) < 0) {
    return -1;
  }
  return pr_fs_have_access(&st, mode, uid, gid, groups);
}

static int sys_faccess(pr_fh_t *fh, int mode, uid_t uid, gid_t gid,
    array_header *groups) {
  struct stat st;

  if (pr_fsio_fstat(fh, &st) < 0) {
    return -1;
  }
  return pr_fs_have_access(&st, mode, uid, gid, groups);
}

static int sys_utimes(pr_fs_t *fs, const char *path, struct timeval *tvs) {
  (void) fs;
  return utimes(path, tvs);
}

static int sys_futimes(pr_fh_t *fh, int fd, struct timeval *tvs) {
  (void) fh;
  return futimes(fd, tvs);
}

static int sys_fsync(pr_fh_t *fh, int fd) {
  (void) fh;
  return fsync(fd);
}

static int sys_chdir(pr_fs_t *fs, const char *path) {
  (void) fs;
  if (chdir(path) < 0) {
    return -1;
  }
  (void) pr_fs_setcwd(path);
  return 0;
}

static int sys_chroot(pr_fs_t *fs, const char *path) {
  (void) fs;
  return chroot(path);
}

static void *sys_opendir(pr_fs_t *fs, const char *path) {
  (void) fs;
  return opendir(path);
}

static int sys_closedir(pr_fs_t *fs, void *dir) {
  (void) fs;
  return closedir((DIR *) dir);
}

static struct dirent *sys_readdir(pr_fs_t *fs, void *dir) {
  (void) fs;
  return readdir((DIR *) dir);
}

static int sys_mkdir(pr_fs_t *fs, const char *path, mode_t mode) {
  (void) fs;
  return mkdir(path, mode);
}

static int sys_rmdir(pr_fs_t *fs, const char *path) {
  (void) fs;
  return rmdir(path);
}

pr_fs_t *host_fs_root(void) {
  pr_fs_t *fs;

  if (root_fs != NULL) {
    return root_fs;
  }
  fs = pr_create_fs(permanent_pool, "system");
  fs->fs_next = NULL;
  fs->fs_path = pstrdup(fs->fs_pool, "/");
  fs->stat = sys_stat;
  fs->fstat = sys_fstat;
  fs->lstat = sys_lstat;
  fs->rename = sys_rename;
  fs->unlink = sys_unlink;
  fs->open = sys_open;
  fs->close = sys_close;
  fs->read = sys_read;
  fs->pread = sys_pread;
  fs->write = sys_write;
  fs->pwrite = sys_pwrite;
  fs->lseek = sys_lseek;
  fs->link = sys_link;
  fs->symlink = sys_symlink;
  fs->readlink = sys_readlink;
  fs->ftruncate = sys_ftruncate;
  fs->truncate = sys_truncate;
  fs->chmod = sys_chmod;
  fs->fchmod = sys_fchmod;
  fs->chown = sys_chown;
  fs->fchown = sys_fchown;
  fs->lchown = sys_lchown;
  fs->access = sys_access;
  fs->faccess = sys_faccess;
  fs->utimes = sys_utimes;
  fs->futimes = sys_futimes;
  fs->fsync = sys_fsync;
  fs->chdir = sys_chdir;
  fs->chroot = sys_chroot;
  fs->opendir = sys_opendir;
  fs->closedir = sys_closedir;
  fs->readdir = sys_readdir;
  fs->mkdir = sys_mkdir;
  fs->rmdir = sys_rmdir;
  root_fs = fs;
  return fs;
}

/* Registering file systems */

pr_fs_t *pr_create_fs(pool *p, const char *name) {
  pool *fs_pool;
  pr_fs_t *fs;

  if (p == NULL || name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  fs_pool = make_sub_pool(p);
  pr_pool_tag(fs_pool, "FS Pool");
  fs = pcalloc(fs_pool, sizeof(pr_fs_t));
  fs->fs_pool = fs_pool;
  fs->fs_name = pstrdup(fs_pool, name);
  fs->fs_next = root_fs != NULL || strcmp(name, "system") == 0 ? root_fs :
    host_fs_root();
  fs->allow_xdev_link = TRUE;
  fs->allow_xdev_rename = TRUE;
  return fs;
}

static int fs_cmp(const void *a, const void *b) {
  return strcmp((*((pr_fs_t * const *) a))->fs_path,
    (*((pr_fs_t * const *) b))->fs_path);
}

/* TRUE when inserted, FALSE (errno set) when not, as proftpd's. */
int pr_insert_fs(pr_fs_t *fs, const char *path) {
  char cleaned[PR_TUNABLE_PATH_MAX + 1] = {'\0'};
  pr_fs_t **objs;
  unsigned int i;

  if (fs == NULL || path == NULL || *path == '\0') {
    errno = EINVAL;
    return -1;
  }
  if (fs_map == NULL) {
    pool *map_pool = make_sub_pool(permanent_pool);

    pr_pool_tag(map_pool, "FSIO Map Pool");
    fs_map = make_array(map_pool, 0, sizeof(pr_fs_t *));
  }

  if (*path == '/') {
    size_t len;

    pr_fs_clean_path(path, cleaned, sizeof(cleaned) - 2);
    len = strlen(cleaned);
    /* A directory mount point keeps its trailing slash. */
    if (path[strlen(path) - 1] == '/' && len > 1 && cleaned[len - 1] != '/') {
      cleaned[len] = '/';
      cleaned[len + 1] = '\0';
    }
  } else {
    sstrncpy(cleaned, path, sizeof(cleaned));
  }
  if (fs->fs_path == NULL) {
    fs->fs_path = pstrdup(fs->fs_pool, cleaned);
  }

  objs = (pr_fs_t **) fs_map->elts;
  for (i = 0; i < fs_map->nelts; i++) {
    if (strcmp(objs[i]->fs_path, cleaned) != 0) {
      continue;
    }
    if (strcmp(objs[i]->fs_name, fs->fs_name) == 0) {
      pr_log_pri(PR_LOG_NOTICE, "error: duplicate fs paths not allowed: '%s'",
        cleaned);
      errno = EEXIST;
      return FALSE;
    }
    /* Stacked on top of the FS already at this path. */
    fs->fs_next = objs[i];
    objs[i]->fs_prev = fs;
    objs[i] = fs;
    return TRUE;
  }

  *((pr_fs_t **) push_array(fs_map)) = fs;
  if (fs_map->nelts > 1) {
    qsort(fs_map->elts, fs_map->nelts, sizeof(pr_fs_t *), fs_cmp);
  }
  return TRUE;
}

pr_fs_t *pr_register_fs(pool *p, const char *name, const char *path) {
  pr_fs_t *fs;

  if (p == NULL || name == NULL || path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  fs = pr_create_fs(p, name);
  if (fs == NULL) {
    return NULL;
  }
  if (pr_insert_fs(fs, path) != TRUE) {
    int xerrno = errno;

    destroy_pool(fs->fs_pool);
    errno = xerrno;
    return NULL;
  }
  return fs;
}

/* Takes the FS named name (any, if NULL) on top at path off the map: the
 * FS under it in its stack takes its place.  Returns it, or NULL (ENOENT)
 * if there is none.
 */
pr_fs_t *pr_unmount_fs(const char *path, const char *name) {
  pr_fs_t **objs;
  unsigned int i;

  if (path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (fs_map == NULL) {
    errno = EACCES;
    return NULL;
  }

  objs = (pr_fs_t **) fs_map->elts;
  for (i = 0; i < fs_map->nelts; i++) {
    pr_fs_t *fsi = objs[i];

    if (strcmp(fsi->fs_path, path) != 0 ||
        (name != NULL && strcmp(fsi->fs_name, name) != 0)) {
      continue;
    }

    if (fsi->fs_next == NULL) {
      /* The system FS itself: the path leaves the map. */
      if (fs_map->nelts == 1) {
        destroy_pool(fs_map->pool);
        fs_map = NULL;
        return NULL;
      }
      memmove(&objs[i], &objs[i + 1],
        (fs_map->nelts - i - 1) * sizeof(pr_fs_t *));
      fs_map->nelts--;
      return fsi;
    }

    /* Popped off its stack: the FS under it (for a module's FS at the
     * bottom, the system FS, as in proftpd) takes its place.
     */
    fsi->fs_next->fs_prev = NULL;
    objs[i] = fsi->fs_next;
    fsi->fs_next = fsi->fs_prev = NULL;
    return fsi;
  }

  errno = ENOENT;
  return NULL;
}

pr_fs_t *pr_remove_fs(const char *path) {
  return pr_unmount_fs(path, NULL);
}

int pr_unregister_fs(const char *path) {
  pr_fs_t *fs;

  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  fs = pr_remove_fs(path);
  if (fs != NULL) {
    destroy_pool(fs->fs_pool);
    return 0;
  }
  errno = ENOENT;
  return -1;
}

/* The FS for path: the one mounted exactly there (*exact TRUE), else the
 * one whose directory mount point is the longest prefix of path, else the
 * system FS.
 */
pr_fs_t *pr_get_fs(const char *path, int *exact) {
  pr_fs_t **objs, *best;
  unsigned int i;

  if (path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  best = host_fs_root();
  if (exact != NULL) {
    *exact = FALSE;
  }
  if (fs_map == NULL || fs_map->nelts == 0) {
    return best;
  }

  objs = (pr_fs_t **) fs_map->elts;
  for (i = 0; i < fs_map->nelts; i++) {
    pr_fs_t *fs = objs[i];
    size_t len = strlen(fs->fs_path);
    int res;

    if (len > 0 && fs->fs_path[len - 1] == '/' &&
        strncmp(path, fs->fs_path, len) == 0) {
      best = fs;
    }
    res = strcmp(fs->fs_path, path);
    if (res == 0) {
      if (exact != NULL) {
        *exact = TRUE;
      }
      return fs;
    }
    if (res > 0) {
      break;
    }
  }
  return best;
}

pr_fs_t *host_fs_lookup_dir(const char *path, int op) {
  char buf[PR_TUNABLE_PATH_MAX + 1];
  size_t len;

  if (fs_map == NULL) {
    return host_fs_root();
  }
  if (pr_fs_valid_path(path) < 0) {
    if (pr_fs_dircat(buf, sizeof(buf), pr_fs_getcwd(), path) < 0) {
      return NULL;
    }
  } else {
    sstrncpy(buf, path, sizeof(buf));
  }
  len = strlen(buf);
  if ((op & FSIO_DIR_COMMON) && len > 0 && len < sizeof(buf) - 1 &&
      buf[len - 1] != '/') {
    sstrcat(buf, "/", sizeof(buf));
  }
  return pr_get_fs(buf, NULL);
}

void host_fs_set_cwd_fs(pr_fs_t *fs) {
  fs_cwd = fs;
}

/* For a file: the FS of the directory holding it; for a bare name, the
 * working directory's FS, whose stat (or lstat) callback first looks at
 * the name, as proftpd's lookup does (a symbolic link keeps that FS).
 */
pr_fs_t *host_fs_lookup_file(const char *path, int op) {
  pr_fs_t *fs;
  struct stat st;

  if (fs_map == NULL) {
    return host_fs_root();
  }
  if (strchr(path, '/') != NULL) {
    return host_fs_lookup_dir(path, op);
  }
  fs = fs_cwd != NULL ? fs_cwd : host_fs_root();
  if (fs != root_fs) {
    pr_fs_t *probe = fs;

    if (op == FSIO_FILE_STAT) {
      HOST_FS_WITH(probe, stat);
      (void) (probe->stat)(probe, path, &st);
    } else {
      HOST_FS_WITH(probe, lstat);
      (void) (probe->lstat)(probe, path, &st);
    }
  }
  return fs;
}

/* The stat cache */

struct fs_statcache {
  xasetmember_t *next, *prev;
  pool *sc_pool;
  const char *sc_path;
  struct stat sc_stat;
  int sc_errno;
  int sc_retval;
  time_t sc_cached_ts;
};

static pool *statcache_pool = NULL;
static unsigned int statcache_size = 0, statcache_max_age = 0;
static pr_table_t *stat_tab = NULL, *lstat_tab = NULL;
static xaset_t *stat_set = NULL, *lstat_set = NULL;

/* The absolute, cleaned path a cache entry is keyed under. */
static void statcache_key(const char *path, char *buf, size_t buflen) {
  char work[PR_TUNABLE_PATH_MAX + 1] = {'\0'};

  if (*path != '/') {
    const char *cwd = pr_fs_getcwd();

    sstrncpy(work, cwd, sizeof(work));
    if (strcmp(cwd, "/") != 0) {
      sstrcat(work, "/", sizeof(work));
    }
    if (strcmp(path, ".") != 0) {
      sstrcat(work, path, sizeof(work));
    }
  } else {
    sstrncpy(work, path, sizeof(work));
  }
  pr_fs_clean_path2(work, buf, buflen, 0);
}

static void statcache_drop(pr_table_t *tab, xaset_t *set,
    struct fs_statcache *sc) {
  (void) pr_table_remove(tab, sc->sc_path, NULL);
  (void) xaset_remove(set, (xasetmember_t *) sc);
  destroy_pool(sc->sc_pool);
}

static void statcache_add(pr_table_t *tab, xaset_t *set, const char *path,
    struct stat *st, int xerrno, int retval, time_t now) {
  struct fs_statcache *sc;
  pool *sc_pool;
  int count;

  if (statcache_size == 0 || statcache_max_age == 0 || tab == NULL) {
    return;
  }
  count = pr_table_count(tab);
  if (count > 0 && (unsigned int) count >= statcache_size) {
    /* Full: the oldest entry goes if it has expired; no room otherwise. */
    sc = (struct fs_statcache *) set->xas_list;
    if (sc != NULL && now - sc->sc_cached_ts >= (time_t) statcache_max_age) {
      statcache_drop(tab, set, sc);
    }
    return;
  }
  sc_pool = make_sub_pool(statcache_pool);
  pr_pool_tag(sc_pool, "FS statcache entry pool");
  sc = pcalloc(sc_pool, sizeof(struct fs_statcache));
  sc->sc_pool = sc_pool;
  sc->sc_path = pstrdup(sc_pool, path);
  memcpy(&sc->sc_stat, st, sizeof(struct stat));
  sc->sc_errno = xerrno;
  sc->sc_retval = retval;
  sc->sc_cached_ts = now;
  if (pr_table_add(tab, sc->sc_path, sc, sizeof(struct fs_statcache *)) < 0) {
    destroy_pool(sc_pool);
    return;
  }
  xaset_insert_end(set, (xasetmember_t *) sc);
}

int host_fs_cache_stat(pr_fs_t *fs, const char *path, struct stat *st,
    int op) {
  char key[PR_TUNABLE_PATH_MAX + 1] = {'\0'};
  int (*mystat)(pr_fs_t *, const char *, struct stat *);
  pr_table_t *tab = op == FSIO_FILE_STAT ? stat_tab : lstat_tab;
  xaset_t *set = op == FSIO_FILE_STAT ? stat_set : lstat_set;
  int retval, xerrno;
  time_t now;

  if (fs->non_std_path == FALSE) {
    statcache_key(path, key, sizeof(key) - 1);
  } else {
    sstrncpy(key, path, sizeof(key));
  }
  mystat = op == FSIO_FILE_STAT ? fs->stat : fs->lstat;
  if (mystat == NULL) {
    mystat = op == FSIO_FILE_STAT ? sys_stat : sys_lstat;
  }

  if (tab == NULL || statcache_size == 0) {
    /* No cache: the fast path of every session without FSCachePolicy. */
    return mystat(fs, key, st);
  }

  now = time(NULL);
  if (pr_table_count(tab) > 0) {
    struct fs_statcache *sc = (struct fs_statcache *) pr_table_get(tab, key,
      NULL);

    if (sc != NULL) {
      if (now - sc->sc_cached_ts <= (time_t) statcache_max_age) {
        memcpy(st, &sc->sc_stat, sizeof(struct stat));
        errno = sc->sc_errno;
        return sc->sc_retval;
      }
      statcache_drop(tab, set, sc);
    }
  }

  retval = mystat(fs, key, st);
  xerrno = retval == 0 ? 0 : errno;
  statcache_add(tab, set, key, st, xerrno, retval, now);
  if (retval < 0) {
    errno = xerrno;
  }
  return retval;
}

/* The tables, sets and entries all live in statcache_pool. */
void pr_fs_statcache_free(void) {
  stat_tab = lstat_tab = NULL;
  stat_set = lstat_set = NULL;
  if (statcache_pool != NULL) {
    destroy_pool(statcache_pool);
    statcache_pool = NULL;
  }
}

void pr_fs_statcache_reset(void) {
  pr_fs_statcache_free();
  statcache_pool = make_sub_pool(permanent_pool);
  pr_pool_tag(statcache_pool, "FS Statcache Pool");
  stat_tab = pr_table_alloc(statcache_pool, 0);
  stat_set = xaset_create(statcache_pool, NULL);
  lstat_tab = pr_table_alloc(statcache_pool, 0);
  lstat_set = xaset_create(statcache_pool, NULL);
}

int pr_fs_statcache_set_policy(unsigned int size, unsigned int max_age,
    unsigned int flags) {
  (void) flags;
  statcache_size = size;
  statcache_max_age = max_age;
  return 0;
}

static void statcache_dump_set(const char *what, xaset_t *set) {
  struct fs_statcache *sc;

  if (set == NULL) {
    return;
  }
  for (sc = (struct fs_statcache *) set->xas_list; sc != NULL;
      sc = (struct fs_statcache *) sc->next) {
    pr_trace_msg("fs.statcache", 9, "%s '%s': retval %d, errno %d, "
      "cached at %lu", what, sc->sc_path, sc->sc_retval, sc->sc_errno,
      (unsigned long) sc->sc_cached_ts);
  }
}

void pr_fs_statcache_dump(void) {
  statcache_dump_set("stat", stat_set);
  statcache_dump_set("lstat", lstat_set);
}

/* The number of entries removed for path (stat and lstat), or the whole
 * cache emptied for NULL; the "fs.statcache.clear" event either way.
 */
int pr_fs_clear_cache2(const char *path) {
  char key[PR_TUNABLE_PATH_MAX + 1] = {'\0'};
  struct fs_statcache *sc;
  int res = 0;

  (void) pr_event_generate("fs.statcache.clear", path);
  if (pr_table_count(stat_tab) <= 0 && pr_table_count(lstat_tab) <= 0) {
    return 0;
  }
  if (path == NULL) {
    pr_fs_statcache_reset();
    return 0;
  }

  statcache_key(path, key, sizeof(key) - 1);
  sc = (struct fs_statcache *) pr_table_get(stat_tab, key, NULL);
  if (sc != NULL) {
    statcache_drop(stat_tab, stat_set, sc);
    res++;
  }
  sc = (struct fs_statcache *) pr_table_get(lstat_tab, key, NULL);
  if (sc != NULL) {
    statcache_drop(lstat_tab, lstat_set, sc);
    res++;
  }
  return res;
}

void pr_fs_clear_cache(void) {
  (void) pr_fs_clear_cache2(NULL);
}

/* usage: FSCachePolicy on|off|size count [maxAge secs] (mod_core) */
modret_t *host_set_fscachepolicy(cmd_rec *cmd) {
  unsigned int i, size = 30000, max_age = 3;
  int engine = TRUE;
  config_rec *c;

  if (cmd->argc != 2 && cmd->argc != 5) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }

  if (cmd->argc == 2) {
    engine = get_boolean(cmd, 1);
    if (engine == -1) {
      CONF_ERROR(cmd, "expected Boolean parameter");
    }
  } else {
    for (i = 1; i + 1 < cmd->argc; i += 2) {
      int n = atoi(cmd->argv[i + 1]);

      if (strcasecmp(cmd->argv[i], "size") == 0) {
        if (n < 1) {
          CONF_ERROR(cmd, "size parameter must be greater than 1");
        }
        size = (unsigned int) n;
      } else if (strcasecmp(cmd->argv[i], "maxAge") == 0) {
        if (n < 1) {
          CONF_ERROR(cmd, "maxAge parameter must be greater than 1");
        }
        max_age = (unsigned int) n;
      } else {
        CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown FSCachePolicy: ",
          (char *) cmd->argv[i], NULL));
      }
    }
  }

  c = add_config_param(cmd->argv[0], 3, NULL, NULL, NULL);
  c->argv[0] = palloc(c->pool, sizeof(int));
  *((int *) c->argv[0]) = engine;
  c->argv[1] = palloc(c->pool, sizeof(unsigned int));
  *((unsigned int *) c->argv[1]) = size;
  c->argv[2] = palloc(c->pool, sizeof(unsigned int));
  *((unsigned int *) c->argv[2]) = max_age;
  return PR_HANDLED(cmd);
}

/* As proftpd's mod_core at session start: an empty cache, caching only if
 * FSCachePolicy says so.
 */
void host_fs_sess_init(void) {
  config_rec *c;

  pr_fs_statcache_reset();
  c = find_config(main_server->conf, CONF_PARAM, "FSCachePolicy", FALSE);
  if (c != NULL && *((int *) c->argv[0]) == TRUE) {
    pr_fs_statcache_set_policy(*((unsigned int *) c->argv[1]),
      *((unsigned int *) c->argv[2]), 0);
  } else {
    pr_fs_statcache_set_policy(0, 0, 0);
  }
}

/* The working directory */

/* The session's directory as the FS layer sees it (session.cwd, kept by
 * the core after every chdir), "/" before there is one.
 */
const char *pr_fs_getcwd(void) {
  return session.cwd[0] != '\0' ? session.cwd : "/";
}

const char *pr_fs_getvwd(void) {
  return session.vwd[0] != '\0' ? session.vwd : pr_fs_getcwd();
}

int pr_fs_setcwd(const char *dir) {
  char buf[PR_TUNABLE_PATH_MAX + 1] = {'\0'};

  if (dir == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (pr_fs_resolve_path(dir, buf, sizeof(buf) - 1, FSIO_DIR_CHDIR) < 0) {
    return -1;
  }
  sstrncpy(session.cwd, dir, sizeof(session.cwd));
  fs_cwd = fs_map != NULL ? host_fs_lookup_dir(session.cwd, FSIO_DIR_CHDIR) :
    NULL;
  return 0;
}

/* Paths */

int pr_fs_dircat(char *buf, int buflen, const char *dir1, const char *dir2) {
  size_t len1, len2;
  char *tmp;

  if (buf == NULL || buflen < 2 || dir1 == NULL || dir2 == NULL) {
    errno = EINVAL;
    return -1;
  }
  len1 = strlen(dir1);
  len2 = strlen(dir2);
  if (len1 == 0 && len2 == 0) {
    sstrncpy(buf, "/", buflen);
    return 0;
  }
  if (len1 == 0 || len2 == 0) {
    sstrncpy(buf, len1 == 0 ? dir2 : dir1, buflen);
    sstrcat(buf, "/", buflen);
    return 0;
  }
  if (len1 + len2 + 1 >= PR_TUNABLE_PATH_MAX) {
    errno = ENAMETOOLONG;
    buf[0] = '\0';
    return -1;
  }
  if (*dir2 == '/') {
    memmove(buf, dir2, len2 + 1 < (size_t) buflen ? len2 + 1 : (size_t) buflen);
    buf[buflen - 1] = '\0';
    return 0;
  }
  /* The buffers may overlap: build in a copy. */
  tmp = malloc(len1 + len2 + 2);
  if (tmp == NULL) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(tmp, dir1, len1);
  if (dir1[len1 - 1] != '/') {
    tmp[len1++] = '/';
  }
  memcpy(tmp + len1, dir2, len2 + 1);
  sstrncpy(buf, tmp, buflen);
  free(tmp);
  return 0;
}

/* Lexical cleaning: no "//", no "." components, ".." removing the one
 * before it (never above "/" for an absolute path).  Relative paths stay
 * relative unless PR_FSIO_CLEAN_PATH_FL_MAKE_ABS_PATH.
 */
int pr_fs_clean_path2(const char *path, char *buf, size_t buflen, int flags) {
  char work[PR_TUNABLE_PATH_MAX + 2];
  const char *cp;
  size_t out = 0, root;
  int is_abs;

  if (path == NULL || buf == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (buflen == 0) {
    return 0;
  }
  is_abs = *path == '/' || (flags & PR_FSIO_CLEAN_PATH_FL_MAKE_ABS_PATH);
  if (is_abs) {
    work[out++] = '/';
  }
  root = out;
  for (cp = path; *cp != '\0';) {
    size_t len;

    while (*cp == '/') {
      cp++;
    }
    len = strcspn(cp, "/");
    if (len == 0 || (len == 1 && cp[0] == '.')) {
      /* skip */
    } else if (len == 2 && cp[0] == '.' && cp[1] == '.' && out > root &&
        !(out - root >= 2 && strncmp(&work[out - 2], "..", 2) == 0 &&
          (out - root == 2 || work[out - 3] == '/'))) {
      while (out > root && work[out - 1] != '/') {
        out--;
      }
      if (out > root) {
        out--;
      }
    } else if (len == 2 && cp[0] == '.' && cp[1] == '.' && is_abs) {
      /* ".." at "/" stays at "/" */
    } else {
      if (out + len + 2 >= sizeof(work)) {
        errno = ENAMETOOLONG;
        return -1;
      }
      if (out > root) {
        work[out++] = '/';
      }
      memcpy(&work[out], cp, len);
      out += len;
    }
    cp += len;
  }
  work[out] = '\0';
  if (out == 0) {
    sstrncpy(work, is_abs ? "/" : ".", sizeof(work));
  }
  sstrncpy(buf, work, buflen);
  return 0;
}

void pr_fs_clean_path(const char *path, char *buf, size_t buflen) {
  (void) pr_fs_clean_path2(path, buf, buflen,
    PR_FSIO_CLEAN_PATH_FL_MAKE_ABS_PATH);
}

/* 0 if path is absolute (or under a registered FS's path), -1 ENOENT. */
int pr_fs_valid_path(const char *path) {
  if (path == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (fs_map != NULL) {
    pr_fs_t **objs = (pr_fs_t **) fs_map->elts;
    unsigned int i;

    for (i = 0; i < fs_map->nelts; i++) {
      if (strncmp(objs[i]->fs_path, path, strlen(objs[i]->fs_path)) == 0) {
        return 0;
      }
    }
  }
  if (*path == '/') {
    return 0;
  }
  errno = ENOENT;
  return -1;
}

/* "~", "~/x", "~user/x" expanded into buf: 1 when expanded (or copied, for
 * a path not starting with "~"), 0 when "~name" is an existing file, -1
 * ENOENT for an unknown user.
 */
int pr_fs_interpolate(const char *path, char *buf, size_t buflen) {
  char user[PR_TUNABLE_LOGIN_MAX + 1] = {'\0'};
  const char *rest = NULL;
  size_t len;

  if (path == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return -1;
  }
  if (path[0] != '~') {
    sstrncpy(buf, path, buflen);
    return 1;
  }
  if (path[1] == '\0' && session.chroot_path != NULL) {
    sstrncpy(buf, session.chroot_path, buflen);
    return 1;
  }
  rest = strchr(path, '/');
  if (rest == NULL) {
    struct stat st;

    if (pr_fsio_stat(path, &st) == 0) {
      return 0;
    }
    sstrncpy(user, path + 1, sizeof(user));
  } else {
    len = (size_t) (rest - path);
    if (len > 1) {
      sstrncpy(user, path + 1, len < sizeof(user) ? len : sizeof(user));
    }
    rest++;
  }
  if (user[0] == '\0' && session.chroot_path == NULL && session.user != NULL) {
    sstrncpy(user, session.user, sizeof(user));
  }
  if (user[0] != '\0') {
    pool *p = make_sub_pool(permanent_pool);
    struct passwd *pw = pr_auth_getpwnam(p, user);

    if (pw == NULL) {
      destroy_pool(p);
      errno = ENOENT;
      return -1;
    }
    sstrncpy(buf, pw->pw_dir, buflen);
    destroy_pool(p);
  } else {
    sstrncpy(buf, "/", buflen);
  }
  len = strlen(buf);
  if (rest != NULL && len + 1 < buflen && buf[len - 1] != '/') {
    buf[len++] = '/';
    buf[len] = '\0';
  }
  if (rest != NULL) {
    sstrncpy(&buf[len], rest, buflen - len);
  }
  return 1;
}

/* Drops the last component of an absolute path in place ("/a/b" -> "/a",
 * "/a" -> "").
 */
static void fs_drop_last(char *path) {
  char *last = strrchr(path, '/');

  if (last != NULL) {
    *last = '\0';
  }
}

/* proftpd's walk of a path: each component lstat'ed through its FS (and
 * the stat cache), symbolic links followed (ELOOP after a self-link or
 * PR_FSIO_MAX_LINK_COUNT links), "." skipped and ".." dropping a
 * component.  Every component must exist: -1 (errno from lstat, or ENOENT
 * with enoent) otherwise, or ENOENT when a non-directory has more path
 * after it.  The result is absolute, from the working directory.
 */
static int fs_walk(const char *start, char *buf, size_t buflen, int op,
    int enoent) {
  char cur[PR_TUNABLE_PATH_MAX + 1], work[PR_TUNABLE_PATH_MAX + 1] = {'\0'},
    name[PR_TUNABLE_PATH_MAX + 1];
  ino_t prev_ino = 0;
  dev_t prev_dev = 0;
  int links = 0, again = TRUE;

  sstrncpy(cur, start, sizeof(cur));
  if (*cur != '/') {
    sstrncpy(work, pr_fs_getcwd(), sizeof(work));
    if (strcmp(work, "/") == 0) {
      work[0] = '\0';
    }
  }

  while (again) {
    char *where = cur;

    again = FALSE;
    while (*where != '\0') {
      struct stat st;
      size_t len;
      pr_fs_t *fs;
      char *end;

      pr_signals_handle();
      while (*where == '/') {
        where++;
      }
      if (*where == '\0') {
        break;
      }
      end = where + strcspn(where, "/");
      len = (size_t) (end - where);
      if (len == 1 && where[0] == '.') {
        where = end;
        continue;
      }
      if (len == 2 && where[0] == '.' && where[1] == '.') {
        fs_drop_last(work);
        where = end;
        continue;
      }
      if (pr_snprintf(name, sizeof(name), "%s/%.*s", work, (int) len,
          where) >= (int) sizeof(name)) {
        errno = ENAMETOOLONG;
        return -1;
      }
      where = end;

      fs = host_fs_lookup_dir(name, op);
      if (fs == NULL) {
        return -1;
      }
      HOST_FS_WITH(fs, lstat);
      if (host_fs_cache_stat(fs, name, &st, FSIO_FILE_LSTAT) < 0) {
        if (enoent) {
          errno = ENOENT;
        }
        return -1;
      }

      if (S_ISLNK(st.st_mode)) {
        char target[PR_TUNABLE_PATH_MAX + 1] = {'\0'};
        int n;

        if (st.st_ino != 0 && st.st_ino == prev_ino && st.st_dev == prev_dev) {
          errno = ELOOP;
          return -1;
        }
        prev_ino = st.st_ino;
        prev_dev = st.st_dev;
        if (++links > PR_FSIO_MAX_LINK_COUNT) {
          errno = ELOOP;
          return -1;
        }
        n = pr_fsio_readlink(name, target, sizeof(target) - 1);
        if (n <= 0) {
          errno = ENOENT;
          return -1;
        }
        target[n] = '\0';
        if (n > 1 && target[n - 1] == '/') {
          target[n - 1] = '\0';
        }
        if (*target == '/') {
          work[0] = '\0';
        } else if (*target == '~') {
          char tmp[PR_TUNABLE_PATH_MAX + 1];

          work[0] = '\0';
          sstrncpy(tmp, target, sizeof(tmp));
          if (pr_fs_interpolate(tmp, target, sizeof(target) - 1) < 0) {
            return -1;
          }
        }
        if (*where != '\0') {
          sstrcat(target, "/", sizeof(target));
          sstrcat(target, where + 1, sizeof(target));
        }
        sstrncpy(cur, target, sizeof(cur));
        again = TRUE;
        break;
      }

      if (!S_ISDIR(st.st_mode) && *where != '\0' && where[1] != '\0') {
        errno = ENOENT;
        return -1;
      }
      sstrncpy(work, name, sizeof(work));
    }
  }

  sstrncpy(buf, work[0] != '\0' ? work : "/", buflen);
  return 0;
}

/* The path resolved (symbolic links followed; "~" expanded): every
 * component must exist.
 */
int pr_fs_resolve_partial(const char *path, char *buf, size_t buflen, int op) {
  char start[PR_TUNABLE_PATH_MAX + 1];

  if (path == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return -1;
  }
  sstrncpy(start, path, sizeof(start));
  if (*path == '~') {
    int res = pr_fs_interpolate(path, start, sizeof(start) - 1);

    if (res < 0) {
      return -1;
    }
    if (res == 0) {
      sstrncpy(start, path, sizeof(start));
    }
  }
  return fs_walk(start, buf, buflen, op, FALSE);
}

/* The same walk, errno ENOENT for a missing component; "~" is not
 * expanded here (as proftpd's).
 */
int pr_fs_resolve_path(const char *path, char *buf, size_t buflen, int op) {
  if (path == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return -1;
  }
  return fs_walk(path, buf, buflen, op, TRUE);
}

/* Access by permission bits, as proftpd's: root may read and write
 * anything and execute what has an x bit; else the owner's, the group's
 * (primary or supplementary) or the others' bits decide.  -1 EACCES.
 */
int pr_fs_have_access(struct stat *st, int mode, uid_t uid, gid_t gid,
    array_header *groups) {
  mode_t bits;

  if (st == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (uid == PR_ROOT_UID) {
    if ((mode & X_OK) && !S_ISDIR(st->st_mode) &&
        !(st->st_mode & (S_IXUSR|S_IXGRP|S_IXOTH))) {
      errno = EACCES;
      return -1;
    }
    return 0;
  }

  if (st->st_uid == uid) {
    bits = (st->st_mode >> 6) & 07;
  } else {
    int in_group = st->st_gid == gid;

    if (!in_group && groups != NULL) {
      gid_t *gids = (gid_t *) groups->elts;
      unsigned int i;

      for (i = 0; i < groups->nelts; i++) {
        if (gids[i] == st->st_gid) {
          in_group = TRUE;
          break;
        }
      }
    }
    bits = in_group ? (st->st_mode >> 3) & 07 : st->st_mode & 07;
  }
  if (((mode & R_OK) && !(bits & 04)) || ((mode & W_OK) && !(bits & 02)) ||
      ((mode & X_OK) && !(bits & 01))) {
    errno = EACCES;
    return -1;
  }
  return 0;
}

/* A descriptor above 2 for fd (a dup of it, fd itself closed), so that a
 * descriptor opened while stdio is closed does not become one of them.
 */
int pr_fs_get_usable_fd(int fd) {
  int res;

  if (fd < 0) {
    errno = EINVAL;
    return -1;
  }
  if (fd > STDERR_FILENO) {
    return fd;
  }
  res = fcntl(fd, F_DUPFD, STDERR_FILENO + 1);
  if (res < 0) {
    return -1;
  }
  (void) close(fd);
  return res;
}

int pr_fs_get_usable_fd2(int *fd) {
  int res;

  if (fd == NULL) {
    errno = EINVAL;
    return -1;
  }
  res = pr_fs_get_usable_fd(*fd);
  if (res < 0) {
    return -1;
  }
  *fd = res;
  return 0;
}

/* glob(3) of a pattern, reading directories through the FS layer (the
 * registered FSes' opendir/readdir/stat callbacks), as proftpd's.
 */
int pr_fs_glob(const char *pattern, int flags,
    int (*errfunc)(const char *, int), glob_t *pglob) {
  if (pattern == NULL || pglob == NULL) {
    errno = EINVAL;
    return -1;
  }
  flags |= GLOB_ALTDIRFUNC;
  pglob->gl_closedir = (void (*)(void *)) pr_fsio_closedir;
  pglob->gl_readdir = (void *) pr_fsio_readdir;
  pglob->gl_opendir = pr_fsio_opendir;
  pglob->gl_lstat = (void *) pr_fsio_lstat;
  pglob->gl_stat = (void *) pr_fsio_stat;
  return glob(pattern, flags, errfunc, pglob);
}

void pr_fs_globfree(glob_t *pglob) {
  if (pglob != NULL) {
    globfree(pglob);
  }
}

/* Copying files */

/* Copies the extended attributes (POSIX ACLs among them) of one open file
 * to another, as proftpd does after a copy; failures are only logged.
 */
static void fs_copy_xattrs(pr_fh_t *src, pr_fh_t *dst) {
  char names[8192], *name;
  ssize_t len;

  len = flistxattr(src->fh_fd, names, sizeof(names));
  for (name = names; len > 0 && name < names + len;
      name += strlen(name) + 1) {
    char val[8192];
    ssize_t vlen = fgetxattr(src->fh_fd, name, val, sizeof(val));

    if (vlen >= 0 && fsetxattr(dst->fh_fd, name, val, (size_t) vlen, 0) < 0 &&
        errno != ENOTSUP) {
      pr_log_debug(DEBUG3, "error copying xattr '%s' to '%s': %s", name,
        dst->fh_path, strerror(errno));
    }
  }
}

/* What a failed copy leaves: the destination removed unless it existed
 * before or the caller asked to keep it.
 */
static int fs_copy_fail(pr_fh_t *src, pr_fh_t *dst, const char *path,
    int existed, int flags, int xerrno) {
  if (src != NULL) {
    (void) pr_fsio_close(src);
  }
  if (dst != NULL) {
    (void) pr_fsio_close(dst);
  }
  if (!existed && !(flags & PR_FSIO_COPY_FILE_FL_NO_DELETE_ON_FAILURE)) {
    (void) pr_fsio_unlink(path);
  }
  errno = xerrno;
  return -1;
}

/* Copies src to dst through the FS layer (contents, then extended
 * attributes and ACLs): EISDIR for a directory on either side; copying a
 * file onto itself does nothing.  progress_cb sees each write's size, and
 * 0 at the end.
 */
int pr_fs_copy_file2(const char *src, const char *dst, int flags,
    void (*progress_cb)(int)) {
  struct stat src_st, dst_st;
  pr_fh_t *src_fh, *dst_fh;
  int existed = FALSE, res;
  size_t bufsz;
  char *buf;

  if (src == NULL || dst == NULL) {
    errno = EINVAL;
    return -1;
  }
  src_fh = pr_fsio_open(src, O_RDONLY|O_NONBLOCK);
  if (src_fh == NULL) {
    int xerrno = errno;

    pr_log_pri(PR_LOG_WARNING, "error opening source file '%s' for copying: "
      "%s", src, strerror(xerrno));
    errno = xerrno;
    return -1;
  }
  if (pr_fsio_fstat(src_fh, &src_st) < 0 || S_ISDIR(src_st.st_mode)) {
    int xerrno = S_ISDIR(src_st.st_mode) ? EISDIR : errno;

    (void) pr_fsio_close(src_fh);
    pr_log_pri(PR_LOG_WARNING, "warning: cannot copy source '%s': %s", src,
      strerror(xerrno));
    errno = xerrno;
    return -1;
  }
  (void) pr_fsio_set_block(src_fh);

  pr_fs_clear_cache2(dst);
  if (pr_fsio_stat(dst, &dst_st) == 0) {
    if (S_ISDIR(dst_st.st_mode)) {
      (void) pr_fsio_close(src_fh);
      pr_log_pri(PR_LOG_WARNING, "warning: cannot copy to destination '%s': "
        "%s", dst, strerror(EISDIR));
      errno = EISDIR;
      return -1;
    }
    existed = TRUE;
    pr_fs_clear_cache2(dst);
  }

  dst_fh = pr_fsio_open(dst, O_WRONLY|O_CREAT|O_NONBLOCK);
  if (dst_fh == NULL) {
    int xerrno = errno;

    (void) pr_fsio_close(src_fh);
    pr_log_pri(PR_LOG_WARNING, "error opening destination file '%s' for "
      "copying: %s", dst, strerror(xerrno));
    errno = xerrno;
    return -1;
  }
  (void) pr_fsio_set_block(dst_fh);

  if (pr_fsio_fstat(dst_fh, &dst_st) == 0) {
    if (strcmp(src, dst) == 0 && src_st.st_dev == dst_st.st_dev &&
        src_st.st_ino == dst_st.st_ino && src_st.st_size == dst_st.st_size &&
        src_st.st_mtime == dst_st.st_mtime) {
      (void) pr_fsio_close(src_fh);
      (void) pr_fsio_close(dst_fh);
      return 0;
    }
    if (!S_ISFIFO(dst_st.st_mode)) {
      (void) pr_fsio_ftruncate(dst_fh, 0);
    }
  }

  bufsz = src_st.st_blksize > 0 ? (size_t) src_st.st_blksize : 8192;
  buf = malloc(bufsz);
  if (buf == NULL) {
    return fs_copy_fail(src_fh, dst_fh, dst, existed, flags, ENOMEM);
  }
  while ((res = pr_fsio_read(src_fh, buf, bufsz)) > 0) {
    size_t left = (size_t) res, off = 0;

    pr_signals_handle();
    while (left > 0) {
      int n = pr_fsio_write(dst_fh, buf + off, left);

      if (n < 0) {
        int xerrno = errno;

        if (xerrno == EINTR || xerrno == EAGAIN) {
          pr_signals_handle();
          continue;
        }
        free(buf);
        pr_log_pri(PR_LOG_WARNING, "error copying to '%s': %s", dst,
          strerror(xerrno));
        return fs_copy_fail(src_fh, dst_fh, dst, existed, flags, xerrno);
      }
      if (progress_cb != NULL) {
        progress_cb(n);
      }
      off += (size_t) n;
      left -= (size_t) n;
    }
  }
  free(buf);
  if (res < 0) {
    int xerrno = errno;

    pr_log_pri(PR_LOG_WARNING, "error reading from '%s': %s", src,
      strerror(xerrno));
    return fs_copy_fail(src_fh, dst_fh, dst, existed, flags, xerrno);
  }

  fs_copy_xattrs(src_fh, dst_fh);
  (void) pr_fsio_close(src_fh);
  if (progress_cb != NULL) {
    progress_cb(0);
  }
  res = pr_fsio_close(dst_fh);
  if (res < 0) {
    int xerrno = errno;

    if (!existed && !(flags & PR_FSIO_COPY_FILE_FL_NO_DELETE_ON_FAILURE)) {
      (void) pr_fsio_unlink(dst);
    }
    pr_log_pri(PR_LOG_WARNING, "error closing '%s': %s", dst,
      strerror(xerrno));
    errno = xerrno;
  }
  return res;
}

int pr_fs_copy_file(const char *src, const char *dst) {
  return pr_fs_copy_file2(src, dst, 0, NULL);
}
