/*
 * prxs shim host: privileges (privs.h).
 *
 * The privilege macros behave as proftpd's when the host runs as root:
 * the real uid stays 0 so PRIVS_ROOT can regain root, the effective ids
 * are the session's; PRIVS_REVOKE drops root for good.  As non-root they
 * do nothing (there is nothing to switch to).
 */

#include "host.h"

uid_t daemon_uid = (uid_t) -1;
gid_t daemon_gid = (gid_t) -1;

static int privs_can_switch(void) {
  return !session.disable_id_switching && getuid() == 0;
}

/* ProFTPD logs each switch at DEBUG9 (as a root daemon); the shim as well,
 * with the same text: the message is also what leaves errno at ENOENT
 * after a PRIVS_* at that debug level (see api/log.c).
 */
static void privs_log(const char *what, const char *file, int lineno) {
  if (getuid() == 0) {
    pr_log_debug(DEBUG9, "%s at %s:%d", what, file, lineno);
  }
}

static int privs_set(uid_t uid, gid_t gid, const char *what,
    const char *file, int lineno) {
  if (seteuid(0) < 0) {
    pr_log_debug(DEBUG3, "%s: seteuid(0) failed at %s:%d: %s", what, file,
      lineno, strerror(errno));
    return -1;
  }
  if (setegid(gid) < 0 || seteuid(uid) < 0) {
    pr_log_pri(PR_LOG_ERR, "%s: switching to uid %lu, gid %lu failed at "
      "%s:%d: %s", what, (unsigned long) uid, (unsigned long) gid, file,
      lineno, strerror(errno));
    return -1;
  }
  return 0;
}

int pr_privs_setup(uid_t uid, gid_t gid, const char *file, int lineno) {
  privs_log("SETUP PRIVS", file, lineno);
  session.uid = uid;
  session.gid = gid;
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(uid, gid, "PRIVS_SETUP", file, lineno);
}

int pr_privs_root(const char *file, int lineno) {
  privs_log("ROOT PRIVS", file, lineno);
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(0, 0, "PRIVS_ROOT", file, lineno);
}

int pr_privs_user(const char *file, int lineno) {
  if (getuid() == 0) {
    pr_log_debug(DEBUG9, "USER PRIVS %lu at %s:%d",
      (unsigned long) session.login_uid, file, lineno);
  }
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(session.login_uid, session.login_gid, "PRIVS_USER", file,
    lineno);
}

int pr_privs_relinquish(const char *file, int lineno) {
  privs_log("RELINQUISH PRIVS", file, lineno);
  if (!privs_can_switch()) {
    return 0;
  }
  return privs_set(session.uid, session.gid, "PRIVS_RELINQUISH", file,
    lineno);
}

int pr_privs_revoke(const char *file, int lineno) {
  privs_log("REVOKE PRIVS", file, lineno);
  if (!privs_can_switch()) {
    return 0;
  }
  if (seteuid(0) < 0 || setgid(session.gid) < 0 ||
      setuid(session.uid) < 0) {
    pr_log_pri(PR_LOG_ERR, "PRIVS_REVOKE: dropping root for uid %lu failed "
      "at %s:%d: %s", (unsigned long) session.uid, file, lineno,
      strerror(errno));
    return -1;
  }
  session.disable_id_switching = TRUE;
  return 0;
}
