/*
 * prxs shim host: ProFTPD's Controls registry (src/ctrls.c's module API),
 * served by the socket in ctrls.c.
 *
 * A module registers actions (pr_ctrls_register); a request whose first
 * word names an enabled action runs every callback registered under that
 * name, in the master, with a pr_ctrls_t whose client (ctrls_cl) is the
 * caller as the kernel reports it.  The callback's responses and return
 * value make the reply.  The host's own actions live here too: mod_ctrls's
 * help, insctrl, lsctrl and rmctrl, and mod_dso's insmod, lsmod and rmmod
 * (dso_ctrls.c), so lsctrl and help list every action as proftpd does.
 *
 * Access lists follow proftpd: an action's ACL denies everyone until a
 * directive (ControlsACLs, AdminControlsACLs, BanControlsACLs...) sets it;
 * "*" means everyone; names the system does not know are skipped.
 */

#include "host_ctrls.h"

struct ctrls_action {
  struct ctrls_action *next, *prev;
  pool *pool;
  unsigned int id;
  const char *action, *desc;
  const module *module;
  unsigned int flags;
  int (*cb)(pr_ctrls_t *, int, char **);
};

static pool *registry_pool = NULL;
static struct ctrls_action *registry = NULL;
static unsigned int registry_next_id = 1;
static int registry_blocked = FALSE;
static int ctrls_logfd = -1;

static pool *registry_get_pool(void) {
  if (registry_pool == NULL) {
    registry_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(registry_pool, "ctrls registry");
  }
  return registry_pool;
}

void pr_block_ctrls(void) {
  registry_blocked = TRUE;
}

void pr_unblock_ctrls(void) {
  registry_blocked = FALSE;
}

int pr_ctrls_register(const module *mod, const char *action,
    const char *desc, int (*cb)(pr_ctrls_t *, int, char **)) {
  struct ctrls_action *act;
  pool *p;

  if (action == NULL || desc == NULL || cb == NULL) {
    errno = EINVAL;
    return -1;
  }
  p = make_sub_pool(registry_get_pool());
  pr_pool_tag(p, "ctrls action");
  act = pcalloc(p, sizeof(*act));
  act->pool = p;
  /* Ids are unique for the process's life (proftpd draws random ones). */
  act->id = registry_next_id++;
  act->action = pstrdup(p, action);
  act->desc = desc;
  act->module = mod;
  act->cb = cb;

  act->next = registry;
  if (registry != NULL) {
    registry->prev = act;
  }
  registry = act;
  pr_trace_msg("ctrls", 3, "module '%s' registering handler for ctrl action "
    "'%s'", mod ? mod->name : "(none)", action);
  return (int) act->id;
}

int pr_ctrls_unregister(module *mod, const char *action) {
  struct ctrls_action *act, *next;
  int found = FALSE;

  for (act = registry; act != NULL; act = next) {
    next = act->next;
    if ((action != NULL && strcmp(act->action, action) != 0) ||
        (mod != NULL && mod != ANY_MODULE && act->module != mod)) {
      continue;
    }
    found = TRUE;
    if (act->prev != NULL) {
      act->prev->next = act->next;
    } else {
      registry = act->next;
    }
    if (act->next != NULL) {
      act->next->prev = act->prev;
    }
    destroy_pool(act->pool);
  }
  if (!found) {
    errno = ENOENT;
    return -1;
  }
  return 0;
}

/* When a module leaves (rmmod, restart), actions it did not unregister
 * itself must not outlive its code.
 */
void host_ctrls_registry_drop_module(const module *m) {
  struct ctrls_action *act, *next;

  for (act = registry; act != NULL; act = next) {
    next = act->next;
    if (act->module == m) {
      pr_log_debug(DEBUG3, MOD_CTRLS_VERSION ": mod_%s.c left; its '%s' "
        "control goes with it", m->name, act->action);
      pr_ctrls_unregister((module *) m, act->action);
    }
  }
}

int pr_set_registered_actions(module *mod, const char *action,
    unsigned char skip_disabled, unsigned int flags) {
  struct ctrls_action *act;
  int found = FALSE;

  if (flags != 0 && flags != PR_CTRLS_ACT_SOLITARY &&
      flags != PR_CTRLS_ACT_DISABLED &&
      flags != (PR_CTRLS_ACT_SOLITARY|PR_CTRLS_ACT_DISABLED)) {
    errno = EINVAL;
    return -1;
  }
  if (registry_blocked) {
    errno = EPERM;
    return -1;
  }
  for (act = registry; act != NULL; act = act->next) {
    if (skip_disabled && (act->flags & PR_CTRLS_ACT_DISABLED)) {
      continue;
    }
    if ((action == NULL || strcmp(action, "all") == 0 ||
         strcmp(act->action, action) == 0) &&
        (mod == NULL || mod == ANY_MODULE || act->module == mod)) {
      act->flags = flags;
      found = TRUE;
    }
  }
  if (!found) {
    errno = ENOENT;
    return -1;
  }
  return 0;
}

