/*
 * mod_fsapi: a test module that calls ProFTPD's FS API (fsio.h, support.h,
 * dirtree.h) and shows the results as the XFS command's reply; run on the
 * shim and on proftpd, the replies must be the same.
 *
 *   XFS mount PATH NAME     pr_register_fs() with counting stat/lstat/open
 *   XFS unmount PATH NAME   pr_unmount_fs()
 *   XFS get PATH            pr_get_fs()
 *   XFS stat PATH           pr_fsio_stat(): result, size, counted calls
 *   XFS cache PATH          the stat cache: clear, stat, stat, clear, stat
 *   XFS read PATH           pr_fsio_open/read/close through the FS
 *   XFS canon PATH          dir_canonical_path/vpath, dir_realpath
 *   XFS paths               pure path helpers
 *   XFS glob PATTERN        pr_fs_glob()
 *   XFS copy SRC DST        pr_fs_copy_file2()
 *   XFS link TARGET PATH    pr_fsio_symlink(), pr_fsio_readlink, dir_readlink
 *   XFS check PATH          dir_check(G_WRITE), dir_check_canon(G_READ)
 *   XFS access PATH         pr_fsio_access(R_OK/W_OK) as the session user
 *   XFS lines PATH          pr_fsio_getline()
 *   XFS exists PATH         exists2, file_exists2, dir_exists2
 *   XFS dir PATH            pr_fsio_opendir/readdir/closedir
 *   XFS time                pr_strtime3(), pr_gmtime()
 *   XFS display PATH        pr_display_fh() (lines as 200 replies)
 *   XFS displayfile PATH    pr_display_file()
 *   XFS xferlog PATH        xferlog_write()
 */

#include "conf.h"

#define MOD_FSAPI_VERSION	"mod_fsapi/0.1"

module fsapi_module;

static unsigned int fsapi_calls = 0;

/* Support routines
 */

static int fsapi_stat_cb(pr_fs_t *fs, const char *path, struct stat *st) {
  (void) fs;
  fsapi_calls++;
  return stat(path, st);
}

static int fsapi_lstat_cb(pr_fs_t *fs, const char *path, struct stat *st) {
  (void) fs;
  fsapi_calls++;
  return lstat(path, st);
}

static int fsapi_open_cb(pr_fh_t *fh, const char *path, int flags) {
  (void) fh;
  fsapi_calls += 100;
  return open(path, flags, PR_OPEN_MODE);
}

static const char *fsapi_err(pool *p, int res) {
  if (res < 0) {
    return pstrcat(p, "-1 ", strerror(errno), NULL);
  }
  return pstrdup(p, "0");
}

static int fsapi_cmp(const void *a, const void *b) {
  return strcmp(*((char * const *) a), *((char * const *) b));
}

/* Command handlers
 */

