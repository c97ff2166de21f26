/*
 * ProFTPD: mod_cap -- drop Linux capabilities in session processes
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation; either version 2 of the License, or
 * (at your option) any later version.
 *
 * After a successful login (POST_CMD of PASS), the session process keeps
 * only CAP_NET_BIND_SERVICE and the capabilities CapabilitiesSet names
 * (CAP_CHOWN by default; CAP_SETUID and CAP_SETGID too when mod_exec is
 * loaded with ExecEngine on, CAP_AUDIT_WRITE when mod_auth_pam is loaded),
 * switches to the logged-in user for good (unless CapabilitiesRootRevoke
 * is off, which keeps the real uid 0), and locks its securebits and
 * bounding set, so that neither the session nor any program it starts can
 * get the rest back.  The kept capabilities are permitted and effective.
 * The master process is never touched: every session drops on its own.
 * If a step fails, the failure is logged and the session goes on without
 * the drop, as in ProFTPD.
 *
 *   CapabilitiesEngine on|off			(default on)
 *   CapabilitiesRootRevoke on|off		(default on)
 *   CapabilitiesSet [+|-]CAP_NAME ...		(each directive applies in turn)
 *
 * It compiles unchanged against the prxs embedded SDK and against an
 * installed ProFTPD's headers, and brings its library with it:
 *
 * $Libraries: -lcap$
 */

#include "conf.h"
#include "privs.h"

#include <sys/prctl.h>
#include <sys/capability.h>
#include <linux/securebits.h>

#define MOD_CAP_VERSION			"mod_cap/0.1"

module cap_module;

/* The capabilities a session keeps, as a mask of (1 << CAP_xxx) bits. */
#define CAP_BIT(c)			(((uint64_t) 1) << (c))

/* Kept unless CapabilitiesSet says otherwise. */
#define CAP_DEFAULT_KEEP \
  (CAP_BIT(CAP_NET_BIND_SERVICE)|CAP_BIT(CAP_CHOWN))

/* Securebits set before the switch: no capabilities for root on execve,
 * no capability changes on uid changes, no ambient capabilities; all locked.
 */
#define CAP_SECBITS \
  (SECBIT_NOROOT|SECBIT_NOROOT_LOCKED| \
   SECBIT_NO_SETUID_FIXUP|SECBIT_NO_SETUID_FIXUP_LOCKED| \
   SECBIT_NO_CAP_AMBIENT_RAISE|SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

static const struct {
  const char *name;
  cap_value_t value;
} cap_names[] = {
  { "CAP_AUDIT_WRITE",		CAP_AUDIT_WRITE },
  { "CAP_CHOWN",		CAP_CHOWN },
  { "CAP_DAC_OVERRIDE",		CAP_DAC_OVERRIDE },
  { "CAP_DAC_READ_SEARCH",	CAP_DAC_READ_SEARCH },
  { "CAP_FOWNER",		CAP_FOWNER },
  { "CAP_FSETID",		CAP_FSETID },
  { "CAP_NET_BIND_SERVICE",	CAP_NET_BIND_SERVICE },
  { "CAP_SETGID",		CAP_SETGID },
  { "CAP_SETUID",		CAP_SETUID },
  { NULL, 0 }
};

static int cap_engine = TRUE;
static int cap_root_revoke = TRUE;
static uint64_t cap_keep = CAP_DEFAULT_KEEP;

/* Support routines
 */

static int cap_lookup(const char *name, cap_value_t *value) {
  register unsigned int i;

  for (i = 0; cap_names[i].name != NULL; i++) {
    if (strcasecmp(name, cap_names[i].name) == 0) {
      *value = cap_names[i].value;
      return 0;
    }
  }

  errno = ENOENT;
  return -1;
}

/* Log the session's capabilities as text ("cap_chown,...=ep"). */
static void cap_log_current(const char *when) {
  cap_t caps;
  char *text;

  caps = cap_get_proc();
  if (caps == NULL) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": cap_get_proc: %s",
      strerror(errno));
    return;
  }

  text = cap_to_text(caps, NULL);
  if (text != NULL) {
    pr_log_debug(DEBUG1, MOD_CAP_VERSION ": capabilities %s: '%s'", when,
      text);
    cap_free(text);
  }

  cap_free(caps);
}