int pr_get_registered_actions(pr_ctrls_t *ctrl, int flags) {
  struct ctrls_action *act;
  int count = 0;

  if (ctrl == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (registry_blocked) {
    errno = EPERM;
    return -1;
  }
  for (act = registry; act != NULL; act = act->next) {
    if (flags == CTRLS_GET_DESC) {
      pr_ctrls_add_response(ctrl, "%s: %s", act->action, act->desc);
    } else if (flags == CTRLS_GET_ACTION_ALL ||
        (flags == CTRLS_GET_ACTION_ENABLED &&
         !(act->flags & PR_CTRLS_ACT_DISABLED))) {
      if (act->module != NULL) {
        pr_ctrls_add_response(ctrl, "%s (mod_%s.c)", act->action,
          act->module->name);
      } else {
        pr_ctrls_add_response(ctrl, "%s (core)", act->action);
      }
    } else {
      continue;
    }
    count++;
  }
  return count;
}

/* Requests and responses
 */

pr_ctrls_t *pr_ctrls_alloc(void) {
  pr_ctrls_t *ctrl = pcalloc(registry_get_pool(), sizeof(pr_ctrls_t));

  /* 1: pending, not yet handled (as proftpd's fresh objects) */
  ctrl->ctrls_cb_retval = 1;
  return ctrl;
}

int pr_ctrls_free(pr_ctrls_t *ctrl) {
  if (ctrl == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (ctrl->ctrls_tmp_pool != NULL) {
    destroy_pool(ctrl->ctrls_tmp_pool);
  }
  memset(ctrl, 0, sizeof(*ctrl));
  ctrl->ctrls_cb_retval = 1;
  return 0;
}

static void ctrls_ensure_tmp_pool(pr_ctrls_t *ctrl) {
  if (ctrl->ctrls_tmp_pool == NULL) {
    ctrl->ctrls_tmp_pool = make_sub_pool(registry_get_pool());
    pr_pool_tag(ctrl->ctrls_tmp_pool, "ctrls tmp pool");
  }
}

int pr_ctrls_add_arg(pr_ctrls_t *ctrl, char *arg, size_t arglen) {
  size_t i;

  if (ctrl == NULL || arg == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (i = 0; i < arglen; i++) {
    if (!isprint((unsigned char) arg[i])) {
      errno = EPERM;
      return -1;
    }
  }
  ctrls_ensure_tmp_pool(ctrl);
  if (ctrl->ctrls_cb_args == NULL) {
    ctrl->ctrls_cb_args = make_array(ctrl->ctrls_tmp_pool, 0, sizeof(char *));
  }
  *((char **) push_array(ctrl->ctrls_cb_args)) = pstrndup(ctrl->ctrls_tmp_pool,
    arg, arglen);
  return 0;
}

int pr_ctrls_copy_args(pr_ctrls_t *src, pr_ctrls_t *dst) {
  if (src == NULL || dst == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (src == dst) {
    return 0;
  }
  if (src->ctrls_cb_args == NULL) {
    return 0;
  }
  ctrls_ensure_tmp_pool(dst);
  dst->ctrls_cb_args = copy_array(dst->ctrls_tmp_pool, src->ctrls_cb_args);
  return 0;
}

int pr_ctrls_copy_resps(pr_ctrls_t *src, pr_ctrls_t *dst) {
  if (src == NULL || dst == NULL || src == dst) {
    errno = EINVAL;
    return -1;
  }
  if (dst->ctrls_cb_resps != NULL) {
    errno = EPERM;
    return -1;
  }
  if (src->ctrls_cb_resps == NULL) {
    return 0;
  }
  ctrls_ensure_tmp_pool(dst);
  dst->ctrls_cb_resps = copy_array(dst->ctrls_tmp_pool, src->ctrls_cb_resps);
  return 0;
}

int pr_ctrls_add_response(pr_ctrls_t *ctrl, const char *fmt, ...) {
  char buf[PR_TUNABLE_BUFFER_SIZE];
  va_list ap;

  if (ctrl == NULL || fmt == NULL) {
    errno = EINVAL;
    return -1;
  }
  ctrls_ensure_tmp_pool(ctrl);
  if (ctrl->ctrls_cb_resps == NULL) {
    ctrl->ctrls_cb_resps = make_array(ctrl->ctrls_tmp_pool, 0,
      sizeof(char *));
  }
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  *((char **) push_array(ctrl->ctrls_cb_resps)) = pstrdup(ctrl->ctrls_tmp_pool,
    buf);
  return 0;
}

/* The wire message (see ctrls.c), written whole, blocking, within the
 * client timeout.
 */
int host_ctrls_write_msg(int fd, int status, unsigned int n, char **lines) {
  size_t len = sizeof(int) + sizeof(unsigned int), off = 0;
  unsigned int i;
  char *buf, *cp;
  int flags;

  for (i = 0; i < n; i++) {
    len += sizeof(unsigned int) + strlen(lines[i]);
  }
  buf = malloc(len);
  if (buf == NULL) {
    errno = ENOMEM;
    return -1;
  }
  cp = buf;
  memcpy(cp, &status, sizeof(int));
  cp += sizeof(int);
  memcpy(cp, &n, sizeof(unsigned int));
  cp += sizeof(unsigned int);
  for (i = 0; i < n; i++) {
    unsigned int l = (unsigned int) strlen(lines[i]);
    memcpy(cp, &l, sizeof(unsigned int));
    cp += sizeof(unsigned int);
    memcpy(cp, lines[i], l);
    cp += l;
  }

  flags = fcntl(fd, F_GETFL);
  while (off < len) {
    struct pollfd pfd;
    ssize_t w = write(fd, buf + off, len - off);

    if (w > 0) {
      off += (size_t) w;
      continue;
    }
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pfd.fd = fd;
      pfd.events = POLLOUT;
      if (poll(&pfd, 1, CTRLS_CLIENT_TIMEOUT_MS) == 1) {
        continue;
      }
      errno = ETIMEDOUT;
    }
    free(buf);
    return -1;
  }
  (void) flags;
  free(buf);
  return 0;
}

int pr_ctrls_send_msg(int fd, int status, unsigned int argc, char **argv) {
  if (fd < 0 || (argc > 0 && argv == NULL)) {
    errno = EINVAL;
    return -1;
  }
  return host_ctrls_write_msg(fd, status, argc, argv);
}

int pr_ctrls_flush_response(pr_ctrls_t *ctrl) {
  if (ctrl == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (ctrl->ctrls_cb_resps == NULL) {
    return 0;
  }
  if (ctrl->ctrls_cl == NULL) {
    errno = EPERM;
    return -1;
  }
  if (host_ctrls_write_msg(ctrl->ctrls_cl->cl_fd, ctrl->ctrls_cb_retval,
      ctrl->ctrls_cb_resps->nelts, (char **) ctrl->ctrls_cb_resps->elts) < 0) {
    return -1;
  }
  /* The client has its reply: the request's normal reply is not sent. */
  ctrl->ctrls_cl->cl_flags |= PR_CTRLS_CL_HAVERESP;
  return 0;
}

/* Access lists
 */

int pr_ctrls_init_acl(ctrls_acl_t *acl) {
  if (acl == NULL) {
    errno = EINVAL;
    return -1;
  }
  memset(acl, 0, sizeof(*acl));
  acl->acl_users.allow = acl->acl_groups.allow = TRUE;
  return 0;
}

int pr_ctrls_check_user_acl(uid_t uid, const ctrls_user_acl_t *acl) {
  unsigned int i;
  int listed = FALSE;

  if (acl == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (acl->uids != NULL) {
    for (i = 0; i < acl->nuids; i++) {
      if (acl->uids[i] == uid) {
        listed = TRUE;
      }
    }
  } else if (acl->nuids == 1) {
    listed = TRUE;		/* "*" */
  }
  return acl->allow ? listed : !listed;
}

int pr_ctrls_check_group_acl(gid_t gid, const ctrls_group_acl_t *acl) {
  unsigned int i;
  int listed = FALSE;

  if (acl == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (acl->gids != NULL) {
    for (i = 0; i < acl->ngids; i++) {
      if (acl->gids[i] == gid) {
        listed = TRUE;
      }
    }
  } else if (acl->ngids == 1) {
    listed = TRUE;
  }
  return acl->allow ? listed : !listed;
}

int pr_ctrls_check_acl(const pr_ctrls_t *ctrl, const ctrls_acttab_t *acttab,
    const char *action) {
  unsigned int i;

  if (ctrl == NULL || ctrl->ctrls_cl == NULL || acttab == NULL ||
      action == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (i = 0; acttab[i].act_action != NULL; i++) {
    int user_ok = FALSE, group_ok = FALSE;

    if (strcmp(acttab[i].act_action, action) != 0) {
      continue;
    }
    if (acttab[i].act_acl != NULL) {
      user_ok = pr_ctrls_check_user_acl(ctrl->ctrls_cl->cl_uid,
        &acttab[i].act_acl->acl_users);
      group_ok = pr_ctrls_check_group_acl(ctrl->ctrls_cl->cl_gid,
        &acttab[i].act_acl->acl_groups);
    }
    if (user_ok != TRUE && group_ok != TRUE) {
      return FALSE;
    }
  }
  return TRUE;
}

/* The next word of a list separated by commas or spaces; a word may be in
 * double quotes, where a backslash escapes the next character.
 */
static char *acl_next_word(char **text) {
  char *cp = *text, *start, *dst;
  int quoted = FALSE;

  while (*cp && isspace((unsigned char) *cp)) {
    cp++;
  }
  if (*cp == '\0') {
    *text = cp;
    return NULL;
  }
  start = dst = cp;
  if (*cp == '"') {
    quoted = TRUE;
    cp++;
  }
  while (*cp && *cp != ',' &&
      (quoted ? *cp != '"' : !isspace((unsigned char) *cp))) {
    if (quoted && *cp == '\\' && cp[1] != '\0') {
      cp++;
    }
    *dst++ = *cp++;
  }
  if (*cp) {
    cp++;
  }
  *dst = '\0';
  *text = cp;
  return start;
}

char **pr_ctrls_parse_acl(pool *p, const char *text) {
  array_header *words;
  char *copy, *word;

  if (p == NULL || text == NULL) {
    errno = EINVAL;
    return NULL;
  }
  words = make_array(p, 0, sizeof(char *));
  copy = pstrdup(p, text);
  while ((word = acl_next_word(&copy)) != NULL) {
    *((char **) push_array(words)) = pstrdup(p, word);
  }
  *((char **) push_array(words)) = NULL;
  return (char **) words->elts;
}

/* Shared by the user and group lists: ids of the names the system knows,
 * or "*" (*everyone).
 */
static int acl_set_ids(pool *p, const char *allow, char *list, int is_group,
    unsigned char *allowp, unsigned int *nids, void **ids) {
  array_header *arr;
  char **names;
  unsigned int i;

  *allowp = strcasecmp(allow, "allow") == 0 ? TRUE : FALSE;
  names = pr_ctrls_parse_acl(p, list);
  arr = make_array(p, 0, is_group ? sizeof(gid_t) : sizeof(uid_t));
  for (i = 0; names[i] != NULL; i++) {
    if (strcmp(names[i], "*") == 0) {
      *nids = 1;
      *ids = NULL;
      return 0;
    }
    /* Through the auth modules, then the system's database (proftpd's
     * mod_auth_unix answers there).
     */
    if (is_group) {
      gid_t gid = pr_auth_name2gid(p, names[i]);
      if (gid == (gid_t) -1) {
        struct group *gr = getgrnam(names[i]);
        gid = gr ? gr->gr_gid : (gid_t) -1;
      }
      if (gid != (gid_t) -1) {
        *((gid_t *) push_array(arr)) = gid;
      }
    } else {
      uid_t uid = pr_auth_name2uid(p, names[i]);
      if (uid == (uid_t) -1) {
        struct passwd *pw = getpwnam(names[i]);
        uid = pw ? pw->pw_uid : (uid_t) -1;
      }
      if (uid != (uid_t) -1) {
        *((uid_t *) push_array(arr)) = uid;
      }
    }
  }
  *nids = arr->nelts;
  *ids = arr->elts;
  return 0;
}

int pr_ctrls_set_user_acl(pool *p, ctrls_user_acl_t *acl, const char *allow,
    char *list) {
  void *ids = NULL;

  if (p == NULL || acl == NULL || allow == NULL || list == NULL) {
    errno = EINVAL;
    return -1;
  }
  acl_set_ids(p, allow, list, FALSE, &acl->allow, &acl->nuids, &ids);
  acl->uids = ids;
  return 0;
}

int pr_ctrls_set_group_acl(pool *p, ctrls_group_acl_t *acl,
    const char *allow, char *list) {
  void *ids = NULL;

  if (p == NULL || acl == NULL || allow == NULL || list == NULL) {
    errno = EINVAL;
    return -1;
  }
  acl_set_ids(p, allow, list, TRUE, &acl->allow, &acl->ngids, &ids);
  acl->gids = ids;
  return 0;
}

static int acttab_has(const ctrls_acttab_t *acttab, const char *action) {
  unsigned int j;

  for (j = 0; acttab[j].act_action != NULL; j++) {
    if (strcmp(action, acttab[j].act_action) == 0) {
      return TRUE;
    }
  }
  return FALSE;
}

int pr_ctrls_set_module_acls2(ctrls_acttab_t *acttab, pool *p,
    char **actions, const char *allow, const char *type, char *list,
    const char **bad_action) {
  unsigned int i, j;
  int all = FALSE, is_group;

  if (acttab == NULL || p == NULL || actions == NULL || type == NULL ||
      bad_action == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (strcasecmp(type, "user") != 0 && strcasecmp(type, "group") != 0) {
    errno = EINVAL;
    return -1;
  }
  is_group = strcasecmp(type, "group") == 0;
  for (i = 0; actions[i] != NULL; i++) {
    if (strcasecmp(actions[i], "all") != 0 &&
        !acttab_has(acttab, actions[i])) {
      *bad_action = actions[i];
      errno = EPERM;
      return -1;
    }
  }
  for (i = 0; actions[i] != NULL; i++) {
    if (strcasecmp(actions[i], "all") == 0) {
      all = TRUE;
    }
    for (j = 0; acttab[j].act_action != NULL; j++) {
      int res;

      if (!all && strcmp(actions[i], acttab[j].act_action) != 0) {
        continue;
      }
      if (acttab[j].act_acl == NULL) {
        /* proftpd would crash here; refuse instead. */
        *bad_action = actions[i];
        errno = EINVAL;
        return -1;
      }
      res = is_group ?
        pr_ctrls_set_group_acl(p, &acttab[j].act_acl->acl_groups, allow,
          list) :
        pr_ctrls_set_user_acl(p, &acttab[j].act_acl->acl_users, allow, list);
      if (res < 0) {
        *bad_action = actions[i];
        return -1;
      }
    }
  }
  return 0;
}

char *pr_ctrls_set_module_acls(ctrls_acttab_t *acttab, pool *p,
    char **actions, const char *allow, const char *type, char *list) {
  const char *bad = NULL;

  if (pr_ctrls_set_module_acls2(acttab, p, actions, allow, type, list,
      &bad) < 0) {
    return (char *) bad;
  }
  return NULL;
}

/* As proftpd 1.3.8: checks every named action exists, then unregisters the
 * named actions (and destroys their ACL pools).
 */
int pr_ctrls_unregister_module_actions2(ctrls_acttab_t *acttab,
    char **actions, module *mod, const char **bad_action) {
  unsigned int i, j;

  if (acttab == NULL || actions == NULL || mod == NULL ||
      bad_action == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (i = 0; actions[i] != NULL; i++) {
    if (!acttab_has(acttab, actions[i])) {
      *bad_action = actions[i];
      errno = EPERM;
      return -1;
    }
  }
  for (i = 0; acttab[i].act_action != NULL; i++) {
    for (j = 0; actions[j] != NULL; j++) {
      if (strcmp(acttab[i].act_action, actions[j]) == 0) {
        break;
      }
    }
    if (actions[j] == NULL) {
      continue;
    }
    pr_ctrls_unregister(mod, acttab[i].act_action);
    if (acttab[i].act_acl != NULL && acttab[i].act_acl->acl_pool != NULL) {
      destroy_pool(acttab[i].act_acl->acl_pool);
      acttab[i].act_acl->acl_pool = NULL;
    }
  }
  return 0;
}

char *pr_ctrls_unregister_module_actions(ctrls_acttab_t *acttab,
    char **actions, module *mod) {
  const char *bad = NULL;

  if (pr_ctrls_unregister_module_actions2(acttab, actions, mod, &bad) < 0) {
    return (char *) bad;
  }
  return NULL;
}

/* The controls log (ControlsLog)
 */

int pr_ctrls_set_logfd(int fd) {
  if (ctrls_logfd >= 0 && ctrls_logfd != fd) {
    (void) close(ctrls_logfd);
  }
  ctrls_logfd = fd;
  return 0;
}

int pr_ctrls_log(const char *module_version, const char *fmt, ...) {
  va_list ap;
  int res;

  if (ctrls_logfd < 0 || fmt == NULL) {
    return 0;
  }
  va_start(ap, fmt);
  res = pr_log_vwritefile(ctrls_logfd, module_version, fmt, ap);
  va_end(ap);
  return res;
}

/* Running a request
 */

/* -1 when no enabled action has that name; else 0, with the reply filled
 * (or already sent, *sent, by pr_ctrls_flush_response()).
 */
int host_ctrls_registry_run(int fd, int argc, char **argv,
    const struct host_ctrls_caller *caller, struct host_ctrls_reply *reply,
    int *sent) {
  struct ctrls_action *act;
  pr_ctrls_cl_t *cl;
  int found = FALSE;
  struct passwd *pw;
  struct group *gr;

  *sent = FALSE;
  for (act = registry; act != NULL; act = act->next) {
    if (strcmp(act->action, argv[0]) == 0 &&
        !(act->flags & PR_CTRLS_ACT_DISABLED)) {
      found = TRUE;
      break;
    }
  }
  if (!found) {
    return -1;
  }

  cl = pcalloc(reply->pool, sizeof(*cl));
  cl->cl_pool = reply->pool;
  cl->cl_fd = fd;
  cl->cl_uid = caller->uid;
  cl->cl_gid = caller->gid;
  cl->cl_pid = caller->pid;
  pw = getpwuid(caller->uid);
  cl->cl_user = pw ? pstrdup(reply->pool, pw->pw_name) :
    psprintf(reply->pool, "%lu", (unsigned long) caller->uid);
  gr = getgrgid(caller->gid);
  cl->cl_group = gr ? pstrdup(reply->pool, gr->gr_name) :
    psprintf(reply->pool, "%lu", (unsigned long) caller->gid);
  cl->cl_flags = PR_CTRLS_CL_HAVEREQ;
  cl->cl_ctrls = make_array(reply->pool, 1, sizeof(pr_ctrls_t *));

  pr_ctrls_log(MOD_CTRLS_VERSION, "handling '%s' request from %s/%s client "
    "(pid %lu)", argv[0], cl->cl_user, cl->cl_group,
    (unsigned long) caller->pid);

  for (act = registry; act != NULL; ) {
    struct ctrls_action *next = act->next;
    pr_ctrls_t ctrl;
    unsigned int id = act->id;
    int i;

    if (strcmp(act->action, argv[0]) != 0 ||
        (act->flags & PR_CTRLS_ACT_DISABLED)) {
      act = next;
      continue;
    }
    memset(&ctrl, 0, sizeof(ctrl));
    ctrl.ctrls_id = act->id;
    ctrl.ctrls_module = act->module;
    ctrl.ctrls_cl = cl;
    ctrl.ctrls_action = act->action;
    ctrl.ctrls_desc = act->desc;
    ctrl.ctrls_cb = act->cb;
    ctrl.ctrls_flags = act->flags | PR_CTRLS_REQUESTED;
    ctrl.ctrls_when = time(NULL);
    ctrl.ctrls_cb_retval = 1;
    ctrl.ctrls_tmp_pool = make_sub_pool(reply->pool);
    pr_pool_tag(ctrl.ctrls_tmp_pool, "ctrls tmp pool");
    for (i = 1; i < argc; i++) {
      pr_ctrls_add_arg(&ctrl, argv[i], strlen(argv[i]));
    }

    ctrl.ctrls_cb_retval = act->cb(&ctrl,
      ctrl.ctrls_cb_args ? (int) ctrl.ctrls_cb_args->nelts : 0,
      ctrl.ctrls_cb_args ? (char **) ctrl.ctrls_cb_args->elts : NULL);

    if (cl->cl_flags & PR_CTRLS_CL_HAVERESP) {
      *sent = TRUE;
    } else if (ctrl.ctrls_cb_resps != NULL) {
      unsigned int k;

      for (k = 0; k < ctrl.ctrls_cb_resps->nelts; k++) {
        host_ctrls_reply_add(reply, "%s",
          ((char **) ctrl.ctrls_cb_resps->elts)[k]);
      }
    }
    if (ctrl.ctrls_cb_retval < 0) {
      reply->status = ctrl.ctrls_cb_retval;
    }
    pr_ctrls_log(MOD_CTRLS_VERSION, "'%s' for %s/%s client: return value %d",
      argv[0], cl->cl_user, cl->cl_group, ctrl.ctrls_cb_retval);

    /* The callback may have unregistered actions (its own, even): go on
     * from the registry as it is now.
     */
    for (act = registry; act != NULL && act->id != id; act = act->next);
    act = act ? act->next : NULL;
  }
  return 0;
}

/* mod_ctrls's own actions: help, insctrl, lsctrl, rmctrl (ControlsACLs)
 */

static int ctrls_handle_help(pr_ctrls_t *, int, char **);
static int ctrls_handle_insctrl(pr_ctrls_t *, int, char **);
static int ctrls_handle_lsctrl(pr_ctrls_t *, int, char **);
static int ctrls_handle_rmctrl(pr_ctrls_t *, int, char **);

static ctrls_acl_t ctrls_core_acls[4];
static ctrls_acttab_t ctrls_core_acttab[] = {
  { "help", "describe all registered controls", NULL, ctrls_handle_help },
  { "insctrl", "enable a disabled control", NULL, ctrls_handle_insctrl },
  { "lsctrl", "list all registered controls", NULL, ctrls_handle_lsctrl },
  { "rmctrl", "disable a registered control", NULL, ctrls_handle_rmctrl },
  { NULL, NULL, NULL, NULL }
};

static int resp_cmp(const void *a, const void *b) {
  return strcmp(*((char **) a), *((char **) b));
}

static void ctrls_sort_responses(pr_ctrls_t *ctrl) {
  if (ctrl->ctrls_cb_resps != NULL) {
    qsort(ctrl->ctrls_cb_resps->elts, ctrl->ctrls_cb_resps->nelts,
      sizeof(char *), resp_cmp);
  }
}

static int ctrls_handle_help(pr_ctrls_t *ctrl, int argc, char **argv) {
  (void) argv;
  if (argc != 0) {
    pr_ctrls_add_response(ctrl, "wrong number of parameters");
    return -1;
  }
  if (pr_get_registered_actions(ctrl, CTRLS_GET_DESC) < 0) {
    pr_ctrls_add_response(ctrl, "unable to get actions: %s", strerror(errno));
  } else {
    ctrls_sort_responses(ctrl);
  }
  return 0;
}

static int ctrls_handle_lsctrl(pr_ctrls_t *ctrl, int argc, char **argv) {
  (void) argv;
  if (!pr_ctrls_check_acl(ctrl, ctrls_core_acttab, "lsctrl")) {
    pr_ctrls_add_response(ctrl, "access denied");
    return -1;
  }
  if (argc != 0) {
    pr_ctrls_add_response(ctrl, "wrong number of parameters");
    return -1;
  }
  if (pr_get_registered_actions(ctrl, CTRLS_GET_ACTION_ENABLED) < 0) {
    pr_ctrls_add_response(ctrl, "unable to get actions: %s", strerror(errno));
  } else {
    ctrls_sort_responses(ctrl);
  }
  return 0;
}

static int ctrls_handle_insctrl(pr_ctrls_t *ctrl, int argc, char **argv) {
  module *m = ANY_MODULE;

  if (pr_ctrls_check_acl(ctrl, ctrls_core_acttab, "insctrl") != TRUE) {
    pr_ctrls_add_response(ctrl, "access denied");
    return -1;
  }
  if (argc < 1 || argc > 2) {
    pr_ctrls_add_response(ctrl, "wrong number of parameters");
    return -1;
  }
  if (argc == 2) {
    m = pr_module_get(argv[1]);
  }
  if (pr_set_registered_actions(m, argv[0], FALSE, 0) < 0) {
    if (errno == ENOENT) {
      pr_ctrls_add_response(ctrl, "no such control: '%s'", argv[0]);
    } else {
      pr_ctrls_add_response(ctrl, "unable to enable '%s': %s", argv[0],
        strerror(errno));
    }
  } else {
    pr_ctrls_add_response(ctrl, "'%s' control enabled", argv[0]);
  }
  return 0;
}

static int ctrls_handle_rmctrl(pr_ctrls_t *ctrl, int argc, char **argv) {
  module *m = ANY_MODULE;

  if (!pr_ctrls_check_acl(ctrl, ctrls_core_acttab, "rmctrl")) {
    pr_ctrls_add_response(ctrl, "access denied");
    return -1;
  }
  if (argc < 1 || argc > 2) {
    pr_ctrls_add_response(ctrl, "wrong number of parameters");
    return -1;
  }
  if (strcmp(argv[0], "insctrl") == 0 || strcmp(argv[0], "lsctrl") == 0 ||
      strcmp(argv[0], "rmctrl") == 0) {
    pr_ctrls_add_response(ctrl, "'%s' control cannot be removed", argv[0]);
    return -1;
  }
  if (argc == 2) {
    m = pr_module_get(argv[1]);
  }
  if (strcmp(argv[0], "all") == 0) {
    /* Keep the three that cannot be removed, so the socket stays useful. */
    struct ctrls_action *act;

    for (act = registry; act != NULL; act = act->next) {
      if (act->module == &ctrls_module && strcmp(act->action, "help") != 0) {
        continue;
      }
      if (m == ANY_MODULE || act->module == m) {
        act->flags |= PR_CTRLS_ACT_DISABLED;
      }
    }
    pr_ctrls_add_response(ctrl, "all controls disabled");
    return 0;
  }
  if (pr_set_registered_actions(m, argv[0], FALSE, PR_CTRLS_ACT_DISABLED) <
      0) {
    if (errno == ENOENT) {
      pr_ctrls_add_response(ctrl, "no such control: '%s'", argv[0]);
    } else {
      pr_ctrls_add_response(ctrl, "unable to disable '%s': %s", argv[0],
        strerror(errno));
    }
  } else {
    pr_ctrls_add_response(ctrl, "'%s' control disabled", argv[0]);
  }
  return 0;
}

/* mod_dso's insmod, lsmod, rmmod through the registry (dso_ctrls.c). */
static int ctrls_handle_dso(pr_ctrls_t *ctrl, int argc, char **argv) {
  struct host_ctrls_caller caller;
  struct host_ctrls_reply reply;
  char **words;
  unsigned int i;
  int res;

  caller.uid = ctrl->ctrls_cl->cl_uid;
  caller.gid = ctrl->ctrls_cl->cl_gid;
  caller.pid = ctrl->ctrls_cl->cl_pid;
  reply.pool = ctrl->ctrls_tmp_pool;
  reply.lines = make_array(reply.pool, 4, sizeof(char *));
  reply.status = 0;
  words = pcalloc(reply.pool, (argc + 2) * sizeof(char *));
  words[0] = (char *) ctrl->ctrls_action;
  for (i = 0; i < (unsigned int) argc; i++) {
    words[i + 1] = argv[i];
  }
  res = host_dso_ctrls_handle(argc + 1, words, &caller, &reply);
  for (i = 0; i < reply.lines->nelts; i++) {
    pr_ctrls_add_response(ctrl, "%s", ((char **) reply.lines->elts)[i]);
  }
  return res < 0 ? -1 : reply.status;
}

/* Called by mod_ctrls's init (once per process: restarts keep it). */
void host_ctrls_registry_init(void) {
  static int done = FALSE;
  extern module dso_module;
  unsigned int i;

  if (done) {
    return;
  }
  done = TRUE;
  for (i = 0; ctrls_core_acttab[i].act_action != NULL; i++) {
    ctrls_core_acttab[i].act_acl = &ctrls_core_acls[i];
    pr_ctrls_init_acl(ctrls_core_acttab[i].act_acl);
    pr_ctrls_register(&ctrls_module, ctrls_core_acttab[i].act_action,
      ctrls_core_acttab[i].act_desc, ctrls_core_acttab[i].act_cb);
  }
  pr_ctrls_register(&dso_module, "insmod", "load modules",
    ctrls_handle_dso);
  pr_ctrls_register(&dso_module, "lsmod", "list modules", ctrls_handle_dso);
  pr_ctrls_register(&dso_module, "rmmod", "unload modules",
    ctrls_handle_dso);
}

/* A restart reads the configuration again: the ACLs start from "deny". */
void host_ctrls_registry_restart(void) {
  unsigned int i;

  for (i = 0; ctrls_core_acttab[i].act_action != NULL; i++) {
    pr_ctrls_init_acl(ctrls_core_acttab[i].act_acl);
  }
  pr_ctrls_set_logfd(-1);
}

/* usage: ControlsACLs actions|all allow|deny user|group list */
modret_t *host_ctrls_set_acls(cmd_rec *cmd) {
  const char *bad = NULL;
  char **actions;

  CHECK_ARGS(cmd, 4);
  CHECK_CONF(cmd, CONF_ROOT);

  actions = pr_ctrls_parse_acl(cmd->tmp_pool, cmd->argv[1]);
  if (strcasecmp(cmd->argv[2], "allow") != 0 &&
      strcasecmp(cmd->argv[2], "deny") != 0) {
    CONF_ERROR(cmd, "second parameter must be 'allow' or 'deny'");
  }
  if (strcasecmp(cmd->argv[3], "user") != 0 &&
      strcasecmp(cmd->argv[3], "group") != 0) {
    CONF_ERROR(cmd, "third parameter must be 'user' or 'group'");
  }
  if (pr_ctrls_set_module_acls2(ctrls_core_acttab, registry_get_pool(),
      actions, cmd->argv[2], cmd->argv[3], cmd->argv[4], &bad) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown action: '", bad, "'",
      NULL));
  }
  return PR_HANDLED(cmd);
}

/* usage: ControlsLog path */
modret_t *host_ctrls_set_log(cmd_rec *cmd) {
  int fd;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  if (*((char *) cmd->argv[1]) != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "must be an absolute path (not '",
      (char *) cmd->argv[1], "')", NULL));
  }
  fd = open(cmd->argv[1], O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC|O_NOFOLLOW,
    0600);
  if (fd < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unable to open '",
      (char *) cmd->argv[1], "': ", strerror(errno), NULL));
  }
  pr_ctrls_set_logfd(fd);
  return PR_HANDLED(cmd);
}
