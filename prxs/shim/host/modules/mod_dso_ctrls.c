/*
 * prxs shim host: mod_dso's control actions, with proftpd's replies.
 *
 *   insmod mod_a.c [mod_b.c ...]   load, stopping at the first error
 *   lsmod                          "Loaded Modules:" then one a line, in
 *                                  load order (static modules first)
 *   rmmod mod_a.c [mod_b.c ...]    unload each (core.module-unload fires,
 *                                  directives, handlers and events go, then
 *                                  dlclose); mod_dso.c is refused; a static
 *                                  module leaves the core's list only
 *
 * Each is guarded by ModuleControlsACLs (deny everyone by default).  The
 * sessions already running are forked copies of the master and keep the
 * modules they started with; the next session sees the change.
 */

#include "host_ctrls.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

/* How long a module's init() may take in insmod's trial load. */
#define DSO_CTRLS_TRIAL_MS	5000

/* Load the module first in a forked child of the master (a trial), so that
 * an init() that hangs or crashes costs the child, never the master: the
 * master keeps serving sessions and control requests.  Returns 0 when the
 * trial loaded it (or failed in the ordinary way, which the real load then
 * reports), -1 with *err set when the trial hung or died.
 */
static int dso_ctrls_trial(pool *p, const char *name, char **err) {
  struct timespec pause_ts = { 0, 10 * 1000 * 1000 };
  int status, waited_ms = 0;
  pid_t pid, res;

  pid = fork();
  if (pid < 0) {
    *err = psprintf(p, "unable to fork a trial load: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    char *msg = NULL;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    host_crash_role = "insmod trial";
    _exit(host_dso_load(p, name, &msg) < 0 ? 1 : 0);
  }

  while ((res = waitpid(pid, &status, WNOHANG)) == 0 &&
      waited_ms < DSO_CTRLS_TRIAL_MS) {
    nanosleep(&pause_ts, NULL);
    waited_ms += 10;
  }
  if (res == 0) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR);
    pr_log_pri(PR_LOG_WARNING, MOD_DSO_VERSION ": insmod %s: the module's "
      "init() did not return within %d ms in a trial load; not loaded",
      name, DSO_CTRLS_TRIAL_MS);
    *err = psprintf(p, "its init() did not return within %d s (not loaded; "
      "the server is unaffected)", DSO_CTRLS_TRIAL_MS / 1000);
    return -1;
  }
  if (res > 0 && WIFSIGNALED(status)) {
    pr_log_pri(PR_LOG_WARNING, MOD_DSO_VERSION ": insmod %s: the trial load "
      "died from signal %d (%s); not loaded", name, WTERMSIG(status),
      strsignal(WTERMSIG(status)));
    *err = psprintf(p, "loading it killed a trial process (signal %d, %s; "
      "not loaded, the server is unaffected)", WTERMSIG(status),
      strsignal(WTERMSIG(status)));
    return -1;
  }
  if (res > 0 && WIFEXITED(status) && WEXITSTATUS(status) > 1) {
    pr_log_pri(PR_LOG_WARNING, MOD_DSO_VERSION ": insmod %s: the trial load "
      "exited with status %d; not loaded", name, WEXITSTATUS(status));
    *err = psprintf(p, "loading it made a trial process exit with status %d "
      "(not loaded, the server is unaffected)", WEXITSTATUS(status));
    return -1;
  }
  return 0;
}

static const char *const dso_ctrls_actions[] = {
  "insmod", "lsmod", "rmmod", NULL
};

static void dso_ctrls_insmod(int argc, char **argv,
    const struct host_ctrls_caller *caller, struct host_ctrls_reply *reply) {
  int i;

  if (argc < 2) {
    host_ctrls_reply_add(reply, "insmod: missing required parameters");
    reply->status = -1;
    return;
  }
  for (i = 1; i < argc; i++) {
    const char *name = argv[i];
    char *err = NULL;

    if (strncmp(name, "mod_", 4) != 0) {
      host_ctrls_reply_add(reply, "error loading '%s': Bad module name", name);
    } else if (pr_module_exists(name)) {
      host_ctrls_reply_add(reply, "error loading '%s': Already loaded", name);
    } else if (dso_ctrls_trial(reply->pool, name, &err) < 0 ||
        host_dso_load(reply->pool, name, &err) < 0) {
      host_ctrls_reply_add(reply, "error loading '%s': %s", name, err);
    } else {
      pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": module '%s' loaded by "
        "insmod (uid %lu, pid %ld)", name, (unsigned long) caller->uid,
        (long) caller->pid);
      host_ctrls_reply_add(reply, "'%s' loaded", name);
      continue;
    }
    reply->status = -1;
    break;
  }
}

static void dso_ctrls_lsmod(struct host_ctrls_reply *reply) {
  module *m, *tail = NULL;

  host_ctrls_reply_add(reply, "Loaded Modules:");
  for (m = loaded_modules; m != NULL; m = m->next) {
    tail = m;
  }
  for (m = tail; m != NULL; m = m->prev) {
    host_ctrls_reply_add(reply, "  mod_%s.c", m->name);
  }
}