/* Log a libcap call that failed for one capability, keeping errno. */
static void cap_log_failure(const char *what, cap_value_t c) {
  int xerrno = errno;
  char *name;

  name = cap_to_name(c);
  pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": %s(%s): %s", what,
    name != NULL ? name : "?", strerror(xerrno));
  if (name != NULL) {
    cap_free(name);
  }

  errno = xerrno;
}

/* A capability set holding the kept capabilities in the given flag sets. */
static cap_t cap_make_set(uint64_t keep, int with_effective) {
  cap_t caps;
  cap_value_t c;

  caps = cap_init();
  if (caps == NULL) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": cap_init: %s", strerror(errno));
    return NULL;
  }

  for (c = 0; c < 64; c++) {
    if (!(keep & CAP_BIT(c))) {
      continue;
    }

    if (cap_set_flag(caps, CAP_PERMITTED, 1, &c, CAP_SET) < 0 ||
        (with_effective &&
         cap_set_flag(caps, CAP_EFFECTIVE, 1, &c, CAP_SET) < 0)) {
      cap_log_failure("cap_set_flag", c);
      cap_free(caps);
      return NULL;
    }
  }

  return caps;
}

/* Drop every capability not kept from the bounding set, so that no program
 * the session starts can regain it (needs CAP_SETPCAP, i.e. euid 0).
 */
static int cap_drop_bounding_set(uint64_t keep) {
  cap_value_t c;

  for (c = 0; c < 64 && cap_get_bound(c) >= 0; c++) {
    if ((keep & CAP_BIT(c)) ||
        cap_get_bound(c) == 0) {
      continue;
    }

    if (cap_drop_bound(c) < 0) {
      cap_log_failure("cap_drop_bound", c);
      return -1;
    }
  }

  return 0;
}

static uint64_t cap_get_keep(void) {
  uint64_t keep = cap_keep;
  unsigned char *exec_engine;

  /* mod_exec hooks switch to other users: keep what that needs. */
  if (pr_module_exists("mod_exec.c") == TRUE) {
    exec_engine = get_param_ptr(main_server->conf, "ExecEngine", FALSE);
    if (exec_engine != NULL &&
        *exec_engine == TRUE) {
      pr_log_debug(DEBUG3, MOD_CAP_VERSION ": ExecEngine on: keeping "
        "CAP_SETUID and CAP_SETGID");
      keep |= CAP_BIT(CAP_SETUID)|CAP_BIT(CAP_SETGID);
    }
  }

  /* PAM writes audit records on behalf of the session. */
  if (pr_module_exists("mod_auth_pam.c") == TRUE) {
    keep |= CAP_BIT(CAP_AUDIT_WRITE);
  }

  return keep;
}

/* Undo what was done before a failed step, so that the session goes on
 * as if the drop had not been tried.
 */
static void cap_restore(uid_t ruid, uid_t euid, uid_t suid, gid_t rgid,
    gid_t egid, gid_t sgid, cap_t orig) {
  (void) prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);

  if (setresgid(rgid, egid, sgid) < 0 ||
      setresuid(ruid, euid, suid) < 0) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": restoring uid %lu/gid %lu: %s",
      (unsigned long) euid, (unsigned long) egid, strerror(errno));
  }

  if (orig != NULL &&
      cap_set_proc(orig) < 0) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": restoring capabilities: %s",
      strerror(errno));
  }
}

/* The drop, in the session process.  Returns 0 when done, -1 (logged,
 * state restored as far as possible) when a step failed.
 */
