/*
 * mod_ctltest: a test module for the Controls registry, the scoreboard,
 * child tracking, address bindings and tpl, as ProFTPD's own modules use
 * them.  Its actions answer through ftpdctl / prxs ctl; its ACLs are set by
 * CtlTestACLs, as mod_ban's BanControlsACLs.
 */

#include "conf.h"
#include "privs.h"
#include "mod_ctrls.h"
#include "hanson-tpl.h"

#define MOD_CTLTEST_VERSION "mod_ctltest/0.1"

module ctltest_module;
static pool *ctltest_pool = NULL;
static ctrls_acttab_t ctltest_acttab[];

static int denied(pr_ctrls_t *ctrl, const char *action) {
  if (!pr_ctrls_check_acl(ctrl, ctltest_acttab, action)) {
    pr_ctrls_add_response(ctrl, "access denied");
    return TRUE;
  }
  return FALSE;
}

static int handle_echo(pr_ctrls_t *ctrl, int argc, char **argv) {
  int i;

  if (denied(ctrl, "ctecho")) {
    return -1;
  }
  pr_ctrls_add_response(ctrl, "echo: %d argument(s) from %s", argc,
    ctrl->ctrls_cl->cl_user);
  for (i = 0; i < argc; i++) {
    pr_ctrls_add_response(ctrl, "echo: %s", argv[i]);
  }
  pr_ctrls_log(MOD_CTLTEST_VERSION, "echo ran with %d argument(s)", argc);
  return 0;
}

static int handle_who(pr_ctrls_t *ctrl, int argc, char **argv) {
  pr_scoreboard_entry_t *sce;
  int n = 0;

  (void) argc;
  (void) argv;
  if (denied(ctrl, "ctwho")) {
    return -1;
  }
  if (pr_rewind_scoreboard() < 0) {
    pr_ctrls_add_response(ctrl, "error rewinding scoreboard: %s",
      strerror(errno));
    return -1;
  }
  while ((sce = pr_scoreboard_entry_read()) != NULL) {
    if (strcmp(sce->sce_user, "alice") != 0) {
      continue;
    }
    pr_ctrls_add_response(ctrl, "who: %s [%s] cmd '%s' arg '%s' pid %s",
      sce->sce_user, sce->sce_client_addr, sce->sce_cmd, sce->sce_cmd_arg,
      sce->sce_pid > 0 ? "set" : "unset");
    n++;
  }
  pr_ctrls_add_response(ctrl, "who: %d session(s); restore %d", n,
    pr_restore_scoreboard());
  return 0;
}

static int handle_kick(pr_ctrls_t *ctrl, int argc, char **argv) {
  pr_scoreboard_entry_t *sce;
  int kicked = 0, optc, max = -1;

  if (denied(ctrl, "ctkick")) {
    return -1;
  }
  pr_getopt_reset();
  while ((optc = getopt(argc, argv, "n:")) != -1) {
    switch (optc) {
      case 'n':
        max = atoi(optarg);
        break;
      case '?':
        pr_ctrls_add_response(ctrl, "unsupported option: '%c'", (char) optopt);
        return -1;
    }
  }
  if (optind == argc) {
    pr_ctrls_add_response(ctrl, "kick: missing user name");
    return -1;
  }
  pr_rewind_scoreboard();
  while ((sce = pr_scoreboard_entry_read()) != NULL) {
    if (max > 0 && kicked >= max) {
      break;
    }
    if (strcmp(sce->sce_user, argv[optind]) == 0) {
      int res;

      PRIVS_ROOT
      res = pr_scoreboard_entry_kill(sce, SIGTERM);
      PRIVS_RELINQUISH
      if (res == 0) {
        kicked++;
      }
    }
  }
  pr_restore_scoreboard();
  pr_ctrls_add_response(ctrl, kicked ? "kicked user '%s' (%d)" :
    "user '%s' not connected (%d)", argv[optind], kicked);
  return 0;
}

