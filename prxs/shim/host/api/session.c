/*
 * prxs shim host: the session's protocol (session.h).
 */

#include "host.h"

/* The session's protocol as noted in session.notes ("protocol"), "ftp" when
 * none is noted (the shim serves FTP only).  With PR_SESS_PROTO_FL_LOGOUT,
 * the family: "FTP" (ftp, ftps), "SSH2" (ssh2, sftp, scp, publickey),
 * otherwise "unknown".
 */
const char *pr_session_get_protocol(int flags) {
  const char *proto = NULL;

  if (session.notes != NULL) {
    proto = pr_table_get(session.notes, "protocol", NULL);
  }
  if (proto == NULL) {
    proto = "ftp";
  }
  if (!(flags & PR_SESS_PROTO_FL_LOGOUT)) {
    return proto;
  }
  if (strcmp(proto, "ftp") == 0 || strcmp(proto, "ftps") == 0) {
    return "FTP";
  }
  if (strcmp(proto, "ssh2") == 0 || strcmp(proto, "sftp") == 0 ||
      strcmp(proto, "scp") == 0 || strcmp(proto, "publickey") == 0) {
    return "SSH2";
  }
  return "unknown";
}
