/*
 * prxs shim host: LogFormat text (jot.h, logfmt.h), as ProFTPD 1.3.8 parses
 * and resolves it for mod_sql, mod_redis and others.
 *
 * Parsing turns "%u %{env:HOME} %f" into a buffer of plain bytes and
 * variables: LOGFMT_META_START, the id, and for the variables that carry
 * text (CUSTOM, ENV_VAR, NOTE_VAR, TIME) LOGFMT_META_START LOGFMT_META_ARG
 * <text> LOGFMT_META_ARG_END.  Resolving walks such a buffer for a command
 * and hands each variable's value (a string, or a double, or an int for the
 * booleans) to the caller's callbacks; filters decide which commands are
 * resolved at all (by class or by command name).  The values come from the
 * same places as ProFTPD's: the session, the command's notes, the last
 * response, the environment.  Its quirks are kept: the key hint for %t with
 * a format is the format, a NOTE variable's hint is "NOTE:" + the note's
 * value, and the check of a callback's result happens before the next
 * character (so a failure on the last one is not reported).
 */

#include "host_data.h"
#include "json.h"
#include "jot.h"

struct jot_filters_rec {
  pool *pool;
  int included_classes;
  int excluded_classes;
  array_header *cmd_ids;
};

struct logfmt_json_info {
  unsigned int json_type;
  const char *json_key;
};

static const char *trace_channel = "jot";
static off_t jot_deleted_filesz = 0;

/* Other areas of the API the host may or may not have linked in yet. */
#pragma weak pr_session_get_disconnect_reason
#pragma weak pr_str_text_to_array

/* The LogFormat ids: name, JSON key and JSON type (0: not in the map). */
static const struct {
  unsigned char id;
  const char *name;
  const char *json_key;
  unsigned int json_type;
} logfmt_ids[] = {
  { LOGFMT_META_BYTES_SENT, "BYTE_SENT", PR_JOT_LOGFMT_BYTES_SENT_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_FILENAME, "FILENAME", PR_JOT_LOGFMT_FILENAME_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_ENV_VAR, "ENV_VAR", PR_JOT_LOGFMT_ENV_VAR_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_REMOTE_HOST, "REMOTE_HOST", PR_JOT_LOGFMT_REMOTE_HOST_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_REMOTE_IP, "REMOTE_IP", PR_JOT_LOGFMT_REMOTE_IP_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_IDENT_USER, "IDENT_USER", PR_JOT_LOGFMT_IDENT_USER_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_PID, "PID", PR_JOT_LOGFMT_PID_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_TIME, "TIME", PR_JOT_LOGFMT_TIME_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_SECONDS, "SECONDS", PR_JOT_LOGFMT_SECONDS_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_COMMAND, "COMMAND", PR_JOT_LOGFMT_COMMAND_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_LOCAL_NAME, "LOCAL_NAME", PR_JOT_LOGFMT_LOCAL_NAME_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_LOCAL_PORT, "LOCAL_PORT", PR_JOT_LOGFMT_LOCAL_PORT_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_LOCAL_IP, "LOCAL_IP", PR_JOT_LOGFMT_LOCAL_IP_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_LOCAL_FQDN, "LOCAL_FQDN", PR_JOT_LOGFMT_LOCAL_FQDN_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_USER, "USER", PR_JOT_LOGFMT_USER_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_ORIGINAL_USER, "ORIGINAL_USER", PR_JOT_LOGFMT_ORIG_USER_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_RESPONSE_CODE, "RESPONSE_CODE", PR_JOT_LOGFMT_RESPONSE_CODE_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_CLASS, "CLASS", PR_JOT_LOGFMT_CLASS_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_ANON_PASS, "ANON_PASS", PR_JOT_LOGFMT_ANON_PASSWD_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_METHOD, "METHOD", PR_JOT_LOGFMT_METHOD_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_XFER_PATH, "XFER_PATH", PR_JOT_LOGFMT_XFER_PATH_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_DIR_NAME, "DIR_NAME", PR_JOT_LOGFMT_DIR_NAME_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_DIR_PATH, "DIR_PATH", PR_JOT_LOGFMT_DIR_PATH_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_CMD_PARAMS, "CMD_PARAMS", PR_JOT_LOGFMT_CMD_PARAMS_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_RESPONSE_STR, "RESPONSE_STR", PR_JOT_LOGFMT_RESPONSE_MSG_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_PROTOCOL, "PROTOCOL", PR_JOT_LOGFMT_PROTOCOL_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_VERSION, "VERSION", PR_JOT_LOGFMT_VERSION_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_RENAME_FROM, "RENAME_FROM", PR_JOT_LOGFMT_RENAME_FROM_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_FILE_MODIFIED, "FILE_MODIFIED", PR_JOT_LOGFMT_FILE_MODIFIED_KEY, PR_JSON_TYPE_BOOL },
  { LOGFMT_META_UID, "UID", PR_JOT_LOGFMT_UID_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_GID, "GID", PR_JOT_LOGFMT_GID_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_RAW_BYTES_IN, "RAW_BYTES_IN", PR_JOT_LOGFMT_RAW_BYTES_IN_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_RAW_BYTES_OUT, "RAW_BYTES_OUT", PR_JOT_LOGFMT_RAW_BYTES_OUT_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_EOS_REASON, "EOS_REASON", PR_JOT_LOGFMT_EOS_REASON_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_VHOST_IP, "VHOST_IP", PR_JOT_LOGFMT_VHOST_IP_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_NOTE_VAR, "NOTE_VAR", PR_JOT_LOGFMT_NOTE_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_XFER_STATUS, "XFER_STATUS", PR_JOT_LOGFMT_XFER_STATUS_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_XFER_FAILURE, "XFER_FAILURE", PR_JOT_LOGFMT_XFER_FAILURE_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_MICROSECS, "MICROSECS", PR_JOT_LOGFMT_MICROSECS_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_MILLISECS, "MILLISECS", PR_JOT_LOGFMT_MILLISECS_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_ISO8601, "ISO8601", PR_JOT_LOGFMT_ISO8601_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_GROUP, "GROUP", PR_JOT_LOGFMT_GROUP_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_BASENAME, "BASENAME", PR_JOT_LOGFMT_BASENAME_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_FILE_OFFSET, "FILE_OFFSET", PR_JOT_LOGFMT_FILE_OFFSET_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_XFER_MS, "XFER_MS", PR_JOT_LOGFMT_XFER_MS_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_RESPONSE_MS, "RESPONSE_MS", PR_JOT_LOGFMT_RESPONSE_MS_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_FILE_SIZE, "FILE_SIZE", PR_JOT_LOGFMT_FILE_SIZE_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_XFER_TYPE, "XFER_TYPE", PR_JOT_LOGFMT_XFER_TYPE_KEY, PR_JSON_TYPE_STRING },
  { LOGFMT_META_REMOTE_PORT, "REMOTE_PORT", PR_JOT_LOGFMT_REMOTE_PORT_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_EPOCH, "EPOCH", PR_JOT_LOGFMT_EPOCH_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_CONNECT, "CONNECT", PR_JOT_LOGFMT_CONNECT_KEY, PR_JSON_TYPE_BOOL },
  { LOGFMT_META_DISCONNECT, "DISCONNECT", PR_JOT_LOGFMT_DISCONNECT_KEY, PR_JSON_TYPE_BOOL },
  { LOGFMT_META_XFER_PORT, "XFER_PORT", PR_JOT_LOGFMT_XFER_PORT_KEY, PR_JSON_TYPE_NUMBER },
  { LOGFMT_META_CUSTOM, "CUSTOM", NULL, 0 },
  { 0, NULL, NULL, 0 }
};