static void dso_ctrls_rmmod(int argc, char **argv,
    const struct host_ctrls_caller *caller, struct host_ctrls_reply *reply) {
  int i;

  if (argc < 2) {
    host_ctrls_reply_add(reply, "rmmod: missing required parameters");
    reply->status = -1;
    return;
  }
  for (i = 1; i < argc; i++) {
    const char *name = argv[i];
    char *err = NULL;

    if (host_dso_unload(name, &err) < 0) {
      host_ctrls_reply_add(reply, "error unloading '%s': %s", name, err);
      reply->status = -1;
      continue;
    }
    pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": module '%s' unloaded by "
      "rmmod (uid %lu, pid %ld)", name, (unsigned long) caller->uid,
      (long) caller->pid);
    host_ctrls_reply_add(reply, "'%s' unloaded", name);
  }
}

int host_dso_ctrls_handle(int argc, char **argv,
    const struct host_ctrls_caller *caller, struct host_ctrls_reply *reply) {
  unsigned int i;

  for (i = 0; dso_ctrls_actions[i] != NULL; i++) {
    if (strcmp(argv[0], dso_ctrls_actions[i]) == 0) {
      break;
    }
  }
  if (dso_ctrls_actions[i] == NULL) {
    return -1;
  }

  if (!host_ctrls_acl_allows(main_server ? main_server->conf : NULL,
      "ModuleControlsACLs", 1U << i, caller)) {
    pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": %s denied to uid %lu, "
      "gid %lu (pid %ld) by ModuleControlsACLs", argv[0],
      (unsigned long) caller->uid, (unsigned long) caller->gid,
      (long) caller->pid);
    host_ctrls_reply_add(reply, "access denied: uid %lu, gid %lu may not "
      "use '%s' (see ModuleControlsACLs)", (unsigned long) caller->uid,
      (unsigned long) caller->gid, argv[0]);
    reply->status = -1;
    return 0;
  }

  switch (1U << i) {
    case CTRLS_ACT_INSMOD:
      dso_ctrls_insmod(argc, argv, caller, reply);
      break;
    case CTRLS_ACT_LSMOD:
      dso_ctrls_lsmod(reply);
      break;
    default:
      dso_ctrls_rmmod(argc, argv, caller, reply);
      break;
  }
  return 0;
}

/* A restart starts again from the compiled-in modules, as a new process
 * would: put back, in their place, the static modules rmmod took out of the
 * core (their code never left).  Their directives may be in the
 * configuration about to be read again.
 */
void host_dso_restore_static(void) {
  unsigned int i;

  for (i = 0; host_static_modules[i] != NULL; i++) {
    module *m = host_static_modules[i], *below = NULL, *tail = NULL;
    char name[256];
    int j;

    snprintf(name, sizeof(name), "mod_%s.c", m->name);
    if (pr_module_get(name) == m) {
      continue;
    }
    /* The list runs from the last loaded to the first: m goes just before
     * the nearest static module loaded before it, or at the very end.
     */
    for (j = (int) i - 1; j >= 0 && below == NULL; j--) {
      snprintf(name, sizeof(name), "mod_%s.c", host_static_modules[j]->name);
      if (pr_module_get(name) == host_static_modules[j]) {
        below = host_static_modules[j];
      }
    }
    if (below != NULL) {
      m->next = below;
      m->prev = below->prev;
      if (below->prev != NULL) {
        below->prev->next = m;
      } else {
        loaded_modules = m;
      }
      below->prev = m;
      m->priority = below->priority;
    } else {
      for (tail = loaded_modules; tail && tail->next; tail = tail->next);
      m->next = NULL;
      m->prev = tail;
      if (tail != NULL) {
        tail->next = m;
      } else {
        loaded_modules = m;
      }
      m->priority = 0;
    }
    pr_log_debug(DEBUG2, MOD_DSO_VERSION ": restart: static module 'mod_%s.c' "
      "is back in the core", m->name);
  }
}

/* usage: ModuleControlsACLs actions|all allow|deny user|group list
 * (called by mod_dso's handler in dso.c)
 */
modret_t *host_dso_set_ctrls_acls(cmd_rec *cmd) {
  struct host_ctrls_acl *acl = NULL;
  config_rec *c;
  char *err;

  CHECK_ARGS(cmd, 4);
  CHECK_CONF(cmd, CONF_ROOT);
  if (cmd->argc != 5) {
    CONF_ERROR(cmd, "expected: actions|all allow|deny user|group list");
  }

  c = add_config_param("ModuleControlsACLs", 1, NULL);
  err = host_ctrls_acl_parse(c->pool, cmd->argv[1], dso_ctrls_actions,
    cmd->argv[2], cmd->argv[3], cmd->argv[4], &acl);
  if (err != NULL) {
    CONF_ERROR(cmd, err);
  }
  c->argv[0] = acl;
  return PR_HANDLED(cmd);
}