static int cap_drop(uint64_t keep) {
  uid_t ruid, euid, suid;
  gid_t rgid, egid, sgid;
  cap_t orig = NULL, caps = NULL;
  const char *step = NULL;
  int xerrno = 0, secbits, reduced = FALSE;

  if (getresuid(&ruid, &euid, &suid) < 0 ||
      getresgid(&rgid, &egid, &sgid) < 0) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": getresuid: %s", strerror(errno));
    return -1;
  }

  orig = cap_get_proc();
  if (orig == NULL) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": cap_get_proc: %s",
      strerror(errno));
    return -1;
  }

  pr_signals_block();

  /* The user as real uid, root as effective uid: root's capabilities are
   * needed to shrink the bounding set and to set the securebits.
   */
  if (setreuid(session.uid, PR_ROOT_UID) < 0) {
    step = "setreuid(user, 0)";
    goto failed;
  }

  if (cap_root_revoke &&
      setregid(session.gid, session.gid) < 0) {
    step = "setregid";
    goto failed;
  }

  caps = cap_make_set(keep, FALSE);
  if (caps == NULL) {
    step = "building the capability set";
    goto failed;
  }

  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
    step = "prctl(PR_SET_KEEPCAPS)";
    goto failed;
  }

  if (cap_drop_bounding_set(keep) < 0) {
    step = "dropping the bounding set";
    goto failed;
  }

  secbits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
  if (secbits < 0 ||
      prctl(PR_SET_SECUREBITS, (unsigned long) (secbits|CAP_SECBITS), 0, 0,
        0) < 0) {
    step = "prctl(PR_SET_SECUREBITS)";
    goto failed;
  }

  if (cap_set_proc(caps) < 0) {
    step = "cap_set_proc";
    goto failed;
  }

  /* From here on the permitted set is the kept set, for good. */
  reduced = TRUE;
  if (setreuid(cap_root_revoke ? session.uid : PR_ROOT_UID,
      session.uid) < 0) {
    step = cap_root_revoke ? "setreuid(user, user)" : "setreuid(0, user)";
    goto failed;
  }
  pr_signals_unblock();

  cap_free(caps);
  caps = cap_make_set(keep, TRUE);
  if (caps == NULL ||
      cap_set_proc(caps) < 0) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": setting the effective "
      "capabilities: %s", strerror(errno));
  }

  if (caps != NULL) {
    cap_free(caps);
  }
  cap_free(orig);

  /* That's it: no more uid/gid switching in this session. */
  session.disable_id_switching = TRUE;
  return 0;

failed:
  xerrno = errno;
  cap_restore(ruid, euid, suid, rgid, egid, sgid, orig);
  pr_signals_unblock();

  if (reduced == FALSE) {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": %s failed: %s; session goes on "
      "without dropping capabilities", step, strerror(xerrno));

  } else {
    pr_log_pri(PR_LOG_ERR, MOD_CAP_VERSION ": %s failed: %s; session goes on "
      "with its capabilities reduced but its ids unchanged", step,
      strerror(xerrno));
  }

  if (caps != NULL) {
    cap_free(caps);
  }
  cap_free(orig);

  errno = xerrno;
  return -1;
}

/* Configuration handlers
 */

/* usage: CapabilitiesEngine on|off */
MODRET set_capabilitiesengine(cmd_rec *cmd) {
  int engine;
  config_rec *c;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (cmd->argc != 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }

  engine = get_boolean(cmd, 1);
  if (engine == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(int));
  *((int *) c->argv[0]) = engine;

  return PR_HANDLED(cmd);
}

/* usage: CapabilitiesRootRevoke on|off */
MODRET set_capabilitiesrootrevoke(cmd_rec *cmd) {
  int revoke;
  config_rec *c;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (cmd->argc != 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }

  revoke = get_boolean(cmd, 1);
  if (revoke == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(int));
  *((int *) c->argv[0]) = revoke;

  return PR_HANDLED(cmd);
}

