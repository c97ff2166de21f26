/*
 * prxs shim host: what ProFTPD's static mod_log does for every module in a
 * session, besides its own logs: it dispatches the pseudo-commands CONNECT
 * (class CL_CONNECT, once the modules' session init is done) and EXIT
 * (CL_DISCONNECT, on core.exit) through the LOG_CMD phase, responses
 * blocked.  Modules with a LOG_CMD handler for C_ANY see them (mod_redis and
 * mod_sql log them; jot's %{CONNECT}/%{DISCONNECT} and its CONNECT/EXIT
 * filters are about them).
 */

#include "host_data.h"

extern module log_module;

static void log_dispatch_pseudo(const char *name, int cls) {
  pool *tmp_pool;
  cmd_rec *cmd;
  int blocked;

  tmp_pool = make_sub_pool(session.pool);
  cmd = pr_cmd_alloc(tmp_pool, 1, pstrdup(tmp_pool, name));
  cmd->cmd_class |= cls;

  blocked = pr_response_blocked();
  if (blocked == FALSE) {
    (void) pr_response_block(TRUE);
  }
  (void) pr_cmd_dispatch_phase(cmd, LOG_CMD, PR_CMD_DISPATCH_FL_CLEAR_RESPONSE);
  pr_response_block(blocked);
  destroy_pool(tmp_pool);
}

static void log_exit_ev(const void *event_data, void *user_data) {
  log_dispatch_pseudo("EXIT", CL_DISCONNECT);
}

void host_log_sess_connect(void) {
  pr_event_register(&log_module, "core.exit", log_exit_ev, NULL);
  log_dispatch_pseudo("CONNECT", CL_CONNECT);
}