const char *pr_jot_get_logfmt_id_name(unsigned char logfmt_id) {
  unsigned int i;

  for (i = 0; logfmt_ids[i].name != NULL; i++) {
    if (logfmt_ids[i].id == logfmt_id) {
      return logfmt_ids[i].name;
    }
  }
  errno = EINVAL;
  return NULL;
}

/* The id -> JSON map.  Its keys are one-character strings (the id), so the
 * host's string-keyed tables hold it.
 */
static const char *map_key(pool *p, unsigned char logfmt_id) {
  char *k = palloc(p, 2);

  k[0] = (char) logfmt_id;
  k[1] = '\0';
  return k;
}

pr_table_t *pr_jot_get_logfmt2json(pool *p) {
  pr_table_t *map;
  unsigned int i;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }

  map = pr_table_alloc(p, 0);
  for (i = 0; logfmt_ids[i].name != NULL; i++) {
    struct logfmt_json_info *lji;

    if (logfmt_ids[i].json_key == NULL) {
      continue;
    }
    lji = palloc(p, sizeof(struct logfmt_json_info));
    lji->json_type = logfmt_ids[i].json_type;
    lji->json_key = logfmt_ids[i].json_key;
    (void) pr_table_add(map, map_key(p, logfmt_ids[i].id), lji,
      sizeof(struct logfmt_json_info *));
  }
  return map;
}