MODRET fsapi_xfs(cmd_rec *cmd) {
  pool *p = cmd->tmp_pool;
  const char *op = cmd->argc > 1 ? cmd->argv[1] : "";
  const char *a = cmd->argc > 2 ? cmd->argv[2] : NULL;
  const char *b = cmd->argc > 3 ? cmd->argv[3] : NULL;
  struct stat st;
  char buf[1024];
  int res;

  memset(buf, '\0', sizeof(buf));

  if (strcmp(op, "mount") == 0 && a && b) {
    pr_fs_t *fs = pr_register_fs(permanent_pool, b, a);

    if (fs == NULL) {
      pr_response_add(R_200, "mount %s", strerror(errno));
      return PR_HANDLED(cmd);
    }
    fs->stat = fsapi_stat_cb;
    fs->lstat = fsapi_lstat_cb;
    fs->open = fsapi_open_cb;
    pr_response_add(R_200, "mounted %s at %s", fs->fs_name, fs->fs_path);

  } else if (strcmp(op, "unmount") == 0 && a) {
    pr_fs_t *fs = pr_unmount_fs(a, b);

    pr_response_add(R_200, "unmount %s", fs ? fs->fs_name :
      strerror(errno));

  } else if (strcmp(op, "get") == 0 && a) {
    int exact = -1;
    pr_fs_t *fs = pr_get_fs(a, &exact);

    pr_response_add(R_200, "fs %s exact %d", fs ? fs->fs_name : "NULL",
      exact);

  } else if (strcmp(op, "stat") == 0 && a) {
    unsigned int before = fsapi_calls;

    res = pr_fsio_stat(a, &st);
    pr_response_add(R_200, "stat %s size %lu calls %u", fsapi_err(p, res),
      res == 0 ? (unsigned long) st.st_size : 0UL, fsapi_calls - before);

  } else if (strcmp(op, "cache") == 0 && a) {
    unsigned int c0, c1, c2, c3;
    int r0, r1;

    r0 = pr_fs_clear_cache2(a);
    c0 = fsapi_calls;
    (void) pr_fsio_stat(a, &st);
    c1 = fsapi_calls;
    (void) pr_fsio_stat(a, &st);
    c2 = fsapi_calls;
    r1 = pr_fs_clear_cache2(a);
    (void) pr_fsio_stat(a, &st);
    c3 = fsapi_calls;
    (void) r0;
    pr_response_add(R_200, "first %u second %u cleared %d after %u",
      c1 - c0, c2 - c1, r1, c3 - c2);

  } else if (strcmp(op, "read") == 0 && a) {
    unsigned int before = fsapi_calls;
    pr_fh_t *fh = pr_fsio_open(a, O_RDONLY);
    int n = -1;

    if (fh != NULL) {
      n = pr_fsio_read(fh, buf, sizeof(buf) - 1);
      (void) pr_fsio_lseek(fh, 0, SEEK_SET);
      pr_fsio_close(fh);
    }
    pr_response_add(R_200, "read %d '%s' calls %u", n, n > 0 ? buf : "",
      fsapi_calls - before);

  } else if (strcmp(op, "canon") == 0 && a) {
    const char *rp = dir_realpath(p, a);

    pr_response_add(R_200, "canon %s vcanon %s real %s",
      dir_canonical_path(p, a), dir_canonical_vpath(p, a),
      rp ? rp : strerror(errno));

  } else if (strcmp(op, "paths") == 0) {
    char clean[256], cat[256], interp[256];
    /* path_subst_uservar() writes into the path while it works. */
    const char *tpl = pstrdup(p, "/srv/%u/x%u[0]y");
    const char *bad = pstrdup(p, "/srv/%u/%u[9]");
    const char *subst, *subst_bad;
    int vr, ir;

    pr_fs_clean_path("/a//b/./c/../d/", clean, sizeof(clean));
    pr_fs_dircat(cat, sizeof(cat), "/srv/ftp", "sub/file");
    ir = pr_fs_interpolate("~/pub", interp, sizeof(interp));
    vr = pr_fs_valid_path("relative");
    subst = path_subst_uservar(p, &tpl);
    subst_bad = path_subst_uservar(p, &bad);
    pr_response_add(R_200, "clean %s cat %s interp %d %s valid %d "
      "subst %s %s quote %s interpolate %s", clean, cat, ir, interp, vr, subst,
      subst_bad,
      quote_dir(p, "say \"hi\""), dir_interpolate(p, "~alice/x"));

  } else if (strcmp(op, "glob") == 0 && a) {
    glob_t g;
    char *out = "";
    size_t i;

    memset(&g, 0, sizeof(g));
    res = pr_fs_glob(a, 0, NULL, &g);
    for (i = 0; res == 0 && i < g.gl_pathc; i++) {
      const char *slash = strrchr(g.gl_pathv[i], '/');

      out = pstrcat(p, out, i ? "," : "", slash ? slash + 1 : g.gl_pathv[i],
        NULL);
    }
    pr_response_add(R_200, "glob %d %s", res, out);
    pr_fs_globfree(&g);

  } else if (strcmp(op, "copy") == 0 && a && b) {
    res = pr_fs_copy_file2(a, b, 0, NULL);
    if (res == 0 && pr_fsio_stat(b, &st) == 0) {
      pr_response_add(R_200, "copy 0 size %lu mode %04o",
        (unsigned long) st.st_size, (unsigned int) (st.st_mode & 07777));
    } else {
      pr_response_add(R_200, "copy %s", fsapi_err(p, res));
    }

  } else if (strcmp(op, "link") == 0 && a && b) {
    char raw[256], adj[256];
    int n, m;

    res = pr_fsio_symlink(a, b);
    memset(raw, '\0', sizeof(raw));
    memset(adj, '\0', sizeof(adj));
    n = pr_fsio_readlink(b, raw, sizeof(raw) - 1);
    m = dir_readlink(p, b, adj, sizeof(adj) - 1,
      PR_DIR_READLINK_FL_HANDLE_REL_PATH);
    pr_response_add(R_200, "symlink %s readlink %d %s dir_readlink %d %s",
      fsapi_err(p, res), n, raw, m, adj);

  } else if (strcmp(op, "check") == 0 && a) {
    int w = dir_check(p, cmd, G_WRITE, a, NULL);
    int r = dir_check_canon(p, cmd, G_READ, a, NULL);

    pr_response_add(R_200, "check write %d read %d", w, r);

  } else if (strcmp(op, "access") == 0 && a) {
    int r = pr_fsio_access(a, R_OK, session.uid, session.gid, session.gids);
    int rerr = errno;
    int w = pr_fsio_access(a, W_OK, session.uid, session.gid, session.gids);
    int werr = errno;

    pr_response_add(R_200, "access read %d %s write %d %s", r,
      r < 0 ? strerror(rerr) : "ok", w, w < 0 ? strerror(werr) : "ok");

  } else if (strcmp(op, "lines") == 0 && a) {
    pr_fh_t *fh = pr_fsio_open(a, O_RDONLY);
    unsigned int lineno = 0;
    char *out = "";

    if (fh == NULL) {
      pr_response_add(R_200, "lines %s", strerror(errno));
      return PR_HANDLED(cmd);
    }
    while (pr_fsio_getline(buf, sizeof(buf), fh, &lineno) != NULL) {
      size_t len = strlen(buf);

      while (len > 0 && buf[len - 1] == '\n') {
        buf[--len] = '\0';
      }
      out = pstrcat(p, out, "[", buf, "]", NULL);
    }
    pr_fsio_close(fh);
    pr_response_add(R_200, "lines %u %s", lineno, out);

  } else if (strcmp(op, "exists") == 0 && a) {
    pr_response_add(R_200, "exists %d file %d dir %d", exists2(p, a),
      file_exists2(p, a), dir_exists2(p, a));

  } else if (strcmp(op, "dir") == 0 && a) {
    void *dir = pr_fsio_opendir(a);
    array_header *names = make_array(p, 4, sizeof(char *));
    struct dirent *de;
    char *out = "";
    unsigned int i;

    if (dir == NULL) {
      pr_response_add(R_200, "dir %s", strerror(errno));
      return PR_HANDLED(cmd);
    }
    while ((de = pr_fsio_readdir(dir)) != NULL) {
      if (de->d_name[0] != '.') {
        *((char **) push_array(names)) = pstrdup(p, de->d_name);
      }
    }
    res = pr_fsio_closedir(dir);
    qsort(names->elts, names->nelts, sizeof(char *), fsapi_cmp);
    for (i = 0; i < names->nelts; i++) {
      out = pstrcat(p, out, i ? "," : "", ((char **) names->elts)[i], NULL);
    }
    pr_response_add(R_200, "dir %s closedir %d again %d", out, res,
      pr_fsio_closedir(dir));

  } else if (strcmp(op, "time") == 0) {
    time_t t = 951782400;     /* 2000-02-29 00:00:00 UTC */
    struct tm *tm = pr_gmtime(p, &t);

    pr_response_add(R_200, "time %s yday %d", pr_strtime3(p, t, TRUE),
      tm ? tm->tm_yday : -1);

  } else if (strcmp(op, "display") == 0 && a) {
    pr_fh_t *fh = pr_fsio_open(a, O_RDONLY);

    if (fh == NULL) {
      pr_response_add(R_200, "display %s", strerror(errno));
      return PR_HANDLED(cmd);
    }
    res = pr_display_fh(fh, NULL, R_200, 0);
    pr_fsio_close(fh);
    pr_response_add(R_200, "display %d", res);

  } else if (strcmp(op, "displayfile") == 0 && a) {
    res = pr_display_file(a, NULL, R_200, 0);
    pr_response_add(R_200, "displayfile %s", fsapi_err(p, res));

  } else if (strcmp(op, "xferlog") == 0 && a) {
    /* The rest of the line: the file name may hold spaces. */
    res = xferlog_write(3, "client.example", 1234, cmd->arg + 8, 'b', 'o', 'r',
      "alice", 'c', "_");
    pr_response_add(R_200, "xferlog %s", res > 0 ? "written" : "none");

  } else {
    pr_response_add_err(R_501, "XFS: unknown operation '%s'", op);
    return PR_ERROR(cmd);
  }
  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static cmdtable fsapi_cmdtab[] = {
  { CMD, "XFS", G_NONE, fsapi_xfs, TRUE, FALSE, CL_MISC },
  { 0, NULL }
};

module fsapi_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "fsapi",

  /* Module configuration directive table */
  NULL,

  /* Module command handler table */
  fsapi_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  NULL,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_FSAPI_VERSION
};