static int handle_children(pr_ctrls_t *ctrl, int argc, char **argv) {
  (void) argc;
  (void) argv;
  if (denied(ctrl, "ctchildren")) {
    return -1;
  }
  child_update();
  pr_ctrls_add_response(ctrl, "children: %lu", child_count());
  return 0;
}

static int handle_bind(pr_ctrls_t *ctrl, int argc, char **argv) {
  const pr_netaddr_t *addr = main_server->addr;
  unsigned int port = main_server->ServerPort;
  pr_ipbind_t *ib;
  int res, n = 0;

  (void) argc;
  (void) argv;
  if (denied(ctrl, "ctbind")) {
    return -1;
  }
  for (ib = pr_ipbind_get(NULL); ib != NULL; ib = pr_ipbind_get(ib)) {
    if (ib->ib_server == main_server) {
      n++;
    }
  }
  pr_ctrls_add_response(ctrl, "bind: main server has %d binding(s)", n);
  ib = pr_ipbind_find(addr, port, TRUE);
  pr_ctrls_add_response(ctrl, "bind: find %s, active %d",
    ib ? "ok" : strerror(errno), ib ? ib->ib_isactive : -1);
  ib = pr_ipbind_find(addr, port + 1, FALSE);
  pr_ctrls_add_response(ctrl, "bind: other port %s",
    ib ? "found" : (errno == ENOENT ? "ENOENT" : strerror(errno)));
  res = pr_ipbind_close(addr, port, FALSE);
  pr_ctrls_add_response(ctrl, "bind: close %d", res);
  res = pr_ipbind_close(addr, port, FALSE);
  pr_ctrls_add_response(ctrl, "bind: close again %d %s", res,
    res < 0 && errno == EPERM ? "EPERM" : "");
  ib = pr_ipbind_find(addr, port, TRUE);
  pr_ctrls_add_response(ctrl, "bind: find active after close: %s",
    ib ? "found" : "none");
  ib = pr_ipbind_find(addr, port, FALSE);
  pr_ctrls_add_response(ctrl, "bind: find any after close: %s, active %d",
    ib ? "found" : "none", ib ? ib->ib_isactive : -1);
  return 0;
}

static int handle_flush(pr_ctrls_t *ctrl, int argc, char **argv) {
  (void) argc;
  (void) argv;
  if (denied(ctrl, "ctflush")) {
    return -1;
  }
  pr_ctrls_add_response(ctrl, "flushed early");
  ctrl->ctrls_cb_retval = 0;
  if (pr_ctrls_flush_response(ctrl) < 0) {
    pr_ctrls_add_response(ctrl, "flush failed: %s", strerror(errno));
  }
  return 0;
}

struct rec {
  int version;
  uint32_t ts;
  char *addr;
  unsigned int port;
  int type;
  char *name, *reason, *msg;
  uint32_t expires;
  int sid;
};