int pr_jot_on_json(pool *p, pr_jot_ctx_t *ctx, unsigned char logfmt_id,
    const char *jot_hint, const void *val) {
  const struct logfmt_json_info *lji;
  pr_json_object_t *json;
  char key[2];

  if (p == NULL || ctx == NULL || val == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (ctx->log == NULL) {
    pr_trace_msg(trace_channel, 16,
      "missing required JSON object for jotting LogFormat ID %u",
      (unsigned int) logfmt_id);
    errno = EINVAL;
    return -1;
  }
  if (ctx->user_data == NULL) {
    pr_trace_msg(trace_channel, 16,
      "missing required JSON map for jotting LogFormat ID %u",
      (unsigned int) logfmt_id);
    errno = EINVAL;
    return -1;
  }

  json = ctx->log;
  key[0] = (char) logfmt_id;
  key[1] = '\0';
  lji = pr_table_get((pr_table_t *) ctx->user_data, key, NULL);
  if (lji == NULL) {
    pr_trace_msg(trace_channel, 16,
      "missing required JSON information for jotting LogFormat ID %u",
      (unsigned int) logfmt_id);
    errno = EINVAL;
    return -1;
  }

  switch (lji->json_type) {
    case PR_JSON_TYPE_STRING:
      return pr_json_object_set_string(p, json,
        jot_hint != NULL ? jot_hint : lji->json_key, (const char *) val);

    case PR_JSON_TYPE_NUMBER:
      return pr_json_object_set_number(p, json, lji->json_key,
        *((const double *) val));

    case PR_JSON_TYPE_BOOL:
      return pr_json_object_set_bool(p, json, lji->json_key,
        *((const int *) val));

    default:
      return 0;
  }
}

/* Values of the variables */

static int is_cmd(cmd_rec *cmd, const int *ids) {
  for (; *ids >= 0; ids++) {
    if (pr_cmd_cmp(cmd, *ids) == 0) {
      return TRUE;
    }
  }
  return FALSE;
}

static const int xfer_cmds[] = { PR_CMD_APPE_ID, PR_CMD_LIST_ID,
  PR_CMD_MLSD_ID, PR_CMD_NLST_ID, PR_CMD_RETR_ID, PR_CMD_STOR_ID,
  PR_CMD_STOU_ID, -1 };
static const int pwd_cmds[] = { PR_CMD_CDUP_ID, PR_CMD_PWD_ID,
  PR_CMD_XCUP_ID, PR_CMD_XPWD_ID, -1 };
static const int cwd_cmds[] = { PR_CMD_CWD_ID, PR_CMD_XCWD_ID, -1 };
static const int path_arg_cmds[] = { PR_CMD_DELE_ID, PR_CMD_LIST_ID,
  PR_CMD_MDTM_ID, PR_CMD_MKD_ID, PR_CMD_MLSD_ID, PR_CMD_MLST_ID,
  PR_CMD_NLST_ID, PR_CMD_RMD_ID, PR_CMD_XMKD_ID, PR_CMD_XRMD_ID, -1 };
static const int dir_name_cmds[] = { PR_CMD_CDUP_ID, PR_CMD_CWD_ID,
  PR_CMD_LIST_ID, PR_CMD_MKD_ID, PR_CMD_MLSD_ID, PR_CMD_NLST_ID,
  PR_CMD_RMD_ID, PR_CMD_XCWD_ID, PR_CMD_XCUP_ID, PR_CMD_XMKD_ID,
  PR_CMD_XRMD_ID, -1 };
static const int dir_path_cmds[] = { PR_CMD_CDUP_ID, PR_CMD_LIST_ID,
  PR_CMD_MKD_ID, PR_CMD_MLSD_ID, PR_CMD_NLST_ID, PR_CMD_RMD_ID,
  PR_CMD_XCUP_ID, PR_CMD_XMKD_ID, PR_CMD_XRMD_ID, -1 };
static const int xfer_path_cmds[] = { PR_CMD_DELE_ID, PR_CMD_MKD_ID,
  PR_CMD_XMKD_ID, PR_CMD_RMD_ID, PR_CMD_XRMD_ID, -1 };
static const int xfer_port_cmds[] = { PR_CMD_PASV_ID, PR_CMD_PORT_ID,
  PR_CMD_EPRT_ID, PR_CMD_EPSV_ID, -1 };

static const char *sess_cwd(void) {
  return session.cwd;
}

static const char *sess_vwd(void) {
  return session.vwd;
}

/* The last path component, or the path itself ("/" stays "/"). */
static const char *path_base(const char *path) {
  const char *ptr;

  if (path == NULL) {
    return NULL;
  }
  ptr = strrchr(path, '/');
  if (ptr == NULL) {
    return path;
  }
  if (ptr != path || ptr[1] != '\0') {
    return ptr + 1;
  }
  return path;
}

/* The current directory as CWD leaves it, chroot included. */
static const char *cwd_path(pool *p) {
  if (session.chroot_path != NULL) {
    if (strcmp(sess_vwd(), "/") == 0) {
      return session.chroot_path;
    }
    return pdircat(p, session.chroot_path, sess_vwd(), NULL);
  }
  return sess_cwd();
}

/* SITE CHGRP/CHMOD/UTIME: the path arguments, joined with spaces. */
static const char *site_path(cmd_rec *cmd, pool *p) {
  unsigned int i;
  char *ptr = "";

  if (pr_cmd_cmp(cmd, PR_CMD_SITE_ID) != 0 || cmd->argc <= 3 ||
      (strcasecmp(cmd->argv[1], "CHGRP") != 0 &&
       strcasecmp(cmd->argv[1], "CHMOD") != 0 &&
       strcasecmp(cmd->argv[1], "UTIME") != 0)) {
    return NULL;
  }
  for (i = 3; i < cmd->argc; i++) {
    ptr = pstrcat(p, ptr, *ptr ? " " : "",
      pr_fs_decode_path(p, cmd->argv[i]), NULL);
  }
  return ptr;
}

static const char *meta_basename(cmd_rec *cmd) {
  pool *p = cmd->tmp_pool;
  const char *path = NULL;

  if (pr_cmd_cmp(cmd, PR_CMD_RNTO_ID) == 0) {
    path = pr_fs_decode_path(p, cmd->arg);
  } else if (pr_cmd_cmp(cmd, PR_CMD_RETR_ID) == 0) {
    path = pr_table_get(cmd->notes, "mod_xfer.retr-path", NULL);
  } else if (pr_cmd_cmp(cmd, PR_CMD_APPE_ID) == 0 ||
             pr_cmd_cmp(cmd, PR_CMD_STOR_ID) == 0) {
    path = pr_table_get(cmd->notes, "mod_xfer.store-path", NULL);
  } else if (session.xfer.p != NULL && session.xfer.path != NULL) {
    path = session.xfer.path;
  } else if (is_cmd(cmd, pwd_cmds)) {
    path = sess_cwd();
  } else if (is_cmd(cmd, cwd_cmds)) {
    if (session.chroot_path != NULL) {
      path = strcmp(sess_vwd(), "/") ? sess_vwd() : session.chroot_path;
    } else {
      path = sess_cwd();
    }
  } else if ((path = site_path(cmd, p)) != NULL) {
    /* as is */
  } else if (is_cmd(cmd, path_arg_cmds)) {
    path = pr_fs_decode_path(p, cmd->arg);
  } else if (pr_cmd_cmp(cmd, PR_CMD_MFMT_ID) == 0) {
    path = pr_fs_decode_path(p, cmd->argv[2]);
  }
  return path_base(path);
}

static const char *meta_dir_name(cmd_rec *cmd) {
  if (is_cmd(cmd, dir_name_cmds)) {
    return path_base(pr_fs_decode_path(cmd->tmp_pool, cmd->arg));
  }
  return sess_vwd();
}

static const char *meta_dir_path(cmd_rec *cmd) {
  pool *p = cmd->tmp_pool;

  if (is_cmd(cmd, dir_path_cmds)) {
    return dir_abs_path(p, pr_fs_decode_path(p, cmd->arg), TRUE);
  }
  if (is_cmd(cmd, cwd_cmds)) {
    return cwd_path(p);
  }
  return NULL;
}

/* An absolute path, else the path without ~ interpolation, else as is. */
static const char *abs_or_given(pool *p, const char *path) {
  const char *abs;

  abs = dir_abs_path(p, path, TRUE);
  if (abs == NULL) {
    abs = dir_abs_path(p, path, FALSE);
  }
  return abs != NULL ? abs : path;
}

static const char *meta_filename(cmd_rec *cmd) {
  pool *p = cmd->tmp_pool;
  const char *path;

  if (pr_cmd_cmp(cmd, PR_CMD_RNTO_ID) == 0) {
    return dir_abs_path(p, pr_fs_decode_path(p, cmd->arg), TRUE);
  }
  if (pr_cmd_cmp(cmd, PR_CMD_RETR_ID) == 0) {
    path = pr_table_get(cmd->notes, "mod_xfer.retr-path", NULL);
    return path != NULL ? dir_abs_path(p, path, TRUE) : NULL;
  }
  if (pr_cmd_cmp(cmd, PR_CMD_APPE_ID) == 0 ||
      pr_cmd_cmp(cmd, PR_CMD_STOR_ID) == 0) {
    path = pr_table_get(cmd->notes, "mod_xfer.store-path", NULL);
    return path != NULL ? dir_abs_path(p, path, TRUE) : NULL;
  }
  if (session.xfer.p != NULL && session.xfer.path != NULL) {
    return dir_abs_path(p, session.xfer.path, TRUE);
  }
  if (is_cmd(cmd, pwd_cmds)) {
    return dir_abs_path(p, sess_cwd(), TRUE);
  }
  if (is_cmd(cmd, cwd_cmds)) {
    return cwd_path(p);
  }
  path = site_path(cmd, p);
  if (path != NULL) {
    return dir_abs_path(p, path, TRUE);
  }
  if (is_cmd(cmd, path_arg_cmds)) {
    return abs_or_given(p, pr_fs_decode_path(p, cmd->arg));
  }
  if (pr_cmd_cmp(cmd, PR_CMD_MFMT_ID) == 0) {
    return abs_or_given(p, pr_fs_decode_path(p, cmd->argv[2]));
  }
  return NULL;
}

static const char *meta_xfer_failure(cmd_rec *cmd) {
  const char *proto, *code = NULL, *msg = NULL, *ptr;

  if (!is_cmd(cmd, xfer_cmds)) {
    return NULL;
  }
  proto = pr_session_get_protocol(0);
  if (strcmp(proto, "ftp") != 0 && strcmp(proto, "ftps") != 0 &&
      strcmp(proto, "sftp") != 0) {
    return NULL;
  }
  if (XFER_ABORTED) {
    return "aborted";
  }
  if (pr_response_get_last(cmd->tmp_pool, &code, &msg) != 0 || code == NULL) {
    return "unknown";
  }
  if (*code == '2' || *code == '1') {
    return NULL;
  }
  ptr = strchr(msg, '.');
  return ptr != NULL ? ptr + 2 : msg;
}

static const char *meta_xfer_path(cmd_rec *cmd) {
  pool *p = cmd->tmp_pool;

  if (pr_cmd_cmp(cmd, PR_CMD_RNTO_ID) == 0) {
    return dir_best_path(p, pr_fs_decode_path(p, cmd->arg));
  }
  if (session.xfer.p != NULL && session.xfer.path != NULL) {
    return session.xfer.path;
  }
  if (is_cmd(cmd, xfer_path_cmds)) {
    return dir_best_path(p, pr_fs_decode_path(p, cmd->arg));
  }
  return NULL;
}

static uint64_t now_millis(void) {
  struct timeval tv;

  gettimeofday(&tv, NULL);
  return ((uint64_t) tv.tv_sec * 1000) + (tv.tv_usec / 1000);
}

/* Milliseconds since the transfer began, or -1 when there is none. */
static int meta_xfer_ms(uint64_t *ms) {
  uint64_t start;

  if (session.xfer.p == NULL ||
      (session.xfer.start_time.tv_sec == 0 &&
       session.xfer.start_time.tv_usec == 0)) {
    return -1;
  }
  start = ((uint64_t) session.xfer.start_time.tv_sec * 1000) +
    (session.xfer.start_time.tv_usec / 1000);
  *ms = now_millis() - start;
  return 0;
}

static const char *meta_xfer_status(cmd_rec *cmd) {
  const char *proto, *code = NULL, *msg = NULL;
  int is_abor = (pr_cmd_cmp(cmd, PR_CMD_ABOR_ID) == 0);

  if (!is_cmd(cmd, xfer_cmds) && !is_abor) {
    return NULL;
  }
  proto = pr_session_get_protocol(0);
  if (strcmp(proto, "ftp") != 0 && strcmp(proto, "ftps") != 0) {
    return pr_table_get(cmd->notes, "mod_sftp.file-status", NULL) == NULL ?
      "success" : "failed";
  }
  if (XFER_ABORTED) {
    return "cancelled";
  }
  if (pr_response_get_last(cmd->tmp_pool, &code, &msg) != 0 || code == NULL) {
    return "success";
  }
  if (*code == '2') {
    return is_abor ? "cancelled" : "success";
  }
  return *code == '1' ? "timeout" : "failed";
}

static const char *meta_xfer_type(cmd_rec *cmd) {
  const char *proto;

  if (!is_cmd(cmd, xfer_cmds)) {
    return NULL;
  }
  proto = pr_session_get_protocol(0);
  if (strcmp(proto, "sftp") == 0 || strcmp(proto, "scp") == 0) {
    return "binary";
  }
  return (session.sf_flags & (SF_ASCII|SF_ASCII_OVERRIDE)) ? "ASCII" :
    "binary";
}

static unsigned int addr_port(const pr_netaddr_t *na) {
  if (na == NULL) {
    return 0;
  }
  if (na->na_family == AF_INET6) {
    return ntohs(na->na_addr.v6.sin6_port);
  }
  return ntohs(na->na_addr.v4.sin_port);
}

typedef int (*jot_meta_cb)(pool *, pr_jot_ctx_t *, unsigned char,
  const char *, const void *);
typedef int (*jot_default_cb)(pool *, pr_jot_ctx_t *, unsigned char);

/* Hand a string, or the default when there is none. */
#define JOT_STR(val) \
  do { const char *v_ = (val); \
    res = v_ != NULL ? (on_meta)(p, ctx, logfmt_id, NULL, v_) : \
      (on_default)(p, ctx, logfmt_id); } while (0)
#define JOT_NUM(val) \
  do { double d_ = (double) (val); \
    res = (on_meta)(p, ctx, logfmt_id, NULL, &d_); } while (0)

static int resolve_id(pool *p, unsigned char logfmt_id,
    const char *logfmt_data, pr_jot_ctx_t *ctx, cmd_rec *cmd,
    jot_meta_cb on_meta, jot_default_cb on_default) {
  int res = 0;
  uint64_t ms;

  switch (logfmt_id) {
    case LOGFMT_META_BASENAME:
      JOT_STR(meta_basename(cmd));
      break;

    case LOGFMT_META_BYTES_SENT:
      if (session.xfer.p != NULL) {
        JOT_NUM(session.xfer.total_bytes);
      } else if (pr_cmd_cmp(cmd, PR_CMD_DELE_ID) == 0) {
        JOT_NUM(jot_deleted_filesz);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_CUSTOM:
      if (logfmt_data != NULL) {
        res = (on_meta)(p, ctx, logfmt_id, NULL, logfmt_data);
      }
      break;

    case LOGFMT_META_EPOCH:
      JOT_NUM(time(NULL));
      break;

    case LOGFMT_META_FILENAME:
      JOT_STR(meta_filename(cmd));
      break;

    case LOGFMT_META_FILE_OFFSET:
    case LOGFMT_META_FILE_SIZE: {
      const off_t *note;

      note = pr_table_get(cmd->notes, logfmt_id == LOGFMT_META_FILE_OFFSET ?
        "mod_xfer.file-offset" : "mod_xfer.file-size", NULL);
      if (note != NULL) {
        JOT_NUM(*note);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;
    }

    case LOGFMT_META_ENV_VAR:
      if (logfmt_data != NULL) {
        char *env = pr_env_get(p, logfmt_data);

        if (env != NULL) {
          res = (on_meta)(p, ctx, logfmt_id,
            pstrcat(p, PR_JOT_LOGFMT_ENV_VAR_KEY, logfmt_data, NULL), env);
        } else {
          res = (on_default)(p, ctx, logfmt_id);
        }
      }
      break;

    case LOGFMT_META_REMOTE_HOST:
      res = (on_meta)(p, ctx, logfmt_id, NULL,
        pr_netaddr_get_sess_remote_name());
      break;

    case LOGFMT_META_REMOTE_IP:
      res = (on_meta)(p, ctx, logfmt_id, NULL,
        pr_netaddr_get_ipstr(pr_netaddr_get_sess_remote_addr()));
      break;

    case LOGFMT_META_REMOTE_PORT:
      if (pr_netaddr_get_sess_remote_addr() != NULL) {
        JOT_NUM(addr_port(pr_netaddr_get_sess_remote_addr()));
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_IDENT_USER:
      JOT_STR(pr_table_get(session.notes, "mod_ident.rfc1413-ident", NULL));
      break;

    case LOGFMT_META_PID:
      JOT_NUM(session.pid);
      break;

    case LOGFMT_META_TIME: {
      time_t now = time(NULL);
      struct tm tm;
      char ts[128];

      memset(ts, 0, sizeof(ts));
      if (gmtime_r(&now, &tm) != NULL) {
        strftime(ts, sizeof(ts) - 1, logfmt_data != NULL ? logfmt_data :
          "%Y-%m-%d %H:%M:%S %z", &tm);
        res = (on_meta)(p, ctx, logfmt_id, logfmt_data, ts);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;
    }

    case LOGFMT_META_SECONDS:
      if (meta_xfer_ms(&ms) == 0) {
        JOT_NUM(ms / 1000.0);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_COMMAND:
      if (cmd->cmd_class & (CL_CONNECT|CL_DISCONNECT)) {
        res = (on_default)(p, ctx, logfmt_id);
      } else if (pr_cmd_cmp(cmd, PR_CMD_PASS_ID) == 0 &&
                 session.hide_password) {
        JOT_STR("PASS (hidden)");
      } else if (pr_cmd_cmp(cmd, PR_CMD_ADAT_ID) == 0) {
        JOT_STR("ADAT (hidden)");
      } else {
        JOT_STR(get_full_cmd(cmd));
      }
      break;

    case LOGFMT_META_LOCAL_NAME:
      JOT_STR(cmd->server != NULL ? cmd->server->ServerName : NULL);
      break;

    case LOGFMT_META_LOCAL_PORT:
      if (cmd->server != NULL) {
        JOT_NUM(cmd->server->ServerPort);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_LOCAL_IP:
      res = (on_meta)(p, ctx, logfmt_id, NULL,
        pr_netaddr_get_ipstr(pr_netaddr_get_sess_local_addr()));
      break;

    case LOGFMT_META_LOCAL_FQDN:
      res = (on_meta)(p, ctx, logfmt_id, NULL,
        pr_netaddr_get_dnsstr(pr_netaddr_get_sess_local_addr()));
      break;

    case LOGFMT_META_USER:
      JOT_STR(session.user);
      break;

    case LOGFMT_META_ORIGINAL_USER:
      JOT_STR(pr_table_get(session.notes, "mod_auth.orig-user", NULL));
      break;

    case LOGFMT_META_RESPONSE_CODE: {
      const char *code = NULL;

      if (pr_response_get_last(cmd->tmp_pool, &code, NULL) == 0 &&
          code != NULL) {
        JOT_NUM(atoi(code));
      } else if (pr_cmd_cmp(cmd, PR_CMD_QUIT_ID) == 0) {
        JOT_NUM(221);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;
    }

    case LOGFMT_META_CLASS:
      /* As ProFTPD 1.3.8 does: the class record itself, as the value. */
      JOT_STR((const char *) session.conn_class);
      break;

    case LOGFMT_META_ANON_PASS:
      JOT_STR(pr_table_get(session.notes, "mod_auth.anon-passwd", NULL));
      break;

    case LOGFMT_META_METHOD: {
      const char *method = NULL;

      if (pr_cmd_cmp(cmd, PR_CMD_SITE_ID) != 0) {
        if (!(cmd->cmd_class & CL_CONNECT)) {
          method = cmd->argv[0];
        }
      } else if (cmd->argc > 1) {
        char buf[128], *ch;
        int len;

        for (ch = cmd->argv[1]; *ch; ch++) {
          *ch = toupper((int) *ch);
        }
        len = snprintf(buf, sizeof(buf) - 1, "%s %s", (char *) cmd->argv[0],
          (char *) cmd->argv[1]);
        if (len > (int) sizeof(buf) - 2) {
          len = sizeof(buf) - 2;
        }
        method = pstrndup(p, buf, len);
      }
      JOT_STR(method);
      break;
    }

    case LOGFMT_META_XFER_PATH:
      JOT_STR(meta_xfer_path(cmd));
      break;

    case LOGFMT_META_DIR_NAME:
      JOT_STR(meta_dir_name(cmd));
      break;

    case LOGFMT_META_DIR_PATH:
      JOT_STR(meta_dir_path(cmd));
      break;

    case LOGFMT_META_CMD_PARAMS:
      if (cmd->cmd_class & (CL_CONNECT|CL_DISCONNECT)) {
        res = (on_default)(p, ctx, logfmt_id);
      } else if (pr_cmd_cmp(cmd, PR_CMD_ADAT_ID) == 0 ||
                 pr_cmd_cmp(cmd, PR_CMD_PASS_ID) == 0) {
        JOT_STR("(hidden)");
      } else if (cmd->argc > 1) {
        JOT_STR(pr_fs_decode_path(p, cmd->arg));
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_RESPONSE_STR: {
      const char *msg = NULL;

      if (pr_response_get_last(p, NULL, &msg) == 0 && msg != NULL) {
        JOT_STR(msg);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;
    }

    case LOGFMT_META_RESPONSE_MS: {
      const uint64_t *start_ms;

      start_ms = pr_table_get(cmd->notes, "start_ms", NULL);
      if (start_ms != NULL) {
        JOT_NUM(now_millis() - *start_ms);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;
    }

    case LOGFMT_META_PROTOCOL:
      res = (on_meta)(p, ctx, logfmt_id, NULL, pr_session_get_protocol(0));
      break;

    case LOGFMT_META_VERSION:
      res = (on_meta)(p, ctx, logfmt_id, NULL, PROFTPD_VERSION_TEXT);
      break;

    case LOGFMT_META_RENAME_FROM:
      if (pr_cmd_cmp(cmd, PR_CMD_RNTO_ID) == 0) {
        JOT_STR(pr_table_get(session.notes, "mod_core.rnfr-path", NULL));
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_FILE_MODIFIED: {
      const char *val;
      int modified = FALSE;

      val = pr_table_get(cmd->notes, "mod_xfer.file-modified", NULL);
      if (val != NULL && strcasecmp(val, "true") == 0) {
        modified = TRUE;
      }
      res = (on_meta)(p, ctx, logfmt_id, NULL, &modified);
      break;
    }

    case LOGFMT_META_UID:
      JOT_NUM(session.auth_mech != NULL ? session.login_uid : geteuid());
      break;

    case LOGFMT_META_GID:
      JOT_NUM(session.auth_mech != NULL ? session.login_gid : getegid());
      break;

    case LOGFMT_META_RAW_BYTES_IN:
      JOT_NUM(session.total_raw_in);
      break;

    case LOGFMT_META_RAW_BYTES_OUT:
      JOT_NUM(session.total_raw_out);
      break;

    case LOGFMT_META_EOS_REASON: {
      const char *reason = NULL, *details = NULL;

      if (session.disconnect_reason != PR_SESS_DISCONNECT_UNSPECIFIED &&
          pr_session_get_disconnect_reason != NULL) {
        reason = pr_session_get_disconnect_reason(&details);
        if (reason != NULL && details != NULL) {
          reason = pstrcat(p, reason, ": ", details, NULL);
        }
      }
      JOT_STR(reason);
      break;
    }

    case LOGFMT_META_VHOST_IP:
      JOT_STR(cmd->server != NULL ? cmd->server->ServerAddress : NULL);
      break;

    case LOGFMT_META_NOTE_VAR:
      if (logfmt_data != NULL) {
        const char *note;

        note = pr_table_get(cmd->notes, logfmt_data, NULL);
        if (note == NULL) {
          note = pr_table_get(session.notes, logfmt_data, NULL);
        }
        if (note != NULL) {
          res = (on_meta)(p, ctx, logfmt_id,
            pstrcat(p, PR_JOT_LOGFMT_NOTE_KEY, note, NULL), note);
        } else {
          res = (on_default)(p, ctx, logfmt_id);
        }
      }
      break;

    case LOGFMT_META_XFER_STATUS:
      JOT_STR(meta_xfer_status(cmd));
      break;

    case LOGFMT_META_XFER_FAILURE:
      JOT_STR(meta_xfer_failure(cmd));
      break;

    case LOGFMT_META_XFER_MS:
      if (meta_xfer_ms(&ms) == 0) {
        JOT_NUM(ms);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_XFER_PORT:
      if ((is_cmd(cmd, xfer_port_cmds) || is_cmd(cmd, xfer_cmds)) &&
          session.data_port > 0) {
        JOT_NUM(session.data_port);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;

    case LOGFMT_META_XFER_TYPE:
      JOT_STR(meta_xfer_type(cmd));
      break;

    case LOGFMT_META_MICROSECS: {
      struct timeval now;

      gettimeofday(&now, NULL);
      JOT_NUM(now.tv_usec);
      break;
    }

    case LOGFMT_META_MILLISECS: {
      struct timeval now;

      gettimeofday(&now, NULL);
      JOT_NUM(now.tv_usec / 1000);
      break;
    }

    case LOGFMT_META_ISO8601: {
      struct timeval now;
      struct tm tm;
      time_t secs;
      char ts[128];
      size_t len;

      gettimeofday(&now, NULL);
      secs = now.tv_sec;
      if (localtime_r(&secs, &tm) != NULL) {
        len = strftime(ts, sizeof(ts) - 1, "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(ts + len, sizeof(ts) - len - 1, ",%03lu",
          (unsigned long) (now.tv_usec / 1000));
        res = (on_meta)(p, ctx, logfmt_id, NULL, ts);
      } else {
        res = (on_default)(p, ctx, logfmt_id);
      }
      break;
    }

    case LOGFMT_META_GROUP:
      JOT_STR(session.group);
      break;

    default:
      pr_trace_msg(trace_channel, 2, "skipping unsupported LogFormat ID %u",
        (unsigned int) logfmt_id);
      break;
  }

  return res < 0 ? -1 : 0;
}

/* Filters */

static int jottable_class(cmd_rec *cmd, int incl, int excl) {
  int jottable = FALSE;

  if (cmd->cmd_class == 0) {
    return incl == CL_ALL;
  }
  if (cmd->cmd_id < 0 &&
      !(cmd->cmd_class & (CL_CONNECT|CL_DISCONNECT))) {
    /* An unknown command: only when everything is jotted. */
    return incl == CL_ALL;
  }
  if (cmd->cmd_class & incl) {
    jottable = TRUE;
  }
  if (cmd->cmd_class & excl) {
    jottable = FALSE;
  }
  return jottable;
}

static int jottable(cmd_rec *cmd, pr_jot_filters_t *filters) {
  unsigned int i;

  if (filters == NULL) {
    return TRUE;
  }
  if (jottable_class(cmd, filters->included_classes,
      filters->excluded_classes)) {
    return TRUE;
  }
  if (filters->cmd_ids != NULL) {
    int *ids = filters->cmd_ids->elts;

    for (i = 0; i < filters->cmd_ids->nelts; i++) {
      if (pr_cmd_cmp(cmd, ids[i]) == 0) {
        return TRUE;
      }
    }
  }
  return FALSE;
}

static int resolve_on_default(pool *p, pr_jot_ctx_t *ctx, unsigned char id) {
  return 0;
}

static int resolve_on_other(pool *p, pr_jot_ctx_t *ctx, unsigned char *text,
    size_t text_len) {
  return 0;
}

/* CONNECT and DISCONNECT are TRUE for the session's own CONNECT and EXIT
 * events and say nothing otherwise.
 */
static int resolve_connect(pool *p, pr_jot_ctx_t *ctx, cmd_rec *cmd,
    unsigned char logfmt_id, jot_meta_cb on_meta) {
  int want = (logfmt_id == LOGFMT_META_CONNECT) ? CL_CONNECT : CL_DISCONNECT;
  int val = TRUE;

  if (cmd->cmd_class != want) {
    return 0;
  }
  return (on_meta)(p, ctx, logfmt_id, NULL, &val);
}

int pr_jot_resolve_logfmt_id(pool *p, cmd_rec *cmd, pr_jot_filters_t *filters,
    unsigned char logfmt_id, const char *logfmt_data, size_t logfmt_datalen,
    pr_jot_ctx_t *ctx, jot_meta_cb on_meta, jot_default_cb on_default) {

  if (p == NULL || cmd == NULL || on_meta == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (logfmt_id == 0 || logfmt_id == LOGFMT_META_START ||
      logfmt_id == LOGFMT_META_ARG_END) {
    errno = EINVAL;
    return -1;
  }
  if (on_default == NULL) {
    on_default = resolve_on_default;
  }
  if (!jottable(cmd, filters)) {
    pr_trace_msg(trace_channel, 17, "ignoring filtered event '%s'",
      (const char *) cmd->argv[0]);
    errno = EPERM;
    return -1;
  }
  if (logfmt_id == LOGFMT_META_CONNECT ||
      logfmt_id == LOGFMT_META_DISCONNECT) {
    return resolve_connect(p, ctx, cmd, logfmt_id, on_meta);
  }
  return resolve_id(p, logfmt_id, logfmt_data, ctx, cmd, on_meta,
    on_default);
}

/* The text of a variable's argument: the bytes up to LOGFMT_META_ARG_END. */
static const char *meta_arg(pool *p, const unsigned char *ptr, size_t *len) {
  size_t n = 0;

  while (ptr[n] != LOGFMT_META_ARG_END && n < PR_TUNABLE_PATH_MAX) {
    n++;
  }
  *len = n;
  return pstrndup(p, (const char *) ptr, n);
}

static int has_arg(unsigned char logfmt_id) {
  return logfmt_id == LOGFMT_META_CUSTOM || logfmt_id == LOGFMT_META_ENV_VAR ||
    logfmt_id == LOGFMT_META_NOTE_VAR || logfmt_id == LOGFMT_META_TIME;
}

int pr_jot_resolve_logfmt(pool *p, cmd_rec *cmd, pr_jot_filters_t *filters,
    unsigned char *logfmt, pr_jot_ctx_t *ctx, jot_meta_cb on_meta,
    jot_default_cb on_default,
    int (*on_other)(pool *, pr_jot_ctx_t *, unsigned char *, size_t)) {
  size_t text_len = 0;
  int res = 0;

  if (p == NULL || cmd == NULL || logfmt == NULL || on_meta == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (!jottable(cmd, filters)) {
    pr_trace_msg(trace_channel, 17, "ignoring filtered event '%s'",
      (const char *) cmd->argv[0]);
    errno = EPERM;
    return -1;
  }
  if (on_default == NULL) {
    on_default = resolve_on_default;
  }
  if (on_other == NULL) {
    on_other = resolve_on_other;
  }

  while (*logfmt) {
    unsigned char logfmt_id;

    pr_signals_handle();
    if (res < 0) {
      return -1;
    }
    if (*logfmt != LOGFMT_META_START) {
      logfmt++;
      text_len++;
      continue;
    }
    if (text_len > 0) {
      if ((on_other)(p, ctx, logfmt - text_len, text_len) < 0) {
        return -1;
      }
      text_len = 0;
    }

    logfmt_id = logfmt[1];
    if (logfmt_id == LOGFMT_META_CONNECT ||
        logfmt_id == LOGFMT_META_DISCONNECT) {
      res = resolve_connect(p, ctx, cmd, logfmt_id, on_meta);
      logfmt += 2;
      continue;
    }

    {
      const char *data = NULL;
      size_t datalen = 0, skip = 1;

      if (has_arg(logfmt_id) && logfmt[2] == LOGFMT_META_START &&
          logfmt[3] == LOGFMT_META_ARG) {
        data = meta_arg(p, logfmt + 4, &datalen);
        skip += 3 + datalen;
      }
      res = resolve_id(p, logfmt_id, data, ctx, cmd, on_meta, on_default);
      logfmt += 1 + skip;
    }
  }

  if (text_len > 0) {
    if ((on_other)(p, ctx, logfmt - text_len, text_len) < 0) {
      return -1;
    }
  }
  return 0;
}

/* Parsing LogFormat text */

static int parse_on_unknown(pool *p, pr_jot_ctx_t *ctx, const char *text,
    size_t text_len) {
  return 0;
}

static int parse_on_other(pool *p, pr_jot_ctx_t *ctx, char ch) {
  return 0;
}

/* %X: one letter. */
static int parse_short_id(const char *text, unsigned char *logfmt_id) {
  static const struct { char ch; unsigned char id; } short_ids[] = {
    { 'A', LOGFMT_META_ANON_PASS }, { 'D', LOGFMT_META_DIR_PATH },
    { 'E', LOGFMT_META_EOS_REASON }, { 'F', LOGFMT_META_XFER_PATH },
    { 'H', LOGFMT_META_VHOST_IP }, { 'I', LOGFMT_META_RAW_BYTES_IN },
    { 'J', LOGFMT_META_CMD_PARAMS }, { 'L', LOGFMT_META_LOCAL_IP },
    { 'O', LOGFMT_META_RAW_BYTES_OUT }, { 'P', LOGFMT_META_PID },
    { 'R', LOGFMT_META_RESPONSE_MS }, { 'S', LOGFMT_META_RESPONSE_STR },
    { 'T', LOGFMT_META_SECONDS }, { 'U', LOGFMT_META_ORIGINAL_USER },
    { 'V', LOGFMT_META_LOCAL_FQDN }, { 'a', LOGFMT_META_REMOTE_IP },
    { 'b', LOGFMT_META_BYTES_SENT }, { 'c', LOGFMT_META_CLASS },
    { 'd', LOGFMT_META_DIR_NAME }, { 'f', LOGFMT_META_FILENAME },
    { 'g', LOGFMT_META_GROUP }, { 'h', LOGFMT_META_REMOTE_HOST },
    { 'l', LOGFMT_META_IDENT_USER }, { 'm', LOGFMT_META_METHOD },
    { 'p', LOGFMT_META_LOCAL_PORT }, { 'r', LOGFMT_META_COMMAND },
    { 's', LOGFMT_META_RESPONSE_CODE }, { 't', LOGFMT_META_TIME },
    { 'u', LOGFMT_META_USER }, { 'v', LOGFMT_META_LOCAL_NAME },
    { 'w', LOGFMT_META_RENAME_FROM }, { 0, 0 }
  };
  unsigned int i;

  for (i = 0; short_ids[i].ch != 0; i++) {
    if (*text == short_ids[i].ch) {
      *logfmt_id = short_ids[i].id;
      return 1;
    }
  }
  return -1;
}

/* {anything}: the bytes between the braces. */
static int parse_braces(const char *text, const char **data, size_t *len) {
  const char *end;

  if (*text != '{' || (end = strchr(text + 1, '}')) == NULL) {
    return -1;
  }
  *data = text + 1;
  *len = end - text - 1;
  return (int) (2 + *len);
}

/* %{name}, %{name:arg}, and mod_log's %{arg}e and %{arg}t. */
static int parse_long_id(const char *text, unsigned char *logfmt_id,
    const char **data, size_t *len) {
  static const struct { const char *name; unsigned char id; } names[] = {
    { "{basename}", LOGFMT_META_BASENAME },
    { "{epoch}", LOGFMT_META_EPOCH },
    { "{file-modified}", LOGFMT_META_FILE_MODIFIED },
    { "{file-offset}", LOGFMT_META_FILE_OFFSET },
    { "{file-size}", LOGFMT_META_FILE_SIZE },
    { "{gid}", LOGFMT_META_GID },
    { "{microsecs}", LOGFMT_META_MICROSECS },
    { "{millisecs}", LOGFMT_META_MILLISECS },
    { "{protocol}", LOGFMT_META_PROTOCOL },
    { "{remote-port}", LOGFMT_META_REMOTE_PORT },
    { "{transfer-failure}", LOGFMT_META_XFER_FAILURE },
    { "{transfer-millisecs}", LOGFMT_META_XFER_MS },
    { "{transfer-port}", LOGFMT_META_XFER_PORT },
    { "{transfer-status}", LOGFMT_META_XFER_STATUS },
    { "{transfer-type}", LOGFMT_META_XFER_TYPE },
    { "{uid}", LOGFMT_META_UID },
    { "{version}", LOGFMT_META_VERSION },
    { NULL, 0 }
  };
  static const struct { const char *prefix; unsigned char id; } args[] = {
    { "{env:", LOGFMT_META_ENV_VAR },
    { "{note:", LOGFMT_META_NOTE_VAR },
    { "{time:", LOGFMT_META_TIME },
    { NULL, 0 }
  };
  unsigned int i;
  int n;

  for (i = 0; names[i].name != NULL; i++) {
    size_t nlen = strlen(names[i].name);

    if (strncmp(text, names[i].name, nlen) == 0) {
      *logfmt_id = names[i].id;
      return (int) nlen;
    }
  }
  if (strncasecmp(text, "{iso8601}", 9) == 0) {
    *logfmt_id = LOGFMT_META_ISO8601;
    return 9;
  }
  for (i = 0; args[i].prefix != NULL; i++) {
    size_t plen = strlen(args[i].prefix);
    const char *end;

    if (strncmp(text, args[i].prefix, plen) == 0 &&
        (end = strchr(text + plen, '}')) != NULL) {
      *logfmt_id = args[i].id;
      *data = text + plen;
      *len = end - text - plen;
      return (int) (plen + 1 + *len);
    }
  }

  n = parse_braces(text, data, len);
  if (n > 0 && (text[n] == 'e' || text[n] == 't')) {
    *logfmt_id = text[n] == 'e' ? LOGFMT_META_ENV_VAR : LOGFMT_META_TIME;
    return n + 1;
  }
  return -1;
}

static void parsed_put(pr_jot_parsed_t *parsed, const char *text, size_t len) {
  size_t i;

  if (len > parsed->buflen) {
    len = parsed->buflen;
  }
  for (i = 0; i < len; i++) {
    *(parsed->buf++) = (unsigned char) text[i];
  }
  parsed->buflen -= len;
}

int pr_jot_parse_on_meta(pool *p, pr_jot_ctx_t *jot_ctx,
    unsigned char logfmt_id, const char *logfmt_data, size_t logfmt_datalen) {
  pr_jot_parsed_t *parsed;

  if (jot_ctx == NULL || (parsed = jot_ctx->log) == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (parsed->buflen >= 2) {
    *(parsed->buf++) = LOGFMT_META_START;
    *(parsed->buf++) = logfmt_id;
    parsed->buflen -= 2;
  }
  if (logfmt_data != NULL && logfmt_datalen > 0 &&
      parsed->buflen >= logfmt_datalen + 3) {
    *(parsed->buf++) = LOGFMT_META_START;
    *(parsed->buf++) = LOGFMT_META_ARG;
    parsed->buflen -= 2;
    parsed_put(parsed, logfmt_data, logfmt_datalen);
    *(parsed->buf++) = LOGFMT_META_ARG_END;
    parsed->buflen -= 1;
  }
  return 0;
}

int pr_jot_parse_on_unknown(pool *p, pr_jot_ctx_t *jot_ctx, const char *text,
    size_t text_len) {
  pr_jot_parsed_t *parsed;

  if (jot_ctx == NULL || (parsed = jot_ctx->log) == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (text != NULL) {
    parsed_put(parsed, text, text_len);
  }
  return 0;
}

int pr_jot_parse_on_other(pool *p, pr_jot_ctx_t *jot_ctx, char ch) {
  pr_jot_parsed_t *parsed;

  if (jot_ctx == NULL || (parsed = jot_ctx->log) == NULL) {
    errno = EINVAL;
    return -1;
  }
  parsed_put(parsed, &ch, 1);
  return 0;
}

int pr_jot_parse_logfmt(pool *p, const char *text, pr_jot_ctx_t *ctx,
    int (*on_meta)(pool *, pr_jot_ctx_t *, unsigned char, const char *, size_t),
    int (*on_unknown)(pool *, pr_jot_ctx_t *, const char *, size_t),
    int (*on_other)(pool *, pr_jot_ctx_t *, char), int flags) {
  const char *ptr;
  int res = 0;

  if (p == NULL || text == NULL || on_meta == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (on_unknown == NULL) {
    on_unknown = parse_on_unknown;
  }
  if (on_other == NULL) {
    on_other = parse_on_other;
  }

  for (ptr = text; *ptr; ) {
    unsigned char logfmt_id = 0;
    const char *data = NULL;
    size_t datalen = 0;
    int len;

    pr_signals_handle();
    if (res < 0) {
      return -1;
    }
    if (*ptr != '%') {
      res = (on_other)(p, ctx, *ptr);
      ptr++;
      continue;
    }
    if (parse_short_id(ptr + 1, &logfmt_id) > 0) {
      res = (on_meta)(p, ctx, logfmt_id, NULL, 0);
      ptr += 2;
      continue;
    }
    len = parse_long_id(ptr + 1, &logfmt_id, &data, &datalen);
    if (len > 0) {
      res = (on_meta)(p, ctx, logfmt_id, data, datalen);
      ptr += len + 1;
      continue;
    }
    len = parse_braces(ptr + 1, &data, &datalen);
    if (len > 0) {
      if (flags & PR_JOT_LOGFMT_PARSE_FL_UNKNOWN_AS_CUSTOM) {
        res = (on_meta)(p, ctx, LOGFMT_META_CUSTOM, data, datalen);
      } else {
        res = (on_unknown)(p, ctx, data, datalen);
      }
      ptr += len + 1;
      continue;
    }
    res = (on_other)(p, ctx, *ptr);
    ptr++;
  }
  return 0;
}

int pr_jot_scan_logfmt(pool *p, unsigned char *logfmt, unsigned char logfmt_id,
    pr_jot_ctx_t *ctx,
    int (*on_meta)(pool *, pr_jot_ctx_t *, unsigned char, const char *, size_t),
    int flags) {
  int res = 0;

  if (p == NULL || logfmt == NULL || on_meta == NULL ||
      pr_jot_get_logfmt_id_name(logfmt_id) == NULL) {
    errno = EINVAL;
    return -1;
  }

  while (*logfmt) {
    pr_signals_handle();
    if (res < 0) {
      return -1;
    }
    if (*logfmt != logfmt_id) {
      logfmt++;
      continue;
    }
    if (has_arg(logfmt_id) && logfmt[2] == LOGFMT_META_START &&
        logfmt[3] == LOGFMT_META_ARG) {
      size_t datalen = 0;
      const char *data = meta_arg(p, logfmt + 4, &datalen);

      res = (on_meta)(p, ctx, logfmt_id, data, datalen);
      logfmt += 4 + datalen;
    } else {
      res = (on_meta)(p, ctx, logfmt_id, NULL, 0);
      logfmt += 2;
    }
  }
  return 0;
}

/* Filters */

static array_header *filter_names(pool *p, const char *text) {
  char delim = strchr(text, '|') != NULL ? '|' : ',';
  array_header *names;
  const char *start, *end;

  if (pr_str_text_to_array != NULL) {
    return pr_str_text_to_array(p, text, delim);
  }
  names = make_array(p, 1, sizeof(char *));
  for (start = text; *start != '\0'; start = *end ? end + 1 : end) {
    end = strchr(start, delim);
    if (end == NULL) {
      end = start + strlen(start);
    }
    if (end > start) {
      *((char **) push_array(names)) = pstrndup(p, start, end - start);
    }
  }
  return names;
}

static const struct { const char *name; int cls; } class_names[] = {
  { "AUTH", CL_AUTH }, { "INFO", CL_INFO }, { "DIRS", CL_DIRS },
  { "READ", CL_READ }, { "WRITE", CL_WRITE }, { "MISC", CL_MISC },
  { "SEC", CL_SEC }, { "SECURE", CL_SEC }, { "CONNECT", CL_CONNECT },
  { "EXIT", CL_DISCONNECT }, { "DISCONNECT", CL_DISCONNECT },
  { "SSH", CL_SSH }, { "SFTP", CL_SFTP }, { NULL, 0 }
};

static int filter_classes(array_header *names, int *incl_out, int *excl_out) {
  int incl = CL_NONE, excl = CL_NONE, exclude = FALSE;
  unsigned int i, j;

  for (i = 0; i < names->nelts; i++) {
    const char *name = ((const char **) names->elts)[i];
    int cls = -1;

    /* Once a name starts with '!', every later name excludes too. */
    if (*name == '!') {
      exclude = TRUE;
      name++;
    }
    if (strcasecmp(name, "NONE") == 0) {
      if (exclude) {
        incl = CL_ALL;
        excl = CL_NONE;
      } else {
        incl = CL_NONE;
      }
      continue;
    }
    if (strcasecmp(name, "ALL") == 0) {
      if (exclude) {
        incl = CL_NONE;
        excl = CL_ALL;
      } else {
        incl = CL_ALL;
      }
      continue;
    }
    for (j = 0; class_names[j].name != NULL; j++) {
      if (strcasecmp(name, class_names[j].name) == 0) {
        cls = class_names[j].cls;
        break;
      }
    }
    if (cls < 0) {
      pr_trace_msg(trace_channel, 2,
        "ignoring unknown/unsupported class '%s'", name);
      errno = ENOENT;
      return -1;
    }
    if (exclude) {
      incl &= ~cls;
      excl |= cls;
    } else {
      incl |= cls;
    }
  }
  *incl_out = incl;
  *excl_out = excl;
  return 0;
}

static array_header *filter_cmd_ids(pool *p, array_header *names,
    int *incl, int rules_type, int flags) {
  static const struct { const char *name; int cls; } cmd_classes[] = {
    { "AUTH", CL_AUTH }, { "CONNECT", CL_CONNECT }, { "DIRS", CL_DIRS },
    { "DISCONNECT", CL_DISCONNECT }, { "INFO", CL_INFO },
    { "MISC", CL_MISC }, { "READ", CL_READ }, { "SEC", CL_SEC },
    { "SFTP", CL_SFTP }, { "SSH", CL_SSH }, { "WRITE", CL_WRITE },
    { NULL, 0 }
  };
  array_header *ids;
  unsigned int i, j;

  ids = make_array(p, names->nelts, sizeof(int));
  for (i = 0; i < names->nelts; i++) {
    const char *name = ((const char **) names->elts)[i];
    int cmd_id, valid = TRUE;

    cmd_id = pr_cmd_get_id(name);
    if (cmd_id < 0) {
      valid = FALSE;
      if (rules_type == PR_JOT_FILTER_TYPE_COMMANDS_WITH_CLASSES) {
        if (strcmp(name, "ALL") == 0) {
          *incl = CL_ALL;
          if (flags & PR_JOT_FILTER_FL_ALL_INCL_ALL) {
            *incl |= (CL_CONNECT|CL_DISCONNECT);
          }
          valid = TRUE;
        }
        for (j = 0; valid == FALSE && cmd_classes[j].name != NULL; j++) {
          if (strcmp(name, cmd_classes[j].name) == 0) {
            *incl |= cmd_classes[j].cls;
            valid = TRUE;
          }
        }
      }
      if (valid == FALSE) {
        pr_trace_msg(trace_channel, 2, "ignoring unknown command '%s'", name);
      }
    }
    if (valid == TRUE) {
      *((int *) push_array(ids)) = cmd_id;
    }
  }
  return ids;
}

pr_jot_filters_t *pr_jot_filters_create(pool *p, const char *rules,
    int rules_type, int flags) {
  int incl = CL_NONE, excl = CL_NONE;
  pool *sub_pool, *tmp_pool;
  array_header *names, *cmd_ids = NULL;
  pr_jot_filters_t *filters;

  if (p == NULL || rules == NULL) {
    errno = EINVAL;
    return NULL;
  }

  sub_pool = make_sub_pool(p);
  pr_pool_tag(sub_pool, "Jot Filters pool");
  tmp_pool = make_sub_pool(p);
  names = filter_names(tmp_pool, rules);

  switch (rules_type) {
    case PR_JOT_FILTER_TYPE_CLASSES:
      if (filter_classes(names, &incl, &excl) < 0) {
        int xerrno = errno;

        destroy_pool(tmp_pool);
        destroy_pool(sub_pool);
        errno = xerrno;
        return NULL;
      }
      break;

    case PR_JOT_FILTER_TYPE_COMMANDS:
    case PR_JOT_FILTER_TYPE_COMMANDS_WITH_CLASSES:
      cmd_ids = filter_cmd_ids(sub_pool, names, &incl, rules_type, flags);
      break;

    default:
      destroy_pool(tmp_pool);
      destroy_pool(sub_pool);
      errno = EINVAL;
      return NULL;
  }
  destroy_pool(tmp_pool);

  filters = pcalloc(sub_pool, sizeof(pr_jot_filters_t));
  filters->pool = sub_pool;
  filters->included_classes = incl;
  filters->excluded_classes = excl;
  filters->cmd_ids = cmd_ids;
  return filters;
}

int pr_jot_filters_destroy(pr_jot_filters_t *filters) {
  if (filters == NULL) {
    errno = EINVAL;
    return -1;
  }
  destroy_pool(filters->pool);
  return 0;
}

int pr_jot_filters_include_classes(pr_jot_filters_t *filters, int log_class) {
  if (filters == NULL) {
    errno = EINVAL;
    return -1;
  }
  return filters->included_classes == log_class;
}

void jot_set_deleted_filesz(off_t deleted_filesz) {
  jot_deleted_filesz = deleted_filesz;
}

/* mod_log's LogFormat (the shim's mod_log stand-in): parsed with the
 * conventional callbacks into at most 4 KB, stored as a CONF_PARAM whose
 * argv[0] is the name and argv[1] the NUL-terminated parsed format.
 */
modret_t *host_set_logformat(cmd_rec *cmd) {
  unsigned char buf[4096];
  pr_jot_parsed_t parsed;
  pr_jot_ctx_t ctx;
  pool *tmp_pool;
  config_rec *c;
  size_t len;
  int res;

  CHECK_ARGS(cmd, 2);
  CHECK_CONF(cmd, CONF_ROOT|CONF_GLOBAL);
  if (strlen(cmd->argv[1]) == 0) {
    CONF_ERROR(cmd, "missing required name parameter");
  }

  memset(buf, 0, sizeof(buf));
  parsed.bufsz = parsed.buflen = sizeof(buf);
  parsed.ptr = parsed.buf = buf;
  ctx.log = &parsed;
  ctx.user_data = NULL;
  tmp_pool = make_sub_pool(cmd->tmp_pool);
  res = pr_jot_parse_logfmt(tmp_pool, cmd->argv[2], &ctx,
    pr_jot_parse_on_meta, pr_jot_parse_on_unknown, pr_jot_parse_on_other, 0);
  destroy_pool(tmp_pool);
  if (res < 0) {
    pr_log_pri(PR_LOG_NOTICE, "mod_log/1.0: error parsing LogFormat '%s': %s",
      (char *) cmd->argv[2], strerror(errno));
    return PR_HANDLED(cmd);
  }

  len = parsed.bufsz - parsed.buflen;
  c = add_config_param(cmd->argv[0], 2, NULL, NULL);
  c->argv[0] = pstrdup(c->pool, cmd->argv[1]);
  c->argv[1] = palloc(c->pool, len + 1);
  memcpy(c->argv[1], buf, len);
  ((unsigned char *) c->argv[1])[len] = '\0';
  return PR_HANDLED(cmd);
}