/* usage: CapabilitiesSet [+|-]CAP_NAME ... */
MODRET set_capabilitiesset(cmd_rec *cmd) {
  register unsigned int i;
  uint64_t add = 0, del = 0;
  config_rec *c;

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "need at least one parameter");
  }

  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  for (i = 1; i < cmd->argc; i++) {
    const char *arg = cmd->argv[i];
    cap_value_t value;

    if (*arg != '+' &&
        *arg != '-') {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "bad option: '", arg,
        "' (expected +CAP_NAME or -CAP_NAME)", NULL));
    }

    if (cap_lookup(arg + 1, &value) < 0) {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown capability: '",
        arg + 1, "'", NULL));
    }

    if (*arg == '+') {
      add |= CAP_BIT(value);
      del &= ~CAP_BIT(value);

    } else {
      del |= CAP_BIT(value);
      add &= ~CAP_BIT(value);
    }
  }

  c = add_config_param(cmd->argv[0], 2, NULL, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(uint64_t));
  *((uint64_t *) c->argv[0]) = add;
  c->argv[1] = pcalloc(c->pool, sizeof(uint64_t));
  *((uint64_t *) c->argv[1]) = del;

  return PR_HANDLED(cmd);
}

/* Command handlers
 */

/* POST_CMD of PASS runs only after a successful login: drop everything
 * but the kept capabilities, in this session process only.
 */
MODRET cap_post_pass(cmd_rec *cmd) {
  uint64_t keep;

  if (cap_engine == FALSE) {
    return PR_DECLINED(cmd);
  }

  keep = cap_get_keep();
  if (cap_drop(keep) == 0) {
    cap_log_current("after login");
  }

  return PR_DECLINED(cmd);
}

/* Event handlers
 */

#if defined(PR_SHARED_MODULE)
static void cap_mod_unload_ev(const void *event_data, void *user_data) {
  if (strcmp("mod_cap.c", (const char *) event_data) == 0) {
    pr_event_unregister(&cap_module, NULL, NULL);
  }
}
#endif /* PR_SHARED_MODULE */

/* Initialization routines
 */

static int cap_module_init(void) {
  cap_t caps;

  /* A kernel without capabilities: the module stays, doing nothing. */
  caps = cap_get_proc();
  if (caps == NULL &&
      errno == ENOSYS) {
    pr_log_debug(DEBUG2, MOD_CAP_VERSION ": kernel does not support "
      "capabilities, disabling module");
    cap_engine = FALSE;
  }

  if (caps != NULL) {
    cap_free(caps);
  }

#if defined(PR_SHARED_MODULE)
  pr_event_register(&cap_module, "core.module-unload", cap_mod_unload_ev,
    NULL);
#endif /* PR_SHARED_MODULE */

  return 0;
}

static int cap_sess_init(void) {
  config_rec *c;
  int *flag;

  flag = get_param_ptr(main_server->conf, "CapabilitiesEngine", FALSE);
  if (flag != NULL &&
      *flag == FALSE) {
    pr_log_debug(DEBUG3, MOD_CAP_VERSION ": lowering of capabilities "
      "disabled");
    cap_engine = FALSE;
    return 0;
  }

  flag = get_param_ptr(main_server->conf, "CapabilitiesRootRevoke", FALSE);
  if (flag != NULL) {
    cap_root_revoke = *flag;
  }

  cap_keep = CAP_DEFAULT_KEEP;
  for (c = find_config(main_server->conf, CONF_PARAM, "CapabilitiesSet",
         FALSE);
       c != NULL;
       c = find_config_next(c, c->next, CONF_PARAM, "CapabilitiesSet",
         FALSE)) {
    cap_keep |= *((uint64_t *) c->argv[0]);
    cap_keep &= ~*((uint64_t *) c->argv[1]);
  }

  return 0;
}

/* Module API tables
 */

static conftable cap_conftab[] = {
  { "CapabilitiesEngine",	set_capabilitiesengine,		NULL },
  { "CapabilitiesRootRevoke",	set_capabilitiesrootrevoke,	NULL },
  { "CapabilitiesSet",		set_capabilitiesset,		NULL },
  { NULL }
};

static cmdtable cap_cmdtab[] = {
  { POST_CMD,	C_PASS,	G_NONE,	cap_post_pass,	TRUE,	FALSE,	CL_AUTH },
  { 0, NULL }
};

module cap_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "cap",

  /* Module configuration handler table */
  cap_conftab,

  /* Module command handler table */
  cap_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  cap_module_init,

  /* Session initialization */
  cap_sess_init,

  /* Module version */
  MOD_CAP_VERSION
};