static int handle_tpl(pr_ctrls_t *ctrl, int argc, char **argv) {
  struct rec in, out;
  tpl_node *tn;
  void *img = NULL, *key = NULL;
  size_t sz = 0, keysz = 0;
  unsigned int type = 7;
  const char *kname = argc > 0 ? argv[0] : "bob";
  size_t i;
  char hex[256];

  if (denied(ctrl, "cttpl")) {
    return -1;
  }
  memset(&in, 0, sizeof(in));
  in.version = 3;
  in.ts = 1700000000;
  in.addr = "127.0.0.1";
  in.port = 2121;
  in.type = 2;
  in.name = (char *) kname;
  in.reason = NULL;
  in.msg = "go away";
  in.expires = 42;
  in.sid = 5;
  tn = tpl_map("S(iusiisssui)", &in);
  if (tn == NULL || tpl_pack(tn, 0) < 0 || tpl_dump(tn, TPL_MEM, &img,
      &sz) < 0) {
    pr_ctrls_add_response(ctrl, "tpl: encode failed");
    return -1;
  }
  tpl_free(tn);
  pr_ctrls_add_response(ctrl, "tpl: image %lu bytes, format '%s'",
    (unsigned long) sz, (char *) img + 8);

  memset(&out, 0, sizeof(out));
  tn = tpl_map("S(iusiisssui)", &out);
  if (tpl_load(tn, TPL_MEM, img, sz) < 0 || tpl_unpack(tn, 0) < 0) {
    pr_ctrls_add_response(ctrl, "tpl: decode failed");
    return -1;
  }
  tpl_free(tn);
  pr_ctrls_add_response(ctrl, "tpl: %d %u %s %u %d %s %s %s %u %d",
    out.version, out.ts, out.addr, out.port, out.type, out.name,
    out.reason ? out.reason : "(null)", out.msg, out.expires, out.sid);
  free(out.addr);
  free(out.name);
  free(out.reason);
  free(out.msg);

  /* A truncated image is refused. */
  tn = tpl_map("S(iusiisssui)", &out);
  pr_ctrls_add_response(ctrl, "tpl: truncated load %d",
    tpl_load(tn, TPL_MEM, img, sz - 3));
  tpl_free(tn);
  free(img);

  if (tpl_jot(TPL_MEM, &key, &keysz, "vs", &type, &kname) < 0) {
    pr_ctrls_add_response(ctrl, "tpl: jot failed");
    return -1;
  }
  for (i = 0; i < keysz && i * 2 + 2 < sizeof(hex); i++) {
    snprintf(hex + i * 2, 3, "%02x", ((unsigned char *) key)[i]);
  }
  pr_ctrls_add_response(ctrl, "tpl: key %s", hex);
  free(key);
  return 0;
}

/* SITE CTSELF: this session's own entry, while the command runs; SITE
 * CTWHO: the sessions of alice, read from a session.
 */
MODRET ctltest_site(cmd_rec *cmd) {
  if (cmd->argc < 2) {
    return PR_DECLINED(cmd);
  }
  if (strcasecmp(cmd->argv[1], "CTSELF") == 0) {
    const char *c = pr_scoreboard_entry_get(PR_SCORE_CMD);
    const char *a = pr_scoreboard_entry_get(PR_SCORE_CMD_ARG);
    const char *u = pr_scoreboard_entry_get(PR_SCORE_USER);

    pr_response_add(R_200, "self: user '%s' cmd '%s' arg '%s'",
      u ? u : "?", c ? c : "?", a ? a : "?");
    return PR_HANDLED(cmd);
  }
  if (strcasecmp(cmd->argv[1], "CTWHO") == 0) {
    pr_scoreboard_entry_t *sce;
    int n = 0;

    if (pr_rewind_scoreboard() < 0) {
      pr_response_add_err(R_500, "rewind: %s", strerror(errno));
      return PR_ERROR(cmd);
    }
    while ((sce = pr_scoreboard_entry_read()) != NULL) {
      if (strcmp(sce->sce_user, "alice") == 0) {
        n++;
      }
    }
    pr_restore_scoreboard();
    pr_response_add(R_200, "sessions of alice: %d", n);
    return PR_HANDLED(cmd);
  }
  return PR_DECLINED(cmd);
}

/* usage: CtlTestACLs actions|all allow|deny user|group list */
MODRET set_ctltestacls(cmd_rec *cmd) {
  char *bad, **actions;

  CHECK_ARGS(cmd, 4);
  CHECK_CONF(cmd, CONF_ROOT);

  actions = pr_ctrls_parse_acl(cmd->tmp_pool, cmd->argv[1]);
  bad = pr_ctrls_set_module_acls(ctltest_acttab, ctltest_pool, actions,
    cmd->argv[2], cmd->argv[3], cmd->argv[4]);
  if (bad != NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown action: '", bad, "'",
      NULL));
  }
  return PR_HANDLED(cmd);
}

