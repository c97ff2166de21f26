/*
 * prxs shim host: mod_ls (LIST, NLST).
 *
 * The listing comes back as a "#DATA <n>" frame between the 150 and the
 * 226 replies (there is no data connection).
 */

#include "host.h"

#include <dirent.h>

#define MOD_LS_VERSION		"mod_ls/1.0"

static int ls_cmp(const void *a, const void *b) {
  return strcmp(*(char * const *) a, *(char * const *) b);
}

static modret_t *ls_list(cmd_rec *cmd, int names_only) {
  const char *path, *arg = cmd->arg;
  array_header *names;
  struct dirent *de;
  char *out = "";
  unsigned int i;
  void *dir;

  /* Skip ls-style options such as -la. */
  while (arg && *arg == '-') {
    arg += strcspn(arg, " ");
    while (*arg == ' ') {
      arg++;
    }
  }
  path = host_abs_path(cmd->tmp_pool, arg);

  dir = pr_fsio_opendir(path);
  if (dir == NULL) {
    pr_response_add_err(R_450, "%s: %s", arg && *arg ? arg : session.cwd,
      strerror(errno));
    return PR_ERROR(cmd);
  }
  names = make_array(cmd->tmp_pool, 16, sizeof(char *));
  while ((de = pr_fsio_readdir(dir)) != NULL) {
    if (de->d_name[0] == '.') {
      continue;
    }
    *((char **) push_array(names)) = pstrdup(cmd->tmp_pool, de->d_name);
  }
  pr_fsio_closedir(dir);
  /* LIST sorts by name; NLST lists in directory order, as mod_ls does
   * (without ListOptions -U / sorted NLST). */
  if (!names_only) {
    qsort(names->elts, names->nelts, sizeof(char *), ls_cmp);
  }

  for (i = 0; i < names->nelts; i++) {
    const char *name = ((char **) names->elts)[i];
    struct stat st;

    if (names_only) {
      out = pstrcat(cmd->tmp_pool, out, name, "\r\n", NULL);
      continue;
    }
    if (pr_fsio_lstat(pdircat(cmd->tmp_pool, path, name, NULL), &st) < 0) {
      continue;
    }
    out = pstrcat(cmd->tmp_pool, out, psprintf(cmd->tmp_pool,
      "%c%c%c%c%c%c%c%c%c%c %3lu %-8lu %-8lu %8llu %s\r\n",
      S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : '-',
      st.st_mode & S_IRUSR ? 'r' : '-', st.st_mode & S_IWUSR ? 'w' : '-',
      st.st_mode & S_IXUSR ? 'x' : '-', st.st_mode & S_IRGRP ? 'r' : '-',
      st.st_mode & S_IWGRP ? 'w' : '-', st.st_mode & S_IXGRP ? 'x' : '-',
      st.st_mode & S_IROTH ? 'r' : '-', st.st_mode & S_IWOTH ? 'w' : '-',
      st.st_mode & S_IXOTH ? 'x' : '-', (unsigned long) st.st_nlink,
      (unsigned long) st.st_uid, (unsigned long) st.st_gid,
      (unsigned long long) st.st_size, name), NULL);
  }

  pr_response_send(R_150, _("Opening ASCII mode data connection for file "
    "list"));
  host_timers_transfer(TRUE);
  host_response_send_data(out, strlen(out));
  host_timers_transfer(FALSE);
  pr_response_add(R_226, _("Transfer complete"));
  return PR_HANDLED(cmd);
}

MODRET ls_list_cmd(cmd_rec *cmd) {
  return ls_list(cmd, FALSE);
}

MODRET ls_nlst(cmd_rec *cmd) {
  return ls_list(cmd, TRUE);
}

/* Module API tables
 */

static conftable ls_conftab[] = {
  { "DirFakeGroup",	host_set_directive,	NULL },
  { "DirFakeMode",	host_set_directive,	NULL },
  { "DirFakeUser",	host_set_directive,	NULL },
  { "ListOptions",	host_set_directive,	NULL },
  { "ListStyle",	host_set_directive,	NULL },
  { "ShowSymlinks",	host_set_directive,	NULL },
  { "UseGlobbing",	host_set_directive,	NULL },
  { NULL }
};

static cmdtable ls_cmdtab[] = {
  { CMD,	C_LIST,	G_DIRS,	ls_list_cmd,	TRUE,	FALSE,	CL_DIRS },
  { CMD,	C_NLST,	G_DIRS,	ls_nlst,	TRUE,	FALSE,	CL_DIRS },
  { 0, NULL }
};

module ls_module = {
  NULL, NULL,
  0x20,
  "ls",
  ls_conftab,
  ls_cmdtab,
  NULL,
  NULL,
  NULL,
  MOD_LS_VERSION
};