/* usage: CtlTestEngine actions -- removes the named actions */
MODRET set_ctltestengine(cmd_rec *cmd) {
  const char *bad = NULL;
  char **actions;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  actions = pr_ctrls_parse_acl(cmd->tmp_pool, cmd->argv[1]);
  if (pr_ctrls_unregister_module_actions2(ctltest_acttab, actions,
      &ctltest_module, &bad) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown action: '", bad, "'",
      NULL));
  }
  return PR_HANDLED(cmd);
}

static void ctltest_unload_ev(const void *event_data, void *user_data) {
  unsigned int i;

  (void) user_data;
  if (strcmp((const char *) event_data, "mod_ctltest.c") != 0) {
    return;
  }
  for (i = 0; ctltest_acttab[i].act_action; i++) {
    pr_ctrls_unregister(&ctltest_module, ctltest_acttab[i].act_action);
  }
  pr_event_unregister(&ctltest_module, NULL, NULL);
}

/* As mod_ctrls_admin: the daemon needs its own descriptor on the
 * scoreboard to read it.
 */
static void ctltest_startup_ev(const void *event_data, void *user_data) {
  int res;

  (void) event_data;
  (void) user_data;
  PRIVS_ROOT
  res = pr_open_scoreboard(O_RDWR);
  PRIVS_RELINQUISH
  if (res < 0) {
    pr_log_debug(DEBUG0, MOD_CTLTEST_VERSION ": error opening scoreboard: %s",
      strerror(errno));
  }
}

static int ctltest_init(void) {
  unsigned int i;

  ctltest_pool = make_sub_pool(permanent_pool);
  for (i = 0; ctltest_acttab[i].act_action; i++) {
    ctltest_acttab[i].act_acl = pcalloc(ctltest_pool, sizeof(ctrls_acl_t));
    pr_ctrls_init_acl(ctltest_acttab[i].act_acl);
    ctltest_acttab[i].act_acl->acl_pool = make_sub_pool(ctltest_pool);
    if (pr_ctrls_register(&ctltest_module, ctltest_acttab[i].act_action,
        ctltest_acttab[i].act_desc, ctltest_acttab[i].act_cb) < 0) {
      pr_log_pri(PR_LOG_NOTICE, MOD_CTLTEST_VERSION ": error registering "
        "'%s': %s", ctltest_acttab[i].act_action, strerror(errno));
    }
  }
  pr_event_register(&ctltest_module, "core.module-unload", ctltest_unload_ev,
    NULL);
  if (getenv("CTLTEST_NO_STARTUP") == NULL) {
    pr_event_register(&ctltest_module, "core.startup", ctltest_startup_ev,
      NULL);
  }
  return 0;
}

static ctrls_acttab_t ctltest_acttab[] = {
  { "ctbind", "address bindings", NULL, handle_bind },
  { "ctchildren", "count sessions", NULL, handle_children },
  { "ctecho", "echo the arguments", NULL, handle_echo },
  { "ctflush", "flush a response early", NULL, handle_flush },
  { "ctkick", "kick a user", NULL, handle_kick },
  { "cttpl", "tpl round trip", NULL, handle_tpl },
  { "ctwho", "list sessions", NULL, handle_who },
  { NULL, NULL, NULL, NULL }
};

static conftable ctltest_conftab[] = {
  { "CtlTestACLs", set_ctltestacls, NULL },
  { "CtlTestEngine", set_ctltestengine, NULL },
  { NULL }
};

static cmdtable ctltest_cmdtab[] = {
  { CMD, C_SITE, G_NONE, ctltest_site, TRUE, FALSE, CL_MISC },
  { 0, NULL }
};

module ctltest_module = {
  NULL, NULL,
  0x20,
  "ctltest",
  ctltest_conftab,
  ctltest_cmdtab,
  NULL,
  ctltest_init,
  NULL,
  MOD_CTLTEST_VERSION
};
